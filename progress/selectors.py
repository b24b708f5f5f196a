"""Reads of learner progress, each in a fixed number of queries (tests/progress/test_views_query_budget.py).

What a page shows is computed against the course as it is now (its current live modules and lessons)
from the completion records, so a module added after completion shows the course as unfinished again
while nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.content_cache import cached_content
from courses.models import COURSE_QUERY_PARAMETER, CoursePage, LessonPage, ModulePage
from courses.selectors import course_outlines, live_courses, with_site_root_paths
from quizzes.models import Attempt, AttemptStatus, Quiz
from quizzes.selectors import (
    QuizStatus,
    live_quizzes,
    quiz_status_for_user,
    quiz_status_from_attempts,
    quiz_statuses_from_attempts,
    quizzes_by_id,
)
from webinars.selectors import attended_webinars, upcoming_webinars_for_courses

from .learner_rows import LessonRow, course_rows, learner_rows
from .models import Attestation, CourseCompletion, Enrolment, LessonProgress

DONE, IN_PROGRESS, NOT_STARTED = "done", "in_progress", "not_started"
STATUS_LABELS = {DONE: _("Terminé"), IN_PROGRESS: _("En cours"), NOT_STARTED: _("Pas commencé")}
# A step (a lesson or a quiz) is « fait », « en cours » (opened, or a quiz tried and not passed) or « à faire ».
STEP_LABELS = {DONE: _("Fait"), IN_PROGRESS: _("En cours"), NOT_STARTED: _("À faire")}
LESSON, MODULE_QUIZ, FINAL_QUIZ = "lesson", "module_quiz", "final_quiz"

SUGGESTIONS = 3


@dataclass
class LessonState:
    lesson: LessonPage
    status: str

    @property
    def label(self):
        return STATUS_LABELS[self.status]


@dataclass
class Step:
    """One thing the learner does: a lesson, a module's quiz or the course's final quiz. Progress counts
    these, so the bar, its text and « Et maintenant ? » speak of the same steps."""

    kind: str  # LESSON, MODULE_QUIZ or FINAL_QUIZ
    status: str  # DONE, IN_PROGRESS or NOT_STARTED
    # Where the step leads, worked out on first use: a dashboard builds every step of ten courses but
    # links only a few of them (Wagtail's page URLs cost ≈ 50 ms a dashboard when all were made).
    link: Callable[[], str]
    module: ModulePage | None = None
    lesson: LessonPage | None = None
    quiz: Quiz | None = None
    quiz_status: QuizStatus | None = None

    @cached_property
    def url(self) -> str:
        return self.link()

    @property
    def is_quiz(self) -> bool:
        return self.kind != LESSON

    @property
    def title(self) -> str:
        return self.lesson.title if self.lesson is not None else self.quiz.title

    @property
    def name(self) -> str:
        """How the step is named to the learner: « Leçon « … » », « Quiz du module « … » », « Quiz final du parcours »."""
        if self.kind == LESSON:
            return f"Leçon « {self.lesson.title} »"
        if self.kind == MODULE_QUIZ:
            return f"Quiz du module « {self.module.title} »"
        return "Quiz final du parcours"

    @property
    def label(self):
        return STEP_LABELS[self.status]

    @property
    def sentence(self) -> str:
        """« Quiz du module « Comprendre » à faire », « Leçon « … » en cours »."""
        return f"{self.name} {str(self.label).lower()}"

    @property
    def action(self) -> str:
        """The words of the button that opens the step."""
        if self.kind == LESSON:
            return f"Reprendre : {self.lesson.title}"
        verb = "Reprendre" if self.status == IN_PROGRESS else "Faire"
        if self.kind == MODULE_QUIZ:
            return f"{verb} le quiz du module « {self.module.title} »"
        return f"{verb} le quiz final"


def _quiz_step_status(status: QuizStatus | None) -> str:
    if status is None or not status.attempts_used:
        return NOT_STARTED
    return DONE if status.passed else IN_PROGRESS


def quiz_url(*, quiz: Quiz, back: str = "") -> str:
    """The quiz's page, with where to come back to after it."""
    url = reverse("quizzes:detail", args=[quiz.public_id])
    return f"{url}?{urlencode({'retour': back})}" if back else url


