"""Related webinars come from the shared content cache; what is upcoming and what is a replay is
decided at each request, and a publication shows at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.courses import module_with_lessons
from tests.factories.webinars import webinar
from tests.text import PLAIN_SPACES
from webinars import selectors
from webinars.models import WebinarStatus

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().translate(PLAIN_SPACES), " ".join(query["sql"] for query in queries.captured_queries)


def related_section(html):
    return html[html.index("Webinaires associés") :]


def test_related_webinars_are_read_once(client, sections, index):
    module = module_with_lessons(parent=sections.library)
    webinar(title="Évaluer à mi-parcours", start=timezone.now() + datetime.timedelta(days=7), modules=[module])
    html, sql = get(client, module.url)
    assert "webinars_webinarpage" in sql
    html, sql = get(client, module.url)
    assert "webinars_webinarpage" not in sql
    assert "Évaluer à mi-parcours" in related_section(html)


def test_a_session_that_ends_moves_to_the_replays_without_a_publication(client, sections, index, monkeypatch):
    module = module_with_lessons(parent=sections.library)
    start = timezone.now() + datetime.timedelta(hours=1)
    webinar(
        title="Le contrat de ville en 2027",
        start=start,
        end=start + datetime.timedelta(hours=1),
        modules=[module],
        replay_url="https://exemple.fr/replay",
        replay_transcript="<p>Transcription</p>",
    )
    html, _ = get(client, module.url)
    assert "Le contrat de ville en 2027" in related_section(html)
    assert "Prochaines sessions" in related_section(html)
    assert "Replays" not in related_section(html)

    three_hours_later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(selectors.timezone, "now", lambda: three_hours_later)
    html, sql = get(client, module.url)
    assert "webinars_webinarpage" not in sql  # same cached list…
    assert "Replays" in related_section(html)  # …now shown as a replay
    assert "Prochaines sessions" not in related_section(html)
    assert "Le contrat de ville en 2027" in related_section(html)


def test_a_published_webinar_shows_at_once(client, sections, index):
    module = module_with_lessons(parent=sections.library)
    html, _ = get(client, module.url)
    assert "Webinaires associés" not in html
    webinar(title="Laïcité : cas pratiques", start=timezone.now() + datetime.timedelta(days=3), modules=[module])
    html, _ = get(client, module.url)
    assert "Laïcité : cas pratiques" in related_section(html)


def test_webinar_list_is_read_once_then_follows_the_clock_and_each_publication(client, index, monkeypatch):
    """The list of /webinaires/ comes from the content cache: a session that ends moves to the replays
    without a publication, a new webinar shows at once, a cancelled one past its date disappears."""
    start = timezone.now() + datetime.timedelta(hours=1)
    session = webinar(
        title="Évaluer le contrat de ville à mi-parcours",
        start=start,
        end=start + datetime.timedelta(hours=1),
        replay_url="https://exemple.fr/replay",
        replay_transcript="<p>Transcription</p>",
    )
    client.get("/webinaires/")
    response = client.get("/webinaires/")
    assert [w.title for w in response.context["listing"].upcoming] == ["Évaluer le contrat de ville à mi-parcours"]
    _html, sql = get(client, "/webinaires/")
    assert 'FROM "webinars_webinarpage"' not in sql  # the list itself (the filters' choices are read apart)

    three_hours_later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(selectors.timezone, "now", lambda: three_hours_later)
    listing = client.get("/webinaires/").context["listing"]
    assert (listing.upcoming, [w.title for w in listing.replays]) == ([], ["Évaluer le contrat de ville à mi-parcours"])

    webinar(title="Chaleur et quartiers", start=three_hours_later + datetime.timedelta(days=2))
    listing = client.get("/webinaires/").context["listing"]
    assert [w.title for w in listing.upcoming] == ["Chaleur et quartiers"]

    session.status = WebinarStatus.CANCELLED
    session.save_revision().publish()
    listing = client.get("/webinaires/").context["listing"]
    assert listing.replays == []
