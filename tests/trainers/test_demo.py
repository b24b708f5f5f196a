"""The demo formatrice's admin home shows what the trainers' home is for."""

import pytest
from django.core.management import call_command
from wagtail.models import WorkflowState

from demo.learners import TRAINER_EMAIL
from demo.trainers import STALLED_LEARNER

pytestmark = pytest.mark.django_db


def test_demo_formatrice_home_has_a_stalled_learner_an_answer_and_a_page_in_review(client, django_user_model):
    """Loaded twice: one stalled learner linked to their report, one answer to mark, one adapted module in
    review (« En attente de relecture par Administrateurs »), made once."""
    for _ in range(2):
        with open("/dev/null", "w") as devnull:
            call_command("load_demo_content", "--force", stdout=devnull)
    trainer = django_user_model.objects.get(email=TRAINER_EMAIL)
    learner = django_user_model.objects.get(email=STALLED_LEARNER["email"])
    assert WorkflowState.objects.filter(requested_by=trainer, status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    client.force_login(trainer)
    html = client.get("/admin/").content.decode()
    assert f'href="/admin/rapports/apprenants/{learner.public_id}/">Yann Kerbrat</a>' in html
    assert "Réponses libres à corriger (1)" in html
    assert "Qui fait quoi ? (adaptation)</a> — En attente de relecture par Administrateurs" in html
