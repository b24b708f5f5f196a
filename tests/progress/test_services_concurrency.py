"""Progress services under simultaneous requests: threads with their own database connections."""

import pytest

from progress.models import Attestation, CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from progress.services import attestation_issue, enrolment_create, lesson_complete
from tests.concurrency import run_together
from tests.factories.accounts import UserFactory

from .conftest import build_course

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrency_simultaneous_enrolments_create_one(settings):
    """Five simultaneous « Commencer ce parcours »: one enrolment, nobody gets an error."""
    learner = UserFactory()
    data = build_course(lessons=1, modules=1)
    results = run_together(lambda i: enrolment_create(user=learner, course=data.course), 5)
    assert all(isinstance(result, tuple) for result in results), results
    assert Enrolment.objects.count() == 1
    assert sum(1 for _enrolment, created in results if created) == 1


def test_concurrency_simultaneous_last_lesson_completions_complete_once(settings, tmp_path):
    """The last lesson completed by five requests at once: one lesson, module and course completion, one attestation."""
    settings.MEDIA_ROOT = tmp_path
    learner = UserFactory()
    data = build_course(lessons=1, modules=1)
    enrolment_create(user=learner, course=data.course)
    lesson = data.lessons()[0]
    results = run_together(lambda i: lesson_complete(user=learner, lesson=lesson), 5)
    assert all(isinstance(result, LessonProgress) for result in results), results
    assert LessonProgress.objects.filter(completed_at__isnull=False).count() == 1
    assert ModuleCompletion.objects.count() == 1 and CourseCompletion.objects.count() == 1
    completion = CourseCompletion.objects.get()
    results = run_together(lambda i: attestation_issue(completion=completion), 3)
    assert all(isinstance(result, Attestation) for result in results), results
    assert Attestation.objects.count() == 1
