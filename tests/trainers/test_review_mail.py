"""Review e-mails are ours, in French, through the Celery mail path: reviewers when a page is submitted
(for a module, with the lessons and quiz reviewed with it), the author when it is approved or sent back.
Wagtail's stock notifications (« Salut », listing nothing) are never sent."""

import pytest
from django.utils.text import slugify
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts import groups
from accounts.models import EmailDelivery
from core.urls import absolute_url
from courses.models import LessonPage, ModulePage
from quizzes.models import Quiz
from tests.factories.accounts import UserFactory
from tests.factories.courses import module_with_lessons
from tests.factories.quizzes import make_question, make_quiz

pytestmark = pytest.mark.django_db

TITLE = "Le budget participatif"


@pytest.fixture
def people(sections):
    """Two administrators (the reviewers), a superuser outside the group, and the formatrice who writes."""

    class People:
        reviewers = [
            UserFactory(group=groups.ADMINISTRATORS, first_name="Rémi", email="remi@example.org"),
            UserFactory(group=groups.ADMINISTRATORS, first_name="Inès", email="ines@example.org"),
        ]
        superuser = UserFactory(is_superuser=True, is_staff=True, email="root@example.org")
        author = UserFactory(group=groups.TRAINERS, first_name="Camille", last_name="Formatrice", email="camille@example.org")

    return People


@pytest.fixture
def draft_module(sections, people):
    """A draft module of the library with two draft lessons and a draft quiz, written by the formatrice."""
    quiz = make_quiz([make_question()], title="Quiz — Le budget participatif", live=False)
    quiz.save_revision(user=people.author)
    module = module_with_lessons(parent=sections.library, title=TITLE, lessons=0, quiz=quiz, live=False, owner=people.author)
    for title in ("Qu'est-ce qu'un budget participatif ?", "Organiser le vote des habitant·es"):
        lesson = LessonPage(title=title, slug=slugify(title), estimated_minutes=10, body=[], live=False, owner=people.author)
        module.add_child(instance=lesson)
        lesson.save_revision(user=people.author)
    return ModulePage.objects.get(pk=module.pk)


def module_form(module, **extra):
    return nested_form_data(
        {
            "title": module.title,
            "slug": module.slug,
            "summary": module.summary,
            "objectives": streamfield([]),
            "authors": module.authors,
            "licence": module.licence,
            "version_date": module.version_date.isoformat(),
            "adapted_from": "",
            "quiz": module.quiz_id or "",
            **extra,
        }
    )


