import datetime

import pytest
from django.utils import timezone

from tests.factories.accounts import UserFactory
from tests.factories.courses import course_with_modules, module_with_lessons
from tests.factories.webinars import webinar
from webinars import tasks
from webinars.models import ReminderDelivery, WebinarReminderRequest, WebinarStatus
from webinars.services import reminder_request, reminders_send_due

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)


def _republish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_services_reminder_request_is_idempotent(index, learner):
    """Asking twice for the same reminder keeps one request."""
    page = webinar()
    reminder_request(user=learner, webinar=page)
    _, created = reminder_request(user=learner, webinar=page)
    assert created is False
    assert WebinarReminderRequest.objects.filter(user=learner, webinar=page).count() == 1


def test_services_reminders_day_before_and_hour_before_sent_exactly_once(index, learner, outbox):
    """With time travel: nothing 2 days before; one e-mail the day before even if the task runs
    twice; one e-mail an hour before, even if run twice; nothing after the start."""
    page = webinar(title="Qui fait quoi ?", start=START)
    reminder_request(user=learner, webinar=page)

    assert reminders_send_due(now=START - datetime.timedelta(days=2)).day_before == 0
    assert reminders_send_due(now=START - datetime.timedelta(hours=20)).day_before == 1
    assert reminders_send_due(now=START - datetime.timedelta(hours=19, minutes=55)).day_before == 0
    assert reminders_send_due(now=START - datetime.timedelta(minutes=50)).hour_before == 1
    assert reminders_send_due(now=START - datetime.timedelta(minutes=45)).hour_before == 0
    reminders_send_due(now=START + datetime.timedelta(minutes=5))

    assert [m.to for m in outbox] == [[learner.email], [learner.email]]
    assert "Rappel : « Qui fait quoi ? »" in outbox[0].subject
    assert "Dans une heure" in outbox[1].subject
    assert set(ReminderDelivery.objects.values_list("kind", flat=True)) == {"day-before", "hour-before"}


def test_tasks_send_webinar_reminders_twice_sends_once(index, learner, outbox, monkeypatch):
    """The beat task run twice in a row (or by two workers) sends each reminder once."""
    page = webinar(start=timezone.now() + datetime.timedelta(hours=5))
    reminder_request(user=learner, webinar=page)

    first = tasks.send_webinar_reminders.delay().get()
    second = tasks.send_webinar_reminders.delay().get()

    assert first == {"day_before": 1, "hour_before": 0}
    assert second == {"day_before": 0, "hour_before": 0}
    assert len(outbox) == 1


def test_services_reminders_recorded_delivery_is_not_sent_again(index, learner, outbox):
    """A delivery already recorded (the previous run died after commit) is never sent again:
    the row is written before the e-mail, in the same transaction."""
    page = webinar(start=START)
    reminder_request(user=learner, webinar=page)
    ReminderDelivery.objects.create(user=learner, webinar=page, kind=ReminderDelivery.DAY_BEFORE)

    assert reminders_send_due(now=START - datetime.timedelta(hours=20)).day_before == 0
    assert outbox == []


def test_services_reminders_skip_cancelled_sessions(index, learner, outbox):
    """A cancelled session sends no reminder."""
    page = webinar(start=START)
    reminder_request(user=learner, webinar=page)
    _republish(page, status=WebinarStatus.CANCELLED)
    outbox.clear()

    reminders_send_due(now=START - datetime.timedelta(hours=20))

    assert outbox == []


def test_services_reminders_day_before_reach_enrolled_learners_who_allow_reminders(sections, index, outbox):
    """Learners enrolled in a linked course get the day-before reminder unless reminders are off."""
    from progress.models import Enrolment as enrolment

    module = module_with_lessons(parent=sections.library)
    course = course_with_modules(course_index=sections.course_index, modules=[module])
    webinar(start=START, modules=[module])
    willing, unwilling = UserFactory(), UserFactory(reminders_enabled=False)
    now = timezone.now()
    for user in (willing, unwilling):
        enrolment.objects.create(user=user, course=course, enrolled_at=now, last_activity_at=now)
    outbox.clear()

    reminders_send_due(now=START - datetime.timedelta(hours=20))
    reminders_send_due(now=START - datetime.timedelta(minutes=30))

    assert [m.to for m in outbox] == [[willing.email]]


def test_services_webinar_update_move_notifies_subscribers_once(index, learner, outbox):
    """Moving a session sends one notice per subscriber; republishing again sends nothing more."""
    page = webinar(title="Évaluer", start=START)
    reminder_request(user=learner, webinar=page)

    _republish(page, start=START + datetime.timedelta(days=1), end=START + datetime.timedelta(days=1, hours=2))
    _republish(page, description="<p>Texte corrigé.</p>")

    assert len(outbox) == 1
    assert outbox[0].subject.endswith("Changement pour « Évaluer »")
    assert "a changé" in outbox[0].body


def test_services_webinar_update_cancellation_notifies_once(index, learner, outbox):
    """Cancelling sends one « Annulé » notice, even if published twice."""
    page = webinar(title="Laïcité", start=START)
    reminder_request(user=learner, webinar=page)

    _republish(page, status=WebinarStatus.CANCELLED)
    _republish(page)

    assert len(outbox) == 1
    assert "Annulé : « Laïcité »" in outbox[0].subject
    assert "est annulée" in outbox[0].body


def test_services_webinar_update_replay_announced_once(index, learner, outbox):
    """Adding a replay tells the subscribers once."""
    page = webinar(start=timezone.now() - datetime.timedelta(days=2))
    reminder_request(user=learner, webinar=page)

    _republish(page, replay_url="https://exemple.fr/replay", replay_transcript="<p>Transcription.</p>")
    _republish(page, replay_url="https://exemple.fr/replay-v2")

    assert len(outbox) == 1
    assert "replay" in outbox[0].subject.lower()


def test_views_reminder_post_requires_sign_in_and_is_idempotent(client, index, learner):
    """An anonymous POST goes to the login page; a signed-in double POST keeps one request."""
    page = webinar()
    response = client.post(page.url + "rappel/")
    assert response.status_code == 302 and "/compte/" in response["Location"]

    client.force_login(learner)
    client.post(page.url + "rappel/")
    response = client.post(page.url + "rappel/", follow=True)

    assert WebinarReminderRequest.objects.filter(user=learner, webinar=page).count() == 1
    assert "vous recevrez un e-mail la veille" in response.content.decode()
    assert client.get(page.url + "rappel/").status_code == 405
