"""A learner's own rows, in one query (core.union_rows): enrolments, lessons opened or completed,
modules and courses completed (with their attestations), quiz attempts, webinar attendances; those
of one course for its page, all of them for the dashboard.

The pages need all of them on every visit; read with the ORM, they took three queries for a course
page and five for the dashboard, and more Python than the rest of the page's reads together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.union_rows import Part, placeholders, read_union
from quizzes.models import Attempt
from webinars.models import Attendance

from .models import Attestation, CourseCompletion, Enrolment, LessonProgress, ModuleCompletion

ENROLMENT_FIELDS = ("id", "user_id", "course_id", "enrolled_at", "last_activity_at", "welcome_sent_at", "reminder_sent_at")
COMPLETION_FIELDS = ("id", "user_id", "course_id", "completed_at", "course_revision_id", "course_version", "notified_at")
# The frozen attestation data (JSON) and the attempts' frozen questions are not shown on these pages:
# not read (they load on access, as with .defer()).
ATTESTATION_FIELDS = (
    "id", "completion_id", "user_id", "identifier", "issued_at", "pdf", "revoked_at", "revocation_reason", "revoked_by_id",
)  # fmt: skip
ATTEMPT_FIELDS = (
    "id", "public_id", "user_id", "quiz_id", "number", "status", "started_at", "deadline", "extensions", "submitted_at",
    "submitted_late", "graded_at", "score", "max_score", "percent", "passed",
)  # fmt: skip


@dataclass(frozen=True)
class LessonRow:
    """What progress reads of a LessonProgress: it exists (opened) and maybe completed_at."""

    completed_at: datetime | None


@dataclass
class CourseRows:
    enrolment: Enrolment | None
    lessons: dict[int, LessonRow]
    modules_done: set[int]
    completion: CourseCompletion | None  # with its attestation (or None) already attached
    attempts: list[Attempt]


@dataclass
class LearnerRows:
    enrolments: list[Enrolment]  # without their course
    lessons: dict[int, LessonRow]
    modules_done: set[int]
    completions: dict[int, CourseCompletion]  # by course id, each with its attestation (or None) attached
    attempts: list[Attempt]  # by number
    attendances: list[tuple[int, int]]  # (webinar id, minutes attended)


def _attach_attestation(completion: CourseCompletion, attestation: Attestation | None) -> None:
    """Set `completion.attestation` (None too) as select_related would: reading it makes no query."""
    CourseCompletion._meta.get_field("attestation").set_cached_value(completion, attestation)
    if attestation is not None:
        Attestation._meta.get_field("completion").set_cached_value(attestation, completion)


def _lesson_rows(rows) -> dict[int, LessonRow]:
    return {lesson_id: LessonRow(completed_at=completed_at) for lesson_id, completed_at in rows}


def _attestations(completions_where: str, params: list) -> Part:
    """The attestations of the learner's completions that match `completions_where`."""
    return Part(
        Attestation,
        ATTESTATION_FIELDS,
        f"completion_id IN (SELECT id FROM {CourseCompletion._meta.db_table} WHERE {completions_where})",
        params,
    )


def _in(column: str, ids: list[int]) -> str:
    return f"user_id = %s AND {column} IN ({placeholders(ids)})"


