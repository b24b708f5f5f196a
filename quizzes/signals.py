"""Hooks other apps listen to. quizzes never imports them: progress connects in its AppConfig.ready()."""

from django.dispatch import Signal

# Sent once an attempt is GRADED (at submission, or when a trainer marks its last free-text answer),
# after the transaction that graded it has committed. Arguments: attempt.
attempt_graded = Signal()

# Sent when a trainer has marked (and perhaps commented) a free-text answer, after the commit.
# Arguments: answer, attempt, reviewer. progress records it in the accompaniment log.
answer_reviewed = Signal()

# Sent after every submission, graded or waiting for a trainer's review. Arguments: attempt.
# reports rebuilds the course summaries of the learner from it.
attempt_submitted = Signal()
