from django import template
from django.utils.safestring import mark_safe

from core import registry
from core.ancestry import page_ancestors

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
    """60 → "1 h", 135 → "2 h 15", 40 → "40 min"."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


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
