"""Printable handouts of a module: one HTML document, shown for printing or turned into a tagged PDF."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from courses.models import ModulePage

from .selectors import module_handout

TEMPLATE = "trainers/handout.html"
STYLESHEET = "css/handout.css"
# Printed paper cannot be clicked open: every <details> (FAQ, case analysis, transcript) is expanded.
_CLOSED_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")


def handout_filename(*, module: ModulePage, answers: bool) -> str:
    return f"{module.slug}-{'corrige' if answers else 'support'}.pdf"


def _handout_css() -> str:
    """The stylesheet, inlined in the PDF (WeasyPrint reads no URL; the browser view links it)."""
    from django.contrib.staticfiles import finders

    path = finders.find(STYLESHEET)
    return Path(path).read_text(encoding="utf-8") if path else ""


def _css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string in a <style> element (no quote, backslash or tag)."""
    out = []
    for char in text:
        if char in '\\"<>&' or ord(char) < 32:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return "".join(out)


def render_handout_html(*, module: ModulePage, answers: bool, request=None, for_pdf: bool = False) -> str:
    context = {"handout": module_handout(module=module, answers=answers), "for_pdf": for_pdf, "page": module}
    if for_pdf:
        context["handout_css"] = _handout_css()
        context["page_footer"] = _css_string(
            f"{module.title} — version du {module.version_date:%d/%m/%Y} — {module.get_licence_display()}"
        )
    html = render_to_string(TEMPLATE, context, request=request)
    return _CLOSED_DETAILS.sub("<details open", html)


def _media_name(url: str) -> str | None:
    """The storage name of a media file from its URL in the handout, None for any other URL. The URL
    is the media storage's own: /media/… for a folder (file:///media/… once WeasyPrint resolved it),
    or the bucket's signed https URL for object storage."""
    probe = "handout-probe"
    prefix = default_storage.url(probe).split(probe, 1)[0]
    marker = f"file://{prefix}" if prefix.startswith("/") else prefix
    if not url.startswith(marker):
        return None
    name = unquote(url[len(marker) :].split("?", 1)[0])
    return None if ".." in name.split("/") else name


def _handout_url_fetcher():
    """WeasyPrint's fetcher for handouts: media files are read through the media storage (folder or
    bucket), static files from disk, data: URLs decoded; nothing is fetched from any other host."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class HandoutURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            name = _media_name(url)
            if name is not None:
                if not default_storage.exists(name):
                    raise URLFetchingError(f"not found: {url}")
                with default_storage.open(name, "rb") as handle:
                    return URLFetcherResponse(url, handle.read(), {"Content-Type": _content_type(name)})
            marker = f"file://{settings.STATIC_URL}" if settings.STATIC_URL.startswith("/") else settings.STATIC_URL
            if url.startswith(marker):
                from django.contrib.staticfiles import finders

                found = finders.find(url[len(marker) :])
                if found and Path(found).is_file():
                    return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": _content_type(found)})
                raise URLFetchingError(f"not found: {url}")
            raise URLFetchingError(f"refused: {url}")

    return HandoutURLFetcher(allowed_protocols=["data"])


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def render_handout_pdf(*, module: ModulePage, answers: bool, request=None) -> bytes:
    """A tagged PDF (PDF/UA-1), in French, titled after the module."""
    from weasyprint import HTML

    html = render_handout_html(module=module, answers=answers, request=request, for_pdf=True)
    return HTML(string=html, base_url="file:///", url_fetcher=_handout_url_fetcher()).write_pdf(pdf_variant="pdf/ua-1")
