"""quiz_question_count: fixed questions plus every random draw, in one query."""

import pytest

from quizzes.selectors import quiz_question_count
from tests.factories.quizzes import make_question, make_quiz

pytestmark = pytest.mark.django_db


def test_selectors_quiz_question_count_adds_fixed_questions_and_draws(django_assert_num_queries):
    """2 fixed questions, draws of 3 and 2 by tag: the learner answers 7, counted in one query."""
    quiz = make_quiz(
        [make_question(), make_question(prompt="Qui signe le contrat de ville ?")], draws=(("laicite", 3), ("gusp", 2))
    )
    with django_assert_num_queries(1):
        assert quiz_question_count(quiz=quiz) == 7


def test_selectors_quiz_question_count_of_an_empty_quiz_is_zero():
    """A quiz without questions nor draws counts 0 (no NULL from the sums)."""
    assert quiz_question_count(quiz=make_quiz([])) == 0


def test_selectors_quiz_question_count_with_draws_only():
    """A quiz made only of draws counts the drawn questions."""
    assert quiz_question_count(quiz=make_quiz([], draws=(("laicite", 4),))) == 4
