import random
from decimal import Decimal

import pytest

from quizzes.models import Answer, Attempt, AttemptStatus, GradingMethod, QuestionKind, QuestionStatus, Scoring
from quizzes.selectors import quiz_status_for_user
from quizzes.services import (
    AttemptClosed,
    QuizError,
    answer_review,
    attempt_extend,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
)
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return make_quiz(
        [
            make_question(),
            make_question(
                "Les contrats de ville 2024-2030 sont-ils organisés autour de trois piliers nationaux ?",
                kind=QuestionKind.TRUE_FALSE,
                choices=(("Vrai", False), ("Faux", True)),
            ),
            make_question(
                "Quels acteurs signent un contrat de ville ?",
                kind=QuestionKind.MULTIPLE,
                scoring=Scoring.PARTIAL,
                choices=(("L'État", True), ("L'intercommunalité", True), ("Un parti politique", False)),
                points=2,
            ),
        ]
    )


def test_services_attempt_start_twice_returns_the_same_open_attempt(learner, quiz):
    """A double click on « Commencer » opens one attempt."""
    first = attempt_start(user=learner, quiz=quiz)
    second = attempt_start(user=learner, quiz=quiz)
    assert first.pk == second.pk
    assert Attempt.objects.count() == 1
    assert first.max_score == 4


def test_services_submit_grades_each_kind_and_computes_the_percent(learner, quiz):
    """Submitting grades all questions: 1 + 1 + 1 of 2 (partial) → 3/4 = 75 %."""
    attempt = attempt_start(user=learner, quiz=quiz)
    data = answers_for(attempt, {1: "1 362", 2: "Faux", 3: ["L'État"]})
    attempt = attempt_submit(attempt=attempt, user=learner, data=data)
    assert attempt.status == AttemptStatus.GRADED
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (Decimal(3), Decimal(4), Decimal("75.00"), True)
    assert [a.is_correct for a in attempt.answers.order_by("position")] == [True, True, False]


def test_services_submit_twice_records_one_attempt_and_keeps_the_first(learner, quiz):
    """A second submission (double click, retry) is refused with a message; the first stands."""
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362"}))
    with pytest.raises(AttemptClosed, match="premier envoi a été conservé"):
        attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 296", 2: "Faux"}))
    attempt.refresh_from_db()
    assert Attempt.objects.count() == 1
    assert attempt.score == 1
    assert Answer.objects.filter(attempt=attempt).count() == 3


@pytest.mark.parametrize(
    "forge, message",
    [
        (lambda attempt, data: {**data, "q1": ["999999"]}, "aucune réponse proposée"),
        (lambda attempt, data: {**data, "q42": [str(attempt.snapshot[0]["choices"][0]["id"])]}, "ne fait pas partie"),
        (lambda attempt, data: {**data, "q1": ["abc"]}, "aucune réponse proposée"),
        (lambda attempt, data: {**data, "q1": [str(c["id"]) for c in attempt.snapshot[0]["choices"][:2]]}, "Une seule réponse"),
    ],
)
def test_services_forged_submissions_are_refused_and_record_nothing(learner, quiz, forge, message):
    """A forged choice id, a question outside the attempt or two picks for a single choice: refused, nothing stored."""
    attempt = attempt_start(user=learner, quiz=quiz)
    data = forge(attempt, answers_for(attempt, {1: "1 362", 2: "Faux"}))
    with pytest.raises(QuizError, match=message):
        attempt_submit(attempt=attempt, user=learner, data=data)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert not Answer.objects.exists()


def test_services_someone_elses_attempt_cannot_be_answered(learner, quiz):
    """Another learner cannot save or submit answers to my attempt."""
    attempt = attempt_start(user=learner, quiz=quiz)
    intruder = UserFactory()
    with pytest.raises(QuizError, match="n'existe pas"):
        attempt_submit(attempt=attempt, user=intruder, data=answers_for(attempt, {1: "1 362"}))
    with pytest.raises(QuizError):
        attempt_save_answers(attempt=attempt, user=intruder, data={})
    assert not Answer.objects.exists()


