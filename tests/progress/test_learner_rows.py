"""The learner's rows read in one hand-written query equal what the ORM reads (core.union_rows), on
SQLite and PostgreSQL alike: dates, decimals, booleans, UUIDs, NULLs, deferred fields."""

from decimal import Decimal

import pytest

from core.union_rows import Part, read_union
from progress.learner_rows import ATTEMPT_FIELDS, learner_rows
from progress.models import Attestation, CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from progress.services import enrolment_create, lesson_complete, lesson_visit
from quizzes.models import Attempt
from quizzes.services import attempt_start
from tests.factories.accounts import UserFactory

from .conftest import build_course, finish_course, pass_quiz

pytestmark = pytest.mark.django_db


def _values(instance, fields):
    return [getattr(instance, name) for name in fields]


def test_learner_rows_equal_the_tables(learner, media_root, django_capture_on_commit_callbacks, django_assert_num_queries):
    data = build_course(module_quiz=True, final_quiz=True)
    other = build_course(slug="autre", modules=1, lessons=2, sections=data.sections)
    enrolment_create(user=learner, course=data.course)
    enrolment_create(user=learner, course=other.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
        pass_quiz(learner, data.course.final_quiz)  # the course completed, its attestation issued
    lesson_visit(user=learner, lesson=other.lessons()[0])
    pass_quiz(learner, data.course.final_quiz, right=False)  # graded, failed: percent 0, passed False
    attempt_start(user=learner, quiz=data.course.final_quiz)  # open: no score, no percent
    someone_else = UserFactory()
    enrolment_create(user=someone_else, course=data.course)

    with django_assert_num_queries(1):
        rows = learner_rows(user=learner)

    assert sorted(
        _values(e, ("pk", "course_id", "enrolled_at", "last_activity_at", "welcome_sent_at")) for e in rows.enrolments
    ) == sorted(
        _values(e, ("pk", "course_id", "enrolled_at", "last_activity_at", "welcome_sent_at"))
        for e in Enrolment.objects.filter(user=learner)
    )
    assert {pk: row.completed_at for pk, row in rows.lessons.items()} == dict(
        LessonProgress.objects.filter(user=learner).values_list("lesson_id", "completed_at")
    )
    assert rows.modules_done == set(ModuleCompletion.objects.filter(user=learner).values_list("module_id", flat=True))
    stored = CourseCompletion.objects.select_related("attestation").get(user=learner)
    read = rows.completions[data.course.pk]
    assert _values(read, ("pk", "completed_at", "course_revision_id", "course_version", "notified_at")) == _values(
        stored, ("pk", "completed_at", "course_revision_id", "course_version", "notified_at")
    )
    assert read.attestation.identifier == stored.attestation.identifier
    assert read.attestation.data == Attestation.objects.get(pk=stored.attestation.pk).data  # deferred, loads on access
    stored_attempts = list(Attempt.objects.filter(user=learner).order_by("number", "pk"))
    assert [_values(a, ATTEMPT_FIELDS) for a in rows.attempts] == [_values(a, ATTEMPT_FIELDS) for a in stored_attempts]
    assert {type(a.percent) for a in rows.attempts} <= {Decimal, type(None)}
    assert [a.passed for a in rows.attempts if a.quiz_id == data.course.final_quiz_id] == [True, False, None]


def test_read_union_of_nothing_and_of_empty_parts(learner):
    """No part: no query. Parts with no rows: empty lists, in the order asked."""
    assert read_union([]) == []
    assert read_union(
        [Part(Enrolment, ("id",), "user_id = %s", [learner.pk]), Part(Attempt, ("id", "percent"), "user_id = %s", [learner.pk])]
    ) == [[], []]


def test_read_union_tuples_keep_the_order_asked(learner, small_course):
    lesson = small_course.lessons()[0]
    lesson_complete(user=learner, lesson=lesson)
    stored = LessonProgress.objects.get(user=learner)
    [rows] = read_union([Part(LessonProgress, ("completed_at", "lesson_id"), "user_id = %s", [learner.pk], instances=False)])
    assert rows == [(stored.completed_at, lesson.pk)]
