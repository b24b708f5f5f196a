"""Concurrent requests on a real database: threads with their own connections."""

import pytest

from quizzes.models import Attempt, AttemptStatus
from quizzes.services import QuizError, attempt_start, attempt_submit
from tests.concurrency import run_together
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrency_two_starts_with_one_attempt_left_open_one_attempt():
    """Two simultaneous « Commencer » with one attempt allowed: one attempt exists, the other request gets it or a message."""
    learner = UserFactory()
    quiz = make_quiz([make_question()], attempts_allowed=1)
    results = run_together(lambda i: attempt_start(user=learner, quiz=quiz), 2)
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 1
    attempt = Attempt.objects.get()
    for result in results:
        assert (isinstance(result, Attempt) and result.pk == attempt.pk) or (isinstance(result, QuizError)), result


def test_concurrency_second_start_after_submission_is_refused_when_no_attempt_is_left():
    """With one attempt allowed and already used, concurrent starts all get the French refusal."""
    learner = UserFactory()
    quiz = make_quiz([make_question()], attempts_allowed=1)
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(attempt=attempt, user=learner, data={})
    results = run_together(lambda i: attempt_start(user=learner, quiz=quiz), 3)
    assert all(isinstance(result, QuizError) and "toutes les tentatives" in result.message for result in results), results
    assert Attempt.objects.count() == 1


def test_concurrency_simultaneous_submissions_record_one_graded_attempt():
    """Five simultaneous submissions of one attempt: one is recorded, the others are told it was already sent."""
    learner = UserFactory()
    quiz = make_quiz([make_question()])
    attempt = attempt_start(user=learner, quiz=quiz)
    data = answers_for(attempt, {1: "1 362"})
    results = run_together(lambda i: attempt_submit(attempt=attempt, user=learner, data=data), 5)
    submitted = [r for r in results if isinstance(r, Attempt)]
    refused = [r for r in results if isinstance(r, QuizError)]
    assert len(submitted) == 1, results
    assert len(refused) == 4
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.answers.count() == 1