def test_services_attempts_allowed_is_enforced_with_a_french_message(learner, quiz):
    """With two attempts allowed, a third start is refused."""
    quiz.attempts_allowed = 2
    quiz.save()
    for _ in range(2):
        attempt = attempt_start(user=learner, quiz=quiz)
        attempt_submit(attempt=attempt, user=learner, data={})
    with pytest.raises(QuizError, match="toutes les tentatives"):
        attempt_start(user=learner, quiz=quiz)
    status = quiz_status_for_user(user=learner, quiz=quiz)
    assert (status.attempts_used, status.attempts_left, status.can_start) == (2, 0, False)


@pytest.mark.parametrize("method, expected", [(GradingMethod.BEST, Decimal("100.00")), (GradingMethod.LAST, Decimal("25.00"))])
def test_selectors_grade_follows_best_or_last_attempt(learner, quiz, method, expected):
    """The grade that counts is the best or the last graded attempt, as the quiz says."""
    quiz.grading_method = method
    quiz.save()
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(
        attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362", 2: "Faux", 3: ["L'État", "L'intercommunalité"]})
    )
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362"}))
    assert quiz_status_for_user(user=learner, quiz=quiz).grade == expected


def test_services_snapshot_is_frozen_when_questions_change_later(learner, quiz):
    """Editing a question after the attempt started changes neither the attempt nor its grade."""
    attempt = attempt_start(user=learner, quiz=quiz)
    question = quiz.quiz_questions.first().question
    question.prompt = "Énoncé modifié"
    question.save()
    question.choices.filter(text="1 362").update(is_correct=False)
    attempt = attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362"}))
    assert attempt.snapshot[0]["prompt"].startswith("Combien")
    assert attempt.answers.get(position=1).is_correct is True


def test_services_random_draws_are_stored_and_replayed(learner):
    """A draw picks verified questions with the tag; the picked ones are stored and shown again."""
    for n in range(6):
        make_question(f"Question laïcité {n}", tags=["laicite-droit"])
    make_question("Question non vérifiée", tags=["laicite-droit"], status=QuestionStatus.TO_CHECK)
    quiz = make_quiz([], draws=[("laicite-droit", 3)], shuffle_choices=True)
    attempt = attempt_start(user=learner, quiz=quiz, rng=random.Random(4))
    prompts = [q["prompt"] for q in attempt.snapshot]
    assert len(prompts) == len(set(prompts)) == 3
    assert "Question non vérifiée" not in prompts
    reloaded = Attempt.objects.get(pk=attempt.pk)
    assert [q["prompt"] for q in reloaded.snapshot] == prompts
    assert attempt_start(user=learner, quiz=quiz).snapshot == reloaded.snapshot


def test_services_unverified_fixed_question_blocks_the_quiz(learner):
    """A quiz with a question still « à vérifier » cannot be started."""
    quiz = make_quiz([make_question(status=QuestionStatus.TO_CHECK)])
    with pytest.raises(QuizError, match="vérification"):
        attempt_start(user=learner, quiz=quiz)


def test_services_unpublished_quiz_cannot_be_started(learner, quiz):
    """A draft quiz is not open to learners."""
    quiz.live = False
    quiz.save()
    with pytest.raises(QuizError, match="pas publié"):
        attempt_start(user=learner, quiz=quiz)


