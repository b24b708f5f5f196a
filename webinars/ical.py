"""iCalendar files (RFC 5545) built with the icalendar library: one per webinar, one per cycle, one
for all. UIDs never change (webinar-<pk>@<domain>); SEQUENCE comes from WebinarCalendarState and
grows when the time, place or status changes, so calendar clients replace the event; a cancelled
session is sent with STATUS:CANCELLED so that clients remove it. Times carry TZID=Europe/Paris with
its VTIMEZONE."""

from __future__ import annotations

import html
import re
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from .models import WebinarPage

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Élus & quartiers//Webinaires//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


_LINES = re.compile(r"<br\s*/?>|</li>", re.I)
_BLOCKS = re.compile(r"</(p|h[1-6]|ul|ol|blockquote)>", re.I)
_ITEMS = re.compile(r"<li\b[^>]*>", re.I)


def plain_text(value: str) -> str:
    """Calendar properties are plain text (RFC 5545): rich text loses its tags, paragraphs become
    blank lines, list items « - … », and entities (&#x27; &amp; &nbsp;…) the characters they stand for."""
    text = _ITEMS.sub("- ", value or "")
    text = _BLOCKS.sub("\n\n", _LINES.sub("\n", text))
    text = html.unescape(strip_tags(text)).replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


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
    event.add("summary", plain_text(title))
    relative = webinar.get_url(request)
    url = request.build_absolute_uri(relative) if relative else ""
    description = plain_text(webinar.description)
    if webinar.registration_url and not webinar.is_cancelled:
        description += f"\n\nInscription : {webinar.registration_url}"
    if url:
        description += f"\n\nPlus d'informations : {url}"
        event.add("url", url)
    event.add("description", description.strip())
    event.add("location", plain_text(webinar.place_label))
    event.add("status", "CANCELLED" if webinar.is_cancelled else "CONFIRMED")
    if webinar.cycle_id:
        event.add("categories", [plain_text(webinar.cycle.title)])
    return event


def calendar_for(webinars, *, request, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", plain_text(name))
    calendar.add("x-wr-timezone", "Europe/Paris")
    for webinar in webinars:
        calendar.add_component(_event(webinar, request=request))
    calendar.add_missing_timezones()
    return calendar.to_ical()
