"""Read-side of the webinars app: what the pages, calendar feeds and the progress app read, in a
fixed number of queries whatever the number of webinars."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page

from core.content_cache import cached_content, cached_contents
from courses.models import CoursePage, LessonPage, ModulePage, Theme
from courses.selectors import with_site_root_paths

from .models import Attendance, WebinarCycle, WebinarModule, WebinarPage, WebinarStatus, counts_as_attended

RELATED_UPCOMING = 3
RELATED_REPLAYS = 3


def _live_webinars():
    return WebinarPage.objects.live().select_related("cycle", "calendar_state")


def _with_replay():
    return Q(replay_url__gt="") | Q(replay_video__isnull=False)


WEBINARS_PER_PAGE = 12


@dataclass
class ListingIds:
    """The ids of the webinars a listing shows, in their order: upcoming sessions, then replays."""

    upcoming: list[int]
    replays: list[int]


@dataclass
class FilterOptions:
    """What the list's filters offer and the cycles whose calendar feed it links to."""

    cycles: list[tuple[str, str]]  # (slug, title) of every cycle, by title
    themes: list[tuple[str, str]]  # (slug, name) of the themes of a webinar or a cycle, by name
    feed_cycles: list[WebinarCycle]  # the cycles that have a live webinar


def webinar_filter_options() -> FilterOptions:
    """The same for every visitor until content changes: from the shared content cache, three
    queries on a miss."""
    return cached_content("webinar-filter-options", _filter_options)


def _filter_options() -> FilterOptions:
    themes = Theme.objects.filter(Q(webinars__isnull=False) | Q(webinar_cycles__isnull=False)).distinct().order_by("name")
    return FilterOptions(
        cycles=list(WebinarCycle.objects.order_by("title").values_list("slug", "title")),
        themes=list(themes.values_list("slug", "name")),
        feed_cycles=list(WebinarCycle.objects.filter(webinars__live=True).distinct().order_by("title")),
    )


def webinar_listing_ids(
    *, index=None, cycle: WebinarCycle | None = None, theme: Theme | None = None, kind: str = ""
) -> ListingIds:
    """Upcoming sessions first, soonest first (cancelled ones too, marked), then past sessions that
    have a replay, most recent first.

    The webinars matching the filters are the same for every visitor until content changes: their ids
    and dates (a few numbers each, not the pages) come from the shared content cache, one query on a
    miss, and are split into upcoming sessions and replays here, at the time of the request, as
    related_webinars does. A page of the list then reads only its own webinars (`listed_webinars`)."""
    key = f"webinar-listing-ids:{getattr(index, 'pk', 0)}:{getattr(cycle, 'pk', 0)}:{getattr(theme, 'pk', 0)}:{kind}"
    rows = cached_content(key, lambda: _listing_rows(index=index, cycle=cycle, theme=theme, kind=kind))
    now = timezone.now()
    upcoming = sorted((row for row in rows if row[2] > now), key=lambda row: (row[1], row[0]))
    replays = sorted((row for row in rows if row[2] <= now and row[3]), key=lambda row: (-row[1].timestamp(), row[0]))
    return ListingIds(upcoming=[row[0] for row in upcoming], replays=[row[0] for row in replays])


def _listing_rows(*, index, cycle, theme, kind) -> list[tuple]:
    """(id, start, end, shown as a replay once over) of the live webinars matching the filters."""
    webinars = WebinarPage.objects.live()
    if index is not None:
        webinars = webinars.child_of(index)
    if cycle is not None:
        webinars = webinars.filter(cycle=cycle)
    if theme is not None:
        webinars = webinars.filter(Q(themes=theme) | Q(cycle__themes=theme))
    if kind:
        webinars = webinars.filter(kind=kind)
    rows = webinars.order_by("start", "pk").values_list("pk", "start", "end", "replay_url", "replay_video_id", "status")
    seen, result = set(), []
    for pk, start, end, replay_url, replay_video_id, status in rows:
        if pk not in seen:  # a webinar reached through its themes and its cycle's comes twice
            seen.add(pk)
            result.append((pk, start, end, bool(replay_url or replay_video_id) and status != WebinarStatus.CANCELLED))
    return result


def listed_webinars(ids: list[int]) -> dict[int, WebinarPage]:
    """{id: webinar} with its cycle and themes, for a page of the list: each from the shared content
    cache, two queries for all those missing from it."""
    return cached_contents("listed-webinar", ids, _build_listed_webinars)