def test_services_free_text_is_cleaned_waits_for_review_then_is_graded_and_notified(learner, outbox):
    """Free text goes through bleach; the attempt waits; the trainer's mark grades it and e-mails the learner."""
    trainer = UserFactory(group="Formateurs")
    essay = make_question("Analysez la situation.", kind=QuestionKind.FREE_TEXT, points=4)
    quiz = make_quiz([make_question(), essay])
    attempt = attempt_start(user=learner, quiz=quiz)
    data = answers_for(attempt, {1: "1 362", 2: '<p onclick="x()">La <script>alert(1)</script><strong>neutralité</strong></p>'})
    attempt = attempt_submit(attempt=attempt, user=learner, data=data)
    answer = attempt.answers.get(position=2)
    assert answer.text == "<p>La alert(1)<strong>neutralité</strong></p>"
    assert attempt.status == AttemptStatus.AWAITING_REVIEW
    assert attempt.percent is None

    with pytest.raises(QuizError, match="entre 0 et 4"):
        answer_review(answer=answer, reviewer=trainer, points=5, comment="")
    answer_review(answer=answer, reviewer=trainer, points=3, comment="Bonne analyse <b>du droit</b>")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.percent == Decimal("80.00")
    assert outbox[-1].to == [learner.email]
    assert "Bonne analyse du droit" in outbox[-1].body


def test_services_graded_attempt_refuses_new_answers(learner, quiz):
    """After grading, a submission or a saved answer is refused and nothing changes."""
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362"}))
    with pytest.raises(AttemptClosed):
        attempt_save_answers(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 296"}))
    assert Answer.objects.get(attempt=attempt, position=1).is_correct is True


def test_services_time_limit_can_be_extended_and_late_answers_are_kept(learner):
    """A time limit can be extended by the learner; answers sent late are still recorded and flagged."""
    from datetime import timedelta

    from django.utils import timezone

    quiz = make_quiz([make_question()], time_limit_minutes=10)
    attempt = attempt_start(user=learner, quiz=quiz)
    first_deadline = attempt.deadline
    attempt = attempt_extend(attempt=attempt, user=learner)
    assert attempt.deadline >= first_deadline + timedelta(minutes=10)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    attempt = attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362"}))
    assert attempt.submitted_late is True
    assert attempt.status == AttemptStatus.GRADED


def test_services_grading_query_count_does_not_grow_with_the_number_of_questions(learner):
    """Submitting a 20-question attempt takes as many queries as a 3-question one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (3, 20):
        quiz = make_quiz([make_question(f"Q{size}-{n}") for n in range(size)], title=f"Quiz {size}")
        attempt = attempt_start(user=learner, quiz=quiz)
        data = answers_for(attempt, {n: "1 362" for n in range(1, size + 1)})
        with CaptureQueriesContext(connection) as queries:
            attempt_submit(attempt=attempt, user=learner, data=data)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_services_submit_after_review_grades_the_kept_answers(learner, quiz):
    """« Vérifier mes réponses » then « Envoyer »: the answers kept at the review step are the ones
    graded, each once, and the grade is the same as answers sent with the submission."""
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save_answers(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362", 2: "Faux", 3: ["L'État"]}))
    attempt = attempt_submit(attempt=attempt, user=learner)
    assert (attempt.score, attempt.percent, attempt.passed) == (Decimal(3), Decimal("75.00"), True)
    answers = list(attempt.answers.order_by("position"))
    assert [(a.position, a.is_correct, a.score) for a in answers] == [
        (1, True, Decimal(1)),
        (2, True, Decimal(1)),
        (3, False, Decimal(1)),
    ]
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.percent == Decimal("75.00")


def test_services_submit_after_review_keeps_an_answer_whose_question_was_deleted(learner, quiz):
    """A question deleted from the bank between the review step and the submission: its answer is
    kept and graded from the frozen question, without the link."""
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_save_answers(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362", 2: "Faux"}))
    link = quiz.quiz_questions.first()
    question = link.question
    link.delete()  # taken out of the quiz, then out of the bank
    question.delete()
    attempt = attempt_submit(attempt=attempt, user=learner)
    first = attempt.answers.get(position=1)
    assert first.question_id is None and first.is_correct is True
    assert attempt.answers.count() == 3 and attempt.score == Decimal(2)


def test_services_submit_without_review_grades_every_question(learner, quiz):
    """Sent without the review step and without answers: every question gets an answer, scored zero."""
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt = attempt_submit(attempt=attempt, user=learner)
    assert attempt.answers.count() == 3
    assert (attempt.score, attempt.percent, attempt.passed) == (Decimal(0), Decimal("0.00"), False)