@dataclass
class ModuleState:
    module: ModulePage
    number: int
    lessons: list[LessonState]
    status: str
    course: CoursePage
    quiz: Quiz | None = None  # the module's live quiz, a step after its lessons
    quiz_status: QuizStatus | None = None

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @cached_property
    def step_statuses(self) -> list[str]:
        """The status of each step, in order, without making the steps: a dashboard counts the
        steps of ten courses (some four hundred) but opens one step of each."""
        statuses = [state.status for state in self.lessons]
        return statuses + [_quiz_step_status(self.quiz_status)] if self.quiz is not None else statuses

    @cached_property
    def steps(self) -> list[Step]:
        """Its lessons, then its quiz: made on first use (a course page's programme uses them all)."""
        return _module_steps(
            module=self.module,
            lesson_states=self.lessons,
            quiz=self.quiz,
            quiz_status=self.quiz_status,
            lesson_query=f"?{COURSE_QUERY_PARAMETER}={self.course.slug}",
            back_page=self.course,
        )

    @property
    def minutes(self) -> int:
        return sum(item.lesson.estimated_minutes for item in self.lessons)


@dataclass
class CourseProgress:
    course: CoursePage
    enrolment: Enrolment | None
    modules: list[ModuleState]
    final_quiz: Quiz | None  # live final quiz, if any
    final_quiz_passed: bool
    completion: CourseCompletion | None
    attestation: Attestation | None
    lesson_status: dict[int, str] = field(default_factory=dict)
    # Where the learner stands in the final quiz, for its card (read with the progress: no query).
    final_quiz_status: QuizStatus | None = None

    final_step: Step | None = None

    # Worked out once: a progress is read-only once built, and a dashboard asks each of its ten
    # progresses for its steps, total, done, percent and label several times.
    @cached_property
    def steps(self) -> list[Step]:
        """Every lesson and quiz of the course, in order: each module's lessons then its quiz, the final quiz last."""
        steps = [step for item in self.modules for step in item.steps]
        return steps + [self.final_step] if self.final_step is not None else steps

    @cached_property
    def step_statuses(self) -> list[str]:
        """The status of every step, in the order of `steps`, without making the steps."""
        statuses = [status for item in self.modules for status in item.step_statuses]
        return statuses + [self.final_step.status] if self.final_step is not None else statuses

    @property
    def steps_total(self) -> int:
        return len(self.step_statuses)

    @cached_property
    def steps_done(self) -> int:
        return self.step_statuses.count(DONE)

    @cached_property
    def next_step(self) -> Step | None:
        """The first step of the course, in order, that is not done: a lesson or a quiz. Only the
        steps of its module are made."""
        for item in self.modules:
            if any(status != DONE for status in item.step_statuses):
                return next(step for step in item.steps if step.status != DONE)
        if self.final_step is not None and self.final_step.status != DONE:
            return self.final_step
        return None

    @property
    def modules_total(self) -> int:
        return len(self.modules)

    @property
    def modules_done(self) -> int:
        return sum(1 for item in self.modules if item.status == DONE)

    @property
    def is_complete(self) -> bool:
        """Complete against the course as it is now (a module added later makes it unfinished again)."""
        return (
            bool(self.modules) and self.modules_done == self.modules_total and (self.final_quiz is None or self.final_quiz_passed)
        )

    @property
    def percent(self) -> int:
        """Share of the steps done; 100 only when every step is (rounding never shows 100 % before that)."""
        total, done = self.steps_total, self.steps_done
        if not total:
            return 100 if self.is_complete else 0
        return 100 if done == total else min(99, round(100 * done / total))

    @property
    def label(self) -> str:
        """« 7 étapes sur 22 — 32 % »: the same steps as the bar."""
        done = self.steps_done
        return f"{done} étape{'s' if done > 1 else ''} sur {self.steps_total} — {self.percent} %"

    @property
    def started(self) -> bool:
        return any(status != NOT_STARTED for status in self.step_statuses) or self.modules_done > 0

    @property
    def status(self) -> str:
        return DONE if self.is_complete else (IN_PROGRESS if self.started else NOT_STARTED)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.modules)

    @property
    def resume_lesson(self) -> LessonPage | None:
        """The first lesson of the course, in order, that the learner has not completed."""
        for item in self.modules:
            for state in item.lessons:
                if state.status != DONE:
                    return state.lesson
        return None

    @property
    def resume_url(self) -> str | None:
        """Where « Reprendre » leads: the next step (lesson or quiz), else the course page while unfinished."""
        step = self.next_step
        if step is not None:
            return step.url
        return self.course.url if not self.is_complete else None

    @property
    def resume_query(self) -> str:
        return f"?{COURSE_QUERY_PARAMETER}={self.course.slug}"


