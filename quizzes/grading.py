"""Pure grading rules: a question as frozen in an attempt snapshot, and what the learner gave."""

from decimal import ROUND_HALF_UP, Decimal

from .models import QuestionKind, Scoring

TWO_PLACES = Decimal("0.01")


def grade_answer(question: dict, selected: list[int], text: str) -> tuple[Decimal | None, bool | None]:
    """(score, is_correct) for one answer; (None, None) when a trainer must mark it."""
    points = Decimal(question["points"])
    if question["kind"] == QuestionKind.FREE_TEXT:
        return None, None
    correct = {choice["id"] for choice in question["choices"] if choice["correct"]}
    chosen = set(selected)
    if question["kind"] == QuestionKind.MULTIPLE and question["scoring"] == Scoring.PARTIAL:
        hits = len(chosen & correct)
        wrong = len(chosen - correct)
        ratio = max(Decimal(0), Decimal(hits - wrong) / Decimal(len(correct) or 1))
        score = (points * ratio).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        return score, chosen == correct
    is_correct = chosen == correct
    return (points if is_correct else Decimal(0)), is_correct


def attempt_totals(snapshot: list[dict], scores: list[Decimal | None], pass_mark: int):
    """(score, max_score, percent, passed); percent and passed are None while a score is missing."""
    max_score = sum((Decimal(question["points"]) for question in snapshot), Decimal(0))
    known = [score for score in scores if score is not None]
    score = sum(known, Decimal(0))
    if len(known) < len(snapshot):
        return score, max_score, None, None
    percent = (score * 100 / max_score).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if max_score else Decimal(0)
    return score, max_score, percent, percent >= pass_mark
