"""Reminder after 14 days without progress on a started course: once per enrolment, opt-out respected."""

from datetime import timedelta

import pytest
from django.utils import timezone

from progress.models import CourseCompletion, Enrolment
from progress.services import enrolment_create, enrolment_send_reminders, lesson_visit
from progress.tasks import send_progress_reminders
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Reprenez le parcours"


def reminders(outbox):
    return [m for m in outbox if SUBJECT in m.subject]


def test_services_reminder_sent_after_14_days_once(learner, small_course, outbox):
    """Nothing at 13 days; one reminder at 14 days; none again the day after, nor a month later."""
    start = timezone.now() - timedelta(days=30)
    enrolment_create(user=learner, course=small_course.course, now=start)
    lesson_visit(user=learner, lesson=small_course.lessons()[0], now=start)
    assert enrolment_send_reminders(now=start + timedelta(days=13)) == 0
    assert enrolment_send_reminders(now=start + timedelta(days=14, minutes=1)) == 1
    assert enrolment_send_reminders(now=start + timedelta(days=15)) == 0
    assert enrolment_send_reminders(now=start + timedelta(days=45)) == 0
    [message] = reminders(outbox)
    assert message.to == [learner.email]
    assert f"?parcours={small_course.course.slug}" in message.body
    assert Enrolment.objects.get().reminder_sent_at == start + timedelta(days=14, minutes=1)


def test_services_reminder_clock_moves_with_progress(learner, small_course, outbox):
    """A lesson opened 10 days after enrolment pushes the reminder to 14 days after that visit."""
    start = timezone.now() - timedelta(days=40)
    enrolment_create(user=learner, course=small_course.course, now=start)
    lesson_visit(user=learner, lesson=small_course.lessons()[1], now=start + timedelta(days=10))
    assert enrolment_send_reminders(now=start + timedelta(days=20)) == 0
    assert enrolment_send_reminders(now=start + timedelta(days=24, minutes=1)) == 1


def test_services_reminder_skips_opted_out_and_completed(small_course, outbox):
    """No reminder to a learner who turned reminders off, nor for a completed course."""
    start = timezone.now() - timedelta(days=30)
    opted_out = UserFactory(reminders_enabled=False)
    finished = UserFactory()
    for user in (opted_out, finished):
        enrolment_create(user=user, course=small_course.course, now=start)
    CourseCompletion.objects.create(user=finished, course=small_course.course, completed_at=start)
    assert enrolment_send_reminders(now=timezone.now()) == 0
    assert reminders(outbox) == []


def test_tasks_send_progress_reminders_is_the_beat_task(learner, small_course, outbox, settings):
    """The beat schedule runs progress.tasks.send_progress_reminders, which sends due reminders."""
    assert settings.CELERY_BEAT_SCHEDULE["progress-reminders"]["task"] == "progress.tasks.send_progress_reminders"
    enrolment_create(user=learner, course=small_course.course, now=timezone.now() - timedelta(days=20))
    assert send_progress_reminders.delay().get() == 1
    assert len(reminders(outbox)) == 1


def test_services_reminder_time_travel_with_frozen_now(learner, small_course, outbox, monkeypatch):
    """Freezing django.utils.timezone.now: the beat task without `now=` uses the clock."""
    real_now = timezone.now()
    enrolment_create(user=learner, course=small_course.course)
    monkeypatch.setattr(timezone, "now", lambda: real_now + timedelta(days=15))
    assert send_progress_reminders() == 1
