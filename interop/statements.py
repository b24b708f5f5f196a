"""The statement of each learning event, built from the row that records it: the live hooks
(interop.handlers) and the replay of history (manage.py xapi_replay) call the same functions, so a
replayed statement is identical to the one sent at the time and the LRS keeps one."""

from __future__ import annotations

from decimal import Decimal

from courses.models import ModulePage
from progress.models import Attestation, CourseCompletion, Enrolment, LessonProgress
from quizzes.models import Attempt, AttemptStatus
from webinars.models import Attendance

from .xapi import activity, build


def _number(value) -> float:
    return float(Decimal(value).quantize(Decimal("0.01")))


def enrolled(enrolment: Enrolment) -> list[dict]:
    course = enrolment.course
    return [
        build(
            event=f"enrolled/{enrolment.pk}",
            user=enrolment.user,
            verb="registered",
            obj=activity("cours", course.pk, course.title),
            when=enrolment.enrolled_at,
        )
    ]


def _module_of(lesson) -> dict | None:
    module = ModulePage.objects.filter(path=lesson.path[: -lesson.steplen]).only("pk", "title").first()
    return activity("modules", module.pk, module.title) if module else None


def lesson_opened(progress: LessonProgress) -> list[dict]:
    lesson = progress.lesson
    return [
        build(
            event=f"lesson-opened/{progress.pk}",
            user=progress.user,
            verb="experienced",
            obj=activity("lecons", lesson.pk, lesson.title),
            when=progress.first_visit_at,
            parents=[_module_of(lesson)],
        )
    ]


def lesson_completed(progress: LessonProgress) -> list[dict]:
    if progress.completed_at is None:
        return []
    lesson = progress.lesson
    return [
        build(
            event=f"lesson-completed/{progress.pk}",
            user=progress.user,
            verb="completed",
            obj=activity("lecons", lesson.pk, lesson.title),
            when=progress.completed_at,
            result={"completion": True},
            parents=[_module_of(lesson)],
        )
    ]


def attempt_graded(attempt: Attempt) -> list[dict]:
    """One « answered » per question (success and score, never the text of the answer), then
    « passed » or « failed » for the quiz."""
    if attempt.status != AttemptStatus.GRADED or attempt.passed is None:
        return []
    quiz = activity("quiz", attempt.quiz.public_id, attempt.quiz.title)
    questions = {question["position"]: question for question in attempt.snapshot}
    statements = []
    for answer in attempt.answers.order_by("position"):
        question = questions.get(answer.position, {})
        result = {"completion": True}
        if answer.is_correct is not None:
            result["success"] = bool(answer.is_correct)
        if answer.score is not None and question.get("points"):
            result["score"] = {"raw": _number(answer.score), "min": 0, "max": _number(question["points"])}
        key = question.get("question_id") or f"{attempt.quiz_id}-{answer.position}"
        statements.append(
            build(
                event=f"answered/{attempt.pk}/{answer.position}",
                user=attempt.user,
                verb="answered",
                obj=activity("questions", key, (question.get("prompt") or "")[:250]),
                when=attempt.graded_at or attempt.submitted_at,
                result=result,
                parents=[quiz],
            )
        )
    score = {"raw": _number(attempt.score or 0), "min": 0, "max": _number(attempt.max_score or 0)}
    if attempt.percent is not None:
        score["scaled"] = _number(Decimal(attempt.percent) / 100)
    statements.append(
        build(
            event=f"quiz/{attempt.pk}",
            user=attempt.user,
            verb="passed" if attempt.passed else "failed",
            obj=quiz,
            when=attempt.graded_at or attempt.submitted_at,
            result={"success": bool(attempt.passed), "completion": True, "score": score},
        )
    )
    return statements


def course_completed(completion: CourseCompletion) -> list[dict]:
    course = completion.course
    return [
        build(
            event=f"course-completed/{completion.pk}",
            user=completion.user,
            verb="completed",
            obj=activity("cours", course.pk, course.title),
            when=completion.completed_at,
            result={"completion": True},
        )
    ]


def attestation_issued(attestation: Attestation) -> list[dict]:
    course = attestation.completion.course
    return [
        build(
            event=f"attestation/{attestation.pk}",
            user=attestation.user,
            verb="received",
            obj=activity("attestations", attestation.pk, f"Attestation de suivi et de réussite — {course.title}"),
            when=attestation.issued_at,
            parents=[activity("cours", course.pk, course.title)],
        )
    ]


def webinar_attended(attendance: Attendance) -> list[dict]:
    """Only an attendance that counts (the session's minimum minutes)."""
    if not attendance.counts:
        return []
    webinar = attendance.webinar
    return [
        build(
            event=f"attended/{attendance.pk}",
            user=attendance.user,
            verb="attended",
            obj=activity("webinaires", webinar.pk, webinar.title),
            when=webinar.end,
            result={"duration": f"PT{int(attendance.minutes)}M"},
        )
    ]


def history():
    """(user, verb, statement) for every past event, oldest kinds first: what a new LRS should hold."""
    sources = [
        (Enrolment.objects.select_related("user", "course"), enrolled),
        (LessonProgress.objects.select_related("user", "lesson"), lesson_opened),
        (LessonProgress.objects.filter(completed_at__isnull=False).select_related("user", "lesson"), lesson_completed),
        (Attempt.objects.filter(status=AttemptStatus.GRADED).select_related("user", "quiz"), attempt_graded),
        (CourseCompletion.objects.select_related("user", "course"), course_completed),
        (Attestation.objects.select_related("user", "completion__course"), attestation_issued),
        (Attendance.objects.counted().select_related("user", "webinar"), webinar_attended),
    ]
    for rows, builder in sources:
        for row in rows.filter(user__erased_at__isnull=True).order_by("pk").iterator(chunk_size=500):
            for statement in builder(row):
                yield row.user, statement
