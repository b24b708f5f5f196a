"""Page tree rules: where each page type may be created."""

import pytest

from courses.models import (
    CourseIndexPage,
    CoursePage,
    GlossaryPage,
    LessonPage,
    ModuleLibraryPage,
    ModulePage,
    ModuleSectionPage,
)
from tests.factories.courses import CoursePageFactory, module_with_lessons

pytestmark = pytest.mark.django_db


def test_models_lesson_can_only_be_created_in_a_module(sections):
    """A lesson goes under a module, never directly in the library, a section, the catalogue or a course."""
    module = module_with_lessons(parent=sections.library, lessons=0)
    course = CoursePageFactory(parent=sections.course_index)
    assert LessonPage.can_create_at(module)
    for parent in (sections.home, sections.library, sections.laicite, sections.course_index, course, sections.glossary):
        assert not LessonPage.can_create_at(parent), parent
    assert LessonPage.allowed_parent_page_models() == [ModulePage]


def test_models_module_lives_in_the_library_or_one_of_its_sections(sections):
    """A module is created in the library or a library section, not in the catalogue or under a course."""
    assert ModulePage.can_create_at(sections.library)
    assert ModulePage.can_create_at(sections.laicite)
    assert not ModulePage.can_create_at(sections.course_index)
    assert not ModulePage.can_create_at(sections.home)
    assert ModuleSectionPage.can_create_at(sections.library)
    assert not ModuleSectionPage.can_create_at(sections.home)


def test_models_course_lives_in_the_catalogue_and_has_no_children(sections):
    """Courses are children of the catalogue only, and take no child pages (modules are linked, not nested)."""
    course = CoursePageFactory(parent=sections.course_index)
    assert CoursePage.can_create_at(sections.course_index)
    assert not CoursePage.can_create_at(sections.library)
    assert course.specific_class.allowed_subpage_models() == []


def test_models_section_pages_exist_once_under_the_home_page(sections):
    """Catalogue, library and glossary are unique pages under the home page."""
    for model in (CourseIndexPage, ModuleLibraryPage, GlossaryPage):
        assert model.max_count == 1
        assert not model.can_create_at(sections.home), model


def test_admin_refuses_a_lesson_outside_a_module(client, sections, django_user_model):
    """The admin's add view refuses to create a lesson directly in the library."""
    admin = django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x-Secret-2026")
    client.force_login(admin)
    # Wagtail answers a forbidden page type by sending the user back to the dashboard.
    response = client.get(f"/admin/pages/add/courses/lessonpage/{sections.library.pk}/")
    assert response.status_code in (302, 403)
    response = client.post(
        f"/admin/pages/add/courses/lessonpage/{sections.library.pk}/",
        {"title": "Leçon égarée", "slug": "lecon-egaree", "estimated_minutes": 5, "body-count": 0},
    )
    assert response.status_code in (302, 403)
    assert not LessonPage.objects.filter(slug="lecon-egaree").exists()
