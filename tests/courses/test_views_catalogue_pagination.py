"""The catalogue shows 12 courses a page, whatever the size of the catalogue; crafted page numbers give
the first or the last page, never an error; the filters stay in the links between pages."""

import re

import pytest

from courses.selectors import CATALOGUE_PER_PAGE
from tests.factories.courses import ThemeFactory, course_with_modules
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


def add_courses(sections, count, *, prefix="Parcours", themes=()):
    courses = []
    for i in range(1, count + 1):
        course = course_with_modules(
            course_index=sections.course_index, modules=[], title=f"{prefix} {i:02d}", slug=f"{prefix.lower()}-{i:02d}"
        )
        if themes:
            course.themes = list(themes)
            course.save()
        courses.append(course)
    return courses


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().translate(PLAIN_SPACES)


def titles(html):
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]+)</a>', html)


def test_first_page_shows_twelve_courses_and_links_to_the_next(client, sections):
    add_courses(sections, 30)
    html = get(client, sections.course_index.url)
    assert CATALOGUE_PER_PAGE == 12
    assert titles(html) == [f"Parcours {i:02d}" for i in range(1, 13)]
    assert "30 parcours proposés." in html
    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert "Page 1 sur 3" in html
    assert 'href="?page=2" rel="next">Page suivante</a>' in html
    assert "Page précédente" not in html
    assert re.search(r'href="/parcours/" aria-current="page"><span class="visually-hidden">Page </span>1</a>', html)


def test_last_page_shows_the_rest(client, sections):
    add_courses(sections, 30)
    html = get(client, f"{sections.course_index.url}?page=3")
    assert titles(html) == [f"Parcours {i:02d}" for i in range(25, 31)]
    assert "Page 3 sur 3" in html
    assert 'href="?page=2" rel="prev">Page précédente</a>' in html
    assert "Page suivante" not in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3</a>' in html


def test_no_pagination_when_everything_fits_on_one_page(client, sections):
    add_courses(sections, CATALOGUE_PER_PAGE)
    html = get(client, sections.course_index.url)
    assert len(titles(html)) == CATALOGUE_PER_PAGE
    assert "pagination" not in html and "Page 1 sur" not in html


@pytest.mark.parametrize(
    ("page", "first"),
    [("abc", 1), ("0", 1), ("-1", 1), ("1e5", 1), ("", 1), ("99999", 25), ("2 ", 13)],
)
def test_crafted_page_numbers_show_the_first_or_the_last_page(client, sections, page, first):
    add_courses(sections, 30)
    response = client.get(sections.course_index.url, {"page": page})
    assert response.status_code == 200
    assert titles(response.content.decode().translate(PLAIN_SPACES))[0] == f"Parcours {first:02d}"


def test_theme_filter_and_page_number_work_together(client, sections):
    laicite = ThemeFactory(name="Laïcité", slug="laicite")
    add_courses(sections, 15, prefix="Laïcité", themes=[laicite])
    add_courses(sections, 10, prefix="Autre")
    html = get(client, f"{sections.course_index.url}?theme=laicite&page=2")
    assert titles(html) == [f"Laïcité {i:02d}" for i in range(13, 16)]
    assert "15 parcours correspondent à vos critères." in html
    assert 'href="?theme=laicite" rel="prev">Page précédente</a>' in html
    assert "Page 2 sur 2" in html


@pytest.mark.parametrize("page", ["\x00", "99999999999999999999", "9" * 5000])
def test_nul_bytes_and_numbers_beyond_64_bits_are_refused_in_french(client, sections, page):
    """The project's rule for any query value (core.middleware): a clean 400 with a French message."""
    response = client.get(sections.course_index.url, {"page": page})
    assert response.status_code == 400
    assert response.content.decode().startswith("Requête invalide")
