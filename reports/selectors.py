"""Report figures, each in a fixed number of queries: aggregates in SQL, never a loop over learners."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from accounts import roles
from courses.models import CourseModule, CoursePage, ModulePage, Theme
from courses.selectors import course_outline, module_number_of_lesson
from progress.models import CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from progress.selectors import course_progress_for_user
from quizzes.models import Attempt, AttemptStatus, Quiz
from quizzes.selectors import SMALL_GROUP, quiz_statistics
from webinars.models import Attendance, WebinarPage

ACTIVE_DAYS = 30
# Figures drawn from fewer people than this are shown as « < 5 » so that nobody can be singled out: one rule
# for the territorial report, the item analysis and the quiz statistics (quizzes.selectors.SMALL_GROUP).
SMALL_COUNT = SMALL_GROUP
SMALL_COUNT_LABEL = f"< {SMALL_COUNT}"


def _completion(field_name: str = "completed_at"):
    return Subquery(
        CourseCompletion.objects.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id")).values(field_name)[:1]
    )


def enrolments_with_completion(enrolments):
    """Enrolments annotated with `completed_at` (their course completion, if any)."""
    return enrolments.annotate(completed_at=_completion())


def percent(part, whole) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Median time from enrolment to completion ---------------------------------------------------------


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the median without sending every row to Python."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_days_to_complete(enrolments) -> float | None:
    """Median number of days between enrolment and completion of the completed enrolments given."""
    completed = enrolments_with_completion(enrolments).filter(completed_at__isnull=False)
    if connection.vendor == "postgresql":
        from django.db.models.functions import Extract

        seconds = Extract(
            ExpressionWrapper(F("completed_at") - F("enrolled_at"), output_field=DurationField()),
            "epoch",
        )
        value = completed.aggregate(median=PercentileCont(seconds))["median"]
        return round(value / 86400, 1) if value is not None else None
    # SQLite (the embedded `make run` mode) has no percentile: one query, then the median in Python.
    durations = [
        (done - start).total_seconds() for start, done in completed.values_list("enrolled_at", "completed_at").iterator()
    ]
    return round(statistics.median(durations) / 86400, 1) if durations else None


# --- Per course ---------------------------------------------------------------------------------------


@dataclass
class FunnelStep:
    number: int
    module: ModulePage
    reached: int
    completed: int
    reached_percent: int | None


@dataclass
class QuizFigures:
    quiz: Quiz
    label: str
    learners: int
    attempts: int
    average: float | None
    pass_rate: int | None
    pending_reviews: int
    masked: bool = False  # fewer than SMALL_COUNT learners: no average, no pass rate


@dataclass
class CourseFigures:
    course: CoursePage
    enrolled: int
    active: int
    completed: int
    completion_rate: int | None
    median_days: float | None
    funnel: list[FunnelStep] = field(default_factory=list)
    quizzes: list[QuizFigures] = field(default_factory=list)

    @property
    def pending_reviews(self) -> int:
        return sum(item.pending_reviews for item in self.quizzes)


def course_counts(enrolments, *, now=None) -> dict:
    """Enrolled, active in the last 30 days and completed among `enrolments` (one query)."""
    now = now or timezone.now()
    counts = enrolments_with_completion(enrolments).aggregate(
        enrolled=Count("pk"),
        active=Count("pk", filter=Q(last_activity_at__gte=now - timedelta(days=ACTIVE_DAYS))),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
    )
    counts["completion_rate"] = percent(counts["completed"], counts["enrolled"])
    return counts


def course_funnel(*, outline, enrolments) -> list[FunnelStep]:
    """How many of the learners reached (opened a lesson of) and completed each module, in course order."""
    modules = [item.module for item in outline.modules]
    if not modules:
        return []
    users = enrolments.values("user_id")
    lesson_ids = [lesson.pk for item in outline.modules for lesson in item.lessons]
    module_number = module_number_of_lesson(outline)
    reached = {}
    if module_number is not None:
        reached = dict(
            LessonProgress.objects.filter(user_id__in=users, lesson_id__in=lesson_ids)
            .annotate(module_number=module_number)
            .values("module_number")
            .annotate(learners=Count("user_id", distinct=True))
            .values_list("module_number", "learners")
        )
    completed = dict(
        ModuleCompletion.objects.filter(user_id__in=users, module__in=modules)
        .values("module_id")
        .annotate(learners=Count("user_id", distinct=True))
        .values_list("module_id", "learners")
    )
    total = enrolments.count()
    return [
        FunnelStep(
            number=item.number,
            module=item.module,
            reached=reached.get(item.number, 0),
            completed=completed.get(item.module.pk, 0),
            reached_percent=percent(reached.get(item.number, 0), total),
        )
        for item in outline.modules
    ]


def course_quiz_figures(*, outline, course: CoursePage, enrolments) -> list[QuizFigures]:
    """Per quiz of the course (module quizzes, then the final quiz): attempts by its learners, average,
    pass rate of the graded attempts and answers waiting for a trainer (one query, plus the quiz titles)."""
    labels: dict[int, str] = {}
    for item in outline.modules:
        if item.module.quiz_id:
            labels.setdefault(item.module.quiz_id, f"Module {item.number}")
    if course.final_quiz_id:
        labels.setdefault(course.final_quiz_id, "Quiz final")
    if not labels:
        return []
    quizzes = Quiz.objects.in_bulk(list(labels))
    rows = {
        row["quiz_id"]: row
        for row in Attempt.objects.filter(quiz_id__in=list(labels), user_id__in=enrolments.values("user_id"))
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .values("quiz_id")
        .annotate(
            learners=Count("user_id", distinct=True),
            attempts=Count("pk"),
            graded=Count("pk", filter=Q(status=AttemptStatus.GRADED)),
            passed=Count("pk", filter=Q(status=AttemptStatus.GRADED, passed=True)),
            average=Avg("percent", filter=Q(status=AttemptStatus.GRADED)),
            pending=Count("pk", filter=Q(status=AttemptStatus.AWAITING_REVIEW)),
        )
    }
    result = []
    for quiz_id, label in labels.items():
        if quiz_id not in quizzes:
            continue
        row = rows.get(quiz_id, {})
        average = row.get("average")
        # The report rule: an average of fewer than 5 learners would tell one person's result.
        masked = 0 < row.get("learners", 0) < SMALL_COUNT
        result.append(
            QuizFigures(
                quiz=quizzes[quiz_id],
                label=label,
                learners=row.get("learners", 0),
                attempts=row.get("attempts", 0),
                average=round(float(average), 1) if average is not None and not masked else None,
                pass_rate=None if masked else percent(row.get("passed", 0), row.get("graded", 0)),
                pending_reviews=row.get("pending", 0),
                masked=masked,
            )
        )
    return result


def course_figures(*, course: CoursePage, enrolments, now=None) -> CourseFigures:
    """Everything the course report shows above its learner list, for the (filtered) enrolments given."""
    enrolments = enrolments.filter(course=course)
    outline = course_outline(course=course)
    counts = course_counts(enrolments, now=now)
    return CourseFigures(
        course=course,
        enrolled=counts["enrolled"],
        active=counts["active"],
        completed=counts["completed"],
        completion_rate=counts["completion_rate"],
        median_days=median_days_to_complete(enrolments),
        funnel=course_funnel(outline=outline, enrolments=enrolments),
        quizzes=course_quiz_figures(outline=outline, course=course, enrolments=enrolments),
    )


def courses_with_counts(*, courses, enrolments, now=None):
    """The courses annotated with enrolled / active / completed among `enrolments` (one query)."""
    now = now or timezone.now()
    scoped = enrolments_with_completion(enrolments.filter(course_id=OuterRef("pk")))

    def count(queryset):
        return Coalesce(
            Subquery(queryset.order_by().values("course_id").annotate(n=Count("pk")).values("n")[:1]),
            0,
        )

    return (
        courses.annotate(
            enrolled=count(scoped),
            active=count(scoped.filter(last_activity_at__gte=now - timedelta(days=ACTIVE_DAYS))),
            completed=count(scoped.filter(completed_at__isnull=False)),
        )
        .only("id", "title", "path", "depth")
        .order_by("title")
    )


def course_learner_rows(*, course: CoursePage, enrolments):
    """One row per enrolled learner of `course`: profile, dates and modules completed (one query).

    « Modules terminés » counts the same thing as the learner's progress (progress.selectors): a module is
    done once its lessons are and its quiz is passed (ModuleCompletion), so it equals
    CourseProgress.modules_done (tests/progress/test_selectors_steps.py). The learner's bar counts
    finer steps (each lesson and quiz), which a report of modules does not need."""
    module_ids = list(course.course_modules.values_list("module_id", flat=True))
    modules_done = Subquery(
        ModuleCompletion.objects.filter(user_id=OuterRef("user_id"), module_id__in=module_ids)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        enrolments_with_completion(enrolments.filter(course=course))
        .annotate(modules_done=Coalesce(modules_done, 0))
        .select_related("user")
        # By name, then by person (one enrolment each): accounts_user_name_order gives the first page
        # of 200 000 learners without sorting them all.
        .order_by("user__last_name", "user__first_name", "user_id")
    )


# --- Territorial (resource centre): aggregates only ----------------------------------------------------


def small(value: int) -> int | str:
    """A count small enough to single someone out is shown as « < 5 »."""
    return SMALL_COUNT_LABEL if 0 < value < SMALL_COUNT else value


def territorial_rows(*, enrolments, by=("user__region", "user__departement", "user__collectivite")):
    """Learners and course completions grouped by territory (one query); small counts are masked."""
    completed = Exists(CourseCompletion.objects.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id")))
    rows = (
        enrolments.annotate(is_completed=completed)
        .order_by()
        .values(*by)
        .annotate(learners=Count("user_id", distinct=True), completions=Count("pk", filter=Q(is_completed=True)))
        .order_by(*by)
    )
    result = []
    for row in rows:
        learners = row["learners"]
        result.append(
            {
                "region": row.get("user__region", ""),
                "departement": row.get("user__departement", ""),
                "collectivite": row.get("user__collectivite", ""),
                "learners": small(learners),
                # Completions of a small group would tell about those few people too.
                "completions": SMALL_COUNT_LABEL if learners < SMALL_COUNT else small(row["completions"]),
            }
        )
    return result


@dataclass
class ThemeHours:
    theme: Theme | None
    lesson_hours: float
    webinar_hours: float

    @property
    def total(self) -> float:
        return round(self.lesson_hours + self.webinar_hours, 1)


def hours_by_theme(*, enrolments, start=None, end=None) -> list[ThemeHours]:
    """Estimated hours of completed lessons plus attended webinar hours, by theme of the module or webinar.

    A module or webinar with several themes counts in each (the rows are not meant to be added up).
    Four queries whatever the number of learners: per-module and per-webinar sums are grouped in SQL.
    """
    Module = ModulePage

    users = enrolments.values("user_id")
    lessons = LessonProgress.objects.filter(user_id__in=users, completed_at__isnull=False)
    attendances = Attendance.objects.counted().filter(user_id__in=users)
    if start:
        lessons = lessons.filter(completed_at__date__gte=start)
        attendances = attendances.filter(webinar__start__date__gte=start)
    if end:
        lessons = lessons.filter(completed_at__date__lte=end)
        attendances = attendances.filter(webinar__start__date__lte=end)
    from django.db.models.functions import Length, Substr

    minutes_by_module_path = dict(
        lessons.annotate(module_path=Substr("lesson__path", 1, Length("lesson__path") - 4))
        .values("module_path")
        .annotate(minutes=Sum("lesson__estimated_minutes"))
        .values_list("module_path", "minutes")
    )
    module_themes = defaultdict(list)
    for path, theme_id in Module.objects.filter(path__in=list(minutes_by_module_path)).values_list("path", "themes"):
        module_themes[path].append(theme_id)
    lesson_minutes: dict[int | None, int] = defaultdict(int)
    for path, minutes in minutes_by_module_path.items():
        for theme_id in module_themes.get(path) or [None]:
            lesson_minutes[theme_id] += minutes or 0
    # Attended minutes are capped at the session's length, as on attestations.
    per_webinar = defaultdict(list)
    for webinar_id, minutes, count in (
        attendances.values("webinar_id", "minutes").annotate(n=Count("pk")).values_list("webinar_id", "minutes", "n")
    ):
        per_webinar[webinar_id].append((minutes, count))
    webinar_minutes: dict[int | None, int] = defaultdict(int)
    if per_webinar:
        webinars = WebinarPage.objects.filter(pk__in=list(per_webinar)).only("id", "start", "end").prefetch_related("themes")
        for webinar in webinars:
            total = sum(min(minutes, webinar.duration_minutes) * count for minutes, count in per_webinar[webinar.pk])
            for theme_id in [theme.pk for theme in webinar.themes.all()] or [None]:
                webinar_minutes[theme_id] += total
    theme_ids = {pk for pk in (*lesson_minutes, *webinar_minutes) if pk is not None}
    themes = Theme.objects.in_bulk(list(theme_ids))
    rows = [
        ThemeHours(
            theme=themes.get(theme_id) if theme_id is not None else None,
            lesson_hours=round(lesson_minutes.get(theme_id, 0) / 60, 1),
            webinar_hours=round(webinar_minutes.get(theme_id, 0) / 60, 1),
        )
        for theme_id in sorted(theme_ids, key=lambda pk: themes[pk].name)
        + ([None] if None in (*lesson_minutes, *webinar_minutes) else [])
    ]
    return rows


def all_enrolments():
    return Enrolment.objects.all()


# --- One learner, one quiz (the pages and their exports read the same) -----------------------------------


@dataclass
class LearnerReport:
    learner: object
    progress: list
    attempts: list


def learner_report(*, viewer, learner) -> LearnerReport:
    """A learner's progress in the courses `viewer` may see, and their sent attempts at those courses' quizzes."""
    courses = list(roles.courses_visible_to(viewer, CoursePage.objects.all()).filter(enrolments__user=learner).order_by("title"))
    progress = [course_progress_for_user(user=learner, course=course) for course in courses]
    quiz_ids = set()
    for item in progress:
        quiz_ids.update(state.module.quiz_id for state in item.modules if state.module.quiz_id)
        if item.course.final_quiz_id:
            quiz_ids.add(item.course.final_quiz_id)
    attempts = list(
        Attempt.objects.filter(user=learner, quiz_id__in=quiz_ids)
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .select_related("quiz")
        .prefetch_related("answers")
        .order_by("quiz__title", "number")
    )
    return LearnerReport(learner=learner, progress=progress, attempts=attempts)


def quizzes_visible_in_reports(user):
    """Quizzes of the courses the user may see (module quizzes and final quizzes)."""
    courses = roles.courses_visible_to(user, CoursePage.objects.all())
    module_quizzes = CourseModule.objects.filter(page__in=courses).values("module__quiz_id")
    return (Quiz.objects.filter(pk__in=module_quizzes) | Quiz.objects.filter(pk__in=courses.values("final_quiz_id"))).distinct()


def quiz_items_for(*, viewer, quiz: Quiz) -> dict:
    """The item analysis of `quiz` over the learners `viewer` may see (everyone for administrators), small
    groups masked exactly as on the quiz statistics page (quizzes.selectors.quiz_statistics): a question
    answered fewer than SMALL_COUNT times shows neither its rate nor its most chosen wrong answer."""
    users = None if roles.is_administrator(viewer) else roles.learners_visible_to(viewer)
    return quiz_statistics(quiz=quiz, users=users)


def completions_by_month(*, course: CoursePage, enrolments, months: int = 12, now=None) -> list[tuple[str, int]]:
    """(« janv. 2026 », completions) for the last `months` months of the course, oldest first, zeros included."""
    now = timezone.localtime(now or timezone.now())
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    starts.reverse()
    counts = {
        row["month"].strftime("%Y-%m"): row["n"]
        for row in CourseCompletion.objects.filter(
            course=course, user_id__in=enrolments.values("user_id"), completed_at__gte=starts[0]
        )
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(n=Count("pk"))
    }
    return [(date_format(start, "M Y"), counts.get(start.strftime("%Y-%m"), 0)) for start in starts]
