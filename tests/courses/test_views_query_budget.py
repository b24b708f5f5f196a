"""Query budgets: learner pages make the same number of queries whatever the size of the course."""

import pytest

from courses.models import LessonPage
from tests.factories.courses import ThemeFactory, course_with_modules, module_with_lessons
from tests.query_count import page_queries

pytestmark = pytest.mark.django_db


def build_course(sections, *, modules: int, slug: str):
    items = [module_with_lessons(parent=sections.library, title=f"{slug} module {i}", lessons=2) for i in range(modules)]
    course = course_with_modules(course_index=sections.course_index, modules=items, title=f"Parcours {slug}", slug=slug)
    course.themes = [ThemeFactory(name="Gouvernance"), ThemeFactory(name="Évaluation")]
    course.save()
    return course, items


def count_queries(client, url: str) -> int:
    count, response = page_queries(client, url)
    assert response.status_code == 200, url
    return count


def first_lesson(module):
    return LessonPage.objects.child_of(module).order_by("path").first()


def test_views_course_page_queries_do_not_grow_with_modules(client, sections):
    """The course page of a 30-module course costs as many queries as that of a 3-module course."""
    small, _ = build_course(sections, modules=3, slug="petit")
    large, _ = build_course(sections, modules=30, slug="grand")
    assert count_queries(client, small.url) == count_queries(client, large.url)


def test_views_lesson_page_in_course_context_queries_do_not_grow_with_modules(client, sections):
    """A lesson opened from a course (previous/next across 30 modules) costs as much as in a 3-module course."""
    small, small_modules = build_course(sections, modules=3, slug="petit")
    large, large_modules = build_course(sections, modules=30, slug="grand")
    # The second module's first lesson: it has a previous and a next lesson in both courses.
    small_url = f"{first_lesson(small_modules[1]).url}?parcours={small.slug}"
    large_url = f"{first_lesson(large_modules[1]).url}?parcours={large.slug}"
    small_count = count_queries(client, small_url)
    assert small_count == count_queries(client, large_url)
    assert small_count <= 20  # Wagtail routing is one query per URL level; ours are a fixed handful


def test_views_catalogue_queries_do_not_grow_with_courses(client, sections):
    """The catalogue with 8 courses costs as many queries as with 2 (cards need no per-course query)."""
    build_course(sections, modules=2, slug="un")
    build_course(sections, modules=3, slug="deux")
    few = count_queries(client, sections.course_index.url)
    for i in range(6):
        build_course(sections, modules=4, slug=f"plus-{i}")
    assert count_queries(client, sections.course_index.url) == few
