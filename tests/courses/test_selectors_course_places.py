"""Which courses hold a module, a lesson or a quiz (courses.selectors): kept in the content cache, and
following the publications that change them."""

import pytest

from courses.selectors import courses_holding_lesson, courses_holding_module, courses_holding_quiz
from tests.factories.courses import LessonPageFactory
from tests.factories.quizzes import make_question, make_quiz
from tests.progress.conftest import build_course

pytestmark = pytest.mark.django_db


def test_module_lesson_and_quiz_places_follow_the_courses_as_they_are_published():
    first = build_course(slug="premier", module_quiz=True, final_quiz=True)
    second = build_course(slug="second", modules=1, sections=first.sections)
    module = first.modules[-1]
    lesson = LessonPageFactory(parent=module, title="Une leçon de plus")
    assert courses_holding_module(module.path) == [first.course.pk]
    assert courses_holding_lesson(lesson) == [first.course.pk]
    assert courses_holding_quiz(module.quiz_id) == [first.course.pk]
    assert courses_holding_quiz(first.course.final_quiz_id) == [first.course.pk]

    # The second course takes the first's last module in, and that module gets another quiz.
    second.course.course_modules.create(module=module, sort_order=5)
    second.course.save_revision().publish()
    other_quiz = make_quiz([make_question()], title="Autre quiz")
    old_quiz = module.quiz_id
    module.quiz = other_quiz
    module.save_revision().publish()

    expected = sorted([first.course.pk, second.course.pk])
    assert courses_holding_module(module.path) == expected
    assert courses_holding_lesson(lesson) == expected
    assert courses_holding_quiz(other_quiz.pk) == expected
    assert courses_holding_quiz(old_quiz) == []
