"""Read-side of the trainers app: handouts of a module and the « source updated » notice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState

from accounts import roles
from courses.models import CourseModule, CoursePage, LessonPage, ModulePage, ModuleSectionPage
from courses.permissions import LAICITE_SECTION_SLUG
from progress.models import CourseCompletion, Enrolment
from quizzes.models import Choice, Question, QuestionStatus, Quiz, QuizQuestion
from quizzes.selectors import pending_reviews
from webinars.models import WebinarPage

VRL_ATTRIBUTION = "Contenu issu des notions du plan national Valeurs de la République et laïcité"


# --- Handouts -----------------------------------------------------------------------------------------


@dataclass
class HandoutQuestion:
    question: Question
    choices: list[Choice]


@dataclass
class Handout:
    module: ModulePage
    lessons: list[LessonPage]
    questions: list[HandoutQuestion]
    answers: bool
    attributions: list[str] = field(default_factory=list)
    quiz_title: str = ""


def _in_laicite_section(module: ModulePage) -> bool:
    parent = module.get_parent()
    return parent is not None and parent.specific_class is ModuleSectionPage and parent.slug == LAICITE_SECTION_SLUG


def module_attributions(*, module: ModulePage) -> list[str]:
    """The attribution lines of a module: VRL notions (itself or its source in « Laïcité »), « adapté de »."""
    lines = []
    source = ModulePage.objects.filter(pk=module.adapted_from_id).first() if module.adapted_from_id else None
    if _in_laicite_section(module) or (source is not None and _in_laicite_section(source)):
        lines.append(VRL_ATTRIBUTION)
    if source is not None:
        lines.append(
            f"Adapté de « {source.title} » ({source.authors}, version du {source.version_date:%d/%m/%Y}, "
            f"{source.get_licence_display()})"
        )
    return lines


def _quiz_questions(quiz) -> list[HandoutQuestion]:
    """Fixed questions in order, then the verified questions the quiz may draw (each once)."""
    choices = Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
    fixed = [
        link.question
        for link in QuizQuestion.objects.filter(quiz=quiz)
        .select_related("question")
        .prefetch_related(Prefetch("question__choices", queryset=Choice.objects.order_by("sort_order", "pk")))
        .order_by("sort_order", "pk")
    ]
    seen = {question.pk for question in fixed}
    tag_ids = list(quiz.draws.values_list("tag_id", flat=True))
    drawn = []
    if tag_ids:
        drawn = [
            question
            for question in Question.objects.filter(tags__id__in=tag_ids, status=QuestionStatus.VERIFIED)
            .distinct()
            .prefetch_related(choices)
            .order_by("pk")
            if question.pk not in seen
        ]
    return [HandoutQuestion(question=q, choices=list(q.choices.all())) for q in fixed + drawn]


def module_handout(*, module: ModulePage, answers: bool) -> Handout:
    """Everything a printed handout shows: live lessons with their bodies, the quiz, the provenance."""
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
    quiz = module.quiz
    return Handout(
        module=module,
        lessons=lessons,
        questions=_quiz_questions(quiz) if quiz is not None else [],
        answers=answers,
        attributions=module_attributions(module=module),
        quiz_title=quiz.title if quiz is not None else "",
    )


# --- Source updated ------------------------------------------------------------------------------------


@dataclass
class SourceUpdate:
    source: ModulePage
    updated_at: datetime.datetime
    compare_url: str


def module_source_update(*, module: ModulePage) -> SourceUpdate | None:
    """The source of an adapted module has a newer published revision than the one its trainer saw."""
    from .models import Adaptation

    if not module.adapted_from_id:
        return None
    source = ModulePage.objects.filter(pk=module.adapted_from_id).defer_streamfields().first()
    if source is None or not source.live_revision_id:
        return None
    seen = Adaptation.objects.filter(copy_id=module.pk).values_list("source_revision_seen_id", flat=True).first()
    if seen is not None and source.live_revision_id <= seen:
        return None
    latest = Revision.objects.filter(pk=source.live_revision_id).values_list("created_at", flat=True).first()
    return SourceUpdate(
        source=source,
        updated_at=source.last_published_at or latest,
        compare_url=reverse(
            "wagtailadmin_pages:revisions_compare", args=[source.pk, seen or "earliest", source.live_revision_id]
        ),
    )


@dataclass
class LessonChange:
    lesson: LessonPage
    status: str  # "added", "changed" or "unchanged"
    label: str
    compare_url: str = ""


def source_lesson_changes(*, module: ModulePage) -> list[LessonChange]:
    """Lesson by lesson, what changed in the source of an adapted module since the source revision its
    trainer last saw (else since the copy): added, changed (with Wagtail's comparison) or unchanged."""
    from .models import Adaptation

    source = ModulePage.objects.filter(pk=module.adapted_from_id).first() if module.adapted_from_id else None
    if source is None:
        return []
    adaptation = Adaptation.objects.filter(copy_id=module.pk).select_related("source_revision_seen", "copied_revision").first()
    marker = adaptation and (adaptation.source_revision_seen or adaptation.copied_revision)
    since = marker.created_at if marker else None
    changes = []
    for lesson in LessonPage.objects.child_of(source).live().defer_streamfields().order_by("path"):
        if since is not None and lesson.first_published_at and lesson.first_published_at > since:
            when = timezone.localtime(lesson.first_published_at)
            changes.append(LessonChange(lesson, "added", f"Ajoutée le {when:%d/%m/%Y}"))
        elif since is not None and lesson.last_published_at and lesson.last_published_at > since:
            before = (
                Revision.page_revisions.filter(object_id=str(lesson.pk), created_at__lte=since)
                .order_by("-created_at")
                .values_list("pk", flat=True)
                .first()
            )
            when = timezone.localtime(lesson.last_published_at)
            changes.append(
                LessonChange(
                    lesson,
                    "changed",
                    f"Modifiée le {when:%d/%m/%Y}",
                    reverse(
                        "wagtailadmin_pages:revisions_compare", args=[lesson.pk, before or "earliest", lesson.live_revision_id]
                    ),
                )
            )
        else:
            changes.append(LessonChange(lesson, "unchanged", "Inchangée"))
    return changes


# --- A module reviewed as one unit -------------------------------------------------------------------


def module_unit_drafts(*, module: ModulePage) -> list:
    """What publishing `module` publishes with it: its lessons with unpublished changes, then its quiz if
    that is a draft or has unpublished changes."""
    drafts = list(LessonPage.objects.child_of(module).filter(has_unpublished_changes=True).order_by("path"))
    quiz = Quiz.objects.filter(pk=module.quiz_id).first() if module.quiz_id else None
    if quiz is not None and (not quiz.live or quiz.has_unpublished_changes) and quiz.latest_revision_id:
        drafts.append(quiz)
    return drafts


# --- The trainer's admin home ------------------------------------------------------------------------

STALLED_DAYS = 14  # the same delay as the learners' reminder (progress.services.REMINDER_AFTER)
ACTIVE_DAYS = 30
HOME_LIMIT = 8


@dataclass
class CourseLine:
    course: CoursePage
    enrolled: int
    active: int
    completed: int


@dataclass
class PageLine:
    page: Page
    status: str  # "review", "changes" or "published"
    label: str
    when: datetime.datetime | None
    parts: int = 0  # draft lessons and quiz reviewed and published with a module

    @property
    def title(self) -> str:
        """The title as submitted (its latest revision), which may differ from the live one."""
        page = self.page
        if page.has_unpublished_changes and page.latest_revision_id:
            return (
                Revision.objects.filter(pk=page.latest_revision_id).values_list("content__title", flat=True).first() or page.title
            )
        return page.title


@dataclass
class TrainerHome:
    is_administrator: bool
    courses: list[CourseLine]
    stalled: list[Enrolment]
    stalled_total: int
    pending_answers: list
    pending_total: int
    pages: list[PageLine]
    webinars: list[WebinarPage]
    modules: list[ModulePage]


def home_courses(*, user, now) -> list[CourseLine]:
    """The courses `user` follows (all for administrators), with enrolled / active in 30 days / completed."""
    courses = (
        roles.courses_visible_to(user, CoursePage.objects.all())
        .annotate(
            enrolled_count=Count("enrolments", distinct=True),
            active_count=Count(
                "enrolments",
                filter=Q(enrolments__last_activity_at__gte=now - datetime.timedelta(days=ACTIVE_DAYS)),
                distinct=True,
            ),
            completed_count=Count("completions", distinct=True),
        )
        .order_by("title")
    )
    return [CourseLine(course=c, enrolled=c.enrolled_count, active=c.active_count, completed=c.completed_count) for c in courses]


def stalled_enrolments(*, user, now):
    """Enrolments in the courses `user` follows, not completed, without progress for STALLED_DAYS or
    more; longest silence first."""
    completed = CourseCompletion.objects.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id"))
    return (
        Enrolment.objects.filter(
            course__in=roles.courses_visible_to(user, CoursePage.objects.all()),
            last_activity_at__lte=now - datetime.timedelta(days=STALLED_DAYS),
        )
        .exclude(Exists(completed))
        .select_related("user", "course")
        .order_by("last_activity_at")
    )


def _reviewers(task_state) -> str:
    task = task_state.task.specific if task_state is not None else None
    groups = list(task.groups.values_list("name", flat=True)) if task is not None and hasattr(task, "groups") else []
    return ", ".join(groups) or "l'équipe"


def authored_pages(*, user, now, limit: int = HOME_LIMIT) -> list[PageLine]:
    """Where the pages `user` submitted stand: waiting for review (by whom), changes requested (with the
    reviewer's comment), or published (when); a module also counts the parts published with it."""
    lines = []
    states = (
        WorkflowState.objects.filter(requested_by=user, base_content_type__model="page")
        .select_related("current_task_state__task")
        .order_by("-created_at")[:40]
    )
    seen = set()
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    for state in states:
        page = pages.get(int(state.object_id))
        if page is None or page.pk in seen:
            continue
        seen.add(page.pk)
        page = page.specific_deferred
        parts = len(module_unit_drafts(module=page)) if isinstance(page, ModulePage) else 0
        if state.status == WorkflowState.STATUS_IN_PROGRESS:
            lines.append(
                PageLine(
                    page, "review", f"En attente de relecture par {_reviewers(state.current_task_state)}", state.created_at, parts
                )
            )
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            task_state = state.current_task_state
            comment = task_state.get_comment() if task_state is not None else ""
            label = f"Modifications demandées : {comment}" if comment else "Modifications demandées"
            lines.append(PageLine(page, "changes", label, task_state.finished_at if task_state else None, parts))
        elif state.status == WorkflowState.STATUS_APPROVED and page.live and page.last_published_at:
            lines.append(
                PageLine(
                    page, "published", f"Publié le {timezone.localtime(page.last_published_at):%d/%m/%Y}", page.last_published_at
                )
            )
    return lines[:limit]


def moderation_queue(*, limit: int = HOME_LIMIT) -> list[PageLine]:
    """Every page waiting for review, oldest first (the administrators' queue)."""
    states = (
        WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, base_content_type__model="page")
        .select_related("requested_by")
        .order_by("created_at")[:limit]
    )
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    lines = []
    for state in states:
        page = pages.get(int(state.object_id))
        if page is None:
            continue
        page = page.specific_deferred
        who = state.requested_by.get_full_name() if state.requested_by else ""
        parts = len(module_unit_drafts(module=page)) if isinstance(page, ModulePage) else 0
        lines.append(PageLine(page, "review", f"Soumis par {who or 'un·e formateur·rice'}", state.created_at, parts))
    return lines


