"""Report figures against a hand-computed course (tests/reports/reports_fixtures.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress.models import Enrolment
from reports import selectors
from tests.factories.accounts import UserFactory

from .reports_fixtures import build_scenario, enrol, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return build_scenario()


def test_selectors_course_figures_match_the_hand_computed_values(scenario):
    """4 enrolled, 3 active in 30 days, 2 completed (50 %), median (10 + 4) / 2 = 7 days; funnel 3 then 2;
    final quiz: 3 learners, so its average and pass rate are masked (under 5); 1 answer to review."""
    figures = selectors.course_figures(course=scenario.course, enrolments=Enrolment.objects.all(), now=scenario.now)
    assert (figures.enrolled, figures.active, figures.completed, figures.completion_rate) == (4, 3, 2, 50)
    assert figures.median_days == 7.0
    assert [(step.number, step.reached, step.reached_percent, step.completed) for step in figures.funnel] == [
        (1, 3, 75, 3),
        (2, 2, 50, 2),
    ]
    by_label = {item.label: item for item in figures.quizzes}
    final = by_label["Quiz final"]
    assert (final.learners, final.attempts, final.pass_rate, final.average, final.pending_reviews) == (3, 3, None, None, 0)
    assert final.masked
    free = by_label["Module 2"]
    assert (free.attempts, free.pass_rate, free.average, free.pending_reviews) == (1, None, None, 1)
    assert figures.pending_reviews == 1


def test_selectors_course_figures_follow_the_filters(scenario):
    """Only B and C (enrolled in the last 25 days and in Bretagne): 2 enrolled, 1 completed, median 4 days."""
    for name in "BC":
        type(scenario.learners[name]).objects.filter(pk=scenario.learners[name].pk).update(region="bretagne")
    enrolments = Enrolment.objects.filter(user__region="bretagne")
    figures = selectors.course_figures(course=scenario.course, enrolments=enrolments, now=scenario.now)
    assert (figures.enrolled, figures.completed, figures.completion_rate, figures.median_days) == (2, 1, 50, 4.0)
    assert [step.reached for step in figures.funnel] == [2, 1]


def test_selectors_course_learner_rows(scenario):
    """One row per enrolled learner, with the modules done and the completion date; never E."""
    rows = {
        row.user.first_name: row
        for row in selectors.course_learner_rows(course=scenario.course, enrolments=Enrolment.objects.all())
    }
    assert sorted(rows) == ["A", "B", "C", "D"]
    assert (rows["A"].modules_done, rows["B"].modules_done, rows["D"].modules_done) == (2, 1, 0)
    assert rows["A"].completed_at is not None and rows["B"].completed_at is None


def _figure_queries(course):
    with CaptureQueriesContext(connection) as captured:
        selectors.course_figures(course=course, enrolments=Enrolment.objects.all())
        list(selectors.course_learner_rows(course=course, enrolments=Enrolment.objects.all()))
        selectors.territorial_rows(enrolments=Enrolment.objects.all())
        selectors.hours_by_theme(enrolments=Enrolment.objects.all())
    return len(captured)


def test_selectors_query_count_is_the_same_for_2_and_20_more_learners(scenario, django_assert_max_num_queries):
    """Adding 20 learners who progressed does not add a single query."""
    before = _figure_queries(scenario.course)
    for i in range(20):
        learner = UserFactory(collectivite=f"Commune {i % 3}")
        enrol(learner, scenario.course, enrolled_days_ago=3, active_days_ago=1, now=scenario.now)
        visit(learner, scenario.lessons[0], now=scenario.now)
    with django_assert_max_num_queries(before):
        _figure_queries(scenario.course)
    assert before <= 20


def test_selectors_territorial_rows_mask_small_counts():
    """6 learners in Brest (2 completions) are shown; 2 in Nantes show « < 5 » for both figures."""
    from django.utils import timezone

    from progress.models import CourseCompletion

    from .conftest import build_course

    course = build_course().course
    now = timezone.now()
    for i in range(6):
        user = UserFactory(region="bretagne", departement="29", collectivite="Brest")
        enrol(user, course, enrolled_days_ago=3, active_days_ago=1, now=now)
        if i < 2:
            CourseCompletion.objects.create(user=user, course=course, completed_at=now)
    for _ in range(2):
        user = UserFactory(region="pays_de_la_loire", departement="44", collectivite="Nantes")
        enrol(user, course, enrolled_days_ago=3, active_days_ago=1, now=now)
    rows = {row["collectivite"]: row for row in selectors.territorial_rows(enrolments=Enrolment.objects.all())}
    assert (rows["Brest"]["learners"], rows["Brest"]["completions"]) == (6, "< 5")
    assert (rows["Nantes"]["learners"], rows["Nantes"]["completions"]) == ("< 5", "< 5")
    regions = {row["region"]: row for row in selectors.territorial_rows(enrolments=Enrolment.objects.all(), by=("user__region",))}
    assert regions["bretagne"]["learners"] == 6


def test_selectors_hours_by_theme(scenario):
    """A and C did 4 lessons of 10 min, B 2: 100 min = 1.7 h under the modules' theme; a 90-min webinar
    of that theme attended 120 min (capped to 90) by A adds 1.5 h."""
    from datetime import timedelta

    from tests.factories.courses import ThemeFactory
    from tests.factories.webinars import webinar
    from webinars.models import Attendance

    theme = ThemeFactory(name="Contrats de ville")
    for module in scenario.modules:
        module.themes.add(theme)
        module.save()
    session = webinar(
        themes=[theme], start=scenario.now - timedelta(days=3), end=scenario.now - timedelta(days=3) + timedelta(minutes=90)
    )
    Attendance.objects.create(user=scenario.learners["A"], webinar=session, minutes=120)
    Attendance.objects.create(user=scenario.learners["E"], webinar=session, minutes=60)
    rows = selectors.hours_by_theme(enrolments=Enrolment.objects.filter(course=scenario.course))
    assert [(row.theme.name, row.lesson_hours, row.webinar_hours, row.total) for row in rows] == [
        ("Contrats de ville", 1.7, 1.5, 3.2)
    ]


def test_selectors_course_quiz_figures_show_from_five_learners(scenario):
    """Two more learners pass the final quiz: 5 learners, 4 of 5 passed (80 %), average 80."""
    from tests.factories.accounts import UserFactory

    from .conftest import pass_quiz

    for _ in range(2):
        learner = UserFactory()
        Enrolment.objects.create(user=learner, course=scenario.course, enrolled_at=scenario.now, last_activity_at=scenario.now)
        pass_quiz(learner, scenario.course.final_quiz, right=True)
    figures = selectors.course_figures(course=scenario.course, enrolments=Enrolment.objects.all(), now=scenario.now)
    final = {item.label: item for item in figures.quizzes}["Quiz final"]
    assert (final.learners, final.masked, final.pass_rate, final.average) == (5, False, 80, 80.0)
