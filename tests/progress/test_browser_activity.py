"""Time on task in a real browser: the heartbeat counts the time a lesson is visible and the learner
present, not the hidden or idle time; with JavaScript off the page view is still recorded."""

import time

import pytest

from progress.models import ActivitySession
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory

from .conftest import build_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SET_VISIBILITY = """state => {
    Object.defineProperty(document, "visibilityState", {configurable: true, get: () => state});
    Object.defineProperty(document, "hidden", {configurable: true, get: () => state === "hidden"});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def _read(page, seconds):
    """Move the pointer every 200 ms for `seconds`: a learner reading and scrolling."""
    end = time.monotonic() + seconds
    x = 10
    while time.monotonic() < end:
        x = 30 if x == 10 else 10
        page.mouse.move(x, 200)
        page.wait_for_timeout(200)


def _recorded(learner, lesson, expected):
    """The session's active seconds once the last beacon has landed (polled for up to 5 s)."""
    deadline = time.monotonic() + 5
    value = 0
    while time.monotonic() < deadline:
        session = ActivitySession.objects.filter(user=learner, lesson=lesson).first()
        value = session.active_seconds if session else 0
        if value >= expected * 0.9:
            break
        time.sleep(0.2)
    return value


def test_browser_activity_counts_visible_active_time_only(page, settings):
    """4 s reading, 4 s idle, 3 s hidden, 3 s reading: about 7 s recorded, within 10 %."""
    settings.ACTIVITY_BEAT_SECONDS = 1
    settings.ACTIVITY_IDLE_SECONDS = 2
    learner = UserFactory()
    lesson = build_course(modules=1, lessons=1).lessons()[0]
    page.goto("/")
    sign_in(page, learner)
    page.goto(lesson.url)
    assert_accessible(page)

    started = time.monotonic()
    _read(page, 4)
    reading = time.monotonic() - started
    page.wait_for_timeout(4000)  # idle: beyond the 2-second cut-off, not counted
    page.evaluate(SET_VISIBILITY, "hidden")
    page.wait_for_timeout(3000)  # hidden: not counted
    page.evaluate(SET_VISIBILITY, "visible")
    started = time.monotonic()
    _read(page, 3)
    reading += time.monotonic() - started
    page.evaluate(SET_VISIBILITY, "hidden")  # flushes with sendBeacon

    recorded = _recorded(learner, lesson, reading)
    assert abs(recorded - reading) <= reading * 0.10, (recorded, reading)
    session = ActivitySession.objects.get(user=learner, lesson=lesson)
    assert session.source == ActivitySession.Source.HEARTBEAT
    # The wall time of the session (about 14 s) is twice what was counted.
    assert (session.ended_at - session.started_at).total_seconds() > reading + 5


def test_browser_activity_without_javascript_records_the_visit(browser, live_server):
    """JavaScript off: the lesson page view alone records a session, without measured time."""
    learner = UserFactory()
    lesson = build_course(modules=1, lessons=1).lessons()[0]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.live_server_url = live_server.url
    try:
        page.goto("/")
        sign_in(page, learner)
        page.goto(lesson.url)
        assert page.get_by_role("heading", level=1).inner_text() == lesson.title
    finally:
        context.close()
    session = ActivitySession.objects.get(user=learner, lesson=lesson)
    assert session.source == ActivitySession.Source.PAGE_VIEW
    assert session.active_seconds == 0
