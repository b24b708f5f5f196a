"""A course lists each module once: the admin form, the model validation and the database refuse a repeat."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import CourseModule, CoursePage
from tests.factories.courses import CoursePageFactory, module_with_lessons

pytestmark = pytest.mark.django_db

DUPLICATE = "Ce module figure déjà dans ce parcours."


def course_form(modules, *, title="Parcours en double"):
    return nested_form_data(
        {
            "title": title,
            "slug": "parcours-en-double",
            "summary": "Un parcours.",
            "objectives": streamfield([]),
            "audience": "",
            "prerequisites": "",
            "course_modules": inline_formset([{"module": module.pk} for module in modules]),
        }
    )


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x-Secret-2026"))
    return client


def test_forms_course_page_refuses_the_same_module_twice(admin_client, sections):
    """Adding a module twice in the admin shows « Ce module figure déjà dans ce parcours. » and saves nothing."""
    module = module_with_lessons(parent=sections.library, lessons=1)
    response = admin_client.post(
        f"/admin/pages/add/courses/coursepage/{sections.course_index.pk}/", course_form([module, module])
    )
    assert response.status_code == 200
    assert DUPLICATE in response.content.decode()
    assert not CoursePage.objects.filter(slug="parcours-en-double").exists()


def test_forms_course_page_accepts_distinct_modules(admin_client, sections):
    """Two different modules are saved in the order given."""
    first = module_with_lessons(parent=sections.library, lessons=1)
    second = module_with_lessons(parent=sections.library, lessons=1)
    response = admin_client.post(f"/admin/pages/add/courses/coursepage/{sections.course_index.pk}/", course_form([second, first]))
    assert response.status_code == 302
    course = CoursePage.objects.get(slug="parcours-en-double")
    assert [link.module_id for link in course.course_modules.all()] == [second.pk, first.pk]


def test_models_course_module_validation_names_the_duplicate(sections):
    """Model validation of a repeated course/module pair gives the French message."""
    module = module_with_lessons(parent=sections.library, lessons=1)
    course = CoursePageFactory(parent=sections.course_index)
    CourseModule.objects.create(page=course, module=module)
    with pytest.raises(ValidationError) as excinfo:
        CourseModule(page=course, module=module).full_clean()
    assert DUPLICATE in excinfo.value.messages


def test_models_course_module_unique_constraint_holds_in_the_database(sections):
    """Even outside any form, the database refuses the same module twice in a course."""
    module = module_with_lessons(parent=sections.library, lessons=1)
    course = CoursePageFactory(parent=sections.course_index)
    CourseModule.objects.create(page=course, module=module)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseModule.objects.create(page=course, module=module)