def course_rows(*, user, course, lesson_ids, module_ids, quiz_ids) -> CourseRows:
    """The learner's rows in `course` (one query)."""
    lesson_ids, module_ids, quiz_ids = list(lesson_ids), list(module_ids), list(quiz_ids)
    in_course = "user_id = %s AND course_id = %s"
    parts = {
        Enrolment: Part(Enrolment, ENROLMENT_FIELDS, in_course, [user.pk, course.pk]),
        CourseCompletion: Part(CourseCompletion, COMPLETION_FIELDS, in_course, [user.pk, course.pk]),
        Attestation: _attestations(in_course, [user.pk, course.pk]),
    }
    # An IN () of nothing is not SQL: a part with no ids is left out (it has no rows).
    if lesson_ids:
        parts[LessonProgress] = Part(
            LessonProgress, ("lesson_id", "completed_at"), _in("lesson_id", lesson_ids), [user.pk, *lesson_ids], instances=False
        )
    if module_ids:
        parts[ModuleCompletion] = Part(
            ModuleCompletion, ("module_id",), _in("module_id", module_ids), [user.pk, *module_ids], instances=False
        )
    if quiz_ids:
        parts[Attempt] = Part(Attempt, ATTEMPT_FIELDS, _in("quiz_id", quiz_ids), [user.pk, *quiz_ids])
    rows = dict(zip(parts, read_union(list(parts.values())), strict=True))
    completions = rows[CourseCompletion]
    completion = completions[0] if completions else None
    if completion is not None:
        attestations = rows[Attestation]
        _attach_attestation(completion, attestations[0] if attestations else None)
    return CourseRows(
        enrolment=rows[Enrolment][0] if rows[Enrolment] else None,
        lessons=_lesson_rows(rows.get(LessonProgress, [])),
        modules_done={module_id for (module_id,) in rows.get(ModuleCompletion, [])},
        completion=completion,
        attempts=rows.get(Attempt, []),
    )


def learner_rows(*, user) -> LearnerRows:
    """All of the learner's rows, for the dashboard (one query)."""
    mine = ("user_id = %s", [user.pk])
    enrolments, completions, attestations, lessons, modules, attempts, attendances = read_union(
        [
            Part(Enrolment, ENROLMENT_FIELDS, *mine),
            Part(CourseCompletion, COMPLETION_FIELDS, *mine),
            _attestations(*mine),
            Part(LessonProgress, ("lesson_id", "completed_at"), *mine, instances=False),
            Part(ModuleCompletion, ("module_id",), *mine, instances=False),
            Part(Attempt, ATTEMPT_FIELDS, *mine),
            Part(Attendance, ("webinar_id", "minutes"), *mine, instances=False),
        ]
    )
    by_completion = {attestation.completion_id: attestation for attestation in attestations}
    for completion in completions:
        _attach_attestation(completion, by_completion.get(completion.pk))
    return LearnerRows(
        enrolments=enrolments,
        lessons=_lesson_rows(lessons),
        modules_done={module_id for (module_id,) in modules},
        completions={completion.course_id: completion for completion in completions},
        attempts=sorted(attempts, key=lambda attempt: (attempt.number, attempt.pk)),
        attendances=attendances,
    )


LESSON_PROGRESS_FIELDS = ("id", "user_id", "lesson_id", "first_visit_at", "last_visit_at", "completed_at")


def lesson_progress_of(*, user, lesson) -> LessonProgress | None:
    """The learner's row of one lesson, read on every lesson page (one query, without the ORM's
    compilation: a third of the time the lesson page spent on its own reads)."""
    [rows] = read_union([Part(LessonProgress, LESSON_PROGRESS_FIELDS, "user_id = %s AND lesson_id = %s", [user.pk, lesson.pk])])
    return rows[0] if rows else None


@dataclass
class ModuleRows:
    module_done: bool
    courses_followed: set[int]  # among the courses given
    courses_completed: set[int]  # among the courses given


def module_rows(*, user, module_id: int, course_ids) -> ModuleRows:
    """Whether the learner has completed the module, and which of `course_ids` (the courses that
    hold it) they follow and have completed: read at each lesson completed and quiz graded (one query)."""
    course_ids = list(course_ids)
    parts = [Part(ModuleCompletion, ("id",), "user_id = %s AND module_id = %s", [user.pk, module_id], instances=False)]
    if course_ids:
        parts += [
            Part(Enrolment, ("course_id",), _in("course_id", course_ids), [user.pk, *course_ids], instances=False),
            Part(CourseCompletion, ("course_id",), _in("course_id", course_ids), [user.pk, *course_ids], instances=False),
        ]
    done, *rest = read_union(parts)
    followed, completed = rest or ([], [])
    return ModuleRows(
        module_done=bool(done),
        courses_followed={course_id for (course_id,) in followed},
        courses_completed={course_id for (course_id,) in completed},
    )
