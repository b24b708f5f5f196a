"""The /parcours/ catalogue: cards and GET filters by theme and duration (no JavaScript needed)."""

import pytest

from courses.models import Theme
from courses.selectors import DurationRange, catalogue
from tests.factories.courses import ThemeFactory, course_with_modules, module_with_lessons
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(sections):
    laicite = ThemeFactory(name="Laïcité", slug="laicite", colour="#23476b")
    sante = ThemeFactory(name="Santé", slug="sante", colour="#185e4a")
    short = course_with_modules(
        course_index=sections.course_index,
        modules=[module_with_lessons(parent=sections.laicite, lessons=3, minutes=20)],  # 60 min
        title="Laïcité express",
    )
    short.themes = [laicite]
    short.save()
    medium = course_with_modules(
        course_index=sections.course_index,
        modules=[module_with_lessons(parent=sections.library, lessons=3, minutes=50)],  # 150 min
        title="Santé dans les quartiers",
    )
    medium.themes = [sante]
    medium.save()
    long = course_with_modules(
        course_index=sections.course_index,
        modules=[module_with_lessons(parent=sections.library, lessons=4, minutes=50) for _ in range(2)],  # 400 min
        title="Laïcité approfondie",
    )
    long.themes = [laicite, sante]
    long.save()
    return sections


def titles(cards):
    return [card.course.title for card in cards]


def test_selectors_catalogue_cards_carry_duration_modules_and_themes(courses):
    """Each card knows its duration, number of modules and themes."""
    cards = {card.course.title: card for card in catalogue(index=courses.course_index)}
    assert (cards["Laïcité express"].minutes, cards["Laïcité express"].module_count) == (60, 1)
    assert (cards["Laïcité approfondie"].minutes, cards["Laïcité approfondie"].module_count) == (400, 2)
    assert [theme.slug for theme in cards["Laïcité approfondie"].themes] == ["laicite", "sante"]


def test_selectors_catalogue_filters_by_theme_and_duration(courses):
    """Theme and duration filters combine."""
    theme = Theme.objects.get(slug="laicite")
    assert titles(catalogue(theme=theme)) == ["Laïcité express", "Laïcité approfondie"]
    assert titles(catalogue(duration=DurationRange.UP_TO_2H)) == ["Laïcité express"]
    assert titles(catalogue(duration=DurationRange.FROM_2H_TO_3H)) == ["Santé dans les quartiers"]
    assert titles(catalogue(theme=theme, duration=DurationRange.OVER_3H)) == ["Laïcité approfondie"]


def test_views_catalogue_shows_cards_with_duration_and_module_count(client, courses):
    """The catalogue page shows each course with « ≈ 2 h 30 », « 2 modules » and its theme tags."""
    html = client.get("/parcours/").content.decode().translate(PLAIN_SPACES)
    assert "3 parcours proposés." in html
    assert "≈ 2 h 30" in html and "≈ 6 h 40" in html and "≈ 1 h" in html
    assert "2 modules" in html and "1 module" in html
    assert 'class="tag tag--theme-laicite"' in html
    assert '<link rel="stylesheet" href="/thematiques.css">' in html


def test_views_catalogue_filter_form_is_a_labelled_get_form(client, courses):
    """The filters are a GET form with labels, and filtering works from the query string alone."""
    html = client.get("/parcours/", {"theme": "sante", "duree": "plus-de-3h"}).content.decode().translate(PLAIN_SPACES)
    assert '<form class="filters" method="get"' in html
    assert '<label for="id_theme">Thématique</label>' in html
    assert '<label for="id_duree">Durée</label>' in html
    assert "1 parcours correspond à vos critères." in html
    assert "Laïcité approfondie" in html and "Santé dans les quartiers" not in html
    assert "Effacer les filtres" in html


def test_views_catalogue_says_when_no_course_matches(client, courses):
    """No match gives a French message and a way back to every course."""
    html = client.get("/parcours/", {"theme": "sante", "duree": "jusqu-a-2h"}).content.decode().translate(PLAIN_SPACES)
    assert "Aucun parcours ne correspond à ces critères." in html


def test_views_catalogue_ignores_an_unknown_filter_value(client, courses):
    """An unknown theme in the address shows the error on the field and every course, not a server error."""
    response = client.get("/parcours/", {"theme": "inconnue"})
    assert response.status_code == 200
    assert "3 parcours proposés." in response.content.decode().translate(PLAIN_SPACES)


def test_views_theme_stylesheet_gives_each_theme_its_colour(client, courses):
    """/thematiques.css gives every theme tag its colour (no inline style under the CSP)."""
    response = client.get("/thematiques.css")
    assert response["Content-Type"].startswith("text/css")
    assert ".tag--theme-laicite { background-color: #23476b; }" in response.content.decode().translate(PLAIN_SPACES)
