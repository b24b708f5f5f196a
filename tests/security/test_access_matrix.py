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

    # The redirect's path counts too (one built from A's data would leak it); its query string only
    # echoes the URL the visitor asked for (?next=…), which they already know.
    found = _markers_in(_body(response) + location, world.markers)
    if qualifier == "A":
        assert found, f"{url} as {role}: the cell says it shows A's data, but none of A's markers is there"
    elif role != "learner_a":
        assert found == [], f"{url} as {role} leaks A's data: {found}"


OPEN_ADMIN_PATTERNS = ("admin/login/", "admin/logout/")
STAFF_ONLY_ROWS = [
    row
    for row in ROWS
    if (row.pattern.startswith("admin/") and not row.pattern.startswith(OPEN_ADMIN_PATTERNS))
    or {row.expected("learner_a"), row.expected("learner_b")} == {"403"}
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", STAFF_ONLY_ROWS, ids=[f"{row.method} {row.example}" for row in STAFF_ONLY_ROWS])
def test_access_matrix_signed_in_learner_gets_one_answer_on_staff_urls(world, row):
    """A signed-in learner on a staff-only URL gets one answer — the French 403 page or a page — never a redirect loop."""
    client = _client(world, "learner_b")
    url = row.example.format(**world.values)
    response = client.post(url, {}, follow=True) if row.method == "POST" else client.get(url, follow=True)
    assert len(response.redirect_chain) <= 1, f"{url}: {response.redirect_chain}"
    assert response.status_code in (200, 403), f"{url}: {response.status_code}"
    if row.pattern.startswith("admin/"):
        body = _body(response)
        assert response.status_code == 403 and "Cet espace est réservé aux formateur·rices" in body
        assert 'href="/mon-parcours/"' in body and 'href="/"' in body


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


# --- Ids in URLs cannot be guessed into someone else's data -------------------------------------------

# URL parameters that name public content (pages, documents, quizzes as content), never a person's data.
CONTENT_PARAMETERS = {"course_id", "lesson_id", "module_id", "page_id", "page_view_restriction_id", "restriction_id"}
# Site URLs (outside the admin) that point at a person's data, and how each is protected.
PERSONAL_PATTERNS = {
    "quiz/tentative/<uuid:attempt_id>/": "uuid",
    "quiz/tentative/<uuid:attempt_id>/prolonger/": "uuid",
    "quiz/tentative/<uuid:attempt_id>/verifier/": "uuid",
    "quiz/tentative/<uuid:attempt_id>/envoyer/": "uuid",
    "quiz/tentative/<uuid:attempt_id>/resultat/": "uuid",
    "compte/mes-donnees/<uuid:public_id>/": "uuid",
    "mon-parcours/attestations/<str:identifier>.pdf": "identifier",
    "attestations/verifier/<str:identifier>/": "identifier",
}


def test_guess_site_urls_carry_no_sequential_id_of_a_person():
    """Outside the admin, integer URL parameters only name public content; a person's objects go by UUID or identifier."""
    patterns = [p for p in _patterns() if not p.startswith("admin/")]
    integers = {name for p in patterns for name in re.findall(r"<int:(\w+)>", p)}
    assert integers <= CONTENT_PARAMETERS, integers - CONTENT_PARAMETERS
    for pattern, protection in PERSONAL_PATTERNS.items():
        assert pattern in patterns, pattern
        assert ("<uuid:" in pattern) == (protection == "uuid"), pattern


@pytest.mark.django_db
def test_guess_person_ids_are_random(world):
    """Attempts, exports, users and report exports carry random (version 4) UUIDs; attestations 80 random bits."""
    from uuid import UUID

    for key in ("attempt", "essay_attempt", "export", "learner_a", "report_export", "live"):
        assert UUID(str(world.values[key])).version == 4, key
    assert re.fullmatch(r"[A-Z2-7]{16}", world.values["attestation"])


@pytest.mark.django_db
def test_guess_integer_primary_keys_do_not_reach_attempts_or_exports(world):
    """Learner B trying the database ids of A's attempt and export (instead of their UUIDs) gets a 404."""
    from accounts.models import DataExport
    from quizzes.models import Attempt

    client = _client(world, "learner_b")
    attempt = Attempt.objects.get(public_id=world.values["attempt"])
    export = DataExport.objects.get(public_id=world.values["export"])
    for url in (
        f"/quiz/tentative/{attempt.pk}/resultat/",
        f"/quiz/tentative/{attempt.pk}/",
        f"/compte/mes-donnees/{export.pk}/",
        f"/mon-parcours/attestations/{world.values['attestation_pk']}.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert _markers_in(_body(response), world.markers) == [], url


@pytest.mark.django_db
def test_guess_attestation_identifier_variants_stay_owner_only(world):
    """A's identifier typed in lower case, with dashes or spaces still opens A's PDF for A only; B gets 404."""
    identifier = world.values["attestation"]
    variants = [identifier.lower(), f"{identifier[:4]}-{identifier[4:8]}-{identifier[8:12]}-{identifier[12:]}"]
    owner, other = _client(world, "learner_a"), _client(world, "learner_b")
    for variant in variants:
        url = f"/mon-parcours/attestations/{variant}.pdf"
        assert owner.get(url).status_code == 200, variant
        response = other.get(url)
        assert response.status_code == 404, variant
        assert _markers_in(_body(response), world.markers) == [], variant


@pytest.mark.django_db
def test_guess_unknown_and_forbidden_ids_look_the_same(world):
    """For B (site) and the unassigned trainer (reports), someone else's object and a made-up id both answer 404."""
    from uuid import uuid4

    learner_b = _client(world, "learner_b")
    for mine, made_up in (
        (f"/quiz/tentative/{world.values['attempt']}/resultat/", f"/quiz/tentative/{uuid4()}/resultat/"),
        (f"/compte/mes-donnees/{world.values['export']}/", f"/compte/mes-donnees/{uuid4()}/"),
    ):
        assert learner_b.get(mine).status_code == learner_b.get(made_up).status_code == 404
    trainer = _client(world, "trainer_unassigned")
    assert (
        trainer.get(f"/admin/rapports/apprenants/{world.values['learner_a']}/").status_code
        == trainer.get(f"/admin/rapports/apprenants/{uuid4()}/").status_code
        == 404
    )


def test_access_matrix_never_lets_anonymous_people_or_learners_into_the_admin():
    """Every admin row (but the login page) sends anonymous visitors to a sign-in page and answers both learners 403."""
    for row in ROWS:
        if row.pattern.startswith("admin/") and row.pattern != "admin/login/":
            assert row.expected("anonymous") == "302 login", (row.example, "anonymous")
            for role in ("learner_a", "learner_b"):
                assert row.expected(role) == "403", (row.example, role)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["/\\evil.example/", "//evil.example/", "https://evil.example/", "javascript:alert(1)", ""])
def test_redirect_after_mark_seen_stays_on_the_site(world, target):
    """« Marquer comme vu » goes back to `next` only when it is a URL of this site, otherwise to the module's editor."""
    client = _client(world, "trainer_assigned")
    url = "/admin/formateurs/modules/{module_pk}/source-vue/marquer/".format(**world.values)
    response = client.post(url, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/{module_pk}/edit/".format(**world.values)


@pytest.mark.django_db
def test_redirect_after_mark_seen_keeps_a_path_of_the_site(world):
    """A `next` path on this site (the page the notice was shown on) is followed."""
    client = _client(world, "trainer_assigned")
    url = "/admin/formateurs/modules/{module_pk}/source-vue/marquer/".format(**world.values)
    assert client.post(url, {"next": "/admin/pages/"})["Location"] == "/admin/pages/"
