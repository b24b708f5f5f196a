"""The figures of a course report (key figures, module funnel, quizzes, completions by month), kept
as a summary in the shared cache and rebuilt by Celery after each change, so that opening the report
of a course of 20 000 learners reads one cache entry instead of aggregating every learner's rows.

The summary is exact as of `computed_at`, which the report shows. It is rebuilt:
- shortly after any change to the course's learning records (enrolment, lesson opened or completed,
  quiz graded or reviewed, course completed): progress, quizzes and webinars send signals after their
  commit; `refresh_later` queues one rebuild per course per REFRESH_DELAY, whatever the number of
  changes in between (a rebuild starts by clearing the mark, so a change during it queues the next);
- when the course itself is published: queued at once, and computed during the request if the report
  is opened before it is ready (its modules may have changed: the previous funnel would be wrong);
- when other content is published (a lesson, a quiz…) or the summary is older than MAX_AGE (« active
  in the last 30 days » moves with the clock): the report shows the previous summary, with its date
  and a word that an update is on its way, and queues a rebuild. At 200 000 learners a rebuild takes
  seconds: computing it during the first request after each publication anywhere on the site kept
  trainers waiting that long;
- at once when an account is erased (the summaries' own generation moves: no name of theirs may
  stay in « à relancer »).
Only the unfiltered report reads it: a report filtered by dates or territory is computed on the spot.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.content_cache import content_generation
from courses.models import CoursePage
from progress.models import Enrolment
from progress.proof import ModuleTime, RelaunchList, planned_duration, relaunch_list, time_on_task_by_module

from . import selectors

REFRESH_DELAY = 20  # seconds between a change and the rebuild it queues
MAX_AGE = datetime.timedelta(hours=1)
# A summary past MAX_AGE is still shown (with its date) while its rebuild runs; after this, none is kept.
KEPT_FOR = datetime.timedelta(days=7)
GENERATION_KEY = "report-summary:generation"
User = get_user_model()


@dataclass
class CourseSummary:
    figures: selectors.CourseFigures
    completions: list[tuple[str, int]]
    module_times: list[ModuleTime]  # time on task per module (proof of completion)
    relaunch: RelaunchList  # « à relancer »
    planned: dict  # planned duration of the course's certificates (progress.proof.planned_duration)
    computed_at: datetime.datetime
    content_generation: int  # of the content it was computed from (core.content_cache)
    course_revision_id: int | None  # the course's live revision then
    # Set on the copy a report shows while a newer summary is being computed (content published
    # since, or older than MAX_AGE).
    updating: bool = False


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _key(course_id: int) -> str:
    return f"report-summary:{_generation()}:{course_id}"


def _pending_key(course_id: int) -> str:
    return f"report-summary:pending:{course_id}"


def course_summary_build(*, course: CoursePage, now=None) -> CourseSummary:
    """Compute the course's figures from its rows and store them (a full recount)."""
    now = now or timezone.now()
    # Read before the rows: a publication during the count leaves the summary marked with the older
    # generation, and the next opening queues another rebuild.
    generation = content_generation()
    enrolments = Enrolment.objects.filter(course=course)
    summary = CourseSummary(
        figures=selectors.course_figures(course=course, enrolments=enrolments, now=now),
        completions=selectors.completions_by_month(course=course, enrolments=enrolments, now=now),
        module_times=time_on_task_by_module(course=course, learners=User.objects.filter(enrolments__course=course)),
        relaunch=relaunch_list(enrolments=enrolments, now=now),
        planned=planned_duration(course=course),
        computed_at=now,
        content_generation=generation,
        course_revision_id=course.live_revision_id,
    )
    cache.set(_key(course.pk), summary, int(KEPT_FOR.total_seconds()))
    return summary


def course_summary(*, course: CoursePage, now=None) -> CourseSummary:
    """The course's summary: the kept one when it is current; the kept one marked `updating` while a
    rebuild is queued when content was published since or it is older than MAX_AGE; computed now when
    there is none (an erasure, a week without opening, a restart of Redis) or the course itself was
    published since."""
    summary = cache.get(_key(course.pk))
    if summary is None or summary.course_revision_id != course.live_revision_id:
        return course_summary_build(course=course)
    now = now or timezone.now()
    if summary.content_generation != content_generation() or now - summary.computed_at > MAX_AGE:
        refresh_later(course_ids=[course.pk])
        summary.updating = True
    return summary


def refresh_on_publication(*, course_id: int) -> None:
    """The course was published: rebuild its summary at once (not after REFRESH_DELAY), after the commit."""
    from .tasks import refresh_course_summary

    transaction.on_commit(lambda: refresh_course_summary.delay(course_id))


def refresh_later(*, course_ids) -> None:
    """Queue a rebuild of each course's summary after the current transaction, once per REFRESH_DELAY."""
    course_ids = sorted(set(course_ids))
    if course_ids:
        transaction.on_commit(lambda: _queue(course_ids))


def _queue(course_ids) -> None:
    from .tasks import refresh_course_summary

    # One read for all the courses first: in a busy course, a rebuild is nearly always pending already,
    # and a learner follows up to ten courses (ten round trips to Redis on each quiz submit otherwise).
    pending = cache.get_many([_pending_key(course_id) for course_id in course_ids])
    for course_id in course_ids:
        if _pending_key(course_id) not in pending and cache.add(_pending_key(course_id), 1, REFRESH_DELAY * 10):
            refresh_course_summary.apply_async(args=[course_id], countdown=REFRESH_DELAY)


def refresh_now(*, course_id: int) -> bool:
    """The Celery task's body: clear the pending mark, then rebuild (False if the course is gone)."""
    cache.delete(_pending_key(course_id))
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return False
    course_summary_build(course=course)
    return True


def invalidate_all() -> None:
    """Every summary is recomputed at its next opening (an account was erased: its rows left every
    course it followed). Moves now and again after the commit, as the content generation does."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.add(GENERATION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)
