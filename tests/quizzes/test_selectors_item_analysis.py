"""Item analysis of a quiz: success rate per question, most chosen wrong answer, questions nobody gets right."""

import pytest

from quizzes.models import Answer
from quizzes.selectors import quiz_item_analysis
from quizzes.services import attempt_start, attempt_submit
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz

pytestmark = pytest.mark.django_db


def _answer(user, quiz, picks):
    attempt = attempt_start(user=user, quiz=quiz)
    return attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, picks))


@pytest.fixture
def quiz():
    easy = make_question(prompt="Facile", choices=(("Oui", True), ("Non", False), ("Peut-être", False)))
    hard = make_question(prompt="Difficile", choices=(("A", False), ("B", True), ("C", False)))
    return make_quiz([easy, hard])


def test_selectors_item_analysis_against_hand_computed_figures(quiz, django_assert_max_num_queries):
    """3 learners: « Facile » 2/3 right (wrong: Non), « Difficile » 0/3 (C twice, A once): nobody right."""
    learners = [UserFactory() for _ in range(3)]
    _answer(learners[0], quiz, {1: "Oui", 2: "C"})
    _answer(learners[1], quiz, {1: "Oui", 2: "C"})
    _answer(learners[2], quiz, {1: "Non", 2: "A"})
    with django_assert_max_num_queries(4):
        rows = quiz_item_analysis(quiz=quiz)
    by_prompt = {row["question"].prompt: row for row in rows}
    assert [row["question"].prompt for row in rows] == ["Difficile", "Facile"]
    assert by_prompt["Difficile"]["success_rate"] == 0 and by_prompt["Difficile"]["nobody_right"] is True
    assert by_prompt["Difficile"]["most_chosen_wrong"] == {"text": "C", "times": 2}
    assert (by_prompt["Facile"]["answers"], by_prompt["Facile"]["correct"], by_prompt["Facile"]["success_rate"]) == (3, 2, 67)
    assert by_prompt["Facile"]["most_chosen_wrong"] == {"text": "Non", "times": 1}
    assert by_prompt["Facile"]["nobody_right"] is False


def test_selectors_item_analysis_limited_to_given_learners(quiz):
    """With `users`, only those learners' answers count."""
    mine, other = UserFactory(), UserFactory()
    _answer(mine, quiz, {1: "Oui", 2: "B"})
    _answer(other, quiz, {1: "Non", 2: "A"})
    rows = quiz_item_analysis(quiz=quiz, users=type(mine).objects.filter(pk=mine.pk))
    assert {row["question"].prompt: row["success_rate"] for row in rows} == {"Facile": 100, "Difficile": 100}
    assert Answer.objects.count() == 4


def test_selectors_item_analysis_query_count_does_not_grow_with_learners(quiz, django_assert_max_num_queries):
    """The same number of queries for 2 and for 12 learners."""
    for count in (2, 12):
        for _ in range(count - (2 if count == 12 else 0)):
            _answer(UserFactory(), quiz, {1: "Non", 2: "C"})
        with django_assert_max_num_queries(4):
            rows = quiz_item_analysis(quiz=quiz)
        assert rows[0]["answers"] == count
