"""The course outline a lesson opened from a course shows (previous/next, position, breadcrumb) comes
from the shared content cache: read once, then renewed as soon as a trainer publishes a change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from tests.factories.courses import course_with_modules, module_with_lessons
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


def lessons_of(module):
    return list(LessonPage.objects.child_of(module).live().order_by("path"))


@pytest.fixture
def course(sections):
    modules = [module_with_lessons(parent=sections.library, title=title, lessons=2) for title in ("Acteurs", "Calendrier")]
    course = course_with_modules(course_index=sections.course_index, modules=modules, title="Le contrat de ville", slug="contrat")
    return course, modules


def in_course(lesson, course):
    return f"{lesson.url}?parcours={course.slug}"


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().translate(PLAIN_SPACES), " ".join(query["sql"] for query in queries.captured_queries)


def test_outline_is_read_once_for_every_learner(client, course):
    course, modules = course
    first, second = lessons_of(modules[0])
    html, sql = get(client, in_course(second, course))
    assert "courses_coursemodule" in sql
    assert "Leçon 2 sur 4 du parcours" in html

    html, sql = get(client, in_course(first, course))
    assert "courses_coursemodule" not in sql  # the outline came from the cache
    assert "Leçon 1 sur 4 du parcours" in html
    assert lessons_of(modules[0])[1].title in html  # next lesson, from the cached outline


def test_outline_shows_a_published_lesson_title_at_once(client, course):
    course, modules = course
    first, second = lessons_of(modules[0])
    get(client, in_course(first, course))
    second.title = "Qui signe le contrat de ville ?"
    second.save_revision().publish()
    html, _ = get(client, in_course(first, course))
    assert "Qui signe le contrat de ville ?" in html


def test_outline_follows_an_unpublished_module_and_a_new_module_order(client, course):
    course, modules = course
    lesson = lessons_of(modules[1])[0]
    html, _ = get(client, in_course(lesson, course))
    assert "Leçon 3 sur 4 du parcours" in html

    links = list(course.course_modules.all())
    for link, order in zip(links, (1, 0), strict=True):
        link.sort_order = order
    course.course_modules = links
    course.save_revision().publish()
    html, _ = get(client, in_course(lesson, course))
    assert "Leçon 1 sur 4 du parcours" in html

    modules[0].unpublish()
    html, _ = get(client, in_course(lesson, course))
    assert "Leçon 1 sur 2 du parcours" in html


@pytest.mark.parametrize("slug", ["inconnu", "pas un slug", "x" * 300, "contrat<script>"])
def test_unknown_or_malformed_course_slug_shows_the_lesson_in_its_module_and_stores_nothing(client, course, slug):
    course, modules = course
    lesson = lessons_of(modules[0])[0]
    response = client.get(lesson.url, {"parcours": slug})
    assert response.status_code == 200
    assert "Leçon 1 sur 2 du module" in response.content.decode().translate(PLAIN_SPACES)
    assert not [key for key in cache._cache if ":outline:" in key]  # the test cache is local memory
