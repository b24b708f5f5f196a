"""A course page reads its themes and its quizzes (with their number of questions) from the shared
content cache: what a trainer changes shows on the next visit, for a learner who has seen the page
before the change."""

import pytest

from courses.models import Theme
from quizzes.models import QuizQuestion
from tests.factories.courses import course_with_modules, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(sections):
    module = module_with_lessons(parent=sections.library, title="Les acteurs", lessons=1)
    quiz = make_quiz(
        [make_question(), make_question(prompt="Qui signe le contrat de ville ?")], title="Quiz final — Le contrat de ville"
    )
    theme = Theme.objects.create(name="Contrat de ville", slug="contrat-de-ville", colour="#000091")
    course = course_with_modules(
        course_index=sections.course_index, modules=[module], title="Le contrat de ville", final_quiz=quiz
    )
    course.themes.add(theme)
    course.save_revision().publish()
    return course, quiz, theme


def page_of(client, course) -> str:
    response = client.get(course.url)
    assert response.status_code == 200
    return response.content.decode().translate(PLAIN_SPACES)


def test_course_page_follows_a_question_added_and_a_quiz_unpublished(client, learner, course, django_capture_on_commit_callbacks):
    course, quiz, _theme = course
    client.force_login(learner)
    assert "2 questions" in page_of(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        QuizQuestion.objects.create(quiz=quiz, question=make_question(prompt="Quand le contrat est-il évalué ?"), sort_order=9)
    assert "3 questions" in page_of(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        quiz.live = False
        quiz.save()
    assert "Quiz final — Le contrat de ville" not in page_of(client, course)


def test_course_page_follows_a_theme_renamed(client, course, django_capture_on_commit_callbacks):
    course, _quiz, theme = course
    assert ">Contrat de ville</li>" in page_of(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        theme.name = "Contrats de ville"
        theme.save()
    html = page_of(client, course)
    assert ">Contrats de ville</li>" in html and ">Contrat de ville</li>" not in html


def _syllabus(html: str) -> str:
    return html[html.index('id="programme"') : html.index("</section>", html.index('id="programme"'))]


def test_course_programme_is_kept_once_and_shows_each_learners_own_statuses(
    client, learner, course, django_capture_on_commit_callbacks
):
    """The programme is rendered once for everyone; each learner sees their own statuses in it, and
    a lesson completed or renamed shows on the next visit."""
    from progress.services import enrolment_create, lesson_complete
    from tests.factories.accounts import UserFactory

    course, _quiz, _theme = course
    lesson = course.course_modules.first().module.get_children().specific().first()
    other = UserFactory()
    for user in (learner, other):
        enrolment_create(user=user, course=course)
    client.force_login(learner)
    before = _syllabus(page_of(client, course))
    assert "À faire" in before and "Fait" not in before
    lesson_complete(user=learner, lesson=lesson)
    mine = _syllabus(page_of(client, course))
    assert f"{lesson.title}</a>" in mine and "Fait" in mine and "<!--status:" not in mine
    client.force_login(other)
    theirs = _syllabus(page_of(client, course))
    assert "Fait" not in theirs and "À faire" in theirs
    with django_capture_on_commit_callbacks(execute=True):
        lesson.title = "Les signataires du contrat"
        lesson.save_revision().publish()
    assert "Les signataires du contrat</a>" in _syllabus(page_of(client, course))


def test_course_programme_of_a_visitor_has_no_status(client, course):
    course, _quiz, _theme = course
    html = _syllabus(page_of(client, course))
    assert "À faire" not in html and "<!--status:" not in html and "Module 1" in html


def test_course_header_and_objectives_are_kept_until_published_again_and_progress_stays_each_learners(
    client, learner, course, django_capture_on_commit_callbacks
):
    """The course's own words (title, summary, objectives) are rendered once for everyone; the
    progress bar beside them is each learner's."""
    from progress.services import enrolment_create, lesson_complete
    from tests.factories.accounts import UserFactory

    course, _quiz, _theme = course
    lesson = course.course_modules.first().module.get_children().specific().first()
    other = UserFactory()
    for user in (learner, other):
        enrolment_create(user=user, course=course)
    lesson_complete(user=learner, lesson=lesson)
    client.force_login(learner)
    assert "1 étape sur" in page_of(client, course)
    client.force_login(other)
    assert "0 étape sur" in page_of(client, course)
    with django_capture_on_commit_callbacks(execute=True):
        course.summary = "Un résumé relu par la formatrice."
        course.objectives = [("objective", "Expliquer l'évaluation à mi-parcours de 2027")]
        course.save_revision().publish()
    html = page_of(client, course)
    assert "Un résumé relu par la formatrice." in html and "évaluation à mi-parcours de 2027" in html
    assert "0 étape sur" in html