def editable_modules(*, user, limit: int = 20) -> list[ModulePage]:
    """Modules where `user` may add a lesson (their adaptations first, then the library's), for the shortcut."""
    modules = []
    for module in ModulePage.objects.defer_streamfields().order_by("-latest_revision_created_at")[:60]:
        if module.permissions_for_user(user).can_add_subpage():
            modules.append(module)
        if len(modules) >= limit:
            break
    return modules


def upcoming_webinars(*, user, now, limit: int = 3) -> list[WebinarPage]:
    """The next live webinars of the courses `user` follows (all for administrators): linked to one of
    those courses, or to a module one of them lists."""
    webinars = WebinarPage.objects.live().filter(start__gte=now)
    if not roles.is_administrator(user):
        courses = roles.courses_visible_to(user, CoursePage.objects.all())
        modules = CourseModule.objects.filter(page__in=courses).values("module_id")
        webinars = webinars.filter(Q(related_courses__in=courses) | Q(webinar_modules__module_id__in=modules))
    return list(webinars.distinct().order_by("start")[:limit])


def trainer_home(*, user, now=None) -> TrainerHome:
    """Everything the trainers' panels of the admin home show, for `user` (administrators: every course)."""
    now = now or timezone.now()
    stalled = stalled_enrolments(user=user, now=now)
    pending = pending_reviews(learners=roles.learners_visible_to(user))
    return TrainerHome(
        is_administrator=roles.is_administrator(user),
        courses=home_courses(user=user, now=now),
        stalled=list(stalled[:HOME_LIMIT]),
        stalled_total=stalled.count(),
        pending_answers=list(pending[:5]),
        pending_total=pending.count(),
        pages=authored_pages(user=user, now=now),
        webinars=upcoming_webinars(user=user, now=now),
        modules=editable_modules(user=user),
    )


