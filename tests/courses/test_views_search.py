"""Site search at /recherche/: results grouped by type, French messages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from courses.selectors import search_content
from tests.factories.courses import GlossaryTermFactory, course_with_modules, module_with_lessons
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(sections):
    module = module_with_lessons(parent=sections.library, title="La gouvernance du contrat de ville", lessons=1)
    lesson = LessonPage.objects.child_of(module).get()
    lesson.title = "Les instances de pilotage"
    lesson.body = [{"type": "paragraph", "value": "<p>Le comité de pilotage du contrat de ville réunit les signataires.</p>"}]
    lesson.save_revision().publish()
    course_with_modules(
        course_index=sections.course_index,
        modules=[module],
        title="Piloter le contrat de ville",
        summary="Le pilotage, pas à pas.",
    )
    GlossaryTermFactory(term="Contrat de ville", slug="contrat-de-ville", definition="Document qui fixe le projet du territoire.")
    GlossaryTermFactory(term="Adulte-relais", slug="adulte-relais", definition="Médiateur social en quartier prioritaire.")
    unpublished = module_with_lessons(parent=sections.library, title="Brouillon sur le contrat de ville", lessons=0)
    unpublished.unpublish()
    return sections


def test_selectors_search_groups_results_by_type(content):
    """One query finds the course, the module, the lesson and the glossary term, each in its group."""
    results = search_content(query="contrat de ville")
    groups = {group.key: group for group in results.groups}
    assert list(groups) == ["parcours", "modules", "lecons", "glossaire"]
    assert [page.title for page in groups["parcours"].results] == ["Piloter le contrat de ville"]
    assert [page.title for page in groups["modules"].results] == ["La gouvernance du contrat de ville"]
    assert [hit.lesson.title for hit in groups["lecons"].results] == ["Les instances de pilotage"]
    assert groups["lecons"].results[0].module.title == "La gouvernance du contrat de ville"
    assert [term.slug for term in groups["glossaire"].results] == ["contrat-de-ville"]


def test_views_search_page_shows_groups_and_a_labelled_form(client, content):
    """The results page has a labelled search field and one heading per non-empty group."""
    html = client.get("/recherche/", {"q": "contrat de ville"}).content.decode().translate(PLAIN_SPACES)
    assert '<label for="recherche-q">' in html and 'id="recherche-q"' in html
    assert 'role="search"' in html
    for key, heading in (("parcours", "Parcours"), ("modules", "Modules"), ("lecons", "Leçons"), ("glossaire", "Glossaire")):
        assert f'<h2 id="resultats-{key}">{heading} <span class="search-group__count">(1)</span></h2>' in html, heading
    assert 'href="/glossaire/#contrat-de-ville"' in html
    assert "Brouillon" not in html


def test_views_search_asks_for_words_when_the_query_is_empty(client, content):
    """An empty query gets a French prompt, not an error or every page."""
    html = client.get("/recherche/", {"q": "   "}).content.decode().translate(PLAIN_SPACES)
    assert "Saisissez un ou plusieurs mots pour lancer la recherche" in html
    assert "résultat" not in html


def test_views_search_says_when_nothing_matches(client, content):
    """A query without results says so in French and suggests the glossary and the catalogue."""
    response = client.get("/recherche/", {"q": "zzzzinexistant"})
    assert response.status_code == 200
    html = response.content.decode().translate(PLAIN_SPACES)
    assert "Aucun résultat pour « zzzzinexistant »" in html
    assert 'href="/glossaire/"' in html


def _titles(client, query: str) -> str:
    return client.get("/recherche/", {"q": query}).content.decode().translate(PLAIN_SPACES)


def test_views_search_follows_a_publication_and_an_unpublication_at_once(client, content, django_capture_on_commit_callbacks):
    """The counts and pages of a query are kept in the content cache: a module published or
    unpublished after a search shows in (or leaves) the next search of the same words."""
    assert "La gouvernance du contrat de ville" in _titles(client, "contrat de ville")
    assert "Brouillon sur le contrat de ville" not in _titles(client, "contrat de ville")
    draft = content.library.get_children().get(title="Brouillon sur le contrat de ville").specific
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    html = _titles(client, "contrat de ville")
    assert "Brouillon sur le contrat de ville" in html
    assert '<h2 id="resultats-modules">Modules <span class="search-group__count">(2)</span></h2>' in html
    module = content.library.get_children().get(title="La gouvernance du contrat de ville").specific
    with django_capture_on_commit_callbacks(execute=True):
        module.unpublish()
    results = {group.key: group for group in search_content(query="contrat de ville").groups}
    assert [page.title for page in results["modules"].results] == ["Brouillon sur le contrat de ville"]
    html = _titles(client, "contrat de ville")
    assert '<h2 id="resultats-modules">Modules <span class="search-group__count">(1)</span></h2>' in html


def test_views_search_follows_a_glossary_term_added_and_removed(client, content, django_capture_on_commit_callbacks):
    assert "Bailleur social" not in _titles(client, "bailleur")
    with django_capture_on_commit_callbacks(execute=True):
        term = GlossaryTermFactory(
            term="Bailleur social", slug="bailleur-social", definition="Organisme qui loue des logements sociaux."
        )
    assert "Bailleur social" in _titles(client, "bailleur")
    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    assert "Bailleur social" not in _titles(client, "bailleur")


def test_views_search_results_are_read_once_then_follow_a_publication(client, content):
    """A results page already shown reads none of its pages again; a publication shows the new title."""
    url = "/recherche/?q=contrat+de+ville"
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as again:
        html = client.get(url).content.decode()
    assert "Piloter le contrat de ville" in html
    read_pages = [
        query["sql"] for query in again.captured_queries if "courses_" in query["sql"] or "wagtailcore_page" in query["sql"]
    ]
    assert read_pages == []
    assert len(again) < len(first)

    course = content.course_index.get_children().specific().get(title="Piloter le contrat de ville")
    course.title = "Piloter et évaluer le contrat de ville"
    course.save_revision().publish()
    html = client.get(url).content.decode()
    assert "Piloter et évaluer le contrat de ville" in html
    assert "Piloter le contrat de ville<" not in html