def _lesson_url(lesson: LessonPage, query: str) -> str:
    return f"{lesson.url}{query}"


def _quiz_link(quiz: Quiz, back_page) -> str:
    return quiz_url(quiz=quiz, back=back_page.url or "")


def _status(*, done: bool, started: bool) -> str:
    return DONE if done else (IN_PROGRESS if started else NOT_STARTED)


def _build(
    *,
    course: CoursePage,
    modules: list[tuple[ModulePage, list[LessonPage]]],
    lesson_rows: dict[int, LessonRow],
    modules_done: set[int],
    enrolment: Enrolment | None,
    completion: CourseCompletion | None,
    final_quiz: Quiz | None,
    final_quiz_status: QuizStatus | None,
    quizzes: dict[int, Quiz],
    quiz_statuses: dict[int, QuizStatus],
) -> CourseProgress:
    """The learner's progress from rows already read (no query). `quizzes` holds the live quizzes
    among the modules' quizzes (a module whose quiz is missing or not live has no quiz step)."""
    lesson_status: dict[int, str] = {}
    states = []
    for number, (module, lessons) in enumerate(modules, 1):
        lesson_states = []
        for lesson in lessons:
            row = lesson_rows.get(lesson.pk)
            status = _status(done=bool(row and row.completed_at), started=row is not None)
            lesson_status[lesson.pk] = status
            lesson_states.append(LessonState(lesson=lesson, status=status))
        quiz = quizzes.get(module.quiz_id) if module.quiz_id else None
        state = ModuleState(
            module=module,
            number=number,
            lessons=lesson_states,
            status=NOT_STARTED,
            course=course,
            quiz=quiz,
            quiz_status=quiz_statuses.get(quiz.pk) if quiz is not None else None,
        )
        started = any(status != NOT_STARTED for status in state.step_statuses)
        state.status = _status(done=module.pk in modules_done, started=started)
        states.append(state)
    final_step = None
    if final_quiz is not None:
        final_step = Step(
            kind=FINAL_QUIZ,
            status=_quiz_step_status(final_quiz_status),
            link=partial(_quiz_link, final_quiz, course),
            quiz=final_quiz,
            quiz_status=final_quiz_status,
        )
    final_quiz_passed = bool(final_quiz_status and final_quiz_status.passed)
    return CourseProgress(
        course=course,
        enrolment=enrolment,
        modules=states,
        final_quiz=final_quiz,
        final_quiz_passed=final_quiz_passed,
        completion=completion,
        attestation=getattr(completion, "attestation", None) if completion else None,
        lesson_status=lesson_status,
        final_quiz_status=final_quiz_status,
        final_step=final_step,
    )


