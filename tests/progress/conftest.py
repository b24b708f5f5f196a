from dataclasses import dataclass

import pytest

from courses.models import CoursePage, LessonPage, ModulePage
from progress.services import lesson_complete
from quizzes.services import attempt_start, attempt_submit
from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
from tests.factories.quizzes import answers_for, make_question, make_quiz


@dataclass
class Course:
    sections: object
    course: CoursePage
    modules: list[ModulePage]

    def lessons(self, module=None):
        modules = [module] if module else self.modules
        return [lesson for m in modules for lesson in LessonPage.objects.child_of(m).live().order_by("path")]


def build_course(*, modules=2, lessons=2, slug="fondamentaux", module_quiz=False, final_quiz=False, sections=None):
    sections = sections or build_sections()
    items = [
        module_with_lessons(parent=sections.library, title=f"{slug} module {i}", lessons=lessons) for i in range(1, modules + 1)
    ]
    if module_quiz:
        items[-1].quiz = make_quiz([make_question()], title=f"Quiz du module {slug}")
        items[-1].save_revision().publish()
    course = course_with_modules(course_index=sections.course_index, modules=items, title=f"Parcours {slug}", slug=slug)
    if final_quiz:
        course.final_quiz = make_quiz([make_question()], title=f"Quiz final {slug}")
        course.save_revision().publish()
    course.refresh_from_db()
    return Course(sections=sections, course=course, modules=[ModulePage.objects.get(pk=m.pk) for m in items])


def pass_quiz(user, quiz, right=True):
    attempt = attempt_start(user=user, quiz=quiz)
    return attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, {1: "1 362" if right else "1 296"}))


def finish_course(user, data):
    """Every lesson of `data` (build_course(module_quiz=True)) completed and its last module's quiz passed:
    the course is complete. Run it inside captureOnCommitCallbacks(execute=True) for the attestation.
    Returns the graded attempt."""
    for lesson in data.lessons():
        lesson_complete(user=user, lesson=lesson)
    return pass_quiz(user, data.modules[-1].quiz)


@pytest.fixture
def small_course(db):
    return build_course()
