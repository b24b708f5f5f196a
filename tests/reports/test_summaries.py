"""The course report's summary (reports/summaries.py): the unfiltered report reads its figures from the
cache, and they follow every change made through the services — an enrolment, a lesson, a quiz, a
completion, a publication, an erased account — and always equal a recount from the rows."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import user_erase
from progress.models import Enrolment
from progress.services import enrolment_create, lesson_complete, lesson_visit
from reports import selectors, summaries
from tests.factories.accounts import UserFactory

from .conftest import pass_quiz
from .reports_fixtures import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return build_scenario()


def course_url(course):
    return f"/admin/rapports/parcours/{course.pk}/"


def figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1)


def funnel_rows(html: str) -> list[str]:
    table = html[html.index("Progression module par module") :]
    table = table[: table.index("</table>")]
    return re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table)


def recount(course):
    return selectors.course_figures(course=course, enrolments=Enrolment.objects.filter(course=course))


def test_unfiltered_report_reads_the_summary_not_the_learners_rows(client, scenario):
    """Once the summary is built, opening the report reads no lesson progress, module completion or
    attempt row, and says when its figures were computed."""
    client.force_login(scenario.trainer)
    client.get(course_url(scenario.course))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(course_url(scenario.course)).content.decode()
    aggregated = [q["sql"] for q in queries if "progress_lessonprogress" in q["sql"] or "quizzes_attempt" in q["sql"]]
    assert not aggregated
    assert figure(html, "enrolled") == "4"
    assert "data-figures-computed-at" in html


def test_summary_follows_changes_made_through_the_services_and_equals_a_recount(
    client, scenario, django_capture_on_commit_callbacks
):
    """A new learner enrols, opens and completes lessons, passes the final quiz: after each step, the
    page shows the new figures and the stored summary equals a recount."""
    course = scenario.course
    client.force_login(scenario.trainer)
    assert figure(client.get(course_url(course)).content.decode(), "enrolled") == "4"
    newcomer = UserFactory(first_name="Nouvelle", last_name="Élue")

    steps = [
        lambda: enrolment_create(user=newcomer, course=course),
        lambda: lesson_visit(user=newcomer, lesson=scenario.lessons[1][0]),
        *[lambda lesson=lesson: lesson_complete(user=newcomer, lesson=lesson) for lesson in scenario.lessons[0]],
        lambda: pass_quiz(newcomer, course.final_quiz, right=False),
    ]
    for step in steps:
        with django_capture_on_commit_callbacks(execute=True):
            step()
        html = client.get(course_url(course)).content.decode()
        stored = summaries.course_summary(course=course)
        assert stored.figures == recount(course)
    assert figure(html, "enrolled") == "5"
    assert figure(html, "active") == "4"
    # Module 1: A, B, C and the newcomer opened and completed it; module 2: A, C and the newcomer opened it.
    assert [row.count("<td>") for row in funnel_rows(html)] == [3, 3]
    assert "<td>4</td><td>80 %</td><td>4</td>" in funnel_rows(html)[0]
    assert "<td>3</td><td>60 %</td><td>2</td>" in funnel_rows(html)[1]


def test_summary_follows_an_erased_account(client, scenario, django_capture_on_commit_callbacks):
    """B, idle for 10 days, is « à relancer » by name; once B's account is erased, the next opening
    shows no name of B's, and the figures still count B's anonymised records (equal to a recount)."""
    Enrolment.objects.filter(user=scenario.learners["B"], course=scenario.course).update(
        last_activity_at=scenario.now - timedelta(days=10)
    )
    client.force_login(scenario.administrator)
    html = client.get(course_url(scenario.course)).content.decode()
    assert "Élu B" in html[html.index("À relancer") :]
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=scenario.learners["B"])
    html = client.get(course_url(scenario.course)).content.decode()
    assert "Élu B" not in html
    assert figure(html, "enrolled") == "4"
    assert summaries.course_summary(course=scenario.course).figures == recount(scenario.course)


def test_summary_follows_a_publication(client, scenario):
    """A module taken out of the course and the course republished: the funnel shows one module at once."""
    client.force_login(scenario.trainer)
    assert len(funnel_rows(client.get(course_url(scenario.course)).content.decode())) == 2
    course = scenario.course
    course.course_modules.last().delete()
    course.save_revision().publish()
    assert len(funnel_rows(client.get(course_url(course)).content.decode())) == 1


def test_filtered_report_is_computed_from_the_rows(client, scenario):
    """A filter (here a territory none of the learners is in) is applied at once, not read from the summary."""
    client.force_login(scenario.trainer)
    client.get(course_url(scenario.course))
    html = client.get(course_url(scenario.course) + "?region=autre").content.decode()
    assert figure(html, "enrolled") == "0"
    assert "data-figures-computed-at" not in html


def test_course_publication_rebuilds_the_summary_before_the_report_is_opened(
    client, scenario, django_capture_on_commit_callbacks
):
    """Publishing the course queues its rebuild at once: the next opening reads the new summary, it
    does not compute it (no learner row read) and shows one module."""
    client.force_login(scenario.trainer)
    client.get(course_url(scenario.course))
    course = scenario.course
    course.course_modules.last().delete()
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(course_url(course)).content.decode()
    assert not [q["sql"] for q in queries if "progress_lessonprogress" in q["sql"]]
    assert len(funnel_rows(html)) == 1
    assert "data-figures-updating" not in html


def test_other_content_published_shows_the_previous_summary_while_it_is_rebuilt(
    client, scenario, django_capture_on_commit_callbacks
):
    """A lesson published elsewhere moves the content generation: the first opening shows the kept
    figures, dated and marked « Mise à jour en cours », without counting the rows during the request,
    and queues the rebuild; once it has run, the figures are current and unmarked, equal to a recount."""
    client.force_login(scenario.trainer)
    client.get(course_url(scenario.course))
    lesson = scenario.lessons[0][0]
    lesson.title = "Leçon renommée"
    lesson.save_revision().publish()
    Enrolment.objects.filter(user=scenario.learners["D"]).delete()  # behind the services' back: no signal
    with django_capture_on_commit_callbacks(execute=False) as queued:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(course_url(scenario.course)).content.decode()
    assert not [q["sql"] for q in queries if "progress_lessonprogress" in q["sql"]]
    assert "Mise à jour en cours" in html
    assert figure(html, "enrolled") == "4"
    assert queued, "a rebuild is queued"
    for callback in queued:
        callback()
    html = client.get(course_url(scenario.course)).content.decode()
    assert "data-figures-updating" not in html
    assert figure(html, "enrolled") == "3"
    assert summaries.course_summary(course=scenario.course).figures == recount(scenario.course)


def test_a_summary_older_than_an_hour_is_shown_and_rebuilt(scenario, django_capture_on_commit_callbacks):
    """Past MAX_AGE (« active in the last 30 days » moves with the clock), the kept summary is given
    marked as updating, and a rebuild is queued; within it, it is given as is."""
    course = scenario.course
    built = summaries.course_summary(course=course)
    assert not summaries.course_summary(course=course, now=built.computed_at + timedelta(minutes=59)).updating
    with django_capture_on_commit_callbacks(execute=True) as queued:
        later = summaries.course_summary(course=course, now=built.computed_at + timedelta(hours=2))
    assert later.updating and later.computed_at == built.computed_at
    assert queued
    assert summaries.course_summary(course=course).computed_at > built.computed_at
