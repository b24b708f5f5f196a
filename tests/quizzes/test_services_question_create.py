"""A question and its choices are created together, or not at all."""

import pytest
from django.db import DatabaseError

from quizzes.models import Choice, Question, QuestionKind
from quizzes.services import question_create_with_choices


@pytest.mark.django_db
def test_services_question_create_with_choices_writes_both():
    """The question and its choices, in the given order, the right one marked."""
    question = question_create_with_choices(
        question=Question(prompt="Combien de QPV en France (2024) ?", kind=QuestionKind.SINGLE),
        choices=[("1 362", False), ("1 609", True)],
    )
    assert [(c.text, c.is_correct) for c in question.choices.order_by("sort_order")] == [("1 362", False), ("1 609", True)]


@pytest.mark.django_db(transaction=True)
def test_services_question_create_with_choices_leaves_nothing_when_choices_fail(monkeypatch):
    """If the choices cannot be written, the question is not left behind without them."""

    def broken(*args, **kwargs):
        raise DatabaseError("disque plein")

    monkeypatch.setattr(Choice.objects, "bulk_create", broken)
    with pytest.raises(DatabaseError):
        question_create_with_choices(
            question=Question(prompt="Question orpheline ?", kind=QuestionKind.SINGLE), choices=[("Oui", True)]
        )
    assert not Question.objects.filter(prompt="Question orpheline ?").exists()
