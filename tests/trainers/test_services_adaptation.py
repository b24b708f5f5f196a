"""« Adapter ce module »: a copy in the trainer's own space that knows its source and when it changed."""

import pytest
from wagtail.models import Page

from courses.models import LessonPage, ModulePage, ModuleSectionPage
from tests.factories.courses import module_with_lessons
from trainers.models import Adaptation
from trainers.selectors import module_source_update
from trainers.services import adaptation_mark_seen, module_adapt, trainer_space_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(sections):
    module = module_with_lessons(parent=sections.laicite, title="Laïcité : le cadre juridique", lessons=2)
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def test_services_module_adapt_copies_into_the_trainers_space_with_its_source(vrl_trainer, source):
    """The copy and its lessons are drafts in « Espace de … », with adapted_from and the seen marker set."""
    copy = module_adapt(module=source, user=vrl_trainer)

    space = copy.get_parent().specific
    assert isinstance(space, ModuleSectionPage) and space.title.startswith("Espace de ") and not space.live
    assert copy.adapted_from_id == source.pk and not copy.live
    assert LessonPage.objects.child_of(copy).count() == 2
    adaptation = Adaptation.objects.get(copy=copy)
    assert adaptation.copied_revision_id == adaptation.source_revision_seen_id == source.live_revision_id
    assert module_source_update(module=copy) is None


def test_services_trainer_space_is_the_trainers_own(vrl_trainer, trainer, source):
    """The space is created once per trainer; another VRL trainer cannot edit it; copies get free slugs."""
    space = trainer_space_get_or_create(user=vrl_trainer)
    assert trainer_space_get_or_create(user=vrl_trainer).pk == space.pk
    assert space.permissions_for_user(vrl_trainer).can_add_subpage()
    other = trainer_space_get_or_create(user=trainer)
    assert other.pk != space.pk
    assert not Page.objects.get(pk=other.pk).permissions_for_user(vrl_trainer).can_edit()
    copy = module_adapt(module=source, user=vrl_trainer)
    second = module_adapt(module=source, user=vrl_trainer)
    assert copy.get_parent().pk == second.get_parent().pk == space.pk and copy.slug != second.slug


def test_selectors_new_source_revision_shows_the_notice_until_marked_seen(vrl_trainer, source):
    """A newer published revision of the source shows the notice; « Marquer comme vu » hides it."""
    copy = module_adapt(module=source, user=vrl_trainer)
    seen = Adaptation.objects.get(copy=copy).source_revision_seen_id

    source.summary = "Un résumé mis à jour."
    source.save_revision().publish()
    source.refresh_from_db()
    update = module_source_update(module=copy)
    assert update is not None
    assert update.compare_url == f"/admin/pages/{source.pk}/revisions/compare/{seen}...{source.live_revision_id}/"

    adaptation_mark_seen(copy=copy, user=vrl_trainer)
    adaptation_mark_seen(copy=copy, user=vrl_trainer)
    assert module_source_update(module=copy) is None
    assert Adaptation.objects.get(copy=copy).source_revision_seen_id == source.live_revision_id


def test_selectors_a_draft_of_the_source_does_not_show_the_notice(vrl_trainer, source):
    """Only a published revision of the source counts, not a draft in progress."""
    copy = module_adapt(module=source, user=vrl_trainer)
    source.summary = "Brouillon."
    source.save_revision()
    assert module_source_update(module=copy) is None


@pytest.fixture
def source_with_quiz(sections):
    from tests.factories.quizzes import make_question, make_quiz

    quiz = make_quiz(questions=[make_question()], title="Quiz — Laïcité : le cadre juridique")
    module = module_with_lessons(parent=sections.laicite, title="Laïcité : le cadre juridique", lessons=3, quiz=quiz)
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def test_services_module_adapt_copies_the_quiz_as_a_draft_of_its_own(vrl_trainer, source_with_quiz):
    """The adapted module points at its own draft quiz, with the same questions, not at the source's."""
    copy = module_adapt(module=source_with_quiz, user=vrl_trainer)

    copy = ModulePage.objects.get(pk=copy.pk)
    assert copy.quiz_id and copy.quiz_id != source_with_quiz.quiz_id
    assert not copy.quiz.live and copy.quiz.title == "Quiz — Laïcité : le cadre juridique (adaptation)"
    assert [link.question_id for link in copy.quiz.quiz_questions.all()] == [
        link.question_id for link in source_with_quiz.quiz.quiz_questions.all()
    ]
    assert copy.latest_revision.content["quiz"] == copy.quiz_id


