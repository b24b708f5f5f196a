"""The crafted-input walk: every URL pattern of the access matrix (public, learner, staff — the matrix
has a row per pattern, tests/security/access_matrix.py), requested by an anonymous visitor, a learner
and an administrator with crafted path segments and query values, never answers 5xx.

First a fixed set per row (ids beyond 64 bits, NUL bytes, FTS and SQL quoting, view names as return
targets, broken percent-encoding), then hypothesis draws more. Run on SQLite by default and on
PostgreSQL with DATABASE_URL (docs/operations.md). CRAFTED_URL_EXAMPLES raises the number of drawn
examples per row (3 in `make test`)."""

import os
import re
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.access_matrix import ROWS
from tests.security.test_access_matrix import world  # noqa: F401 — the shared module-scoped world

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "learner_a", "administrator")
NASTY = [
    str(2**63),
    str(2**64 + 7),
    "-" + str(2**63),
    "-1",
    "0",
    "9" * 40,
    "\x00",
    "a\x00b",
    '"',
    "'",
    '"quartier',
    "NEAR(",
    "*",
    "a:b",
    "' OR 1=1 --",
    "abc",
    "progress:dashboard",
    "admin:index",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "%",
    "%zz",
    "..",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\u202e\u200b",
    "🏘️",
    "é" * 300,
    "x" * 5000,
    "1e5",
    "2026-13-45",
    "true",
    "",
]
QUERY_KEYS = [
    "q",
    "parcours",
    "retour",
    "suivant",
    "next",
    "code",
    "p",
    "page",
    "ordering",
    "periode_after",
    "periode_before",
    "region",
    "departement",
    "mandat",
    "format",
    "id",
    "action",
    "position",
    "export",
]
FORM_KEYS = ["retour", "suivant", "action", "next", "code", "position", "choices", "minutes", "title", "q"]
EXAMPLES = int(os.environ.get("CRAFTED_URL_EXAMPLES", "3"))
ROW_CASES = [
    pytest.param(method, example, id=f"{method} {example}") for method, example in sorted({(r.method, r.example) for r in ROWS})
]
DRAWN_CASES = ROW_CASES


def _client(world, role) -> Client:  # noqa: F811
    client = Client(raise_request_exception=bool(os.environ.get("CRAFTED_URL_RAISE")))
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _with_segment(url: str, index: int, value: str) -> str:
    parts = urlsplit(url)
    segments = parts.path.split("/")
    filled = [i for i, segment in enumerate(segments) if segment]
    if not filled:
        return url
    segments[filled[index % len(filled)]] = quote(value, safe="")
    return "/".join(segments) + (f"?{parts.query}" if parts.query else "")


def _numbers_replaced(url: str, value: str) -> str:
    path, _, query = url.partition("?")
    path = re.sub(r"(?<=/)\d+(?=/|$|\.)", value, path)
    return path + (f"?{query}" if query else "")


def _request(client: Client, method: str, url: str, form: dict):
    # Each request in a savepoint rolled back: a crafted POST that works changes nothing for the next one.
    with transaction.atomic():
        response = client.post(url, form) if method == "POST" else client.get(url)
        body = response.content[:2000] if not response.streaming else b""
        transaction.set_rollback(True)
    return response.status_code, body


def _assert_no_5xx(client, method, url, form=None):
    status, body = _request(client, method, url, form or {})
    assert status < 500, f"{method} {url!r} {form!r} → {status}\n{body[:600]!r}"


@pytest.mark.parametrize(("method", "example"), ROW_CASES)
def test_crafted_urls_fixed_set(world, method, example):  # noqa: F811
    """Out-of-range ids, NUL bytes, quotes and view names in every path segment and query value: no 5xx."""
    base = example.format(**world.values)
    for role in ROLES:
        client = _client(world, role)
        for value in (str(2**63), "-" + str(2**63)):
            _assert_no_5xx(client, method, _numbers_replaced(base, value))
        for index in range(len([s for s in urlsplit(base).path.split("/") if s])):
            for value in ("\x00", '"', str(2**63), "abc"):
                _assert_no_5xx(client, method, _with_segment(base, index, value))
        for value in ("\x00", '"quartier', str(2**63), "abc", "progress:dashboard", "//evil.example/"):
            query = urlencode({key: value for key in QUERY_KEYS})
            separator = "&" if "?" in base else "?"
            _assert_no_5xx(client, method, f"{base}{separator}{query}", {key: value for key in FORM_KEYS})


DRAWN = st.one_of(st.sampled_from(NASTY), st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60))


@pytest.mark.parametrize(("method", "example"), DRAWN_CASES)
def test_crafted_urls_drawn(world, method, example):  # noqa: F811
    """Hypothesis draws a role, a segment to replace and query and form values: no 5xx."""
    base = example.format(**world.values)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        role=st.sampled_from(ROLES),
        segment=st.one_of(st.none(), st.tuples(st.integers(min_value=0, max_value=8), DRAWN)),
        query=st.dictionaries(st.sampled_from(QUERY_KEYS), DRAWN, max_size=4),
        form=st.dictionaries(st.sampled_from(FORM_KEYS), DRAWN, max_size=4),
    )
    def walk(role, segment, query, form):
        url = base if segment is None else _with_segment(base, *segment)
        if query:
            url += ("&" if "?" in url else "?") + urlencode(query)
        _assert_no_5xx(_client(world, role), method, url, form)

    walk()