def course_progress_for_user(*, user, course: CoursePage, outline=None) -> CourseProgress:
    """Where the learner stands in one course: one query for the learner's rows, plus those of the
    outline and the quizzes when the content cache misses them."""
    if outline is None:
        from courses.selectors import course_outline

        outline = course_outline(course=course)
    modules = [(item.module, item.lessons) for item in outline.modules]
    quiz_ids = {module.quiz_id for module, _lessons in modules if module.quiz_id}
    if course.final_quiz_id:
        quiz_ids.add(course.final_quiz_id)
    # Every live quiz of the course, module quizzes and final quiz (with the question count the final
    # quiz's card shows), from the content cache; the learner's attempts at them come with their rows.
    quizzes = live_quizzes(quiz_ids) if quiz_ids else {}
    rows = course_rows(
        user=user,
        course=course,
        lesson_ids=[lesson.pk for _module, lessons in modules for lesson in lessons],
        module_ids=[module.pk for module, _lessons in modules],
        quiz_ids=list(quizzes),
    )
    statuses = quiz_statuses_from_attempts(attempts=rows.attempts, quizzes=quizzes)
    final_quiz = quizzes.get(course.final_quiz_id) if course.final_quiz_id else None
    final_quiz_status = None
    if final_quiz is not None:
        final_quiz_status = statuses.get(final_quiz.pk) or quiz_status_from_attempts(attempts=[], quiz=final_quiz)
    return _build(
        course=course,
        modules=modules,
        lesson_rows=rows.lessons,
        modules_done=rows.modules_done,
        enrolment=rows.enrolment,
        completion=rows.completion,
        final_quiz=final_quiz,
        final_quiz_status=final_quiz_status,
        quizzes=quizzes,
        quiz_statuses=statuses,
    )


def lesson_statuses_for_user(*, user, lessons) -> dict[int, str]:
    """Status of each lesson for the learner (one query)."""
    lessons = list(lessons)
    rows = {
        row.lesson_id: row for row in LessonProgress.objects.filter(user=user, lesson_id__in=[lesson.pk for lesson in lessons])
    }
    return {
        lesson.pk: _status(done=bool(rows.get(lesson.pk) and rows[lesson.pk].completed_at), started=lesson.pk in rows)
        for lesson in lessons
    }


def module_steps_for_user(*, user, module: ModulePage, lessons, quiz: Quiz | None) -> list[Step]:
    """The steps of a module opened outside a course (its page): its lessons, then its quiz when live
    (two queries at most). The same Step as in a course, so a module's page and its course agree."""
    lessons = list(lessons)
    statuses = lesson_statuses_for_user(user=user, lessons=lessons)
    live_quiz = quiz if quiz is not None and quiz.live else None
    return _module_steps(
        module=module,
        lesson_states=[LessonState(lesson=lesson, status=statuses[lesson.pk]) for lesson in lessons],
        quiz=live_quiz,
        quiz_status=quiz_status_for_user(user=user, quiz=live_quiz) if live_quiz is not None else None,
        lesson_query="",
        back_page=module,
    )


def _module_steps(*, module, lesson_states, quiz, quiz_status, lesson_query: str, back_page) -> list[Step]:
    """A module's lessons, then its quiz (if any), as steps; one definition for a course's modules
    and for a module's own page. A quiz brings the learner back to `back_page`."""
    steps = [
        Step(
            kind=LESSON,
            status=state.status,
            link=partial(_lesson_url, state.lesson, lesson_query),
            module=module,
            lesson=state.lesson,
        )
        for state in lesson_states
    ]
    if quiz is not None:
        steps.append(
            Step(
                kind=MODULE_QUIZ,
                status=_quiz_step_status(quiz_status),
                link=partial(_quiz_link, quiz, back_page),
                module=module,
                quiz=quiz,
                quiz_status=quiz_status,
            )
        )
    return steps


def learner_has_started(*, user) -> bool:
    """Whether the learner has followed a course or opened a lesson (two queries at most): the home
    page offers « Reprendre mon parcours » only then, « Commencer » before."""
    if user is None or not user.is_authenticated:
        return False
    return Enrolment.objects.filter(user=user).exists() or LessonProgress.objects.filter(user=user).exists()


