"""French typography, in one place: dates and times in one format per context, no-break spaces where
French puts them, narrow no-break spaces between thousands.

The template filters (home/templatetags/ui_tags.py) and the webinar formats call these functions;
`FrenchSpacingMiddleware` puts the no-break spaces before « : ; ! ? » and inside « » of every HTML
page, whoever wrote the text (templates, Python messages, allauth, editors in Wagtail)."""

from __future__ import annotations

import bisect
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


# Where a page holds no text to space: comments, and the elements whose text is code or typed by the
# user, up to their closing tag (or to the end of a page that never closes one).
_SKIPPED = re.compile(r"<!--.*?-->|<(script|style|pre|code|textarea)\b.*?(?:</\1\b|\Z)", re.S | re.I)
# After a word, or at the start of a text that follows a tag (« <strong>Date</strong> : … »).
_COLON = re.compile(r"(?:(?<=[^\s:])|^) :(?=\s|$)")
# A colon glued to a word (allauth's « E-mail actuel: ») gets its space; « 14:00 » and « https:// » do not.
_GLUED_COLON = re.compile(r"(?<=[A-Za-zÀ-ÿ)»]):(?=\s|$)")
_OTHERS = re.compile(r"(?:(?<=[^\s!?;])|^) ([;!?])(?=[\s»]|$)")
_PERCENT = re.compile(r"(?<=\d) %")
# The characters the spacing is about: a page has about a hundred, most texts between tags none.
_TRIGGER = re.compile(r"[:;!?%«»]")


def french_spacing_text(text: str) -> str:
    # Each rule only where its character is: a text holds one or two of them.
    if ":" in text:
        text = _GLUED_COLON.sub(NBSP + ":", _COLON.sub(NBSP + ":", text))
    if ";" in text or "!" in text or "?" in text:
        text = _OTHERS.sub(NNBSP + r"\1", text)
    if "%" in text:
        text = _PERCENT.sub(NNBSP + "%", text)
    if "«" in text:
        text = text.replace("« ", "«" + NBSP)
    if "»" in text:
        text = text.replace(" »", NBSP + "»")
    return text


def french_spacing(html: str) -> str:
    """No-break spaces before « : » (narrow ones before « ; ! ? % ») and inside « », in the text of
    an HTML page; tags, attributes, comments, scripts, styles, code and text areas are left alone.

    It runs on every page (FrenchSpacingMiddleware): rather than cutting the whole page into tags and
    texts, it goes from one of the characters concerned to the next, and spaces the text around
    each one that is not inside a tag or a skipped element (a third of the time on a course page)."""
    skipped = None
    parts, done = [], 0  # the page up to `done` is in parts
    for match in _TRIGGER.finditer(html):
        at = match.start()
        if at < done:
            continue  # in a text already spaced, or in a skipped element
        start = html.rfind(">", 0, at) + 1
        if html.rfind("<", 0, at) >= start:
            continue  # inside a tag (an attribute)
        if skipped is None:
            skipped = [span.span() for span in _SKIPPED.finditer(html)]
        span = _span_holding(skipped, at)
        if span is not None:
            parts.append(html[done : span[1]])
            done = span[1]
            continue
        end = html.find("<", at)
        end = len(html) if end == -1 else end
        parts.append(html[done:start])
        parts.append(french_spacing_text(html[start:end]))
        done = end
    if not parts:
        return html
    parts.append(html[done:])
    return "".join(parts)


def _span_holding(spans: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    index = bisect.bisect_left(spans, (at + 1,)) - 1  # the last span starting at or before `at`
    return spans[index] if index >= 0 and spans[index][0] <= at < spans[index][1] else None


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
