"""French typography, in one place: dates and times in one format per context, no-break spaces where
French puts them, narrow no-break spaces between thousands.

The template filters (home/templatetags/ui_tags.py) and the webinar formats call these functions;
`FrenchSpacingMiddleware` puts the no-break spaces before « : ; ! ? » and inside « » of every HTML
page, whoever wrote the text (templates, Python messages, allauth, editors in Wagtail)."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.formats import date_format, number_format

NBSP = "\u00a0"  # before « : » and inside « », in « 14 h 00 », in « 6 décembre »
NNBSP = "\u202f"  # narrow: before « ; ! ? » and between thousands


def _local(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def _as_date(value):
    """A date, a datetime (in Paris time) or a « 06/12/2026 » string frozen in stored data."""
    if isinstance(value, str):
        try:
            return datetime.datetime.strptime(value.strip(), "%d/%m/%Y").date()
        except ValueError:
            return None
    return _local(value)


def french_time(value) -> str:
    """« 14 h 00 », « 9 h 30 », in Paris time."""
    if not value:
        return ""
    local = _local(value)
    return f"{local.hour}{NBSP}h{NBSP}{local:%M}"


_SHORT_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


def french_date(value, *, weekday: bool = False) -> str:
    """« 6 décembre 2026 » (« dimanche 6 décembre 2026 » with weekday). A text that holds dates
    (« version du 06/12/2026 », frozen in stored data) gets each of them written that way."""
    day = _as_date(value)
    if day is None:
        if isinstance(value, str):
            return _SHORT_DATE.sub(lambda match: french_date(match.group(0), weekday=weekday), value)
        return value or ""
    text = date_format(day, "l j F Y" if weekday else "j F Y")
    return text.replace(" ", NBSP, 2 if weekday else 1)


def french_datetime(value, *, weekday: bool = True) -> str:
    """« jeudi 3 décembre 2026 à 10 h 00 »."""
    if not value:
        return ""
    return f"{french_date(value, weekday=weekday)} à {french_time(value)}"


def french_number(value) -> str:
    """« 12 500 », « 1 362 » with narrow no-break spaces; « 3,5 » for decimals."""
    if value is None or value == "":
        return ""
    return number_format(value, use_l10n=True, force_grouping=True).replace(" ", NNBSP).replace(NBSP, NNBSP)


# Text between tags, outside the elements whose text is code or typed by the user.
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW = re.compile(r"<(/?)(script|style|pre|code|textarea)\b", re.I)
# After a word, or at the start of a text that follows a tag (« <strong>Date</strong> : … »).
_COLON = re.compile(r"(?:(?<=[^\s:])|^) :(?=\s|$)")
# A colon glued to a word (allauth's « E-mail actuel: ») gets its space; « 14:00 » and « https:// » do not.
_GLUED_COLON = re.compile(r"(?<=[A-Za-zÀ-ÿ)»]):(?=\s|$)")
_OTHERS = re.compile(r"(?:(?<=[^\s!?;])|^) ([;!?])(?=[\s»]|$)")
_PERCENT = re.compile(r"(?<=\d) %")
_OPEN_QUOTE = re.compile(r"« ")
_CLOSE_QUOTE = re.compile(r" »")
# Most texts between two tags are blank or hold none of these: they are left as they are at once.
_TRIGGER = re.compile(r"[:;!?%«»]")


def french_spacing_text(text: str) -> str:
    text = _COLON.sub(NBSP + ":", text)
    text = _GLUED_COLON.sub(NBSP + ":", text)
    text = _OTHERS.sub(NNBSP + r"\1", text)
    text = _PERCENT.sub(NNBSP + "%", text)
    return _CLOSE_QUOTE.sub(NBSP + "»", _OPEN_QUOTE.sub("«" + NBSP, text))


def french_spacing(html: str) -> str:
    """No-break spaces before « : » (narrow ones before « ; ! ? % ») and inside « », in the text of
    an HTML page; tags, attributes, comments, scripts, styles, code and text areas are left alone."""
    parts = _TOKENS.split(html)
    raw = None
    raw_match = _RAW.match
    for index in range(1, len(parts), 2):  # the tags; the text after each is at index + 1
        match = raw_match(parts[index])
        if match:
            closing, name = match.group(1), match.group(2).lower()
            if not closing and raw is None:
                raw = name
            elif closing and raw == name:
                raw = None
        if raw is None:
            text = parts[index + 1]
            if text and _TRIGGER.search(text):
                parts[index + 1] = french_spacing_text(text)
    if parts[0] and _TRIGGER.search(parts[0]):  # text before the first tag
        parts[0] = french_spacing_text(parts[0])
    return "".join(parts)


class FrenchSpacingMiddleware:
    """Applies `french_spacing` to our HTML pages (not to the Wagtail admin, which has its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith("/admin/")
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            response.content = french_spacing(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
