"""A visitor goes catalogue → course → lesson → next lesson → glossary term; axe-core finds no WCAG 2.1 A/AA
violation on any page, at phone and desktop widths. Uses the shared `page` fixture of tests/conftest.py."""

import re

import pytest

from courses.models import LessonPage
from tests.browser.helpers import assert_accessible
from tests.factories.courses import GlossaryTermFactory, ThemeFactory, build_sections, course_with_modules, module_with_lessons

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rich_body(term_pk: int, *, title: str) -> list[dict]:
    """A lesson body using most blocks, including a glossary link and a glossary block."""
    return [
        {"type": "heading", "value": f"{title} : l'essentiel"},
        {
            "type": "paragraph",
            "value": '<p>Un <a href="/glossaire/#qpv">quartier prioritaire (QPV)</a> est défini par le revenu.</p>',
        },
        {
            "type": "key_figure",
            "value": {
                "value": "1 362",
                "label": "quartiers prioritaires dans l'Hexagone",
                "source_title": "Insee Première n° 2008",
                "source_url": "https://www.insee.fr/fr/statistiques/8236231",
                "valid_at": "2024-01-01",
            },
        },
        {
            "type": "key_figures_chart",
            "value": {
                "title": "Part de la population vivant en quartier prioritaire",
                "unit": "%",
                "category": "Territoire",
                "items": [{"label": "Bretagne", "value": "2.8"}, {"label": "Pays de la Loire", "value": "4"}],
                "valid_at": "2024-01-01",
                "sources": [{"title": "Insee Flash Bretagne n° 108", "url": "https://www.insee.fr/fr/statistiques/8314262"}],
                "note": "",
            },
        },
        {"type": "quote", "value": {"text": "Le quartier a changé d'image.", "attribution": "Une adjointe au maire"}},
        {
            "type": "case_study",
            "value": {
                "title": "Une résidence au Mans",
                "situation": "<p>Des locataires vous écrivent.</p>",
                "questions": ["Que vérifiez-vous ?"],
                "analysis": "<p>Vérifiez l'adresse sur SIG Ville.</p>",
            },
        },
        {
            "type": "faq",
            "value": {
                "title": "Questions fréquentes",
                "items": [{"question": "Pourquoi 1 514 ?", "answer": "<p>Ancienne carte.</p>"}],
            },
        },
        {
            "type": "resource_link",
            "value": {"title": "SIG Ville", "url": "https://sig.ville.gouv.fr", "description": "Vérifier une adresse."},
        },
        {"type": "glossary_term", "value": term_pk},
        {"type": "key_points", "value": {"title": "À retenir", "items": ["Le revenu est le seul critère."]}},
    ]


@pytest.fixture
def journey(db):
    sections = build_sections()
    term = GlossaryTermFactory(
        term="Quartier prioritaire de la politique de la ville",
        acronym="QPV",
        slug="qpv",
        definition="Quartier d'au moins 1 000 habitants dont le revenu médian est nettement inférieur à la moyenne.",
    )
    GlossaryTermFactory(term="Établissement public de coopération intercommunale", acronym="EPCI", slug="epci")
    theme = ThemeFactory(name="Politique de la ville", slug="politique-de-la-ville", colour="#1f3a68")
    first = module_with_lessons(parent=sections.library, title="La géographie prioritaire", lessons=1, minutes=12)
    second = module_with_lessons(parent=sections.laicite, title="Laïcité : le cadre juridique", lessons=2, minutes=13)
    for module in (first, second):
        for lesson in LessonPage.objects.child_of(module):
            lesson.body = rich_body(term.pk, title=lesson.title)
            lesson.save_revision().publish()
    course = course_with_modules(
        course_index=sections.course_index,
        modules=[first, second],
        title="Les fondamentaux de la politique de la ville",
        slug="fondamentaux",
        summary="Comprendre ce qu'est un quartier prioritaire et qui fait quoi.",
        objectives=[{"type": "objective", "value": "Expliquer ce qu'est un QPV"}],
        audience="Élu·es nouvellement installé·es.",
        prerequisites="Aucun.",
    )
    course.themes = [theme]
    course.save_revision().publish()
    return course


def visit_catalogue_course_lessons_glossary_and_search(page) -> None:
    page.goto("/parcours/")
    assert_accessible(page)
    page.get_by_label("Thématique", exact=True).select_option("politique-de-la-ville")
    page.get_by_role("button", name="Afficher les parcours").click()
    page.wait_for_url(re.compile(r"theme=politique-de-la-ville"))
    assert page.get_by_text("1 parcours correspond à vos critères.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Les fondamentaux de la politique de la ville").click()
    page.wait_for_url("**/parcours/fondamentaux/")
    assert page.get_by_role("heading", level=1).inner_text() == "Les fondamentaux de la politique de la ville"
    assert_accessible(page)

    page.get_by_role("link", name="Commencer le parcours").click()
    page.wait_for_url(re.compile(r"/modules/la-geographie-prioritaire/.+\?parcours=fondamentaux$"))
    breadcrumbs = page.get_by_role("navigation", name="Fil d'Ariane")
    assert breadcrumbs.get_by_role("link", name="Les fondamentaux de la politique de la ville").is_visible()
    page.get_by_text("Voir l'analyse").click()
    assert page.get_by_text("Vérifiez l'adresse sur SIG Ville.").is_visible()
    # The « chiffres clés » chart: an image named by its figures, and its table behind a native toggle.
    assert page.get_by_role(
        "img", name=re.compile("^Part de la population vivant en quartier prioritaire : Bretagne")
    ).is_visible()
    page.get_by_text("Voir les chiffres dans un tableau").click()
    table = page.get_by_role("table", name=re.compile("valeurs au 1er janvier 2024$"))
    assert table.get_by_role("rowheader", name="Pays de la Loire").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    # The next lesson is in the next module: the course context carries over.
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"/modules/laicite/laicite-le-cadre-juridique/.+\?parcours=fondamentaux$"))
    assert "Leçon 2 sur 3 du parcours" in page.content()
    assert_accessible(page)

    page.locator(".lesson-body a[href='/glossaire/#qpv']").first.click()
    page.wait_for_url("**/glossaire/#qpv")
    term = page.locator("#qpv")
    assert term.is_visible()
    assert "1 000 habitants" in term.inner_text()
    assert_accessible(page)

    page.goto("/recherche/?q=prioritaire")
    assert page.get_by_role("heading", name=re.compile("^Leçons")).is_visible()
    assert_accessible(page)

    # The library side: module page (provenance, courses), the Laïcité section and the library itself.
    page.goto("/modules/laicite/laicite-le-cadre-juridique/")
    assert page.get_by_role("heading", name="Ce module fait partie des parcours :").is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Fil d'Ariane").get_by_role("link", name="Laïcité", exact=True).click()
    page.wait_for_url("**/modules/laicite/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Fil d'Ariane").get_by_role("link", name="Bibliothèque de modules").click()
    page.wait_for_url("**/modules/")
    assert_accessible(page)


@pytest.mark.parametrize("width", [375, 1280])
def test_browser_catalogue_course_lessons_and_glossary_are_accessible(page, journey, width):
    """Catalogue, filters, course, two lessons across modules, glossary, search and library: all axe-clean."""
    page.set_viewport_size({"width": width, "height": 900})
    visit_catalogue_course_lessons_glossary_and_search(page)
