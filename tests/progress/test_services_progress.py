"""Enrolment, lesson and module/course completion services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import CourseModule
from courses.selectors import course_outline
from progress.models import Attestation, CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from progress.selectors import course_progress_for_user
from progress.services import enrolment_create, lesson_complete, lesson_visit
from tests.factories.accounts import UserFactory
from tests.factories.courses import module_with_lessons

from .conftest import build_course, pass_quiz

pytestmark = pytest.mark.django_db


def complete_all(user, course_data, modules=None):
    for lesson in course_data.lessons(modules):
        lesson_complete(user=user, lesson=lesson)


def test_services_enrolment_create_is_idempotent(learner, small_course, outbox, django_capture_on_commit_callbacks):
    """Enrolling twice keeps one enrolment and sends one welcome e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        first, created = enrolment_create(user=learner, course=small_course.course)
        second, created_again = enrolment_create(user=learner, course=small_course.course)
    assert created and not created_again and first.pk == second.pk
    assert Enrolment.objects.count() == 1
    assert [m.subject for m in outbox] == [f"[Élus & quartiers] Bienvenue dans le parcours « {small_course.course.title} »"]


def test_services_lesson_visit_records_first_and_last_visit(learner, small_course):
    """The first visit is kept; the last one moves."""
    lesson = small_course.lessons()[0]
    start = timezone.now() - timedelta(days=2)
    lesson_visit(user=learner, lesson=lesson, now=start)
    lesson_visit(user=learner, lesson=lesson, now=start + timedelta(days=1))
    row = LessonProgress.objects.get()
    assert row.first_visit_at == start and row.last_visit_at == start + timedelta(days=1)
    assert row.completed_at is None


def test_services_lesson_complete_is_idempotent(learner, small_course):
    """Completing a lesson twice keeps the first completion time."""
    lesson = small_course.lessons()[0]
    first = lesson_complete(user=learner, lesson=lesson)
    again = lesson_complete(user=learner, lesson=lesson, now=timezone.now() + timedelta(hours=1))
    assert LessonProgress.objects.count() == 1
    assert again.completed_at == first.completed_at


def test_services_course_completes_when_all_lessons_done(
    learner, small_course, media_root, outbox, django_capture_on_commit_callbacks
):
    """All lessons of all modules done (no quiz): modules and course completed once, attestation issued, e-mail sent."""
    enrolment_create(user=learner, course=small_course.course)
    with django_capture_on_commit_callbacks(execute=True):
        complete_all(learner, small_course)
    assert ModuleCompletion.objects.filter(user=learner).count() == 2
    completion = CourseCompletion.objects.get(user=learner)
    assert completion.course_revision_id == small_course.course.live_revision_id
    attestation = Attestation.objects.get()
    assert attestation.completion == completion and attestation.pdf
    assert any("Parcours terminé" in m.subject and attestation.identifier in m.body for m in outbox)
    progress = course_progress_for_user(user=learner, course=small_course.course)
    assert progress.is_complete and progress.percent == 100 and progress.label == "4 étapes sur 4 — 100 %"


def test_services_module_with_quiz_needs_the_quiz_passed(learner, media_root):
    """A module with a quiz is complete only once the quiz is passed (signal from quizzes)."""
    data = build_course(module_quiz=True)
    enrolment_create(user=learner, course=data.course)
    complete_all(learner, data)
    assert ModuleCompletion.objects.filter(user=learner).count() == 1
    pass_quiz(learner, data.modules[-1].quiz, right=False)
    assert ModuleCompletion.objects.filter(user=learner).count() == 1
    assert not CourseCompletion.objects.exists()
    pass_quiz(learner, data.modules[-1].quiz)
    assert ModuleCompletion.objects.filter(user=learner).count() == 2
    assert CourseCompletion.objects.filter(user=learner).exists()


def test_services_final_quiz_completes_the_course(learner, media_root):
    """With a final quiz, the four lessons are 4 steps of 5: the course waits for the final quiz, its next step."""
    data = build_course(final_quiz=True)
    enrolment_create(user=learner, course=data.course)
    complete_all(learner, data)
    progress = course_progress_for_user(user=learner, course=data.course)
    assert not progress.is_complete and progress.label == "4 étapes sur 5 — 80 %"
    assert progress.next_step.kind == "final_quiz" and progress.next_step.sentence == "Quiz final du parcours à faire"
    pass_quiz(learner, data.course.final_quiz)
    assert CourseCompletion.objects.filter(user=learner, course=data.course).exists()


def test_services_shared_module_counts_in_every_course(learner, media_root):
    """A module in two courses, completed once, counts in both."""
    first = build_course(slug="premier")
    shared = first.modules[0]
    other_module = module_with_lessons(parent=first.sections.library, title="autre module", lessons=1)
    from tests.factories.courses import course_with_modules

    second = course_with_modules(
        course_index=first.sections.course_index, modules=[shared, other_module], title="Second", slug="second"
    )
    enrolment_create(user=learner, course=second)
    complete_all(learner, first, modules=shared)
    progress = course_progress_for_user(user=learner, course=second)
    assert progress.modules_done == 1 and progress.label == "2 étapes sur 3 — 67 %"
    assert progress.modules[0].status == "done" and progress.modules[1].status == "not_started"


