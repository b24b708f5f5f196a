"""RGPD: what each app holds about a person, for the data export (« Télécharger mes données ») and
for the erasure of an account.

accounts sits below the apps that keep learning records: it never imports them. Each app registers a
`PersonalDataPart` from its `AppConfig.ready` (progress, quizzes, webinars, reports); the export and
the erasure services of accounts walk the registered parts, in the order of INSTALLED_APPS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PersonalDataPart:
    """`export(user)` returns {key: JSON-serialisable data} for the export file; `erase(user)` removes or
    anonymises the app's rows about the user (called inside the erasure transaction; safe twice)."""

    app_label: str
    export: Callable[[Any], dict[str, Any]] | None = None
    erase: Callable[[Any], None] | None = None
    keys: tuple[str, ...] = field(default=())


_parts: dict[str, PersonalDataPart] = {}


def register(part: PersonalDataPart) -> None:
    _parts[part.app_label] = part


def parts() -> list[PersonalDataPart]:
    if not apps.ready:
        raise ImproperlyConfigured("Personal-data parts read before every app was ready: some would be missing.")
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_parts.values(), key=lambda part: order.get(part.app_label, len(order)))


def iso(value) -> str | None:
    """Dates and times in the export file."""
    return value.isoformat() if value else None
