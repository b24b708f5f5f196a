import datetime
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.webinars import WebinarCycleFactory, webinar
from webinars.models import WebinarStatus

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _republish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_ical_webinar_file_has_uid_paris_time_and_french_text(client, index):
    """One event with a stable UID, Europe/Paris times with their VTIMEZONE and French text intact."""
    start = datetime.datetime(2027, 1, 19, 14, 0, tzinfo=PARIS)
    page = webinar(title="Laïcité : « accueillir » les questions, élu·es ; débat", start=start)

    calendar, events = _events(client.get(f"/webinaires/{page.slug}/agenda.ics"))

    event = events[f"webinar-{page.pk}@elus-quartiers.fr"]
    assert event.decoded("DTSTART") == start
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert "Laïcité : « accueillir » les questions, élu·es ; débat" in str(event["SUMMARY"])
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"


def test_ical_sequence_grows_when_time_changes_and_uid_stays(client, index):
    """Moving a session keeps its UID and increases SEQUENCE; republishing without change does not."""
    page = webinar()
    uid = f"webinar-{page.pk}@elus-quartiers.fr"
    _republish(page, title="Nouveau titre seulement")
    assert _events(client.get(f"/webinaires/{page.slug}/agenda.ics"))[1][uid]["SEQUENCE"] == 0

    _republish(page, start=page.start + datetime.timedelta(days=1), end=page.end + datetime.timedelta(days=1))

    event = _events(client.get(f"/webinaires/{page.slug}/agenda.ics"))[1][uid]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == page.start.replace(microsecond=0)


def test_ical_cancelled_session_has_status_cancelled(client, index):
    """A cancelled session stays in the feed with STATUS:CANCELLED and a higher SEQUENCE."""
    page = webinar()
    _republish(page, status=WebinarStatus.CANCELLED)

    _, events = _events(client.get("/webinaires/agenda.ics"))

    event = events[f"webinar-{page.pk}@elus-quartiers.fr"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_ical_feeds_for_all_and_for_one_cycle(client, index):
    """The general feed has every published session; a cycle feed only that cycle's."""
    cycle = WebinarCycleFactory(slug="laicite")
    in_cycle = webinar(cycle=cycle)
    other = webinar(start=timezone.now() - datetime.timedelta(days=3))

    _, everything = _events(client.get("/webinaires/agenda.ics"))
    _, laicite = _events(client.get("/webinaires/cycles/laicite/agenda.ics"))

    assert set(everything) == {f"webinar-{in_cycle.pk}@elus-quartiers.fr", f"webinar-{other.pk}@elus-quartiers.fr"}
    assert set(laicite) == {f"webinar-{in_cycle.pk}@elus-quartiers.fr"}
    assert client.get("/webinaires/cycles/inconnu/agenda.ics").status_code == 404


def test_ical_unpublished_webinar_has_no_file(client, index):
    """A draft (unpublished) session has no calendar file."""
    page = webinar()
    page.unpublish()
    assert client.get(f"/webinaires/{page.slug}/agenda.ics").status_code == 404


def test_ical_feed_is_built_once_and_follows_each_publication(client, index):
    """The agenda is read from the shared cache between publications; a moved session shows at once
    with its new time and SEQUENCE, an unpublished one leaves the agenda."""
    moved, removed = webinar(title="Session déplacée"), webinar(title="Session retirée")
    client.get("/webinaires/agenda.ics")
    with CaptureQueriesContext(connection) as queries:
        _, events = _events(client.get("/webinaires/agenda.ics"))
    assert not [query for query in queries.captured_queries if "webinars_webinarpage" in query["sql"]]
    assert len(events) == 2

    moved = _republish(moved, start=moved.start + datetime.timedelta(days=2), end=moved.end + datetime.timedelta(days=2))
    removed.unpublish()

    _, events = _events(client.get("/webinaires/agenda.ics"))
    event = events[f"webinar-{moved.pk}@elus-quartiers.fr"]
    assert set(events) == {f"webinar-{moved.pk}@elus-quartiers.fr"}
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == moved.start.replace(microsecond=0)


def _text_values(component):
    """Every text property of `component` and of its subcomponents, as a calendar client reads it."""
    for name, value in component.property_items(recursive=True):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, icalendar.prop.vCategory):
                yield from ((name, str(category)) for category in item.cats)
            elif isinstance(item, str):  # vText and the other text values are str
                yield name, str(item)


def test_ical_every_feed_is_plain_text_without_html(client, index):
    """The whole agenda, a cycle's feed and a session's file carry no HTML tag or entity in any property."""
    cycle = WebinarCycleFactory(title="L'accès aux droits & la santé", slug="acces-aux-droits")
    page = webinar(
        title="Qu'est-ce qu'un « quartier » ? Élu·es & habitants",
        cycle=cycle,
        description="<p>L'État, l'ANCT &amp; les communes : qu'attendre d'eux ?</p>"
        "<ul><li>d'abord le contrat de ville</li><li>puis l'évaluation</li></ul><p>À&nbsp;bientôt !</p>",
        speakers="Chargée d'études",
    )

    for path in ["/webinaires/agenda.ics", f"/webinaires/cycles/{cycle.slug}/agenda.ics", f"/webinaires/{page.slug}/agenda.ics"]:
        calendar = icalendar.Calendar.from_ical(client.get(path).content)
        values = list(_text_values(calendar))
        assert values, path
        for name, text in values:
            assert "&#" not in text and "&amp;" not in text and "<" not in text, f"{path} {name}: {text!r}"
        event = next(iter(calendar.walk("VEVENT")))
        description = str(event["DESCRIPTION"])
        assert description.startswith(
            "L'État, l'ANCT & les communes : qu'attendre d'eux ?\n\n- d'abord le contrat de ville\n- puis l'évaluation\n\nÀ bientôt !\n\n"
        )
        assert str(event["SUMMARY"]) == "Webinaire — Qu'est-ce qu'un « quartier » ? Élu·es & habitants"
        assert [str(c) for c in event["CATEGORIES"].cats] == ["L'accès aux droits & la santé"]
