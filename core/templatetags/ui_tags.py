from django import template
from django.utils.safestring import mark_safe

from core import registry
from core.ancestry import page_ancestors
from core.typography import french_date, french_datetime, french_number, french_time

register = template.Library()


@register.simple_tag
def field_widget(field):
    """Render a form field's widget tied to its help text and errors for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def duration_label(minutes):
    """60 → "1 h", 135 → "2 h 15", 40 → "40 min" (with no-break spaces)."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h\u00a0{rest:02d}" if rest else f"{hours}\u00a0h"


@register.simple_tag
def breadcrumb_ancestors(page):
    """The page's ancestors below the home page, from the chain its view-restriction check already
    read (no query of its own on a served page). A draft ancestor (a trainer's private space in the
    library) is left out: it would name a person and lead to a 404."""
    return [ancestor for ancestor in page_ancestors(page)[2:] if ancestor.live]


@register.simple_tag(takes_context=True)
def page_panels(context, page):
    """The panels other apps show below a content page (« Webinaires associés »), in registration order."""
    return mark_safe("".join(panel.render(context, page) for panel in registry.page_panels()))


# One format per context, everywhere (core/typography.py): « 6 décembre 2026 », « 14 h 00 »,
# « jeudi 3 décembre 2026 à 14 h 00 », « 12 500 ».
@register.filter
def date_fr(value):
    """« 6 décembre 2026 » from a date, a datetime or a stored « 06/12/2026 »."""
    return french_date(value)


@register.filter
def weekday_date_fr(value):
    """« dimanche 6 décembre 2026 »."""
    return french_date(value, weekday=True)


@register.filter
def time_fr(value):
    """« 14 h 00 » (Paris time)."""
    return french_time(value)


@register.filter
def datetime_fr(value):
    """« 6 décembre 2026 à 14 h 00 »."""
    return french_datetime(value, weekday=False)


@register.filter
def weekday_datetime_fr(value):
    """« jeudi 3 décembre 2026 à 14 h 00 »."""
    return french_datetime(value, weekday=True)


@register.filter
def number_fr(value):
    """« 12 500 » (narrow no-break space between thousands)."""
    return french_number(value)