def test_services_approving_the_adapted_module_publishes_its_lessons_and_quiz(vrl_trainer, source_with_quiz):
    """Submitted once and approved once by an administrator, the module, its 3 lessons and its quiz go live."""
    from accounts import groups
    from quizzes.models import Quiz
    from tests.factories.accounts import UserFactory

    administrator = UserFactory(group=groups.ADMINISTRATORS)
    copy = module_adapt(module=source_with_quiz, user=vrl_trainer)
    copy = ModulePage.objects.get(pk=copy.pk)
    copy.save_revision(user=vrl_trainer)
    workflow = copy.get_workflow()
    assert workflow is not None
    state = workflow.start(copy, vrl_trainer)
    assert not LessonPage.objects.child_of(copy).live().exists()

    state.current_task_state.approve(user=administrator)

    copy = ModulePage.objects.get(pk=copy.pk)
    assert copy.live and copy.quiz.live
    assert LessonPage.objects.child_of(copy).live().count() == 3
    assert not LessonPage.objects.child_of(copy).filter(has_unpublished_changes=True).exists()
    assert Quiz.objects.get(pk=source_with_quiz.quiz_id).live


def test_services_module_unit_publish_twice_publishes_nothing_more(vrl_trainer, source_with_quiz):
    """Once the unit is live, publishing the module again finds nothing left to publish."""
    from trainers.services import module_unit_drafts, module_unit_publish

    copy = module_adapt(module=source_with_quiz, user=vrl_trainer)
    assert len(module_unit_drafts(module=copy)) == 4
    copy.save_revision().publish()
    assert module_unit_drafts(module=ModulePage.objects.get(pk=copy.pk)) == []
    assert module_unit_publish(module=ModulePage.objects.get(pk=copy.pk)) == 0


def test_selectors_source_changes_lesson_by_lesson(client, vrl_trainer, sections):
    """After the adaptation, the source's lesson 2 is changed and a lesson 3 added: the view says so, lesson
    by lesson, with Wagtail's comparison for the changed one; lesson 1 is « Inchangée »."""
    from trainers.selectors import source_lesson_changes

    source = module_with_lessons(parent=sections.laicite, title="Laïcité : le cadre juridique", lessons=2)
    lessons = list(LessonPage.objects.child_of(source).order_by("path"))
    for lesson in lessons:
        lesson.save_revision().publish()
    source.save_revision().publish()
    source = ModulePage.objects.get(pk=source.pk)
    copy = module_adapt(module=source, user=vrl_trainer)
    lessons = list(LessonPage.objects.child_of(source).order_by("path"))
    lessons[1].title = "Le cadre juridique — mis à jour"
    lessons[1].save_revision().publish()
    added = source.add_child(instance=LessonPage(title="Nouvelle leçon sur la loi de 2021", body=[], live=False))
    added.save_revision().publish()

    changes = source_lesson_changes(module=copy)
    assert [change.status for change in changes] == ["unchanged", "changed", "added"]
    assert changes[1].compare_url.startswith(f"/admin/pages/{lessons[1].pk}/revisions/compare/")
    client.force_login(vrl_trainer)
    html = client.get(f"/admin/formateurs/modules/{copy.pk}/source-changements/").content.decode()
    assert "Nouvelle leçon sur la loi de 2021" in html and "Modifiée le" in html and "Inchangée" in html


def test_admin_lesson_editor_says_it_goes_with_its_module_in_review(client, vrl_trainer, source):
    """Once the adapted module is submitted, each of its draft lessons' editor says it is reviewed and published with it."""
    copy = ModulePage.objects.get(pk=module_adapt(module=source, user=vrl_trainer).pk)
    copy.save_revision(user=vrl_trainer)
    lesson = LessonPage.objects.child_of(copy).first()
    client.force_login(vrl_trainer)
    assert "Cette leçon est relue avec son module" not in client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    copy.get_workflow().start(copy, vrl_trainer)
    html = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert "Cette leçon est relue avec son module « Laïcité : le cadre juridique (adaptation) »" in html
