"""A hand-computed course for the report tests (figures written out in each test's docstring)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts import groups
from progress.models import CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from quizzes.models import QuestionKind
from quizzes.services import attempt_start, attempt_submit
from reports import summaries
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz
from trainers.models import CourseAssignment

from .conftest import build_course, pass_quiz


@dataclass
class Scenario:
    course: object
    other: object
    modules: list
    lessons: list
    learners: dict
    trainer: object
    outsider_trainer: object
    administrator: object
    now: object


def enrol(user, course, *, enrolled_days_ago, active_days_ago, now):
    Enrolment.objects.update_or_create(
        user=user,
        course=course,
        defaults={
            "enrolled_at": now - timedelta(days=enrolled_days_ago),
            "last_activity_at": now - timedelta(days=active_days_ago),
        },
    )


def visit(user, lessons, *, now, completed=True):
    for lesson in lessons:
        LessonProgress.objects.update_or_create(
            user=user,
            lesson=lesson,
            defaults={"first_visit_at": now, "last_visit_at": now, "completed_at": now if completed else None},
        )


def build_scenario() -> Scenario:
    """Course « fondamentaux »: 2 modules × 2 lessons (10 min each), a free-text quiz on module 2 and a final quiz.

    A: enrolled 40 days ago, idle 35 days, both modules done, completed 10 days after enrolling.
    B: enrolled 20 days ago, active 2 days ago, module 1 done, failed the final quiz.
    C: enrolled 10 days ago, active yesterday, both modules done, completed 4 days after enrolling.
    D: enrolled 5 days ago, nothing opened, free-text answer waiting for a trainer.
    E: enrolled only in the other course.
    """
    now = timezone.now()
    built = build_course(slug="fondamentaux", final_quiz=True)
    course, modules = built.course, built.modules
    free_text = make_quiz(
        [make_question(prompt="Expliquez le contrat de ville.", kind=QuestionKind.FREE_TEXT)], title="Quiz libre"
    )
    modules[1].quiz = free_text
    modules[1].save_revision().publish()
    course.refresh_from_db()
    other = build_course(slug="autre", modules=1, sections=built.sections).course
    lessons = [built.lessons(module) for module in modules]
    learners = {name: UserFactory(first_name=name, last_name=f"Élu {name}") for name in "ABCDE"}
    final = course.final_quiz
    pass_quiz(learners["A"], final, right=True)
    pass_quiz(learners["B"], final, right=False)
    pass_quiz(learners["C"], final, right=True)
    attempt = attempt_start(user=learners["D"], quiz=free_text)
    attempt_submit(attempt=attempt, user=learners["D"], data=answers_for(attempt, {1: "Un contrat signé par l'État."}))
    # Records written last, with fixed dates: the services above may have touched them.
    Enrolment.objects.all().delete()
    CourseCompletion.objects.all().delete()
    ModuleCompletion.objects.all().delete()
    LessonProgress.objects.all().delete()
    enrol(learners["A"], course, enrolled_days_ago=40, active_days_ago=35, now=now)
    enrol(learners["B"], course, enrolled_days_ago=20, active_days_ago=2, now=now)
    enrol(learners["C"], course, enrolled_days_ago=10, active_days_ago=1, now=now)
    enrol(learners["D"], course, enrolled_days_ago=5, active_days_ago=5, now=now)
    enrol(learners["E"], other, enrolled_days_ago=3, active_days_ago=1, now=now)
    for name in "AC":
        visit(learners[name], lessons[0] + lessons[1], now=now)
        for module in modules:
            ModuleCompletion.objects.create(user=learners[name], module=module, completed_at=now)
    visit(learners["B"], lessons[0], now=now)
    ModuleCompletion.objects.create(user=learners["B"], module=modules[0], completed_at=now)
    CourseCompletion.objects.create(user=learners["A"], course=course, completed_at=now - timedelta(days=30))
    CourseCompletion.objects.create(user=learners["C"], course=course, completed_at=now - timedelta(days=6))
    trainer = UserFactory(group=groups.TRAINERS, first_name="Formatrice")
    CourseAssignment.objects.create(trainer=trainer, course=course)
    outsider = UserFactory(group=groups.TRAINERS, first_name="Autre")
    CourseAssignment.objects.create(trainer=outsider, course=other)
    administrator = UserFactory(group=groups.ADMINISTRATORS)
    # The records above were written behind the services' back (no signal): summaries built when the
    # courses were published count none of them. Dropped, as after an import.
    summaries.invalidate_all()
    return Scenario(
        course=course,
        other=other,
        modules=modules,
        lessons=lessons,
        learners=learners,
        trainer=trainer,
        outsider_trainer=outsider,
        administrator=administrator,
        now=now,
    )