def _build_listed_webinars(ids: list[int]) -> dict[int, WebinarPage]:
    webinars = list(_live_webinars().filter(pk__in=ids).prefetch_related("themes"))
    with_site_root_paths(webinars)
    return {webinar.pk: webinar for webinar in webinars}


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
    (elearning/content_cache.py), one or two queries on a miss, and are split into upcoming sessions
    and replays here, at the time of the request, so that a session that has just ended moves to
    the replays without waiting for content to change."""
    if type(page) is Page:
        page = page.specific
    if isinstance(page, CoursePage) and page.pk is not None:
        candidates = _course_candidates([page.pk])[page.pk]
    elif isinstance(page, (LessonPage, ModulePage)) and page.pk is not None:
        candidates = cached_content(f"related-webinars:{page.pk}", lambda: _module_candidates(page))
    else:
        return RelatedWebinars(upcoming=[], replays=[])
    now = timezone.now()
    replays = sorted((w for w in candidates if w.end <= now and w.has_replay), key=lambda w: (-w.start.timestamp(), w.pk))
    return RelatedWebinars(upcoming=_upcoming(candidates, now)[:RELATED_UPCOMING], replays=replays[:RELATED_REPLAYS])


def _upcoming(webinars, now) -> list[WebinarPage]:
    """The planned sessions not over yet, soonest first."""
    return sorted((w for w in webinars if w.end > now and w.status == WebinarStatus.PLANNED), key=lambda w: (w.start, w.pk))


def _candidates():
    """Live webinars that can be listed as related, whatever the date: planned, or with a replay."""
    return _live_webinars().filter(Q(status=WebinarStatus.PLANNED) | _with_replay())


def _module_candidates(page) -> list[WebinarPage]:
    """The candidates linked to a module, or to the module of a lesson (one query)."""
    if isinstance(page, LessonPage):
        modules = ModulePage.objects.filter(path=page.path[: -ModulePage.steplen])
        return list(_candidates().filter(pk__in=WebinarModule.objects.filter(module__in=modules).values("page")))
    return list(_candidates().filter(pk__in=WebinarModule.objects.filter(module=page).values("page")))


def _course_candidates(course_ids) -> dict[int, list[WebinarPage]]:
    """{course id: candidates linked to the course, directly or through one of its modules}, from the
    shared content cache; two queries for all the courses missing from it."""
    return cached_contents("course-webinars", list(course_ids), _build_course_candidates)


def _build_course_candidates(course_ids: list[int]) -> dict[int, list[WebinarPage]]:
    # One query: each row is a webinar with one course it is linked to directly and one it reaches
    # through a module (either may be another course, or none); a webinar comes once per pair.
    rows = (
        _candidates()
        .annotate(direct_course=F("related_courses"), module_course=F("webinar_modules__module__course_links__page"))
        .filter(Q(direct_course__in=course_ids) | Q(module_course__in=course_ids))
    )
    by_course: dict[int, dict[int, WebinarPage]] = {course_id: {} for course_id in course_ids}
    for webinar in rows:
        for course_id in {webinar.direct_course, webinar.module_course} & by_course.keys():
            by_course[course_id].setdefault(webinar.pk, webinar)
    return {course_id: list(webinars.values()) for course_id, webinars in by_course.items()}


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
    """The next planned sessions related to these courses, soonest first (from the shared content
    cache; two queries for the courses missing from it)."""
    candidates = {w.pk: w for webinars in _course_candidates(course_ids).values() for w in webinars}
    return _upcoming(candidates.values(), timezone.now())[:limit]


def programme_webinars_for_course(*, course: CoursePage) -> list[WebinarPage]:
    """The published sessions of a course's programme (linked to it directly or through one of its
    modules), soonest first, cancelled ones excluded: their planned durations count in the course's
    planned duration (« certificat de réalisation »). One query."""
    return list(
        WebinarPage.objects.live()
        .filter(_related_to_courses([course.pk]))
        .exclude(status=WebinarStatus.CANCELLED)
        .defer_streamfields()
        .distinct()
        .order_by("start", "pk")
    )


def attended_webinars_for_user(*, user, course: CoursePage | None = None) -> list[AttendedWebinar]:
    """Sessions the user attended for at least the webinar's minimum, oldest first, with the hours
    to count (minutes attended, capped at the session's length), for the dashboard and attestation.
    With `course`, only the sessions related to that course."""
    attendances = Attendance.objects.filter(user=user)
    if course is not None:
        attendances = attendances.filter(webinar__in=WebinarPage.objects.filter(_related_to_courses([course.pk])).values("pk"))
    return attended_webinars(attendances=attendances.values_list("webinar_id", "minutes"))


def attended_webinars(*, attendances) -> list[AttendedWebinar]:
    """The sessions of (webinar id, minutes attended) rows already read that count as attended (the
    webinar's minimum reached), oldest first: the sessions come from the content cache (one query
    for those missing from it)."""
    attendances = list(attendances)
    webinars = cached_contents("attended-webinar", [webinar_id for webinar_id, _minutes in attendances], _webinars_by_id)
    result = []
    for webinar_id, minutes in attendances:
        webinar = webinars[webinar_id]
        if counts_as_attended(minutes=minutes, webinar=webinar):
            minutes = min(minutes, webinar.duration_minutes)
            result.append(AttendedWebinar(webinar=webinar, minutes=minutes, hours=round(minutes / 60, 2)))
    return sorted(result, key=lambda item: (item.webinar.start, item.webinar.pk))


def _webinars_by_id(ids: list[int]) -> dict[int, WebinarPage]:
    webinars = list(WebinarPage.objects.filter(pk__in=ids).select_related("cycle").defer_streamfields())
    return {webinar.pk: webinar for webinar in with_site_root_paths(webinars)}


def reminder_requested(*, user, webinar: WebinarPage) -> bool:
    if not user.is_authenticated:
        return False
    return webinar.reminder_requests.filter(user=user).exists()


__all__ = [
    "AttendedWebinar",
    "attended_webinars",
    "attended_webinars_for_user",
    "calendar_webinars",
    "related_webinars",
    "reminder_requested",
    "webinar_listing_ids",
    "listed_webinars",
    "webinar_modules",
]
