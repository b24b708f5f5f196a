import datetime

from django import template
from django.utils.formats import date_format

from core.templatetags.ui_tags import duration_label

register = template.Library()


@register.filter
def french_date(value):
    """date(2024, 1, 1) → "1er janvier 2024"; date(2024, 3, 5) → "5 mars 2024"."""
    if not isinstance(value, datetime.date):
        return value or ""
    text = date_format(value, "j F Y")
    return f"1er{text[1:]}" if value.day == 1 else text


@register.filter
def approx_duration(minutes):
    """135 → "≈ 2 h 15"; 0 or nothing → ""."""
    label = duration_label(minutes)
    return f"≈ {label}" if label and minutes else ""


@register.filter
def pluralize_fr(count, forms):
    """{{ n|pluralize_fr:"module,modules" }} → "1 module", "3 modules" (0 is singular in French)."""
    singular, plural = forms.split(",")
    try:
        count = int(count)
    except (TypeError, ValueError):
        count = 0
    return f"{count} {singular if count <= 1 else plural}"


@register.filter
def hostname(url):
    """ "https://www.insee.fr/fr/statistiques" → "www.insee.fr"."""
    from urllib.parse import urlsplit

    return urlsplit(url or "").hostname or ""


@register.filter
def document_size(document):
    """Size of a Wagtail document in bytes: the stored value, or the file's when it was never recorded."""
    if document.file_size:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):
        return None
