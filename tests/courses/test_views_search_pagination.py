"""Site search shows 20 results a page, groups one after the other across the pages, in the same order
as before (courses, modules, lessons, glossary; most relevant first), and reads only the page's results."""

import re

import pytest

from tests.factories.courses import GlossaryTermFactory, course_with_modules
from tests.query_count import page_queries
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


def results(html):
    return re.findall(r'<li class="search-result">', html)


def headings(html):
    return re.findall(r'<h2 id="resultats-([a-z]+)">', html)


@pytest.fixture
def many_terms(sections):
    course_with_modules(course_index=sections.course_index, modules=[], title="Quartier prioritaire : les essentiels")
    for i in range(25):
        GlossaryTermFactory(term=f"Quartier {i:02d}", slug=f"quartier-{i:02d}", definition="Un quartier prioritaire.")
    return sections


def test_search_shows_twenty_results_then_the_rest_on_page_two(client, many_terms):
    html = client.get("/recherche/", {"q": "quartier"}).content.decode().translate(PLAIN_SPACES)
    assert "26 résultats pour « quartier »" in html
    assert len(results(html)) == 20
    assert headings(html) == ["parcours", "glossaire"]
    assert "Page 1 sur 2" in html
    assert 'href="?q=quartier&amp;page=2" rel="next">Page suivante</a>' in html

    html = client.get("/recherche/", {"q": "quartier", "page": "2"}).content.decode().translate(PLAIN_SPACES)
    assert len(results(html)) == 6
    assert headings(html) == ["glossaire"]
    # The summary's link to the courses goes back to the page where they are.
    assert 'href="?q=quartier#resultats-parcours">parcours (1)</a>' in html
    assert "<title>Recherche « quartier », page 2" in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1e5"])
def test_search_crafted_page_numbers_give_a_page_of_results(client, many_terms, page):
    response = client.get("/recherche/", {"q": "quartier", "page": page})
    assert response.status_code == 200
    assert len(results(response.content.decode())) in (20, 6)


def test_search_queries_do_not_grow_with_matches(client, many_terms):
    few, _ = page_queries(client, "/recherche/?q=quartier&page=2")
    for i in range(25, 80):
        GlossaryTermFactory(term=f"Quartier {i:02d}", slug=f"quartier-{i:02d}", definition="Un quartier prioritaire.")
    many, response = page_queries(client, "/recherche/?q=quartier&page=4")
    assert len(results(response.content.decode())) == 20
    assert many <= few
