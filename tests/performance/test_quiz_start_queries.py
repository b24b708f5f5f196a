"""Starting a quiz (the POST that opens an attempt) stays within 10 queries, whatever the number of
questions, random draws or earlier attempts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Attempt
from quizzes.services import attempt_start, attempt_submit
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def start_queries(client, quiz) -> int:
    url = reverse("quizzes:start", args=[quiz.public_id])
    client.get("/")  # the session and the site are warm, as for a learner who just read the quiz page
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url)
    assert response.status_code == 302
    return len(queries)


@pytest.mark.parametrize("questions,past_attempts", [(2, 0), (20, 5)])
def test_quiz_start_within_budget_and_flat(client, questions, past_attempts):
    learner = UserFactory()
    quiz = make_quiz([make_question() for _ in range(questions)], title=f"Quiz de {questions} questions")
    for _ in range(past_attempts):
        attempt = attempt_start(user=learner, quiz=quiz)
        attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362"}))
    client.force_login(learner)
    count = start_queries(client, quiz)
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == past_attempts + 1
    assert count <= MAX_QUERIES, count
