from decimal import Decimal

import pytest

from quizzes.grading import attempt_totals, grade_answer


def question(kind, correct_ids, choice_ids=(1, 2, 3, 4), points=2, scoring="all_or_nothing"):
    return {
        "kind": kind,
        "points": points,
        "scoring": scoring,
        "choices": [{"id": i, "correct": i in correct_ids} for i in choice_ids],
    }


@pytest.mark.parametrize(
    "selected, expected",
    [([2], (Decimal(2), True)), ([1], (Decimal(0), False)), ([], (Decimal(0), False))],
)
def test_grading_single_choice_is_right_or_wrong(selected, expected):
    """A single-choice question gives all its points for the right choice, none otherwise."""
    assert grade_answer(question("single", {2}), selected, "") == expected


def test_grading_true_false_works_like_single_choice():
    """Vrai/Faux: the right one scores, the other does not."""
    q = question("true_false", {1}, choice_ids=(1, 2), points=1)
    assert grade_answer(q, [1], "") == (Decimal(1), True)
    assert grade_answer(q, [2], "") == (Decimal(0), False)


@pytest.mark.parametrize(
    "selected, expected",
    [([1, 3], (Decimal(2), True)), ([1], (Decimal(0), False)), ([1, 3, 4], (Decimal(0), False))],
)
def test_grading_multiple_all_or_nothing_needs_exactly_the_right_set(selected, expected):
    """All or nothing: only the exact set of correct choices scores."""
    assert grade_answer(question("multiple", {1, 3}), selected, "") == expected


@pytest.mark.parametrize(
    "selected, score, correct",
    [([1, 3], "2.00", True), ([1], "1.00", False), ([1, 4], "0.00", False), ([1, 3, 4], "1.00", False), ([4], "0.00", False)],
)
def test_grading_multiple_partial_counts_hits_minus_wrong_picks_never_below_zero(selected, score, correct):
    """Partial scoring: each right pick earns a share, each wrong pick takes one back, floor at zero."""
    assert grade_answer(question("multiple", {1, 3}, scoring="partial"), selected, "") == (Decimal(score), correct)


def test_grading_free_text_waits_for_a_trainer():
    """A free-text answer has no automatic score."""
    assert grade_answer({"kind": "free_text", "points": 3, "scoring": "all_or_nothing", "choices": []}, [], "Texte") == (
        None,
        None,
    )


def test_grading_totals_give_percent_and_pass_only_when_everything_is_scored():
    """Totals: percent and pass are known only once every answer has a score."""
    snapshot = [{"points": 2}, {"points": 2}]
    assert attempt_totals(snapshot, [Decimal(2), None], 50) == (Decimal(2), Decimal(4), None, None)
    assert attempt_totals(snapshot, [Decimal(2), Decimal(0)], 50) == (Decimal(2), Decimal(4), Decimal("50.00"), True)
    assert attempt_totals(snapshot, [Decimal(1), Decimal(0)], 50)[3] is False
