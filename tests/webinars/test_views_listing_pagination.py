"""/webinaires/ shows 12 upcoming sessions and 12 replays a page (each section has its own pages), says how
many there are, keeps the order a visitor needs (soonest session first, most recent replay first)
and the filters in the links; crafted page numbers never fail."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories.webinars import WebinarCycleFactory, webinar
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(index):
    now = timezone.now()
    cycle = WebinarCycleFactory(title="Nouveaux élus", slug="nouveaux-elus")
    for i in range(1, 16):
        webinar(title=f"Session {i:02d}", slug=f"session-{i:02d}", start=now + datetime.timedelta(days=i), cycle=cycle)
    for i in range(1, 15):
        webinar(
            title=f"Replay {i:02d}",
            slug=f"replay-{i:02d}",
            start=now - datetime.timedelta(days=i),
            replay_url="https://exemple.fr/replay",
            replay_transcript="<p>Transcription</p>",
        )
    return cycle


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().translate(PLAIN_SPACES)


def section(html, heading_id):
    start = html.index(f'<h2 id="{heading_id}">')
    return html[start : html.index("</section>", start)]


def titles(html):
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]+)</a>', html)


def test_first_page_shows_twelve_of_each_with_their_totals(client, sessions):
    html = get(client, "/webinaires/")
    upcoming, replays = section(html, "a-venir"), section(html, "replays")
    assert "15 sessions à venir." in upcoming and "14 replays." in replays
    assert titles(upcoming) == [f"Session {i:02d}" for i in range(1, 13)]
    assert titles(replays) == [f"Replay {i:02d}" for i in range(1, 13)]
    assert 'aria-label="Pagination des sessions à venir"' in upcoming
    assert 'href="?page=2#a-venir" rel="next">Page suivante</a>' in upcoming
    assert 'href="?replays=2#replays" rel="next">Page suivante</a>' in replays


def test_each_section_turns_its_own_pages_and_keeps_the_others(client, sessions):
    html = get(client, "/webinaires/?page=2&replays=2")
    upcoming, replays = section(html, "a-venir"), section(html, "replays")
    assert titles(upcoming) == ["Session 13", "Session 14", "Session 15"]
    assert titles(replays) == ["Replay 13", "Replay 14"]
    assert 'href="?replays=2#a-venir" rel="prev">Page précédente</a>' in upcoming
    assert 'href="?page=2#replays" rel="prev">Page précédente</a>' in replays


def test_filters_stay_in_the_links(client, sessions):
    html = get(client, f"/webinaires/?cycle={sessions.slug}")
    upcoming = section(html, "a-venir")
    assert "15 sessions à venir pour ces critères." in upcoming
    assert f'href="?cycle={sessions.slug}&amp;page=2#a-venir" rel="next">Page suivante</a>' in upcoming
    assert "Aucun replay pour ces critères" in section(html, "replays")


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999", "1e5"])
def test_crafted_page_numbers_give_a_page(client, sessions, value):
    response = client.get("/webinaires/", {"page": value, "replays": value})
    assert response.status_code == 200
    html = response.content.decode().translate(PLAIN_SPACES)
    assert len(titles(section(html, "a-venir"))) in (12, 3)
    assert len(titles(section(html, "replays"))) in (12, 2)