# --- Review e-mails ------------------------------------------------------------------------------------


@dataclass
class ReviewPart:
    kind: str  # « Leçon » or « Quiz »
    title: str


def _submitted_title(item) -> str:
    """An item's title as submitted: its latest revision's, which may differ from the live one."""
    revision = getattr(item, "latest_revision", None)
    content = getattr(revision, "content", None) or {}
    return content.get("title") or item.title


def review_unit_parts(*, page) -> list[ReviewPart]:
    """What a reviewer approves together with `page`: for a module, its lessons with unpublished changes
    and its quiz if unpublished (module_unit_drafts); nothing for any other page."""
    page = page.specific_deferred if isinstance(page, Page) else page
    if not isinstance(page, ModulePage):
        return []
    return [
        ReviewPart(kind="Leçon" if isinstance(item, LessonPage) else "Quiz", title=_submitted_title(item))
        for item in module_unit_drafts(module=page)
    ]


def module_live_parts(*, module: ModulePage) -> list[ReviewPart]:
    """The live lessons of a module, then its quiz if live: what learners now see of it."""
    parts = [
        ReviewPart(kind="Leçon", title=lesson.title) for lesson in LessonPage.objects.child_of(module).live().order_by("path")
    ]
    quiz = Quiz.objects.filter(pk=module.quiz_id, live=True).first() if module.quiz_id else None
    if quiz is not None:
        parts.append(ReviewPart(kind="Quiz", title=quiz.title))
    return parts