def submit(client, module, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{module.pk}/edit/", {**module_form(module), "action-submit": "submit"})
    assert response.status_code == 302, response.content[:800]
    return WorkflowState.objects.get(base_content_type__model="page", object_id=str(module.pk), status="in_progress")


def workflow_action(client, module, state, action, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/workflow/action/{module.pk}/{action}/{state.current_task_state_id}/", data, HTTP_ACCEPT="text/html"
        )
    assert response.status_code in (200, 302), response.content[:800]


def test_review_submitting_a_module_mails_each_reviewer_once_in_french_with_its_lessons_and_quiz(
    client, people, draft_module, mailoutbox, django_capture_on_commit_callbacks
):
    """The formatrice submits her module in the admin: each administrator gets exactly one French e-mail,
    through the Celery path, naming her, the module, its two lessons and its quiz, with the absolute link
    to review it. Nobody else is mailed; Wagtail's own notification (« Salut ») never leaves."""
    client.force_login(people.author)
    submit(client, draft_module, django_capture_on_commit_callbacks)

    assert sorted(address for mail in mailoutbox for address in mail.to) == ["ines@example.org", "remi@example.org"]
    assert not [mail for mail in mailoutbox if "Salut" in mail.body or "Hello" in mail.body]
    mail = next(mail for mail in mailoutbox if mail.to == ["remi@example.org"])
    assert mail.subject == f"[Élus & quartiers] À relire : « {TITLE} » (module)"
    assert mail.body.startswith("Bonjour Rémi,")
    assert f"Camille Formatrice a soumis à la relecture « Relecture par l'équipe » : « {TITLE} » (module)." in mail.body
    assert "- Leçon : Qu'est-ce qu'un budget participatif ?" in mail.body
    assert "- Leçon : Organiser le vote des habitant·es" in mail.body
    assert "- Quiz : Quiz — Le budget participatif" in mail.body
    assert absolute_url(f"/admin/pages/{draft_module.pk}/edit/") in mail.body.splitlines()
    assert "&#x27;" not in mail.body
    assert EmailDelivery.objects.filter(recipients="remi@example.org").count() == 1


def test_review_approving_publishes_the_unit_and_mails_the_author(
    client, people, draft_module, mailoutbox, django_capture_on_commit_callbacks
):
    """An administrator approves: the module, its lessons and its quiz go live, and the formatrice gets one
    French e-mail listing what is now online, with the public address. The approver gets nothing."""
    client.force_login(people.author)
    state = submit(client, draft_module, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    client.force_login(people.reviewers[0])
    workflow_action(client, draft_module, state, "approve", django_capture_on_commit_callbacks, comment="")

    module = ModulePage.objects.get(pk=draft_module.pk)
    assert module.live and Quiz.objects.get(pk=module.quiz_id).live
    assert LessonPage.objects.child_of(module).live().count() == 2
    assert [mail.to for mail in mailoutbox] == [["camille@example.org"]]
    mail = mailoutbox[0]
    assert mail.subject == f"[Élus & quartiers] Publié : « {TITLE} »"
    assert mail.body.startswith("Bonjour Camille,")
    assert f"Rémi {people.reviewers[0].last_name} a approuvé « {TITLE} » (module)" in mail.body
    assert "- Leçon : Organiser le vote des habitant·es" in mail.body and "- Quiz : Quiz — Le budget participatif" in mail.body
    assert f"La voir sur le site : {absolute_url(module.url)}" in mail.body


def test_review_changes_requested_mail_the_author_and_resubmitting_mails_the_reviewers_again(
    client, people, draft_module, mailoutbox, django_capture_on_commit_callbacks
):
    """« Demander des modifications » with a comment: the formatrice gets it by e-mail with a link to edit.
    She submits again: each reviewer is e-mailed once more."""
    client.force_login(people.author)
    state = submit(client, draft_module, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    client.force_login(people.reviewers[1])
    workflow_action(
        client, draft_module, state, "reject", django_capture_on_commit_callbacks, comment="Précisez le calendrier du vote."
    )
    assert [mail.to for mail in mailoutbox] == [["camille@example.org"]]
    mail = mailoutbox[0]
    assert mail.subject == f"[Élus & quartiers] Modifications demandées : « {TITLE} »"
    assert "Précisez le calendrier du vote." in mail.body
    assert f"/admin/pages/{draft_module.pk}/edit/" in mail.body
    assert not ModulePage.objects.get(pk=draft_module.pk).live

    mailoutbox.clear()
    client.force_login(people.author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{draft_module.pk}/edit/", {**module_form(draft_module), "action-submit": "submit"})
    assert response.status_code == 302
    assert sorted(address for mail in mailoutbox for address in mail.to) == ["ines@example.org", "remi@example.org"]


def test_review_an_adapted_module_names_its_copied_lessons(vrl_trainer, sections, mailoutbox, django_capture_on_commit_callbacks):
    """A VRL trainer's adaptation, submitted: the reviewer's mail lists the copied lessons; the author gets none."""
    from trainers.services import module_adapt

    administrator = UserFactory(group=groups.ADMINISTRATORS, email="relecture@example.org")
    source = module_with_lessons(parent=sections.laicite, title="Laïcité : les repères", lessons=2)
    source.save_revision().publish()
    copy = ModulePage.objects.get(pk=module_adapt(module=source, user=vrl_trainer).pk)
    copy.save_revision(user=vrl_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        copy.get_workflow().start(copy, vrl_trainer)

    assert [mail.to for mail in mailoutbox] == [[administrator.email]]
    body = mailoutbox[0].body
    assert "Laïcité : les repères (adaptation)" in mailoutbox[0].subject
    assert "- Leçon : Laïcité : les repères — leçon 1" in body and "- Leçon : Laïcité : les repères — leçon 2" in body
