"""A lesson GET writes at most once per learner and lesson per 5 minutes, and never waits on a lock."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from progress.models import Enrolment, LessonProgress
from progress.services import VISIT_PRECISION, enrolment_create, lesson_complete, lesson_visit
from tests.concurrency import run_together
from tests.factories.accounts import UserFactory

from .conftest import build_course


@pytest.fixture
def setup(db):
    data = build_course()
    learner = UserFactory()
    enrolment_create(user=learner, course=data.course)
    return learner, data.lessons()[0]


def test_services_lesson_visit_within_the_precision_writes_nothing(setup, django_assert_num_queries):
    """A revisit a minute later reads the progress row and writes nothing; after 5 minutes it is recorded."""
    learner, lesson = setup
    start = timezone.now()
    lesson_visit(user=learner, lesson=lesson, now=start)
    with django_assert_num_queries(1):
        lesson_visit(user=learner, lesson=lesson, now=start + timedelta(minutes=1))
    assert LessonProgress.objects.get(user=learner, lesson=lesson).last_visit_at == start
    later = start + VISIT_PRECISION + timedelta(seconds=1)
    lesson_visit(user=learner, lesson=lesson, now=later)
    assert LessonProgress.objects.get(user=learner, lesson=lesson).last_visit_at == later
    assert Enrolment.objects.get(user=learner).last_activity_at == later


def test_services_lesson_complete_within_the_precision_still_moves_the_activity(setup):
    """Completing a lesson just opened is progress: the enrolment's last activity follows."""
    learner, lesson = setup
    start = timezone.now()
    lesson_visit(user=learner, lesson=lesson, now=start)
    done = start + timedelta(minutes=2)
    progress = lesson_complete(user=learner, lesson=lesson, now=done)
    assert progress.completed_at == done
    assert Enrolment.objects.get(user=learner).last_activity_at == done


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL (CI) only")
@pytest.mark.django_db(transaction=True)
def test_services_lesson_visit_skips_a_locked_row_instead_of_waiting():
    """While another transaction holds the learner's progress row, a visit returns at once without writing."""
    data = build_course()
    learner = UserFactory()
    enrolment_create(user=learner, course=data.course)
    lesson = data.lessons()[0]
    start = timezone.now() - timedelta(hours=1)
    lesson_visit(user=learner, lesson=lesson, now=start)
    locked, release = threading.Event(), threading.Event()

    def hold(index):
        if index == 0:
            with transaction.atomic():
                list(LessonProgress.objects.select_for_update().filter(user=learner))
                list(Enrolment.objects.select_for_update().filter(user=learner))
                locked.set()
                release.wait(10)
            return "held"
        locked.wait(10)
        began = timezone.now()
        lesson_visit(user=learner, lesson=lesson)
        elapsed = timezone.now() - began
        release.set()
        return elapsed

    holder, elapsed = run_together(hold, 2)
    assert holder == "held" and elapsed < timedelta(seconds=2)
    assert LessonProgress.objects.get(user=learner, lesson=lesson).last_visit_at == start
