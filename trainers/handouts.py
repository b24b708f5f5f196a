"""Printable handouts of a module: one HTML document, shown for printing or turned into a tagged PDF."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
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
