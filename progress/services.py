"""Everything that writes learner progress. Views, hooks, signal handlers and tasks call these.

Each service is safe to call twice (double click, retried request or task) and under concurrency:
unique constraints back every "once", rows are created with get_or_create, and "first time only"
changes are conditional UPDATEs (`…filter(x__isnull=True).update(…)`), which only one caller wins.

Completion checks are local: after a lesson or a quiz, only the module concerned and the courses of
this learner that contain it are checked again — never every course of every learner.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from core.content_cache import cached_content
from core.mail import send_templated_mail
from core.urls import absolute_url
from courses.models import CourseModule, CoursePage, LessonPage, ModulePage
from courses.selectors import courses_holding_lesson, courses_holding_module, live_courses
from quizzes.models import Attempt, AttemptStatus, Quiz

from . import signals
from .learner_rows import lesson_progress_of, module_rows
from .models import (
    AccompanimentEntry,
    ActivitySession,
    Attestation,
    CourseCompletion,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
)

logger = logging.getLogger(__name__)

REMINDER_AFTER = timedelta(days=14)
# How precise « dernière visite » is: the dashboard needs no better, and a revisit within it writes nothing.
VISIT_PRECISION = timedelta(minutes=5)


class ProgressError(Exception):
    """A refusal with a French message meant for the learner."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _module_path(lesson: LessonPage) -> str:
    return lesson.path[: -LessonPage.steplen]


# --- Enrolment -------------------------------------------------------------------------------------


def enrolment_create(*, user, course: CoursePage, now: datetime | None = None) -> tuple[Enrolment, bool]:
    """Enrol the learner in a live course (once); the welcome e-mail leaves after the commit."""
    if not course.live:
        raise ProgressError("Ce parcours n'est pas publié.")
    now = now or timezone.now()
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                user=user, course=course, defaults={"enrolled_at": now, "last_activity_at": now}
            )
    except IntegrityError:  # a simultaneous request created it first
        enrolment, created = Enrolment.objects.get(user=user, course=course), False
    if created:
        from .tasks import send_welcome

        transaction.on_commit(lambda: send_welcome.delay(enrolment.pk))
        transaction.on_commit(lambda: signals.enrolled.send(sender=Enrolment, enrolment=enrolment))
    return enrolment, created


def enrolment_send_welcome(*, enrolment_id: int) -> bool:
    """Send the welcome e-mail of an enrolment, at most once."""
    now = timezone.now()
    if not Enrolment.objects.filter(pk=enrolment_id, welcome_sent_at__isnull=True).update(welcome_sent_at=now):
        return False
    enrolment = Enrolment.objects.select_related("user", "course").get(pk=enrolment_id)
    context = {
        "user": enrolment.user,
        "course": enrolment.course,
        "course_url": absolute_url(enrolment.course.url or ""),
        "dashboard_url": absolute_url(reverse("progress:dashboard")),
    }
    send_templated_mail(
        to=enrolment.user.email,
        subject=f"Bienvenue dans le parcours « {enrolment.course.title} »",
        template="progress/email/welcome.txt",
        context=context,
    )
    return True


def _touch_enrolments(*, user, course_ids, now: datetime, skip_locked=False) -> None:
    """Move the reminder clock of the learner's enrolments in these courses (one UPDATE on the
    learner's own rows; the courses come from the content cache, not from a join at each write); with
    `skip_locked` (inside a transaction), rows another transaction holds are left for the next time."""
    course_ids = list(course_ids)
    if not course_ids:
        return
    enrolments = Enrolment.objects.filter(user=user, course_id__in=course_ids)
    if skip_locked:
        unlocked = enrolments.select_for_update(skip_locked=True)
        enrolments = Enrolment.objects.filter(pk__in=unlocked.values("pk"))
    enrolments.update(last_activity_at=now)


