"""Course assignments: administrators assign trainers to courses; the one rule of who sees which learners."""

import pytest

from accounts import groups
from accounts.roles import courses_visible_to, learners_visible_to
from courses.models import CoursePage
from progress.services import enrolment_create
from tests.factories.accounts import UserFactory
from tests.factories.courses import course_with_modules, module_with_lessons
from trainers.models import CourseAssignment

ADD_URL = "/admin/snippets/trainers/courseassignment/add/"


@pytest.fixture
def courses(sections):
    module = module_with_lessons(parent=sections.library, title="Module commun", lessons=1)
    first = course_with_modules(course_index=sections.course_index, modules=[module], title="Parcours A", slug="a")
    second = course_with_modules(course_index=sections.course_index, modules=[module], title="Parcours B", slug="b")
    return first, second


@pytest.fixture
def administrator(db):
    return UserFactory(group=groups.ADMINISTRATORS)


def test_selectors_trainer_sees_only_assigned_courses_and_their_learners(courses, trainer):
    """A trainer sees the assigned course and its learners, never the other course's learners."""
    first, second = courses
    mine, other, both = UserFactory(), UserFactory(), UserFactory()
    enrolment_create(user=mine, course=first)
    enrolment_create(user=other, course=second)
    enrolment_create(user=both, course=first)
    enrolment_create(user=both, course=second)
    CourseAssignment.objects.create(trainer=trainer, course=first)

    assert list(courses_visible_to(trainer, CoursePage.objects.all())) == [first]
    assert set(learners_visible_to(trainer)) == {mine, both}
    visible = learners_visible_to(trainer)
    assert visible.filter(pk=mine.pk).exists() and not visible.filter(pk=other.pk).exists()
    assert set(learners_visible_to(trainer, course=first)) == {mine, both}
    assert list(learners_visible_to(trainer, course=second)) == []


def test_selectors_vrl_trainer_follows_the_same_rule(courses, vrl_trainer):
    """A VRL trainer with no assignment sees no course and no learner; assigned, sees that course."""
    first, _second = courses
    enrolment_create(user=UserFactory(), course=first)
    assert list(courses_visible_to(vrl_trainer, CoursePage.objects.all())) == []
    assert list(learners_visible_to(vrl_trainer)) == []
    CourseAssignment.objects.create(trainer=vrl_trainer, course=first)
    assert list(courses_visible_to(vrl_trainer, CoursePage.objects.all())) == [first]
    assert learners_visible_to(vrl_trainer).count() == 1


def test_selectors_administrators_see_everything_and_learners_nothing(courses, administrator, learner):
    """Administrators see every course and learner; a learner or an anonymous user sees nothing."""
    from django.contrib.auth.models import AnonymousUser

    first, second = courses
    enrolment_create(user=learner, course=first)
    assert set(courses_visible_to(administrator, CoursePage.objects.all())) == {first, second}
    assert learner in learners_visible_to(administrator)
    assert set(learners_visible_to(administrator, course=first)) == {learner}
    assert list(courses_visible_to(learner, CoursePage.objects.all())) == []
    assert list(learners_visible_to(learner)) == []
    assert list(courses_visible_to(AnonymousUser(), CoursePage.objects.all())) == []


def test_admin_administrator_assigns_a_trainer_and_is_recorded(client, courses, administrator, trainer):
    """An administrator creates an assignment in the admin; « affecté·e par » is the administrator."""
    first, _ = courses
    client.force_login(administrator)
    response = client.post(ADD_URL, {"trainer": trainer.pk, "course": first.pk})
    assert response.status_code == 302
    assignment = CourseAssignment.objects.get()
    assert (assignment.trainer, assignment.course, assignment.assigned_by) == (trainer, first, administrator)


def test_admin_assigning_twice_is_refused_with_a_french_message(client, courses, administrator, trainer):
    """The same trainer on the same course twice: a clear message and still one row."""
    first, _ = courses
    CourseAssignment.objects.create(trainer=trainer, course=first)
    client.force_login(administrator)
    response = client.post(ADD_URL, {"trainer": trainer.pk, "course": first.pk})
    assert response.status_code == 200
    assert "déjà affecté·e à ce parcours" in response.content.decode()
    assert CourseAssignment.objects.count() == 1


def test_admin_only_trainers_can_be_assigned(client, courses, administrator, learner):
    """Choosing a learner as the trainer is refused in French and writes nothing."""
    first, _ = courses
    client.force_login(administrator)
    response = client.post(ADD_URL, {"trainer": learner.pk, "course": first.pk})
    assert response.status_code == 200
    assert "Choisissez un membre du groupe « Formateurs » ou « Formateurs VRL »." in response.content.decode()
    assert not CourseAssignment.objects.exists()


@pytest.mark.parametrize("group", [groups.TRAINERS, groups.VRL_TRAINERS])
def test_admin_trainers_cannot_assign_themselves(client, courses, group):
    """A trainer can neither list nor create assignments (no permission): they can't widen what they see."""
    first, _ = courses
    trainer = UserFactory(group=group)
    client.force_login(trainer)
    assert client.get("/admin/snippets/trainers/courseassignment/").status_code in (302, 403)
    client.post(ADD_URL, {"trainer": trainer.pk, "course": first.pk})
    assert not CourseAssignment.objects.exists()
    assert list(courses_visible_to(trainer, CoursePage.objects.all())) == []


def test_admin_administrator_removes_an_assignment(client, courses, administrator, trainer):
    """Deleting an assignment in the admin takes the course out of the trainer's reports."""
    first, _ = courses
    assignment = CourseAssignment.objects.create(trainer=trainer, course=first)
    client.force_login(administrator)
    response = client.post(f"/admin/snippets/trainers/courseassignment/delete/{assignment.pk}/")
    assert response.status_code == 302
    assert list(courses_visible_to(trainer, CoursePage.objects.all())) == []
