"""Query budgets: the dashboard and the course page cost the same whatever the number of courses, modules and lessons."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress.models import ActivitySession
from progress.services import enrolment_create, lesson_complete, lesson_visit
from tests.factories.courses import build_sections
from tests.query_count import page_queries

from .conftest import build_course, pass_quiz

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    count, response = page_queries(client, url)
    assert response.status_code == 200, url
    return count


def follow(user, data):
    enrolment_create(user=user, course=data.course)
    lessons = data.lessons()
    lesson_complete(user=user, lesson=lessons[0])
    lesson_visit(user=user, lesson=lessons[-1])


def test_views_dashboard_queries_do_not_grow_with_courses(client, learner, media_root):
    """1 course or 20 courses followed (with quizzes taken): same number of queries."""
    sections = build_sections()
    first = build_course(slug="c0", sections=sections, module_quiz=True, final_quiz=True)
    follow(learner, first)
    pass_quiz(learner, first.modules[-1].quiz, right=False)
    client.force_login(learner)
    one = count_queries(client, reverse("progress:dashboard"))
    for i in range(1, 20):
        data = build_course(slug=f"c{i}", sections=sections, module_quiz=True, final_quiz=(i % 2 == 0))
        follow(learner, data)
        pass_quiz(learner, data.modules[-1].quiz, right=bool(i % 3))
    assert count_queries(client, reverse("progress:dashboard")) == one
    assert one <= 20


def test_views_dashboard_queries_do_not_grow_with_modules(client, learner):
    """A course of 3 modules or of 30 modules: same number of queries."""
    sections = build_sections()
    small = build_course(slug="petit", modules=3, sections=sections)
    follow(learner, small)
    client.force_login(learner)
    few = count_queries(client, reverse("progress:dashboard"))
    large = build_course(slug="grand", modules=30, sections=sections)
    follow(learner, large)
    assert count_queries(client, reverse("progress:dashboard")) == few


def test_views_course_page_signed_in_queries_do_not_grow_with_modules(client, learner):
    """The course page of an enrolled learner: 3 or 30 modules, same number of queries."""
    sections = build_sections()
    small = build_course(slug="petit", modules=3, sections=sections, final_quiz=True)
    large = build_course(slug="grand", modules=30, sections=sections, final_quiz=True)
    follow(learner, small)
    follow(learner, large)
    client.force_login(learner)
    assert count_queries(client, small.course.url) == count_queries(client, large.course.url)


def test_views_lesson_page_signed_in_queries_do_not_grow_with_modules(client, learner):
    """A lesson opened from a 3- or 30-module course by a signed-in learner: same number of queries."""
    sections = build_sections()
    small = build_course(slug="petit", modules=3, sections=sections)
    large = build_course(slug="grand", modules=30, sections=sections)
    follow(learner, small)
    follow(learner, large)
    client.force_login(learner)
    small_url = f"{small.lessons(small.modules[1])[0].url}?parcours=petit"
    large_url = f"{large.lessons(large.modules[1])[0].url}?parcours=grand"
    assert count_queries(client, small_url) == count_queries(client, large_url)


# User (with the session from the cache), lesson, savepoint, the current session read under lock, its
# insert or update, release.
HEARTBEAT_BUDGET = 6


def _beat_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"active_seconds": "45"})
    assert response.status_code == 204
    return len(queries)


def test_views_heartbeat_queries_are_few_and_do_not_grow_with_sessions(client, learner):
    """The lesson page's heartbeat (bench scenario « heartbeat »): a small constant number of queries,
    with one session or with 200 earlier sessions of this and other lessons."""
    data = build_course(slug="battement", modules=2, lessons=3)
    lessons = data.lessons()
    client.force_login(learner)
    _beat_queries(client, reverse("progress:activity_beat", args=[lessons[2].pk]))  # the session cache is warm, as on a page
    url = reverse("progress:activity_beat", args=[lessons[0].pk])
    first = _beat_queries(client, url)  # no current session: one is created
    extend = _beat_queries(client, url)  # the current session grows
    long_ago = timezone.now() - timedelta(days=30)
    ActivitySession.objects.bulk_create(
        ActivitySession(
            user=learner,
            lesson=lessons[i % len(lessons)],
            started_at=long_ago + timedelta(hours=i),
            ended_at=long_ago + timedelta(hours=i, minutes=10),
            active_seconds=300,
        )
        for i in range(200)
    )
    assert _beat_queries(client, url) == extend == first
    assert max(first, extend) <= HEARTBEAT_BUDGET, (first, extend)
    other = reverse("progress:activity_beat", args=[lessons[1].pk])
    assert _beat_queries(client, other) == first  # a lesson without a current session, among 200 old ones
