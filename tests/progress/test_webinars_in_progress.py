"""Webinars on the learner's dashboard and on the attestation of a related course."""

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.utils import timezone

from progress.selectors import dashboard_for_user
from progress.services import enrolment_create
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.webinars import webinar
from webinars.models import Attendance, WebinarStatus

from .conftest import build_course, finish_course
from .test_attestations import pdf_text

pytestmark = pytest.mark.django_db


def past_webinar(**kwargs):
    start = timezone.now() - datetime.timedelta(days=10)
    return webinar(start=start, end=start + datetime.timedelta(minutes=90), min_minutes_for_attendance=45, **kwargs)


def test_selectors_dashboard_lists_next_webinars_of_my_courses_and_attended_hours(client):
    """The dashboard shows the next sessions linked to my courses, and my attended sessions with hours."""
    learner = UserFactory()
    data = build_course()
    other = build_course(slug="autre", sections=data.sections)
    enrolment_create(user=learner, course=data.course)
    mine = webinar(title="Webinaire sur mon module", modules=[data.modules[0]])
    webinar(title="Webinaire d'un autre parcours", modules=[other.modules[0]])
    attended = past_webinar(title="Journée suivie", courses=[data.course])
    Attendance.objects.create(user=learner, webinar=attended, minutes=80)
    too_short = past_webinar(title="Webinaire quitté tôt", courses=[data.course])
    Attendance.objects.create(user=learner, webinar=too_short, minutes=20)

    dashboard = dashboard_for_user(user=learner)
    assert [w.pk for w in dashboard.next_webinars] == [mine.pk]
    assert [item.webinar.title for item in dashboard.attended_webinars] == ["Journée suivie"]
    assert dashboard.attended_hours == 1.33

    client.login(email=learner.email, password=DEFAULT_PASSWORD)
    html = client.get("/mon-parcours/").content.decode()
    assert "Webinaire sur mon module" in html and "Webinaire d'un autre parcours" not in html
    assert "1,33 h au total" in html


def test_selectors_dashboard_attended_sessions_follow_a_changed_minimum_and_length(django_capture_on_commit_callbacks):
    """The sessions come from the content cache: a minimum lowered or a session shortened by an
    editor shows on the next visit of the dashboard."""
    learner = UserFactory()
    data = build_course()
    enrolment_create(user=learner, course=data.course)
    session = past_webinar(title="Journée suivie", courses=[data.course])
    Attendance.objects.create(user=learner, webinar=session, minutes=40)
    assert dashboard_for_user(user=learner).attended_webinars == []  # 40 min of the 45 required
    with django_capture_on_commit_callbacks(execute=True):
        session.min_minutes_for_attendance = 30
        session.save_revision().publish()
    assert dashboard_for_user(user=learner).attended_hours == 0.67
    with django_capture_on_commit_callbacks(execute=True):
        session.end = session.start + datetime.timedelta(minutes=35)
        session.save_revision().publish()
    [item] = dashboard_for_user(user=learner).attended_webinars
    assert (item.minutes, item.hours) == (35, 0.58)


def test_attestation_lists_attended_webinars_related_to_the_course(media_root, django_capture_on_commit_callbacks):
    """The attestation of a course shows the related sessions the learner attended, with their hours."""
    from progress.models import Attestation

    learner = UserFactory(first_name="Nadia", last_name="Martin")
    data = build_course(module_quiz=True, slug="participation")
    unrelated = build_course(slug="autre", sections=data.sections)
    related = past_webinar(title="Conseils citoyens : retours d'expérience", courses=[data.course])
    Attendance.objects.create(user=learner, webinar=related, minutes=90)
    other = past_webinar(title="Webinaire sans rapport", courses=[unrelated.course])
    Attendance.objects.create(user=learner, webinar=other, minutes=90)
    enrolment_create(user=learner, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    text = pdf_text(Attestation.objects.get(user=learner))
    assert "Conseils citoyens : retours d'expérience" in text
    assert "1,50 h" in text
    assert "Webinaire sans rapport" not in text


def test_dashboard_next_webinars_follow_publications_and_time():
    """The next sessions of my courses come from the shared cache: a session published afterwards,
    linked directly to the course, shows at once, a cancelled one leaves, and one that is over leaves
    without any publication."""
    learner = UserFactory()
    data = build_course()
    enrolment_create(user=learner, course=data.course)
    soon = timezone.now() + datetime.timedelta(hours=2)
    through_module = webinar(title="Par le module", start=soon, end=soon + datetime.timedelta(hours=1), modules=[data.modules[0]])
    assert [w.pk for w in dashboard_for_user(user=learner).next_webinars] == [through_module.pk]

    direct = webinar(title="Lié au parcours", start=soon + datetime.timedelta(days=1), courses=[data.course])
    assert [w.pk for w in dashboard_for_user(user=learner).next_webinars] == [through_module.pk, direct.pk]

    direct.status = WebinarStatus.CANCELLED
    direct.save_revision().publish()
    assert [w.pk for w in dashboard_for_user(user=learner).next_webinars] == [through_module.pk]

    later = soon + datetime.timedelta(hours=3)
    with mock.patch("webinars.selectors.timezone.now", return_value=later):
        assert dashboard_for_user(user=learner).next_webinars == []


def test_views_dashboard_and_webinar_page_write_the_time_the_same_way(client):
    """« 14 h 00 » with no-break spaces on the dashboard as on the webinar page, never « 14h00 »."""
    learner = UserFactory()
    data = build_course()
    enrolment_create(user=learner, course=data.course)
    tomorrow = timezone.localtime(timezone.now()).date() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(14, 0), tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    session = webinar(
        title="Webinaire à 14 heures", modules=[data.modules[0]], start=start, end=start + datetime.timedelta(minutes=90)
    )

    client.login(email=learner.email, password=DEFAULT_PASSWORD)
    for html in (client.get("/mon-parcours/").content.decode(), client.get(session.url).content.decode()):
        assert "14\xa0h\xa000" in html
        assert "14h00" not in html and "14 h 00" not in html
