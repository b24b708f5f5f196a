"""Printable handouts of a module: one HTML document, shown for printing or turned into a tagged PDF."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from courses.models import ModulePage

from .selectors import module_handout

TEMPLATE = "trainers/handout.html"
# Printed paper cannot be clicked open: every <details> (FAQ, case analysis, transcript) is expanded.
_CLOSED_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")


def handout_filename(*, module: ModulePage, answers: bool) -> str:
    return f"{module.slug}-{'corrige' if answers else 'support'}.pdf"


def render_handout_html(*, module: ModulePage, answers: bool, request=None, for_pdf: bool = False) -> str:
    html = render_to_string(
        TEMPLATE,
        {"handout": module_handout(module=module, answers=answers), "for_pdf": for_pdf, "page": module},
        request=request,
    )
    return _CLOSED_DETAILS.sub("<details open", html)


def _local_url_fetcher(url: str, *args, **kwargs):
    """Media and static files are read from disk; nothing is fetched from another host."""
    from weasyprint.urls import URLFetchingError, default_url_fetcher

    for prefix, root in ((settings.MEDIA_URL, settings.MEDIA_ROOT), (settings.STATIC_URL, None)):
        marker = f"file://{prefix}" if prefix.startswith("/") else prefix
        if url.startswith(marker):
            relative = url[len(marker) :]
            if root is None:
                from django.contrib.staticfiles import finders

                found = finders.find(relative)
                path = Path(found) if found else None
            else:
                path = Path(root) / relative
            if path is None or not path.is_file():
                raise URLFetchingError(f"not found: {url}")
            return default_url_fetcher(path.as_uri())
    if url.startswith("data:"):
        return default_url_fetcher(url)
    raise URLFetchingError(f"refused: {url}")


def render_handout_pdf(*, module: ModulePage, answers: bool, request=None) -> bytes:
    """A tagged PDF (PDF/UA-1), in French, titled after the module."""
    from weasyprint import HTML

    html = render_handout_html(module=module, answers=answers, request=request, for_pdf=True)
    return HTML(string=html, base_url="file:///", url_fetcher=_local_url_fetcher).write_pdf(pdf_variant="pdf/ua-1")
