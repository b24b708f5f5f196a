"""Signal handlers: thin, they call a service."""

from .services import quiz_graded


def on_attempt_graded(sender, attempt, **kwargs):
    quiz_graded(attempt=attempt)
