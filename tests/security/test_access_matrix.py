"""The access-control matrix (tests/security/access_matrix.py, documented in docs/access-matrix.md) holds:
each URL answers each kind of visitor with the expected status, and no one but A (and the staff cells
marked « A ») ever receives A's private data."""

import html
import re
from pathlib import Path
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security import access_matrix
from tests.security.access_matrix import EXCLUSIONS, ROLES, ROWS
from tests.security.access_world import build_world

LOGIN_PATHS = ("/compte/login/", "/admin/login/")
OUR_APPS = ("accounts", "courses", "elearning", "home", "livequiz", "progress", "quizzes", "trainers", "webinars")
PDF_STUB = b"%PDF-1.7 stub for access tests "


def _stub_attestation_pdf(*, attestation):
    # WeasyPrint takes seconds; the PDF's content is tested in tests/progress. Here only who may
    # download it matters, and the identifier inside lets the test see whose file it is.
    return PDF_STUB + attestation.identifier.encode()


def _stub_handout_pdf(*, module, answers, request):
    return PDF_STUB + module.title.encode()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """A, B, the trainers and the administrator, built once for the module inside a transaction that
    is rolled back at the end; each test runs in its own savepoint, so a POST changes nothing for the next."""
    media = tmp_path_factory.mktemp("access-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        mock.patch("progress.attestations.render_attestation_pdf", _stub_attestation_pdf),
        mock.patch("trainers.views.render_handout_pdf", _stub_handout_pdf),
    ):
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


def _client(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _body(response) -> str:
    # Consuming streaming_content closes a file response the way the test client expects; a second
    # response.close() here would fire request_finished and close the test's database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _markers_in(text: str, markers) -> list[str]:
    return [m for m in markers if m in text or html.escape(m) in text]


CASES = [pytest.param(row, role, id=f"{row.method} {row.example} [{role}]") for row in ROWS for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), CASES)
def test_access_matrix_cell(world, row, role):
    """The URL answers this role with the status of its cell; A's private markers only reach A or « A » cells."""
    expected = row.expected(role)
    url = row.example.format(**world.values)
    client = _client(world, role)
    response = client.post(url, {}) if row.method == "POST" else client.get(url)
    status, _, qualifier = expected.partition(" ")
    location = urlparse(response.get("Location", "")).path
    got = f"{response.status_code} → {location}" if location else str(response.status_code)
    assert response.status_code == int(status), f"{row.method} {url} as {role}: expected {expected}, got {got}"
    if qualifier == "login":
        assert location in LOGIN_PATHS, f"{url} as {role}: redirected to {location}, not to a sign-in page"
    elif qualifier == "admin":
        assert location == "/admin/", f"{url} as {role}: redirected to {location}, not to the admin dashboard"
    elif response.status_code == 302:
        assert location not in (*LOGIN_PATHS, "/admin/"), f"{url} as {role}: redirected to {location}"

    found = _markers_in(_body(response), world.markers)
    if qualifier == "A":
        assert found, f"{url} as {role}: the cell says it shows A's data, but none of A's markers is there"
    elif role != "learner_a":
        assert found == [], f"{url} as {role} leaks A's data: {found}"


def test_access_matrix_cells_use_the_documented_vocabulary():
    """Every row has one known cell per role, and each note it points to exists."""
    for row in ROWS:
        assert len(row.cells) == len(ROLES), row
        for cell in row.cells:
            assert re.fullmatch(r"\d{3}( A)?|302 login|302 admin", cell), (row.example, cell)
        assert row.method in ("GET", "POST")
        assert not row.note or row.note in access_matrix.NOTES, row.note


# --- Every URL pattern has a row ---------------------------------------------------------------------


def _patterns(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_access_matrix_covers_every_url_pattern():
    """A URL pattern without a row (or a commented exclusion) fails here: add it to the matrix."""
    covered = {row.pattern for row in ROWS}
    missing = [
        pattern
        for pattern in _patterns()
        if pattern not in covered and not any(re.search(rule, pattern) for rule, _ in EXCLUSIONS)
    ]
    assert not missing, "URL patterns without a row in tests/security/access_matrix.py:\n" + "\n".join(missing)


def test_access_matrix_rows_name_real_patterns():
    """A row whose pattern no longer exists (a renamed URL) fails here instead of silently testing nothing."""
    patterns = set(_patterns())
    stale = [row.pattern for row in ROWS if row.pattern not in patterns]
    assert not stale, "rows for patterns the resolver no longer has:\n" + "\n".join(stale)


def test_access_matrix_exclusions_do_not_hide_our_own_views():
    """Only Wagtail's views fall under the exclusions: each of our apps' URL patterns has a row."""
    ours = []
    for pattern, module in _patterns_with_modules():
        if module.split(".")[0] in OUR_APPS:
            ours.append(pattern)
    covered = {row.pattern for row in ROWS}
    uncovered = [p for p in ours if p not in covered]
    assert ours and not uncovered, "\n".join(uncovered)


def _patterns_with_modules(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns_with_modules(entry.url_patterns, prefix + str(entry.pattern))
        else:
            view = getattr(entry.callback, "view_class", entry.callback)
            yield prefix + str(entry.pattern), view.__module__


# --- The document is generated from the data -----------------------------------------------------------


def test_access_matrix_document_matches_the_data():
    """docs/access-matrix.md is the output of `python -m tests.security.access_matrix` (regenerate it)."""
    document = Path(__file__).resolve().parents[2] / "docs" / "access-matrix.md"
    assert document.read_text(encoding="utf-8") == access_matrix.render_markdown()
