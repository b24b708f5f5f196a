"""Several processes at once on PostgreSQL, as several gunicorn workers would be: nothing lost, nothing doubled."""

import multiprocessing
import queue

import pytest

from progress.models import LessonProgress, ModuleCompletion
from quizzes.models import Answer, Attempt, AttemptStatus
from quizzes.services import attempt_start
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for
from tests.progress.conftest import build_course

from .concurrency_child import run_learner
from .conftest import database_url, requires_postgresql

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]

LEARNERS = 10
PASSING = 7  # learners 0–6 answer right, 7–9 wrong


def test_concurrency_50_simultaneous_completions_and_submissions_by_10_learners(monkeypatch):
    """10 learner processes each send 5 requests at the same moment (3 lesson completions and the same quiz
    submitted twice): 30 completed lessons, 10 graded attempts with the right scores, one refusal per
    double submission, and a module completion for exactly the 7 who passed."""
    course = build_course(modules=1, lessons=3, module_quiz=True)
    module = course.modules[0]
    lessons = course.lessons()
    learners = [UserFactory(email=f"simultane{i}@exemple.fr") for i in range(LEARNERS)]
    plans = {}
    for index, learner in enumerate(learners):
        attempt = attempt_start(user=learner, quiz=module.quiz)
        data = answers_for(attempt, {1: "1 362" if index < PASSING else "1 296"})
        plans[learner.pk] = [("lesson", lesson.pk) for lesson in lessons] + [("quiz", attempt.pk, data)] * 2
    assert sum(len(plan) for plan in plans.values()) == 50

    # The children open the test database that pytest-django created (spawned processes read os.environ).
    monkeypatch.setenv("DATABASE_URL", database_url())
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(LEARNERS)
    results = context.Queue()
    processes = [context.Process(target=run_learner, args=(user_id, plan, barrier, results)) for user_id, plan in plans.items()]
    for process in processes:
        process.start()
    outcomes = {}
    try:
        for _ in processes:
            user_id, learner_outcomes = results.get(timeout=240)
            outcomes[user_id] = learner_outcomes
    except queue.Empty:
        pytest.fail(f"only {len(outcomes)} of {LEARNERS} learner processes reported")
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()

    errors = [outcome for learner_outcomes in outcomes.values() for outcome in learner_outcomes if outcome[0] == "error"]
    assert errors == []
    for learner_outcomes in outcomes.values():
        kinds = sorted(outcome[0] for outcome in learner_outcomes)
        assert kinds == ["lesson", "lesson", "lesson", "refused", "submitted"], learner_outcomes
        assert all(outcome[2] is True for outcome in learner_outcomes if outcome[0] == "lesson")

    assert LessonProgress.objects.count() == 30
    assert LessonProgress.objects.filter(completed_at__isnull=False).count() == 30
    assert Attempt.objects.count() == 10 and Answer.objects.count() == 10
    assert Attempt.objects.filter(status=AttemptStatus.GRADED).count() == 10
    scores = dict(Attempt.objects.values_list("user__email", "score"))
    assert scores == {f"simultane{i}@exemple.fr": (1 if i < PASSING else 0) for i in range(LEARNERS)}
    completed = set(ModuleCompletion.objects.filter(module=module).values_list("user__email", flat=True))
    assert completed == {f"simultane{i}@exemple.fr" for i in range(PASSING)}
