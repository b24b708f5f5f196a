"""Helpers shared by the reliability tests (backups, worker crashes, multi-process concurrency)."""

from urllib.parse import quote

import pytest
from django.db import connection

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI always does; SQLite has no pg_dump nor row locks)",
)


def database_url(name: str | None = None) -> str:
    """The URL of the database the tests use (or of `name` on the same server), for a subprocess."""
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "")
    if settings.get("PASSWORD"):
        credentials += ":" + quote(settings["PASSWORD"])
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(name or settings['NAME'])}"
