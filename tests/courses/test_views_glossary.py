"""The A–Z glossary page: letter anchors, one anchor per term, accents sorted with their letter."""

import re

import pytest

from courses.models import GlossaryTerm
from tests.factories.courses import GlossaryTermFactory, LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(sections):
    GlossaryTermFactory(term="Quartier prioritaire de la politique de la ville", acronym="QPV", slug="qpv")
    GlossaryTermFactory(term="Établissement public de coopération intercommunale", acronym="EPCI", slug="epci")
    GlossaryTermFactory(term="Îlot de chaleur", slug="ilot-de-chaleur")
    GlossaryTermFactory(term="droit commun", slug="droit-commun")
    return sections


def test_views_glossary_lists_terms_under_their_letter_with_anchors(client, terms):
    """Each term has id=slug under its letter's heading; « É » and « Î » sort with E and I."""
    html = client.get("/glossaire/").content.decode()
    assert '<h2 id="lettre-e" class="glossary__heading">E</h2>' in html
    for slug in ("qpv", "epci", "ilot-de-chaleur", "droit-commun"):
        assert f'id="{slug}"' in html
    assert html.index('id="lettre-d"') < html.index('id="droit-commun"') < html.index('id="lettre-e"')
    assert html.index('id="lettre-e"') < html.index('id="epci"') < html.index('id="lettre-i"')
    assert html.index('id="lettre-i"') < html.index('id="ilot-de-chaleur"') < html.index('id="lettre-q"')


def test_views_glossary_alphabet_links_only_letters_with_terms(client, terms):
    """The A–Z navigation links letters that have terms; the others are plain text, still announced."""
    html = client.get("/glossaire/").content.decode()
    nav = html[html.index('aria-label="Lettres du glossaire"') :]
    nav = nav[: nav.index("</nav>")]
    assert re.findall(r'href="#lettre-(\w)"', nav) == ["d", "e", "i", "q"]
    assert 'A<span class="visually-hidden"> (aucun terme)</span>' in nav
    assert len(re.findall(r"<li>", nav)) == 26


def test_views_glossary_term_block_links_to_its_anchor(client, terms):
    """A glossary block in a lesson links to /glossaire/#slug, where the term's anchor is."""
    module = ModulePageFactory(parent=terms.library)
    term_pk = GlossaryTerm.objects.get(slug="qpv").pk
    lesson = LessonPageFactory(parent=module, body=[{"type": "glossary_term", "value": term_pk}])
    html = client.get(lesson.url).content.decode()
    assert 'href="/glossaire/#qpv"' in html
    assert "Quartier prioritaire de la politique de la ville (QPV)" in html
    assert 'id="qpv"' in client.get("/glossaire/").content.decode()
