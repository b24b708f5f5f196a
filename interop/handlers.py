"""Signal handlers: the lower apps send their events; each handler queues the event's statements.

Thin: nothing happens while xAPI is off (XAPI_LRS_URL empty)."""

from progress import signals as progress_signals
from quizzes.signals import attempt_graded
from webinars import signals as webinar_signals

from . import statements
from .xapi import enabled, queue_sending, record


def _queue(built: list[dict], user) -> None:
    recorded = [record(statement=statement, user=user, verb=statement["verb"]["id"].rsplit("/", 1)[-1]) for statement in built]
    if any(recorded):
        queue_sending()


def on_enrolled(sender, enrolment, **kwargs):
    if enabled():
        _queue(statements.enrolled(enrolment), enrolment.user)


def on_lesson_opened(sender, progress, **kwargs):
    if enabled():
        _queue(statements.lesson_opened(progress), progress.user)


def on_lesson_completed(sender, progress, **kwargs):
    if enabled():
        _queue(statements.lesson_completed(progress), progress.user)


def on_attempt_graded(sender, attempt, **kwargs):
    if enabled():
        _queue(statements.attempt_graded(attempt), attempt.user)


def on_course_completed(sender, completion, **kwargs):
    if enabled():
        _queue(statements.course_completed(completion), completion.user)


def on_attestation_issued(sender, attestation, **kwargs):
    if enabled():
        _queue(statements.attestation_issued(attestation), attestation.user)


def on_attendance_recorded(sender, attendance, **kwargs):
    if enabled():
        _queue(statements.webinar_attended(attendance), attendance.user)


def connect() -> None:
    for signal, handler in (
        (progress_signals.enrolled, on_enrolled),
        (progress_signals.lesson_opened, on_lesson_opened),
        (progress_signals.lesson_completed, on_lesson_completed),
        (attempt_graded, on_attempt_graded),
        (progress_signals.course_completed, on_course_completed),
        (progress_signals.attestation_issued, on_attestation_issued),
        (webinar_signals.attendance_recorded, on_attendance_recorded),
    ):
        signal.connect(handler, dispatch_uid=f"interop.{handler.__name__}")
