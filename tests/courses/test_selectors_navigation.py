"""Course outline and lesson navigation, in a course and within a module."""

import pytest

from courses.models import LessonPage
from courses.selectors import course_outline, course_outline_by_slug, lesson_navigation
from tests.factories.courses import course_with_modules, module_with_lessons
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(sections):
    first = module_with_lessons(parent=sections.library, title="Premier module", lessons=2, minutes=12)
    second = module_with_lessons(parent=sections.laicite, title="Deuxième module", lessons=3, minutes=15)
    return course_with_modules(course_index=sections.course_index, modules=[first, second], title="Parcours test")


def lessons_of(module):
    return list(LessonPage.objects.child_of(module).order_by("path"))


def test_selectors_course_outline_lists_modules_in_course_order_with_their_lessons(course):
    """The outline follows the course's module order, lists live lessons and adds up durations."""
    outline = course_outline(course=course)
    assert [item.module.title for item in outline.modules] == ["Premier module", "Deuxième module"]
    assert [len(item.lessons) for item in outline.modules] == [2, 3]
    assert outline.minutes == 2 * 12 + 3 * 15
    assert outline.lesson_count == 5
    assert outline.first_lesson.title == "Premier module — leçon 1"


def test_selectors_course_outline_skips_unpublished_modules_and_lessons(course):
    """Drafts (unpublished modules or lessons) are not part of what learners follow."""
    first, second = (item.module for item in course_outline(course=course).modules)
    lessons_of(first)[0].unpublish()
    second.unpublish()
    outline = course_outline(course=course)
    assert [item.module.title for item in outline.modules] == ["Premier module"]
    assert [lesson.title for lesson in outline.modules[0].lessons] == ["Premier module — leçon 2"]


def test_selectors_lesson_navigation_runs_across_modules_in_course_context(course):
    """In a course, « next » from the last lesson of a module is the first lesson of the next module."""
    first, second = (item.module for item in course_outline(course=course).modules)
    last_of_first = lessons_of(first)[-1]
    first_of_second = lessons_of(second)[0]

    navigation = lesson_navigation(lesson=last_of_first, course=course)
    assert navigation.next.pk == first_of_second.pk
    assert navigation.next_module.pk == second.pk
    assert (navigation.position, navigation.total) == (2, 5)
    assert navigation.query == f"?parcours={course.slug}"

    back = lesson_navigation(lesson=first_of_second, course=course)
    assert back.previous.pk == last_of_first.pk
    assert back.previous_module.pk == first.pk


def test_selectors_lesson_breadcrumbs_follow_the_course_in_course_context(course):
    """Accueil › Parcours › course › module › lesson when the lesson is opened from a course."""
    module = course_outline(course=course).modules[1].module
    navigation = lesson_navigation(lesson=lessons_of(module)[0], course=course)
    assert [title for title, _url in navigation.breadcrumbs] == ["Parcours", "Parcours test", "Deuxième module"]
    assert [url for _title, url in navigation.breadcrumbs] == [
        "/parcours/",
        "/parcours/parcours-test/",
        "/modules/laicite/deuxieme-module/",
    ]


def test_selectors_course_outline_by_slug_gives_the_same_navigation_as_the_course(course):
    """The lesson page reads the course by its slug with its outline and course index at once: the
    outline, previous/next and breadcrumbs are the ones of the course itself."""
    outline = course_outline_by_slug(slug=course.slug)
    assert outline.course.pk == course.pk
    assert [item.module.pk for item in outline.modules] == [item.module.pk for item in course_outline(course=course).modules]
    module = outline.modules[1].module
    lesson = lessons_of(module)[0]
    by_slug = lesson_navigation(lesson=lesson, course=outline.course, outline=outline)
    direct = lesson_navigation(lesson=lesson, course=course)
    assert by_slug.breadcrumbs == direct.breadcrumbs
    assert (by_slug.previous.pk, by_slug.position, by_slug.total) == (direct.previous.pk, direct.position, direct.total)
    assert course_outline_by_slug(slug="") is None
    assert course_outline_by_slug(slug="inconnu") is None
    course.unpublish()
    assert course_outline_by_slug(slug=course.slug) is None


def test_selectors_lesson_navigation_stays_in_the_module_without_a_course(course):
    """Without a course, previous/next stay within the module and breadcrumbs follow the page tree."""
    first, second = (item.module for item in course_outline(course=course).modules)
    last_of_first = lessons_of(first)[-1]
    navigation = lesson_navigation(lesson=last_of_first, course=None)
    assert navigation.next is None
    assert navigation.previous.pk == lessons_of(first)[0].pk
    assert navigation.query == ""
    assert [title for title, _url in navigation.breadcrumbs] == ["Bibliothèque de modules", "Premier module"]

    in_section = lesson_navigation(lesson=lessons_of(second)[0], course=None)
    assert [title for title, _url in in_section.breadcrumbs] == ["Bibliothèque de modules", "Laïcité", "Deuxième module"]


def test_selectors_lesson_navigation_ignores_a_course_that_does_not_contain_the_lesson(sections, course):
    """A ?parcours= naming another course falls back to navigation within the module."""
    other_module = module_with_lessons(parent=sections.library, title="Module isolé", lessons=2)
    lesson = lessons_of(other_module)[0]
    navigation = lesson_navigation(lesson=lesson, course=course)
    assert navigation.course is None
    assert navigation.next.pk == lessons_of(other_module)[1].pk


def test_views_lesson_page_keeps_the_course_context_in_its_links(client, course):
    """Opened with ?parcours=, the lesson's previous/next links carry it and the breadcrumb shows the course."""
    first = course_outline(course=course).modules[0].module
    lesson = lessons_of(first)[1]
    html = client.get(f"{lesson.url}?parcours={course.slug}").content.decode().translate(PLAIN_SPACES)
    assert f'href="/modules/laicite/deuxieme-module/deuxieme-module-lecon-1/?parcours={course.slug}" rel="next"' in html
    assert f'href="/modules/premier-module/premier-module-lecon-1/?parcours={course.slug}" rel="prev"' in html
    assert '<li><a href="/parcours/parcours-test/">Parcours test</a></li>' in html
    assert "Leçon 2 sur 5 du parcours" in html


def test_views_lesson_page_without_course_offers_the_module_end(client, course):
    """Without a course, the last lesson of a module links back to its module."""
    first = course_outline(course=course).modules[0].module
    html = client.get(lessons_of(first)[1].url).content.decode().translate(PLAIN_SPACES)
    assert 'rel="next"' not in html
    assert "Fin du module" in html
    assert "?parcours=" not in html


def test_views_course_page_shows_syllabus_and_start_button(client, course):
    """The course page lists modules with their lessons and starts at the first lesson, in course context."""
    html = client.get(course.url).content.decode().translate(PLAIN_SPACES)
    assert "Commencer le parcours" in html
    assert f'href="/modules/premier-module/premier-module-lecon-1/?parcours={course.slug}"' in html
    assert "Module 2" in html and "Deuxième module" in html
    assert "≈ 1 h 09" in html  # 2 × 12 + 3 × 15 minutes
    assert "2 modules, 5 leçons" in html
