"""A module is reviewed with its lessons and quiz as one unit; a trainer publishes nothing directly, and a
lesson's editor says how it will be published (docs/trainers.md, « Qui publie quoi »)."""

import pytest
from django.utils.text import slugify
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts import groups
from courses.models import LessonPage, ModulePage
from tests.factories.accounts import UserFactory
from tests.factories.courses import module_with_lessons
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_module(sections):
    module = module_with_lessons(parent=sections.library, title="La participation des habitants", lessons=2)
    return ModulePage.objects.get(pk=module.pk)


def lesson_form(lesson, title):
    return nested_form_data(
        {
            "title": title,
            "slug": lesson.slug,
            "estimated_minutes": 12,
            "body": streamfield([("heading", "Une section réécrite")]),
        }
    )


def edit_html(client, page) -> str:
    return client.get(f"/admin/pages/{page.pk}/edit/").content.decode().translate(PLAIN_SPACES)


def test_review_a_trainer_cannot_publish_a_lesson_directly(client, trainer, live_module):
    """« Publier » from the editor or the bulk action leaves the learners' version untouched: the change
    is saved as a draft, and the editor offers no « Publier » to a trainer."""
    lesson = LessonPage.objects.child_of(live_module).first()
    original = lesson.title
    client.force_login(trainer)
    assert 'name="action-publish"' not in edit_html(client, lesson)

    response = client.post(
        f"/admin/pages/{lesson.pk}/edit/", {**lesson_form(lesson, "Titre publié en douce"), "action-publish": "publish"}
    )
    assert response.status_code in (200, 302)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={lesson.pk}", {})

    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title == original and lesson.live
    assert lesson.has_unpublished_changes and lesson.get_latest_revision_as_object().title == "Titre publié en douce"
    assert not lesson.permissions_for_user(trainer).can_publish()


def test_review_editing_a_lesson_of_a_published_module_says_where_it_stands(client, trainer, live_module):
    """A trainer opening a lesson of a published module is told her changes stay a draft until reviewed and
    how to submit them; an administrator, who may publish, is not told."""
    lesson = LessonPage.objects.child_of(live_module).first()
    client.force_login(trainer)
    html = edit_html(client, lesson)
    assert (
        "Le module « La participation des habitants » est publié : vos modifications de cette leçon restent un brouillon" in html
    )
    assert "Soumettez la leçon à relecture" in html

    client.force_login(UserFactory(group=groups.ADMINISTRATORS))
    assert "restent un brouillon" not in edit_html(client, lesson)


def test_review_a_lesson_of_a_draft_module_goes_with_it(client, trainer, sections):
    """In a module not yet published, a lesson's editor says it will be reviewed and published with the module."""
    module = module_with_lessons(parent=sections.library, title="Un module en préparation", lessons=0, live=False)
    lesson = LessonPage(title="Première leçon", slug=slugify("Première leçon"), body=[], live=False)
    module.add_child(instance=lesson)
    client.force_login(trainer)
    assert "Cette leçon sera relue et publiée avec son module « Un module en préparation »" in edit_html(client, lesson)


def test_review_a_correction_in_a_published_module_is_reviewed_on_its_own(client, trainer, live_module):
    """A lesson corrected in a live module is submitted alone; approving it publishes that lesson only."""
    lesson, other = LessonPage.objects.child_of(live_module).order_by("path")
    other.title = "Brouillon d'une autre leçon"
    other.save_revision()
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/{lesson.pk}/edit/", {**lesson_form(lesson, "Leçon corrigée"), "action-submit": "submit"}
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(lesson.pk), status="in_progress")

    state.current_task_state.approve(user=UserFactory(group=groups.ADMINISTRATORS))

    assert LessonPage.objects.get(pk=lesson.pk).title == "Leçon corrigée"
    other = LessonPage.objects.get(pk=other.pk)
    assert other.has_unpublished_changes and other.title != "Brouillon d'une autre leçon"


def test_review_submitting_the_module_brings_its_unpublished_lessons_and_quiz(client, trainer, live_module):
    """A lesson changed in a published module, then the module submitted and approved: the change goes
    live with the module, without a review of its own."""
    lesson = LessonPage.objects.child_of(live_module).first()
    client.force_login(trainer)
    client.post(f"/admin/pages/{lesson.pk}/edit/", {**lesson_form(lesson, "Leçon revue avec son module"), "action-draft": ""})
    assert LessonPage.objects.get(pk=lesson.pk).has_unpublished_changes
    live_module.save_revision(user=trainer)
    state = live_module.get_workflow().start(live_module, trainer)
    assert not WorkflowState.objects.filter(object_id=str(lesson.pk), status="in_progress").exists()

    state.current_task_state.approve(user=UserFactory(group=groups.ADMINISTRATORS))

    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title == "Leçon revue avec son module" and not lesson.has_unpublished_changes