def task_reviewers(*, task, exclude=None):
    """Who reviews at `task` (a group approval task): active members of its groups with an e-mail address."""
    from django.contrib.auth import get_user_model

    groups = getattr(task, "groups", None)
    if groups is None:
        return get_user_model().objects.none()
    users = get_user_model().objects.filter(groups__in=groups.all(), is_active=True).exclude(email="").distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.order_by("pk")


def lesson_review_notice(*, lesson: LessonPage, user) -> str | None:
    """Where a lesson stands, for whoever edits it without the right to publish (docs/trainers.md): it goes
    with its module when the module is in review or not yet published; in a published module, its changes
    stay a draft until reviewed on their own. None for someone who may publish it (administrators)."""
    module = lesson.get_parent()
    if module is None or lesson.permissions_for_user(user).can_publish():
        return None
    if module.workflow_in_progress:
        return (
            f"Cette leçon est relue avec son module « {module.title} », soumis à relecture : elle sera publiée "
            "en même temps que lui, quand un·e administrateur·rice l'approuvera."
        )
    if not module.live:
        return (
            f"Cette leçon sera relue et publiée avec son module « {module.title} », qui n'est pas encore publié : "
            "soumettez le module à relecture quand il est prêt, ses leçons et son quiz partent avec lui."
        )
    if lesson.workflow_in_progress:
        return None  # Wagtail's own header already says « En attente de relecture ».
    pending = " Cette leçon a des modifications pas encore publiées." if lesson.has_unpublished_changes else ""
    return (
        f"Le module « {module.title} » est publié : vos modifications de cette leçon restent un brouillon, "
        "invisible des apprenant·es, jusqu'à leur relecture. Soumettez la leçon à relecture : un·e "
        f"administrateur·rice l'approuvera et elle sera publiée.{pending}"
    )
