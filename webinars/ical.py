"""iCalendar files (RFC 5545) built with the icalendar library: one per webinar, one per cycle, one
for all. UIDs never change (webinar-<pk>@<domain>); SEQUENCE comes from WebinarCalendarState and
grows when the time, place or status changes, so calendar clients replace the event; a cancelled
session is sent with STATUS:CANCELLED so that clients remove it. Times carry TZID=Europe/Paris with
its VTIMEZONE."""

from __future__ import annotations

import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from .models import WebinarPage

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Élus & quartiers//Webinaires//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_domain() -> str:
    return getattr(settings, "WEBINARS_ICAL_UID_DOMAIN", "elus-quartiers.fr")


def webinar_uid(webinar: WebinarPage) -> str:
    return f"webinar-{webinar.pk}@{uid_domain()}"


def webinar_sequence(webinar: WebinarPage) -> int:
    try:
        return webinar.calendar_state.sequence
    except WebinarPage.calendar_state.RelatedObjectDoesNotExist:
        return 0


def _event(webinar: WebinarPage, *, request) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", webinar_uid(webinar))
    event.add("sequence", webinar_sequence(webinar))
    event.add("dtstamp", timezone.now().astimezone(zoneinfo.ZoneInfo("UTC")))
    event.add("last-modified", (webinar.last_published_at or timezone.now()).astimezone(zoneinfo.ZoneInfo("UTC")))
    event.add("dtstart", webinar.start.astimezone(PARIS))
    event.add("dtend", webinar.end.astimezone(PARIS))
    title = f"{webinar.get_kind_display()} — {webinar.title}"
    if webinar.is_cancelled:
        title = f"ANNULÉ — {title}"
    event.add("summary", title)
    relative = webinar.get_url(request)
    url = request.build_absolute_uri(relative) if relative else ""
    description = strip_tags(webinar.description or "").strip()
    if webinar.registration_url and not webinar.is_cancelled:
        description += f"\n\nInscription : {webinar.registration_url}"
    if url:
        description += f"\n\nPlus d'informations : {url}"
        event.add("url", url)
    event.add("description", description.strip())
    event.add("location", webinar.place_label)
    event.add("status", "CANCELLED" if webinar.is_cancelled else "CONFIRMED")
    if webinar.cycle_id:
        event.add("categories", [webinar.cycle.title])
    return event


def calendar_for(webinars, *, request, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for webinar in webinars:
        calendar.add_component(_event(webinar, request=request))
    calendar.add_missing_timezones()
    return calendar.to_ical()
