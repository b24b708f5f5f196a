"""Time on task: sessions from page views (JavaScript off) and from the heartbeat, capped by the wall clock."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import ActivitySession
from progress.services import (
    MAX_BEAT_SECONDS,
    SESSION_GAP,
    VISIT_PRECISION,
    ProgressError,
    activity_record_beat,
    lesson_visit,
    parse_active_seconds,
)
from tests.factories.accounts import UserFactory

from .conftest import build_course


@pytest.fixture
def setup(db):
    data = build_course(modules=1, lessons=1)
    return UserFactory(), data.lessons()[0]


def test_services_activity_page_view_records_a_session_without_active_time(setup):
    """A first page view (the fallback when JavaScript is off) starts a session with no measured time."""
    learner, lesson = setup
    now = timezone.now()
    lesson_visit(user=learner, lesson=lesson, now=now)
    session = ActivitySession.objects.get(user=learner, lesson=lesson)
    assert (session.started_at, session.ended_at, session.active_seconds) == (now, now, 0)
    assert session.source == ActivitySession.Source.PAGE_VIEW


def test_services_activity_page_views_extend_the_session_then_start_another(setup):
    """A view after the visit precision extends the session; one after the session gap starts a new one."""
    learner, lesson = setup
    start = timezone.now()
    lesson_visit(user=learner, lesson=lesson, now=start)
    later = start + VISIT_PRECISION + timedelta(seconds=1)
    lesson_visit(user=learner, lesson=lesson, now=later)
    assert ActivitySession.objects.get(user=learner).ended_at == later
    lesson_visit(user=learner, lesson=lesson, now=later + SESSION_GAP + timedelta(seconds=1))
    assert ActivitySession.objects.filter(user=learner).count() == 2


def test_services_activity_beats_add_up_within_the_wall_clock(setup):
    """Beats add their seconds to the session; a session never holds more than its elapsed time."""
    learner, lesson = setup
    start = timezone.now()
    lesson_visit(user=learner, lesson=lesson, now=start)
    activity_record_beat(user=learner, lesson=lesson, active_seconds=30, now=start + timedelta(seconds=45))
    session = activity_record_beat(user=learner, lesson=lesson, active_seconds=20.5, now=start + timedelta(seconds=90))
    assert session.active_seconds == 50.5
    assert session.source == ActivitySession.Source.HEARTBEAT
    # A client claiming 10 minutes two minutes after the start is held to the clock (+5 s of slack).
    session = activity_record_beat(user=learner, lesson=lesson, active_seconds=600, now=start + timedelta(seconds=120))
    assert session.active_seconds == 125
    assert ActivitySession.objects.count() == 1


@pytest.mark.parametrize("raw", ["", "abc", "nan", "inf", "-3", "0", str(MAX_BEAT_SECONDS + 1), None])
def test_services_activity_parse_refuses_implausible_values(raw):
    """Anything but a number of seconds between 0 and the cap gets a French message."""
    with pytest.raises(ProgressError) as error:
        parse_active_seconds(raw)
    assert "Mesure d'activité" in error.value.message


def test_views_activity_beat_records_and_refuses_bad_input(setup, client):
    """The endpoint records a valid beat (204); bad input gets 400 with a French message and writes nothing."""
    learner, lesson = setup
    client.force_login(learner)
    url = reverse("progress:activity_beat", args=[lesson.pk])
    response = client.post(url, {"active_seconds": "abc"})
    assert response.status_code == 400
    assert "nombre de secondes" in response.json()["erreur"]
    assert not ActivitySession.objects.exists()
    assert client.post(url, {"active_seconds": "12.5"}).status_code == 204
    assert ActivitySession.objects.get(user=learner).active_seconds == 12.5
    assert client.post(reverse("progress:activity_beat", args=[999999]), {"active_seconds": "3"}).status_code == 404


def test_views_activity_beat_requires_csrf_and_a_signed_in_learner(setup):
    """Without the CSRF token the beat is refused; a visitor gets 403 and nothing is written."""
    from django.test import Client

    learner, lesson = setup
    url = reverse("progress:activity_beat", args=[lesson.pk])
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"active_seconds": "5"}).status_code == 403
    strict.force_login(learner)
    assert strict.post(url, {"active_seconds": "5"}).status_code == 403
    assert not ActivitySession.objects.exists()
