"""Module pages, the library, and a module shared by two courses."""

import datetime

import pytest

from courses.models import LessonPage
from courses.selectors import course_outline, lesson_navigation
from tests.factories.courses import ThemeFactory, course_with_modules, module_with_lessons
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(sections):
    """« Laïcité : cadre juridique » is in two courses, at different places."""
    intro = module_with_lessons(parent=sections.library, title="Quarante ans de politique de la ville", lessons=2)
    laicite = module_with_lessons(
        parent=sections.laicite,
        title="Laïcité : le cadre juridique",
        lessons=2,
        minutes=12,
        authors="Centre de ressources politique de la ville",
        version_date=datetime.date(2026, 9, 1),
    )
    laicite.themes = [ThemeFactory(name="Laïcité", slug="laicite")]
    laicite.save()
    history = module_with_lessons(parent=sections.laicite, title="Histoire et mots de la laïcité", lessons=1)
    fundamentals = course_with_modules(course_index=sections.course_index, modules=[intro, laicite], title="Les fondamentaux")
    values = course_with_modules(course_index=sections.course_index, modules=[history, laicite], title="Laïcité et valeurs")
    return {"intro": intro, "laicite": laicite, "history": history, "fundamentals": fundamentals, "values": values}


def test_selectors_shared_module_belongs_to_both_course_outlines(shared):
    """A module lives once in the library and appears in each course that lists it."""
    for course in (shared["fundamentals"], shared["values"]):
        assert shared["laicite"].pk in [item.module.pk for item in course_outline(course=course).modules]
    assert LessonPage.objects.descendant_of(shared["laicite"]).count() == 2


def test_selectors_shared_module_navigation_depends_on_the_course(shared):
    """The same lesson has a different « previous » in each course it is opened from."""
    lesson = LessonPage.objects.child_of(shared["laicite"]).order_by("path").first()
    from_fundamentals = lesson_navigation(lesson=lesson, course=shared["fundamentals"])
    from_values = lesson_navigation(lesson=lesson, course=shared["values"])
    assert from_fundamentals.previous.get_parent().pk == shared["intro"].pk
    assert from_values.previous.get_parent().pk == shared["history"].pk
    assert from_fundamentals.breadcrumbs[1][0] == "Les fondamentaux"
    assert from_values.breadcrumbs[1][0] == "Laïcité et valeurs"


def test_views_module_page_lists_lessons_provenance_and_courses(client, shared):
    """The module page shows its lessons, licence, authors, version date and the courses it belongs to."""
    html = client.get(shared["laicite"].url).content.decode().translate(PLAIN_SPACES)
    assert "Laïcité : le cadre juridique — leçon 1" in html and "Laïcité : le cadre juridique — leçon 2" in html
    assert "Licence Ouverte 2.0 (Etalab)" in html
    assert "Centre de ressources politique de la ville" in html
    assert "1er septembre 2026" in html
    assert "Ce module fait partie des parcours :" in html
    assert ">Les fondamentaux</a>" in html and ">Laïcité et valeurs</a>" in html
    assert "≈ 24 min" in html
    assert "Adapté de" not in html


def test_views_library_and_section_pages_list_their_modules(client, shared, sections):
    """The library shows its sections and direct modules; the Laïcité section shows its own modules."""
    library = client.get(sections.library.url).content.decode().translate(PLAIN_SPACES)
    assert ">Laïcité</a>" in library and "2 modules" in library
    assert "Quarante ans de politique de la ville" in library
    section = client.get(sections.laicite.url).content.decode().translate(PLAIN_SPACES)
    assert "Laïcité : le cadre juridique" in section and "Histoire et mots de la laïcité" in section
    assert "Quarante ans" not in section


def test_views_course_pages_carry_no_inline_style_or_script(client, shared, sections):
    """Course pages respect the CSP: no style attribute, no <style>, no inline script."""
    lesson = LessonPage.objects.child_of(shared["laicite"]).first()
    for url in (
        "/parcours/",
        shared["fundamentals"].url,
        shared["laicite"].url,
        f"{lesson.url}?parcours={shared['fundamentals'].slug}",
        sections.library.url,
        "/glossaire/",
        "/recherche/?q=laïcité",
    ):
        html = client.get(url).content.decode().translate(PLAIN_SPACES)
        assert "<style" not in html and ' style="' not in html, url
        for chunk in html.split("<script")[1:]:
            assert chunk.split(">", 1)[1].lstrip().startswith("</script"), url
