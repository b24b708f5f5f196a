"""Absolute URLs for what leaves the site (e-mails, PDFs, QR codes, calendar files, xAPI): one helper,
built from WAGTAILADMIN_BASE_URL (production: required; development: the address `make run` serves)."""

from django.conf import settings


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (from reverse() or a page's url) on the site's public address."""
    return base_url() + path
