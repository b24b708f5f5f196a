from django.utils import timezone
from django.utils.formats import date_format


def french_datetime(value) -> str:
    """« jeudi 3 décembre 2026 à 10 h 00 », in Paris time whatever the server's."""
    local = timezone.localtime(value)
    return f"{date_format(local, 'l j F Y')} à {french_time(local)}"


def french_time(value) -> str:
    local = timezone.localtime(value)
    return f"{local.hour} h {local:%M}"
