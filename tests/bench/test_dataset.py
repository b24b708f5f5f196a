"""The benchmark's dataset generator at a tiny size: what it reports is what is in the database."""

import pytest
from django.contrib.auth import get_user_model

from bench.dataset import BenchSizes, DatasetError, build_dataset
from courses.models import CoursePage, LessonPage, ModulePage
from progress.models import CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from quizzes.models import Answer, Attempt, AttemptStatus, Question, Quiz
from webinars.models import WebinarPage

TINY = BenchSizes(
    courses=2,
    modules=3,
    lessons=7,
    quizzes=5,
    questions=20,
    learners=20,
    completions=90,
    attempts=30,
    webinars=2,
    bench_learners=2,
)


@pytest.fixture
def built(db):
    return build_dataset(sizes=TINY)


def test_dataset_builds_the_requested_sizes_and_reports_what_is_in_the_database(built):
    """Every count the generator reports is the number of rows of that kind, and matches the sizes asked for."""
    counts = built["counts"]
    assert counts == {
        "courses": CoursePage.objects.live().count(),
        "modules": ModulePage.objects.live().count(),
        "lessons": LessonPage.objects.live().count(),
        "quizzes": Quiz.objects.filter(live=True).count(),
        "questions": Question.objects.count(),
        "webinars": WebinarPage.objects.live().count(),
        "learners": get_user_model().objects.filter(is_staff=False).count(),
        "enrolments": Enrolment.objects.count(),
        "lesson_completions": LessonProgress.objects.filter(completed_at__isnull=False).count(),
        "module_completions": ModuleCompletion.objects.count(),
        "course_completions": CourseCompletion.objects.count(),
        "attempts": Attempt.objects.count(),
        "answers": Answer.objects.count(),
    }

    # The sizes asked for are the sizes built: pages, quizzes, learners, completions, attempts.
    for name in ("courses", "modules", "lessons", "quizzes", "questions", "webinars", "learners", "attempts"):
        assert counts[name] == getattr(TINY, name), name
    assert counts["lesson_completions"] == TINY.completions
    # 20 questions over 5 quizzes: every graded attempt has one answer per question of its quiz.
    assert counts["answers"] == 4 * TINY.attempts
    assert not Attempt.objects.exclude(status=AttemptStatus.GRADED).exists()

    # Course 0 (the trainer report's course) has every learner; the load generator's learners follow more.
    first_course = CoursePage.objects.order_by("path").first()
    assert Enrolment.objects.filter(course=first_course).count() == TINY.learners
    first_learner = get_user_model().objects.filter(is_staff=False).order_by("pk").first()
    assert first_learner.enrolments.count() == TINY.courses

    # The page tree is a real one: lessons under modules, with a body to render; courses list library modules.
    lesson = LessonPage.objects.order_by("path").first()
    assert isinstance(lesson.get_parent().specific, ModulePage)
    assert len(lesson.body) > 0
    assert CoursePage.objects.order_by("path").first().course_modules.count() == TINY.modules


def test_dataset_refuses_a_database_that_already_has_courses(built):
    """A second build in the same database stops with a French message and adds nothing."""
    before = LessonProgress.objects.count()
    with pytest.raises(DatasetError, match="déjà des parcours"):
        build_dataset(sizes=TINY)
    assert LessonProgress.objects.count() == before


def test_dataset_refuses_impossible_sizes(db):
    """Fewer lessons than modules is refused before anything is written."""
    with pytest.raises(DatasetError, match="au moins une leçon par module"):
        build_dataset(sizes=BenchSizes(modules=5, lessons=2))
    assert not ModulePage.objects.exists()