# --- Dashboard -------------------------------------------------------------------------------------


@dataclass
class QuizResult:
    quiz: Quiz
    status: QuizStatus
    last_submitted_at: datetime | None


@dataclass
class Dashboard:
    resume: CourseProgress | None
    in_progress: list[CourseProgress]
    completed: list[CourseProgress]
    quiz_results: list[QuizResult]
    awaiting_review: list[Attempt]
    suggestions: list[CoursePage]
    next_webinars: list = field(default_factory=list)
    attended_webinars: list = field(default_factory=list)

    @property
    def attended_hours(self) -> float:
        return round(sum(item.hours for item in self.attended_webinars), 2)

    @property
    def is_empty(self) -> bool:
        return not (self.in_progress or self.completed)


def dashboard_for_user(*, user) -> Dashboard:
    """Everything /mon-parcours/ shows, in a fixed number of queries whatever the number of courses,
    modules, lessons or attempts."""
    rows = learner_rows(user=user)
    courses_by_id = live_courses(enrolment.course_id for enrolment in rows.enrolments)
    enrolments = sorted(
        (enrolment for enrolment in rows.enrolments if enrolment.course_id in courses_by_id),
        key=lambda enrolment: (enrolment.last_activity_at, enrolment.pk),
        reverse=True,
    )
    for enrolment in enrolments:
        enrolment.course = courses_by_id[enrolment.course_id]  # shared: read, never changed
    courses = [enrolment.course for enrolment in enrolments]
    outlines = course_outlines(courses=courses)
    attempts = rows.attempts
    # The quizzes tried and every quiz that is a step of a followed course (final or module quiz):
    # from the content cache, one query for those missing from it. A learner who tried quizzes many
    # times does not make the page build one quiz per attempt.
    step_quiz_ids = {course.final_quiz_id for course in courses if course.final_quiz_id}
    step_quiz_ids |= {item.module.quiz_id for outline in outlines.values() for item in outline.modules if item.module.quiz_id}
    quizzes = quizzes_by_id({attempt.quiz_id for attempt in attempts} | step_quiz_ids)
    for attempt in attempts:
        attempt.quiz = quizzes[attempt.quiz_id]  # the attempt points at the shared quiz, never the reverse
    statuses = quiz_statuses_from_attempts(attempts=attempts, quizzes=quizzes)
    live = {pk: quiz for pk, quiz in quizzes.items() if quiz.live}

    progresses = []
    for enrolment in enrolments:
        course = enrolment.course
        final_quiz = quizzes.get(course.final_quiz_id) if course.final_quiz_id else None
        if final_quiz is not None and not final_quiz.live:
            final_quiz = None
        status = statuses.get(final_quiz.pk) if final_quiz else None
        progresses.append(
            _build(
                course=course,
                modules=[(item.module, item.lessons) for item in outlines[course.pk].modules],
                lesson_rows=rows.lessons,
                modules_done=rows.modules_done,
                enrolment=enrolment,
                completion=rows.completions.get(course.pk),
                final_quiz=final_quiz,
                final_quiz_status=status,
                quizzes=live,
                quiz_statuses=statuses,
            )
        )
    in_progress = [p for p in progresses if not p.is_complete]
    completed = [p for p in progresses if p.is_complete]
    resume = next((p for p in in_progress if p.resume_url), None)

    last_submitted: dict[int, datetime] = {}
    for attempt in attempts:
        if attempt.submitted_at and (
            attempt.quiz_id not in last_submitted or attempt.submitted_at > last_submitted[attempt.quiz_id]
        ):
            last_submitted[attempt.quiz_id] = attempt.submitted_at
    quiz_results = [
        QuizResult(quiz=quizzes[quiz_id], status=status, last_submitted_at=last_submitted.get(quiz_id))
        for quiz_id, status in statuses.items()
        if status.attempts_used
    ]
    quiz_results.sort(key=lambda row: row.last_submitted_at or row.quiz.created_at, reverse=True)
    awaiting = [attempt for attempt in attempts if attempt.status == AttemptStatus.AWAITING_REVIEW]
    return Dashboard(
        resume=resume,
        in_progress=in_progress,
        completed=completed,
        quiz_results=quiz_results,
        awaiting_review=awaiting,
        suggestions=suggested_courses(user=user, exclude=[course.pk for course in courses]),
        next_webinars=upcoming_webinars_for_courses(course_ids=[p.course.pk for p in in_progress] or [c.pk for c in courses]),
        attended_webinars=attended_webinars(attendances=rows.attendances),
    )