def test_services_adding_a_module_after_completion_reopens_display_and_keeps_records(
    learner, small_course, media_root, django_capture_on_commit_callbacks
):
    """Course completed, then a module added: shown unfinished, records kept; removing a module deletes nothing."""
    enrolment_create(user=learner, course=small_course.course)
    with django_capture_on_commit_callbacks(execute=True):
        complete_all(learner, small_course)
    assert CourseCompletion.objects.count() == 1
    extra = module_with_lessons(parent=small_course.sections.library, title="Nouveau module", lessons=1)
    CourseModule.objects.create(page=small_course.course, module=extra, sort_order=10)
    progress = course_progress_for_user(user=learner, course=small_course.course)
    assert not progress.is_complete and progress.label == "4 étapes sur 5 — 80 %"
    assert progress.completion is not None and Attestation.objects.count() == 1
    CourseModule.objects.filter(page=small_course.course).exclude(module=extra).delete()
    assert ModuleCompletion.objects.filter(user=learner).count() == 2
    assert CourseCompletion.objects.count() == 1 and Attestation.objects.count() == 1


def test_services_completion_check_only_looks_at_the_learners_courses(learner, small_course):
    """Another learner's progress is untouched by my lesson completions."""
    other = UserFactory()
    enrolment_create(user=other, course=small_course.course)
    enrolment_create(user=learner, course=small_course.course)
    complete_all(learner, small_course, modules=small_course.modules[0])
    assert not ModuleCompletion.objects.filter(user=other).exists()
    assert not LessonProgress.objects.filter(user=other).exists()


def test_services_unenrolled_learner_gets_module_but_no_course_completion(learner, small_course):
    """Without enrolment, modules are recorded but no course completion (and no attestation) is issued."""
    complete_all(learner, small_course)
    assert ModuleCompletion.objects.filter(user=learner).count() == 2
    assert not CourseCompletion.objects.exists()


def test_selectors_course_progress_reads_enrolment_lessons_and_modules_in_one_query(
    learner, small_course, django_assert_num_queries
):
    """The learner's enrolment (every field), lesson rows, module and course completions and attempts
    come from one query, and say the same as the tables."""
    course = small_course.course
    assert course_progress_for_user(user=learner, course=course).enrolment is None
    enrolment_create(user=learner, course=course)
    first_module = small_course.modules[0]
    for lesson in small_course.lessons(first_module):
        lesson_complete(user=learner, lesson=lesson)
    lesson_visit(user=learner, lesson=small_course.lessons(small_course.modules[1])[0])
    outline = course_outline(course=course)
    with django_assert_num_queries(1):
        progress = course_progress_for_user(user=learner, course=course, outline=outline)
    stored = Enrolment.objects.get(user=learner, course=course)
    read = progress.enrolment
    assert [getattr(read, f.attname) for f in Enrolment._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in Enrolment._meta.concrete_fields
    ]
    assert [state.status for state in progress.modules] == ["done", "in_progress"]
    assert [state.status for state in progress.modules[1].lessons] == ["in_progress", "not_started"]


def test_services_a_quiz_made_final_after_it_was_graded_closes_the_course(learner, django_capture_on_commit_callbacks):
    """Where a quiz counts (its modules, the courses it closes) is read from the content cache: a
    course given this quiz as its final quiz after a first graded attempt is closed by the next one."""
    from progress.models import CourseCompletion
    from progress.services import enrolment_create

    data = build_course(modules=1, lessons=1, module_quiz=True)
    quiz = data.modules[-1].quiz
    other = build_course(slug="autre", modules=1, lessons=1, sections=data.sections, final_quiz=True)
    enrolment_create(user=learner, course=other.course)
    for lesson in other.lessons():
        lesson_complete(user=learner, lesson=lesson)
    pass_quiz(learner, quiz)
    assert not CourseCompletion.objects.filter(user=learner, course=other.course).exists()
    with django_capture_on_commit_callbacks(execute=True):
        other.course.final_quiz = quiz
        other.course.save_revision().publish()
    pass_quiz(learner, quiz)
    assert CourseCompletion.objects.filter(user=learner, course=other.course).exists()


def test_selectors_course_progress_reads_completion_attestation_and_attempts_with_the_rest(
    learner, media_root, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A course finished with its final quiz (a failed try, then a pass): the completion, its
    attestation and the attempts come in the same single query, equal to the tables."""
    data = build_course(final_quiz=True)
    enrolment_create(user=learner, course=data.course)
    complete_all(learner, data)
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(learner, data.course.final_quiz, right=False)
        pass_quiz(learner, data.course.final_quiz)
    stored = CourseCompletion.objects.get(user=learner, course=data.course)
    attestation = Attestation.objects.get(completion=stored)
    outline = course_outline(course=data.course)
    course_progress_for_user(user=learner, course=data.course, outline=outline)  # the quizzes now in the content cache
    with django_assert_num_queries(1):
        progress = course_progress_for_user(user=learner, course=data.course, outline=outline)
        read, read_attestation = progress.completion, progress.attestation
        status = progress.final_quiz_status
    assert [getattr(read, f.attname) for f in CourseCompletion._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in CourseCompletion._meta.concrete_fields
    ]
    assert (read_attestation.pk, read_attestation.identifier, read_attestation.issued_at, read_attestation.pdf.name) == (
        attestation.pk,
        attestation.identifier,
        attestation.issued_at,
        attestation.pdf.name,
    )
    assert (status.attempts_used, status.passed, status.grade) == (2, True, 100)
    assert progress.is_complete and progress.label == "5 étapes sur 5 — 100 %"


def test_selectors_course_progress_without_completion_reads_no_attestation(learner, small_course, django_assert_num_queries):
    """Not finished: no completion, no attestation, and reading them makes no query."""
    enrolment_create(user=learner, course=small_course.course)
    outline = course_outline(course=small_course.course)
    with django_assert_num_queries(1):
        progress = course_progress_for_user(user=learner, course=small_course.course, outline=outline)
        assert progress.completion is None and progress.attestation is None