def enrolment_send_reminders(*, now: datetime | None = None) -> int:
    """Remind learners of a started, unfinished course after 14 days without progress — once per enrolment."""
    now = now or timezone.now()
    due = (
        Enrolment.objects.filter(
            reminder_sent_at__isnull=True,
            last_activity_at__lte=now - REMINDER_AFTER,
            user__reminders_enabled=True,
            user__is_active=True,
            course__live=True,
        )
        .exclude(Exists(CourseCompletion.objects.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id"))))
        .select_related("user", "course")
    )
    sent = 0
    for enrolment in due.iterator():
        # Claim the reminder first: a second beat run or worker finds nothing left to send.
        if not Enrolment.objects.filter(pk=enrolment.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
            continue
        resume = next_lesson_for(user=enrolment.user, course=enrolment.course)
        context = {
            "user": enrolment.user,
            "course": enrolment.course,
            "resume_url": absolute_url(resume) if resume else absolute_url(enrolment.course.url or ""),
            "dashboard_url": absolute_url(reverse("progress:dashboard")),
            "account_url": absolute_url(reverse("accounts:profile")),
        }
        send_templated_mail(
            to=enrolment.user.email,
            subject=f"Reprenez le parcours « {enrolment.course.title} »",
            template="progress/email/reminder.txt",
            context=context,
        )
        AccompanimentEntry.objects.create(
            learner=enrolment.user,
            course=enrolment.course,
            kind=AccompanimentEntry.Kind.REMINDER_AUTO,
            occurred_at=now,
            summary=f"Rappel automatique par e-mail après {REMINDER_AFTER.days} jours sans progression",
            source_key=f"reminder:{enrolment.pk}",
        )
        sent += 1
    return sent


def next_lesson_for(*, user, course: CoursePage) -> str | None:
    """URL (in course context) of the first lesson of the course the learner has not completed."""
    from .selectors import course_progress_for_user

    progress = course_progress_for_user(user=user, course=course)
    return progress.resume_url


# --- Lessons -----------------------------------------------------------------------------------------


def lesson_visit(*, user, lesson: LessonPage, now: datetime | None = None) -> LessonProgress:
    """Record that the learner opened the lesson: first and last visit.

    « Dernière visite » is kept to VISIT_PRECISION: a revisit within it writes nothing, so a learner
    going back and forth costs one read. The write never waits on a row lock another transaction holds
    (a completion of the same lesson, say): it is skipped instead, the next visit records it."""
    now = now or timezone.now()
    # A lesson seen before (the usual case) costs a read, and an update at most every VISIT_PRECISION,
    # without the savepoint of get_or_create; a first visit, or a concurrent one, takes get_or_create.
    progress = lesson_progress_of(user=user, lesson=lesson)
    created = False
    if progress is None:
        try:
            with transaction.atomic():
                progress, created = LessonProgress.objects.get_or_create(
                    user=user, lesson=lesson, defaults={"first_visit_at": now, "last_visit_at": now}
                )
        except IntegrityError:
            progress, created = LessonProgress.objects.get(user=user, lesson=lesson), False
    elif progress.last_visit_at and now - progress.last_visit_at < VISIT_PRECISION:
        return progress
    if created:
        transaction.on_commit(lambda: signals.lesson_opened.send(sender=LessonProgress, progress=progress, lesson=lesson))
    with transaction.atomic():
        if not created:
            unlocked = LessonProgress.objects.filter(pk=progress.pk).select_for_update(skip_locked=True)
            LessonProgress.objects.filter(pk__in=unlocked.values("pk")).update(last_visit_at=now)
            progress.last_visit_at = now
        _touch_enrolments(user=user, course_ids=courses_holding_lesson(lesson), now=now, skip_locked=True)
        # The fallback of the time on task when JavaScript is off: the page views themselves, on this
        # write path only, so the heartbeat adds no write per page view.
        activity_page_view(user=user, lesson=lesson, now=now)
    return progress


# --- Time on task ------------------------------------------------------------------------------------

# Page views and beats of one lesson less than this apart belong to the same activity session.
SESSION_GAP = timedelta(minutes=30)
# A beat carries at most this many active seconds: the client's idle cut-off (5 minutes) plus one beat
# interval, with room to spare. More is not a measurement, it is refused.
MAX_BEAT_SECONDS = 900
# Clocks and network: a beat may arrive a little after the time it measured.
WALL_CLOCK_SLACK = timedelta(seconds=5)


def _open_session(*, user, lesson: LessonPage, now: datetime, lock: bool = False) -> ActivitySession | None:
    sessions = ActivitySession.objects.select_for_update() if lock else ActivitySession.objects
    return sessions.filter(user=user, lesson=lesson, ended_at__gte=now - SESSION_GAP).order_by("-ended_at").first()


def activity_page_view(*, user, lesson: LessonPage, now: datetime | None = None) -> ActivitySession:
    """A page view of the lesson: extend the learner's current session of it, or start one (no active
    time: only the heartbeat measures it)."""
    now = now or timezone.now()
    session = _open_session(user=user, lesson=lesson, now=now)
    if session is None:
        return ActivitySession.objects.create(user=user, lesson=lesson, started_at=now, ended_at=now)
    if now > session.ended_at:
        ActivitySession.objects.filter(pk=session.pk, ended_at__lt=now).update(ended_at=now)
        session.ended_at = now
    return session


def parse_active_seconds(raw) -> float:
    """The `active_seconds` of a beat, or a ProgressError with the French message the endpoint returns."""
    try:
        value = float(str(raw).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise ProgressError("Mesure d'activité illisible : un nombre de secondes est attendu.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ProgressError("Mesure d'activité illisible : un nombre de secondes est attendu.")
    if value <= 0 or value > MAX_BEAT_SECONDS:
        raise ProgressError(
            f"Mesure d'activité refusée : le temps actif doit être compris entre 0 et {MAX_BEAT_SECONDS} secondes."
        )
    return value


@transaction.atomic
def activity_record_beat(*, user, lesson: LessonPage, active_seconds: float, now: datetime | None = None) -> ActivitySession:
    """Add the active seconds a beat measured to the learner's current session of the lesson.

    Capped by the wall clock: a session never holds more active time than the time between its start
    and now, whatever the client sends (two tabs of the same lesson count once)."""
    if not lesson.live:
        raise ProgressError("Cette leçon n'est pas publiée.")
    now = now or timezone.now()
    # Read under lock at once (one query): two beats of the same lesson add up, never overwrite.
    session = _open_session(user=user, lesson=lesson, now=now, lock=True)
    if session is None:
        start = now - timedelta(seconds=active_seconds)
        return ActivitySession.objects.create(
            user=user,
            lesson=lesson,
            started_at=start,
            ended_at=now,
            active_seconds=active_seconds,
            source=ActivitySession.Source.HEARTBEAT,
        )
    ceiling = (now - session.started_at + WALL_CLOCK_SLACK).total_seconds()
    session.active_seconds = round(min(session.active_seconds + active_seconds, ceiling), 3)
    session.ended_at = max(session.ended_at, now)
    session.source = ActivitySession.Source.HEARTBEAT
    session.save(update_fields=["active_seconds", "ended_at", "source"])
    return session


def lesson_complete(*, user, lesson: LessonPage, now: datetime | None = None) -> LessonProgress:
    """Mark the lesson as completed (once), then check its module and the learner's courses containing it."""
    if not lesson.live:
        raise ProgressError("Cette leçon n'est pas publiée.")
    now = now or timezone.now()
    progress = lesson_visit(user=user, lesson=lesson, now=now)
    if LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(completed_at=now):
        progress.completed_at = now
        # A completion is progress: it moves the reminder clock even within the visit precision.
        _touch_enrolments(user=user, course_ids=courses_holding_lesson(lesson), now=now)
        transaction.on_commit(lambda: signals.lesson_completed.send(sender=LessonProgress, progress=progress, lesson=lesson))
        module = ModulePage.objects.filter(path=_module_path(lesson)).defer_streamfields().first()
        if module is not None:
            module_refresh_completion(user=user, module=module, now=now)
    else:
        progress.refresh_from_db(fields=["completed_at"])
    return progress


# --- Modules and courses -------------------------------------------------------------------------


def _quiz_passed(*, user, quiz_id: int | None) -> bool:
    """No live quiz: nothing to pass. Otherwise the counted attempt (best or last) must be a pass."""
    if not quiz_id:
        return True
    quiz = Quiz.objects.filter(pk=quiz_id).only("id", "live", "grading_method").first()
    if quiz is None or not quiz.live:
        return True
    from quizzes.selectors import quiz_status_for_user

    return quiz_status_for_user(user=user, quiz=quiz).passed


def module_refresh_completion(*, user, module: ModulePage, now: datetime | None = None) -> bool:
    """Record the module as completed when all its live lessons are done and its quiz is passed."""
    now = now or timezone.now()
    # Which courses hold the module is content (content cache); whether the learner has completed
    # it, follows those courses and has completed them, one read (learner_rows).
    rows = module_rows(user=user, module_id=module.pk, course_ids=courses_holding_module(module.path))
    if not rows.module_done:
        lesson_ids = list(LessonPage.objects.child_of(module).live().values_list("pk", flat=True))
        done = LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids, completed_at__isnull=False).count()
        if done < len(lesson_ids) or not _quiz_passed(user=user, quiz_id=module.quiz_id):
            return False
        try:
            with transaction.atomic():
                ModuleCompletion.objects.get_or_create(user=user, module=module, defaults={"completed_at": now})
        except IntegrityError:
            pass
    # The courses already completed are left out (their completion stays as it is).
    courses = live_courses(sorted(rows.courses_followed - rows.courses_completed))
    for course_id in sorted(courses):
        course_refresh_completion(user=user, course=courses[course_id], now=now)
    return True


def course_refresh_completion(*, user, course: CoursePage, now: datetime | None = None) -> CourseCompletion | None:
    """Record the course as completed (once) when all its current modules are and its final quiz is passed.

    The first completion queues the attestation and the congratulation e-mail, after the commit."""
    now = now or timezone.now()
    existing = CourseCompletion.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    module_ids = set(CourseModule.objects.filter(page=course, module__live=True).values_list("module_id", flat=True))
    if not module_ids:
        return None
    done = ModuleCompletion.objects.filter(user=user, module_id__in=module_ids).count()
    if done < len(module_ids) or not _quiz_passed(user=user, quiz_id=course.final_quiz_id):
        return None
    try:
        with transaction.atomic():
            completion, created = CourseCompletion.objects.get_or_create(
                user=user,
                course=course,
                defaults={
                    "completed_at": now,
                    "course_revision_id": course.live_revision_id,
                    "course_version": _course_version(course),
                },
            )
    except IntegrityError:
        return CourseCompletion.objects.get(user=user, course=course)
    if created:
        from .tasks import complete_course

        transaction.on_commit(lambda: complete_course.delay(completion.pk))
        transaction.on_commit(lambda: signals.course_completed.send(sender=CourseCompletion, completion=completion))
    return completion


def _course_version(course: CoursePage) -> str:
    published = course.last_published_at or course.first_published_at
    return f"version du {timezone.localtime(published):%d/%m/%Y}" if published else ""


def quiz_graded(*, attempt: Attempt) -> None:
    """A quiz attempt was graded: check the modules that end with this quiz and the courses it closes."""
    if attempt.status != AttemptStatus.GRADED:
        return
    user, now = attempt.user, attempt.graded_at or timezone.now()
    # Which modules end with the quiz and which courses it closes is content: from the content cache.
    modules, final_of = cached_content(f"quiz-places:{attempt.quiz_id}", lambda: _quiz_places(attempt.quiz_id))
    for module in modules:
        _touch_enrolments(user=user, course_ids=courses_holding_module(module.path), now=now)
        if attempt.passed:
            module_refresh_completion(user=user, module=module, now=now)
    if not final_of:
        return
    courses = list(CoursePage.objects.live().filter(pk__in=final_of, enrolments__user=user).distinct())
    if courses:
        _touch_enrolments(user=user, course_ids=[course.pk for course in courses], now=now)
    if attempt.passed:
        for course in courses:
            course_refresh_completion(user=user, course=course, now=now)


def _quiz_places(quiz_id: int) -> tuple[list[ModulePage], list[int]]:
    """(the modules that end with the quiz, the ids of the courses whose final quiz it is)."""
    modules = list(ModulePage.objects.filter(quiz_id=quiz_id).defer_streamfields())
    return modules, list(CoursePage.objects.filter(final_quiz_id=quiz_id).values_list("pk", flat=True))


def course_completion_notify(*, completion_id: int) -> bool:
    """Congratulate the learner with the attestation link, at most once."""
    now = timezone.now()
    if not CourseCompletion.objects.filter(pk=completion_id, notified_at__isnull=True).update(notified_at=now):
        return False
    completion = CourseCompletion.objects.select_related("user", "course", "attestation").get(pk=completion_id)
    attestation = getattr(completion, "attestation", None)
    context = {
        "user": completion.user,
        "course": completion.course,
        "attestation": attestation,
        "download_url": absolute_url(reverse("progress:attestation_pdf", args=[attestation.identifier])) if attestation else "",
        "verify_url": absolute_url(reverse("progress:verify", args=[attestation.identifier])) if attestation else "",
        "dashboard_url": absolute_url(reverse("progress:dashboard")),
    }
    send_templated_mail(
        to=completion.user.email,
        subject=f"Parcours terminé : « {completion.course.title} »",
        template="progress/email/course_completed.txt",
        context=context,
    )
    return True


# --- Attestations ----------------------------------------------------------------------------------


def attestation_issue(*, completion: CourseCompletion, now: datetime | None = None) -> Attestation:
    """Issue the attestation of a course completion: one row per completion, its PDF made once."""
    from .attestations import attestation_data, render_attestation_pdf

    now = now or timezone.now()
    attestation = Attestation.objects.filter(completion=completion).first()
    if attestation is None:
        try:
            with transaction.atomic():
                attestation, created = Attestation.objects.get_or_create(
                    completion=completion,
                    defaults={"user_id": completion.user_id, "issued_at": now, "data": attestation_data(completion=completion)},
                )
            if created:
                issued = attestation
                transaction.on_commit(lambda: signals.attestation_issued.send(sender=Attestation, attestation=issued))
        except IntegrityError:
            attestation = Attestation.objects.get(completion=completion)
    if not attestation.pdf:
        # A task that failed after creating the row is retried: it only makes the missing PDF.
        pdf = render_attestation_pdf(attestation=attestation)
        filename = f"attestation-{attestation.identifier}.pdf"
        # A run killed between writing the file and recording it left a file no row names: replace it
        # rather than write a second copy beside it.
        attestation.pdf.storage.delete(attestation.pdf.field.generate_filename(attestation, filename))
        attestation.pdf.save(filename, ContentFile(pdf), save=False)
        Attestation.objects.filter(pk=attestation.pk).update(pdf=attestation.pdf.name)
    return attestation


def attestation_revoke(*, attestation: Attestation, by, reason: str, now: datetime | None = None) -> Attestation:
    """Revoke an attestation with a reason (kept internal: the public page only says when)."""
    reason = (reason or "").strip()
    if not reason:
        raise ProgressError("Indiquez le motif de la révocation.")
    now = now or timezone.now()
    Attestation.objects.filter(pk=attestation.pk, revoked_at__isnull=True).update(
        revoked_at=now, revocation_reason=reason[:2000], revoked_by=by
    )
    attestation.refresh_from_db()
    return attestation
