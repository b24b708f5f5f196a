"""What the course summaries (summaries.py) listen to: the lower apps' signals, sent after their commit.
Connected in ReportsConfig.ready(); progress, quizzes and webinars never import reports."""

from wagtail.signals import page_published

from courses.models import CoursePage
from courses.selectors import courses_holding_lesson, courses_holding_quiz
from progress import signals as progress_signals
from quizzes import signals as quiz_signals
from quizzes.models import AttemptStatus

from . import summaries


def _enrolled(sender, enrolment, **kwargs):
    summaries.refresh_later(course_ids=[enrolment.course_id])


def _course_completed(sender, completion, **kwargs):
    summaries.refresh_later(course_ids=[completion.course_id])


def _lesson(sender, progress, lesson, **kwargs):
    # The courses that hold the lesson's module (content cache), not every course the learner follows:
    # no query at each lesson opened or completed.
    summaries.refresh_later(course_ids=courses_holding_lesson(lesson))


def _attempt(sender, attempt, **kwargs):
    summaries.refresh_later(course_ids=courses_holding_quiz(attempt.quiz_id))


def _attempt_submitted(sender, attempt, **kwargs):
    # An attempt graded on submission also sends attempt_graded right after: one refresh is enough.
    if attempt.status != AttemptStatus.GRADED:
        _attempt(sender, attempt)


def _course_published(sender, instance, **kwargs):
    summaries.refresh_on_publication(course_id=instance.pk)


def connect() -> None:
    progress_signals.enrolled.connect(_enrolled, dispatch_uid="reports.summaries.enrolled")
    progress_signals.course_completed.connect(_course_completed, dispatch_uid="reports.summaries.course_completed")
    progress_signals.lesson_opened.connect(_lesson, dispatch_uid="reports.summaries.lesson_opened")
    progress_signals.lesson_completed.connect(_lesson, dispatch_uid="reports.summaries.lesson_completed")
    quiz_signals.attempt_submitted.connect(_attempt_submitted, dispatch_uid="reports.summaries.attempt_submitted")
    quiz_signals.attempt_graded.connect(_attempt, dispatch_uid="reports.summaries.attempt_graded")
    quiz_signals.answer_reviewed.connect(_attempt, dispatch_uid="reports.summaries.answer_reviewed")
    page_published.connect(_course_published, sender=CoursePage, dispatch_uid="reports.summaries.course_published")
