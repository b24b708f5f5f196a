"""A learner takes a module quiz with the keyboard only; a trainer marks a free-text answer."""

import re

import pytest

from progress.services import enrolment_create
from quizzes.models import Answer, AttemptStatus, QuestionKind
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz
from tests.text import PLAIN_SPACES
from trainers.models import CourseAssignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_until_focused(page, key, predicate, limit=40):
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(predicate):
            return
    raise AssertionError(f"focus never reached: {predicate}")


def test_browser_learner_takes_a_quiz_with_the_keyboard_and_a_trainer_marks_it(page, outbox):
    """Start, answer, review, send and read the result by keyboard; then the trainer's mark reaches the result page."""
    learner = UserFactory(first_name="Soazig")
    trainer = UserFactory(group="Formateurs", is_staff=False)
    # The review queue shows a trainer the learners of the courses they are assigned to.
    sections = build_sections()
    course = course_with_modules(course_index=sections.course_index, modules=[module_with_lessons(parent=sections.library)])
    enrolment_create(user=learner, course=course)
    CourseAssignment.objects.create(trainer=trainer, course=course)
    quiz = make_quiz(
        [
            make_question(),
            make_question(
                "Le lieu de résidence est-il un critère de discrimination ?",
                kind=QuestionKind.TRUE_FALSE,
                choices=(("Vrai", True), ("Faux", False)),
            ),
            make_question("Expliquez en deux phrases le rôle du délégué du préfet.", kind=QuestionKind.FREE_TEXT, points=2),
        ],
        title="Quiz — Qui fait quoi ?",
    )
    page.goto("/")
    sign_in(page, learner)
    page.goto(f"/quiz/{quiz.public_id}/")
    assert_accessible(page)

    press_until_focused(page, "Tab", "document.activeElement.textContent.includes('Commencer le quiz')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/quiz/tentative/"))
    assert_accessible(page)

    # Question 1: Tab into the radio group, arrows move and select.
    press_until_focused(page, "Tab", "document.activeElement.name === 'q1'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.labels[0].textContent") == "1 362"
    press_until_focused(page, "Tab", "document.activeElement.name === 'q2'")
    page.keyboard.press("Space")
    press_until_focused(page, "Tab", "document.activeElement.name === 'q3'")
    page.keyboard.type("Il coordonne l'action de l'État dans les quartiers. Il est l'interlocuteur des élus.")
    press_until_focused(page, "Tab", "document.activeElement.textContent.includes('Vérifier mes réponses')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/verifier/"))
    assert_accessible(page)
    assert "1 362" in page.content()

    press_until_focused(page, "Tab", "document.activeElement.textContent.includes('Envoyer mes réponses')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/resultat/"))
    assert_accessible(page)
    status = page.get_by_role("status").filter(has_text="correction").first
    assert "attend la correction" in status.text_content()

    answer = Answer.objects.get(position=3)
    assert answer.attempt.status == AttemptStatus.AWAITING_REVIEW

    page.context.clear_cookies()
    sign_in(page, trainer)
    page.goto("/admin/quiz/corrections/")
    assert "Il coordonne l'action de l'État" in page.content()
    page.get_by_label("Points (sur 2)").fill("2")
    page.get_by_label("Commentaire pour l'apprenant·e").fill("Réponse complète, merci.")
    page.get_by_role("button", name="Enregistrer la correction").click()
    page.wait_for_load_state()
    assert "Aucune réponse" in page.content()
    assert "Réponse complète, merci." in outbox[-1].body

    page.context.clear_cookies()
    sign_in(page, learner)
    page.goto(f"/quiz/tentative/{answer.attempt.public_id}/resultat/")
    assert_accessible(page)
    assert "100 %" in page.content().translate(PLAIN_SPACES)
    assert "Réponse complète, merci." in page.content()
