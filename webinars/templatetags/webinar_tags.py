from django import template
from django.template.loader import render_to_string

from ..formats import french_datetime, french_time
from ..selectors import related_webinars as select_related_webinars

register = template.Library()


def render_related_webinars(context, page) -> str:
    """« Webinaires associés » of a course, module or lesson page: next sessions, then replays (a page
    panel registered in core.registry, shown by `{% page_panels page %}`)."""
    return render_to_string(
        "webinars/includes/related_webinars.html",
        {"related": select_related_webinars(page=page), "heading_level": 2, "request": context.get("request")},
    )


@register.filter
def french_datetime_fr(value):
    return french_datetime(value) if value else ""


@register.filter
def french_hour(value):
    return french_time(value) if value else ""


@register.simple_tag
def webinar_when(webinar):
    """« jeudi 3 décembre 2026, 10 h 00 – 11 h 30 » (or two dates for a session over several days)."""
    from django.utils import timezone

    start, end = timezone.localtime(webinar.start), timezone.localtime(webinar.end)
    if start.date() == end.date():
        return f"{french_datetime(start).replace(' à ', ', ')} – {french_time(end)}"
    return f"du {french_datetime(start)} au {french_datetime(end)}"
