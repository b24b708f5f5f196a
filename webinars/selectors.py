"""Read-side of the webinars app: what the pages, calendar feeds and the progress app read, in a
fixed number of queries whatever the number of webinars."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, ModulePage, Theme
from elearning.content_cache import cached_content

from .models import Attendance, WebinarCycle, WebinarModule, WebinarPage, WebinarStatus

RELATED_UPCOMING = 3
RELATED_REPLAYS = 3


def _live_webinars():
    return WebinarPage.objects.live().select_related("cycle", "calendar_state")


def _with_replay():
    return Q(replay_url__gt="") | Q(replay_video__isnull=False)


@dataclass
class WebinarListing:
    upcoming: list[WebinarPage]
    replays: list[WebinarPage]


def webinar_listing(
    *, index=None, cycle: WebinarCycle | None = None, theme: Theme | None = None, kind: str = ""
) -> WebinarListing:
    """Upcoming sessions first, soonest first (cancelled ones too, marked), then past sessions that
    have a replay, most recent first. Two queries for the pages, one for their themes."""
    now = timezone.now()
    webinars = _live_webinars().prefetch_related("themes")
    if index is not None:
        webinars = webinars.child_of(index)
    if cycle is not None:
        webinars = webinars.filter(cycle=cycle)
    if theme is not None:
        webinars = webinars.filter(Q(themes=theme) | Q(cycle__themes=theme)).distinct()
    if kind:
        webinars = webinars.filter(kind=kind)
    return WebinarListing(
        upcoming=list(webinars.filter(end__gt=now).order_by("start", "pk")),
        replays=list(
            webinars.filter(end__lte=now).filter(_with_replay()).exclude(status=WebinarStatus.CANCELLED).order_by("-start", "pk")
        ),
    )


@dataclass
class RelatedWebinars:
    upcoming: list[WebinarPage]
    replays: list[WebinarPage]

    def __bool__(self):
        return bool(self.upcoming or self.replays)


def related_webinars(*, page) -> RelatedWebinars:
    """Webinars linked to a module, to the module of a lesson, or to a course (directly or through
    one of its modules): the next planned ones first, then replays.

    Every learner of the page sees the same: the related webinars come from the shared content cache
    (elearning/content_cache.py), one query on a miss, and are split into upcoming sessions and
    replays here, at the time of the request, so that a session that has just ended moves to the
    replays without waiting for content to change."""
    if type(page) is Page:
        page = page.specific
    if not isinstance(page, (LessonPage, ModulePage, CoursePage)) or page.pk is None:
        return RelatedWebinars(upcoming=[], replays=[])
    candidates = cached_content(f"related-webinars:{page.pk}", lambda: _related_candidates(page))
    now = timezone.now()
    upcoming = sorted((w for w in candidates if w.end > now and w.status == WebinarStatus.PLANNED), key=lambda w: (w.start, w.pk))
    replays = sorted((w for w in candidates if w.end <= now and w.has_replay), key=lambda w: (-w.start.timestamp(), w.pk))
    return RelatedWebinars(upcoming=upcoming[:RELATED_UPCOMING], replays=replays[:RELATED_REPLAYS])


def _related_candidates(page) -> list[WebinarPage]:
    """Every live webinar related to `page` that is planned or has a replay, whatever the date."""
    if isinstance(page, LessonPage):
        condition = Q(webinar_modules__module__in=ModulePage.objects.filter(path=page.path[: -ModulePage.steplen]))
    elif isinstance(page, ModulePage):
        condition = Q(webinar_modules__module=page)
    else:
        condition = Q(related_courses=page) | Q(webinar_modules__module__course_links__page=page)
    ids = WebinarPage.objects.filter(condition).values("pk")
    webinars = _live_webinars().filter(pk__in=ids).filter(Q(status=WebinarStatus.PLANNED) | _with_replay())
    return list(webinars)


def webinar_modules(*, webinar: WebinarPage) -> dict[str, list[ModulePage]]:
    """The live modules to follow before and after a webinar, in the editor's order."""
    links = WebinarModule.objects.filter(page=webinar, module__live=True).select_related("module").order_by("sort_order", "pk")
    result = {"before": [], "after": []}
    for link in links:
        result[link.timing].append(link.module)
    return result


def calendar_webinars(*, cycle: WebinarCycle | None = None):
    """Every published session for a calendar feed (cancelled ones too: clients must remove them)."""
    webinars = _live_webinars().order_by("start", "pk")
    if cycle is not None:
        webinars = webinars.filter(cycle=cycle)
    return webinars


@dataclass
class AttendedWebinar:
    webinar: WebinarPage
    minutes: int
    hours: float


def _related_to_courses(course_ids) -> Q:
    """Webinars linked to one of these courses, directly or through one of their modules."""
    return Q(related_courses__in=course_ids) | Q(webinar_modules__module__course_links__page__in=course_ids)


def upcoming_webinars_for_courses(*, course_ids, limit: int = RELATED_UPCOMING) -> list[WebinarPage]:
    """The next planned sessions related to these courses, soonest first (two queries)."""
    course_ids = list(course_ids)
    if not course_ids:
        return []
    ids = WebinarPage.objects.filter(_related_to_courses(course_ids)).values("pk")
    webinars = _live_webinars().filter(pk__in=ids, end__gt=timezone.now(), status=WebinarStatus.PLANNED)
    return list(webinars.order_by("start", "pk")[:limit])


def attended_webinars_for_user(*, user, course: CoursePage | None = None) -> list[AttendedWebinar]:
    """Sessions the user attended for at least the webinar's minimum, oldest first, with the hours
    to count (minutes attended, capped at the session's length), for the dashboard and attestation.
    With `course`, only the sessions related to that course."""
    attendances = (
        Attendance.objects.filter(user=user, minutes__gte=F("webinar__min_minutes_for_attendance"))
        .select_related("webinar", "webinar__cycle")
        .order_by("webinar__start")
    )
    if course is not None:
        attendances = attendances.filter(webinar__in=WebinarPage.objects.filter(_related_to_courses([course.pk])).values("pk"))
    result = []
    for attendance in attendances:
        minutes = min(attendance.minutes, attendance.webinar.duration_minutes)
        result.append(AttendedWebinar(webinar=attendance.webinar, minutes=minutes, hours=round(minutes / 60, 2)))
    return result


def reminder_requested(*, user, webinar: WebinarPage) -> bool:
    if not user.is_authenticated:
        return False
    return webinar.reminder_requests.filter(user=user).exists()


__all__ = [
    "AttendedWebinar",
    "attended_webinars_for_user",
    "calendar_webinars",
    "related_webinars",
    "reminder_requested",
    "webinar_listing",
    "webinar_modules",
]