# A learner follows a few courses: the first twenty of the ranking nearly always hold three that
# they do not follow yet. Past them, the courses are read from the database.
SUGGESTION_POOL = 20


def suggested_courses(*, user, exclude) -> list[CoursePage]:
    """A few live courses for the learner's mandate, then the most followed ones, leaving out
    `exclude`. The ranking is the same for every learner of a mandate: it comes from the shared
    content cache with the first SUGGESTION_POOL courses (on a miss: one query of the live courses
    and, once for all mandates, one count of the learners of each course), so
    the enrolments are counted once per publication, not per dashboard nor per mandate; the number of
    learners is not shown, only the order."""
    pool, past_pool = cached_content(f"suggestion-pool:{user.mandate or ''}", lambda: _suggestion_pool(user.mandate))
    excluded = set(exclude)
    picked = [course for course in pool if course.pk not in excluded][:SUGGESTIONS]
    if len(picked) < SUGGESTIONS:  # follows most of the pool
        picked += _live_courses_in_order([pk for pk in past_pool if pk not in excluded][: SUGGESTIONS - len(picked)])
    return picked


def _suggestion_pool(mandate: str) -> tuple[list[CoursePage], list[int]]:
    """The first SUGGESTION_POOL courses of the ranking, and the ids of the others in order: live
    courses with a theme suggested to `mandate` in tree order, then the others, most followed first
    (tree order between equals). One query, plus the shared count of learners per course."""
    # Each theme lists the mandates it is suggested to (Theme.mandates, set by the editors). The
    # quoted code matches one list item exactly ("conseiller" is not "conseiller_delegue"), on
    # PostgreSQL and SQLite alike.
    for_mandate = (
        Exists(CoursePage.themes.through.objects.filter(coursepage=OuterRef("pk"), theme__mandates__icontains=f'"{mandate}"'))
        if mandate
        else Value(False)
    )
    courses = CoursePage.objects.live().defer_streamfields().annotate(for_mandate=for_mandate).order_by("path")
    followers = cached_content("course-followers", _followers_by_course)
    # sorted() keeps the tree order between courses of equal rank.
    ranked = sorted(
        courses, key=lambda course: (not course.for_mandate, 0 if course.for_mandate else -followers.get(course.pk, 0))
    )
    return with_site_root_paths(ranked[:SUGGESTION_POOL]), [course.pk for course in ranked[SUGGESTION_POOL:]]


def _live_courses_in_order(ids: list[int]) -> list[CoursePage]:
    """The live courses of `ids`, in that order (one query; none without ids)."""
    if not ids:
        return []
    courses = CoursePage.objects.live().filter(pk__in=ids).defer_streamfields().in_bulk()
    return with_site_root_paths([courses[pk] for pk in ids if pk in courses])


def _followers_by_course() -> dict[int, int]:
    """{course id: learners enrolled} (one grouped count of the enrolments, read from their index)."""
    return dict(Enrolment.objects.order_by().values_list("course_id").annotate(count=Count("pk")))


def learners_enrolled_in(*, course_ids) -> QuerySet:
    """The users enrolled in any of these courses (webinar reminders go to them)."""
    return get_user_model().objects.filter(pk__in=Enrolment.objects.filter(course_id__in=course_ids).values("user_id"))
