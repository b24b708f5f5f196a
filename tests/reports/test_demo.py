"""The demo content gives the demo trainers assignments, so `make run` shows non-empty reports."""

import pytest
from django.core.management import call_command

from accounts.roles import courses_visible_to, learners_visible_to
from courses.models import CoursePage
from demo.learners import ASSIGNMENTS, TRAINER_EMAIL
from trainers.models import CourseAssignment

pytestmark = pytest.mark.django_db


def test_demo_trainers_are_assigned_and_see_their_learners(client, django_user_model):
    """After loading twice: one assignment per (trainer, course) listed, the trainer's course report lists
    the half-way learner, the demo learners have a département."""
    for _ in range(2):
        with open("/dev/null", "w") as devnull:
            call_command("load_demo_content", "--force", stdout=devnull)
    assert CourseAssignment.objects.count() == sum(len(slugs) for slugs in ASSIGNMENTS.values())
    trainer = django_user_model.objects.get(email=TRAINER_EMAIL)
    assert set(courses_visible_to(trainer, CoursePage.objects.all()).values_list("slug", flat=True)) == set(
        ASSIGNMENTS[TRAINER_EMAIL]
    )
    assert learners_visible_to(trainer).filter(email="elu-en-cours@demo.elus-quartiers.fr").exists()
    assert not django_user_model.objects.filter(
        email__endswith="@demo.elus-quartiers.fr", groups__name="Apprenants", departement=""
    ).exists()
    client.force_login(trainer)
    course = courses_visible_to(trainer, CoursePage.objects.all()).get(slug="fondamentaux-politique-de-la-ville")
    html = client.get(f"/admin/rapports/parcours/{course.pk}/").content.decode()
    assert "Erwan Le Gall" in html
