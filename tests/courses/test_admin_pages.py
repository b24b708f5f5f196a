"""The editors' side renders: page forms, snippet listings and block previews."""

import pytest
from wagtail.blocks import Block
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.blocks import LessonStreamBlock
from courses.models import LessonPage
from tests.factories.courses import GlossaryTermFactory, ThemeFactory, course_with_modules, module_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x-Secret-2026"))
    return client


def test_admin_page_forms_and_snippets_render(admin_client, sections):
    """Add and edit forms of every page type, and the theme and glossary listings, answer 200."""
    module = module_with_lessons(parent=sections.laicite, lessons=1)
    course = course_with_modules(course_index=sections.course_index, modules=[module])
    lesson = LessonPage.objects.child_of(module).get()
    GlossaryTermFactory()
    ThemeFactory()
    for url in (
        f"/admin/pages/add/courses/coursepage/{sections.course_index.pk}/",
        f"/admin/pages/add/courses/modulepage/{sections.library.pk}/",
        f"/admin/pages/add/courses/modulepage/{sections.laicite.pk}/",
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
        f"/admin/pages/{course.pk}/edit/",
        f"/admin/pages/{module.pk}/edit/",
        f"/admin/pages/{lesson.pk}/edit/",
        f"/admin/pages/{sections.library.pk}/",
        "/admin/snippets/courses/theme/",
        "/admin/snippets/courses/glossaryterm/",
        "/admin/snippets/courses/glossaryterm/add/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_admin_block_previews_use_the_site_styles(admin_client):
    """Each lesson block has a preview in the block picker, styled with the site's stylesheets."""
    for name, block in LessonStreamBlock().child_blocks.items():
        assert block.is_previewable, name
        block_id = next(key for key, value in Block.definition_registry.items() if value is block)
        response = admin_client.get("/admin/block-preview/", {"id": block_id})
        assert response.status_code == 200, name
        assert "/static/css/content.css" in response.content.decode(), name


def test_admin_previews_of_new_and_edited_course_and_lesson_render(admin_client, sections):
    """Previewing a new lesson, or a course whose draft changes its modules, shows the draft's content."""
    first = module_with_lessons(parent=sections.library, title="Premier module", lessons=1)
    second = module_with_lessons(parent=sections.library, title="Second module", lessons=1)
    course = course_with_modules(course_index=sections.course_index, modules=[first], title="Parcours prévisualisé")

    lesson_data = nested_form_data(
        {
            "title": "Leçon en préparation",
            "slug": "lecon-en-preparation",
            "estimated_minutes": 7,
            "body": streamfield([("paragraph", rich_text("<p>Texte provisoire.</p>"))]),
        }
    )
    add_preview = f"/admin/pages/add/courses/lessonpage/{first.pk}/preview/"
    assert admin_client.post(add_preview, lesson_data).json()["is_valid"]
    assert "Texte provisoire." in admin_client.get(add_preview).content.decode()

    course_data = nested_form_data(
        {
            "title": "Parcours prévisualisé",
            "slug": course.slug,
            "summary": "Un parcours.",
            "objectives": streamfield([]),
            "audience": "",
            "prerequisites": "",
            "course_modules": inline_formset(
                [{"id": course.course_modules.get().pk, "module": first.pk}, {"module": second.pk}], initial=1
            ),
        }
    )
    edit_preview = f"/admin/pages/{course.pk}/edit/preview/"
    assert "Second module" not in admin_client.get(course.url).content.decode()  # the live programme, now kept
    assert admin_client.post(edit_preview, course_data).json()["is_valid"]
    html = admin_client.get(edit_preview).content.decode()
    # The programme of a preview is the draft's, never the one kept for the live page.
    assert "Second module</a>" in html and "2 modules, 2 leçons" in html
    assert "2 modules" not in admin_client.get(course.url).content.decode()  # the live page is unchanged
