from core.typography import french_datetime as _french_datetime
from core.typography import french_time


def french_datetime(value) -> str:
    """« jeudi 3 décembre 2026 à 10 h 00 », in Paris time whatever the server's."""
    return _french_datetime(value, weekday=True)


__all__ = ["french_datetime", "french_time"]
