"""Wagtail view restrictions still apply to the course pages, whose check reads the page's
ancestors from the chain the router read (core.ancestry) rather than Wagtail's own queries."""

import pytest
from wagtail.models import PageViewRestriction

from courses.models import LessonPage
from tests.factories.courses import course_with_modules, module_with_lessons

pytestmark = pytest.mark.django_db


def test_views_login_restriction_on_an_ancestor_applies_to_the_pages_below(client, sections, learner):
    """A « connexion requise » restriction on the module library closes its modules and lessons to
    visitors (sent to the login page) and opens them to signed-in learners, breadcrumb intact."""
    module = module_with_lessons(parent=sections.library, title="Module réservé", lessons=1)
    lesson = LessonPage.objects.child_of(module).get()
    assert client.get(lesson.url).status_code == 200
    PageViewRestriction.objects.create(page=sections.library, restriction_type=PageViewRestriction.LOGIN)
    for url in (module.url, lesson.url):
        response = client.get(url)
        assert response.status_code == 302
        assert f"next={url}".replace("/", "%2F") in response.url or f"next={url}" in response.url
    client.force_login(learner)
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert f'href="{module.url}"'.encode() in response.content  # the breadcrumb's link to the module


def test_views_password_restriction_on_a_course_asks_for_the_password(client, sections):
    """A password on a course page shows Wagtail's password form instead of the course."""
    module = module_with_lessons(parent=sections.library, title="Module confidentiel", lessons=1)
    course = course_with_modules(course_index=sections.course_index, modules=[module], title="Parcours protégé")
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    response = client.get(course.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert b"Module confidentiel" not in response.content
    PageViewRestriction.objects.all().delete()
    assert b"Module confidentiel" in client.get(course.url).content
