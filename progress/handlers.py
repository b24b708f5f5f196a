"""Signal handlers: thin, they call a service."""

from .proof import accompaniment_record_review
from .services import quiz_graded


def on_attempt_graded(sender, attempt, **kwargs):
    quiz_graded(attempt=attempt)


def on_answer_reviewed(sender, answer, attempt, reviewer, **kwargs):
    accompaniment_record_review(answer=answer, attempt=attempt, reviewer=reviewer)
