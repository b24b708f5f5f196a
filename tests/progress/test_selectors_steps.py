"""Progress counts steps: every lesson and every quiz (module quizzes, the final quiz) is one step, and
the dashboard, the course page, the module page, the lesson page's « Suivant » and the reports agree."""

import pytest
from django.urls import reverse

from progress.models import Enrolment
from progress.selectors import course_progress_for_user, dashboard_for_user
from progress.services import enrolment_create, lesson_complete
from quizzes.selectors import quiz_label
from reports.selectors import course_learner_rows
from tests.factories.quizzes import make_question, make_quiz
from tests.text import PLAIN_SPACES

from .conftest import build_course, pass_quiz

pytestmark = pytest.mark.django_db


def quiz_on_first_module(data):
    """Give the first module of `data` its own quiz (build_course puts one on the last module only)."""
    module = data.modules[0]
    module.quiz = make_quiz([make_question()], title="Quiz — Premier module")
    module.save_revision().publish()
    module.refresh_from_db()
    return module.quiz


def test_selectors_steps_count_lessons_and_every_quiz(learner):
    """2 modules × 2 lessons, a module quiz and a final quiz: 6 steps; after the 4 lessons, 4 of 6 and the quiz comes next."""
    data = build_course(module_quiz=True, final_quiz=True)
    enrolment_create(user=learner, course=data.course)
    for lesson in data.lessons():
        lesson_complete(user=learner, lesson=lesson)
    progress = course_progress_for_user(user=learner, course=data.course)
    assert [step.kind for step in progress.steps] == ["lesson", "lesson", "lesson", "lesson", "module_quiz", "final_quiz"]
    assert progress.label == "4 étapes sur 6 — 67 %" and progress.percent == 67
    module = data.modules[-1]
    assert progress.next_step.sentence == f"Quiz du module « {module.title} » à faire"
    assert progress.resume_url == progress.next_step.url and str(data.modules[-1].quiz.public_id) in progress.resume_url


def test_selectors_steps_a_failed_quiz_is_in_progress_then_done_once_passed(learner, media_root):
    """A failed attempt leaves the quiz « en cours »; passing it makes it « fait » and the final quiz comes next."""
    data = build_course(module_quiz=True, final_quiz=True)
    enrolment_create(user=learner, course=data.course)
    for lesson in data.lessons():
        lesson_complete(user=learner, lesson=lesson)
    pass_quiz(learner, data.modules[-1].quiz, right=False)
    progress = course_progress_for_user(user=learner, course=data.course)
    assert progress.next_step.kind == "module_quiz" and str(progress.next_step.label) == "En cours"
    assert progress.next_step.action == f"Reprendre le quiz du module « {data.modules[-1].title} »"
    assert progress.label == "4 étapes sur 6 — 67 %"
    pass_quiz(learner, data.modules[-1].quiz)
    progress = course_progress_for_user(user=learner, course=data.course)
    assert progress.label == "5 étapes sur 6 — 83 %" and progress.next_step.kind == "final_quiz"
    assert progress.next_step.action == "Faire le quiz final"
    pass_quiz(learner, data.course.final_quiz)
    progress = course_progress_for_user(user=learner, course=data.course)
    assert progress.label == "6 étapes sur 6 — 100 %" and progress.is_complete and progress.next_step is None


def test_selectors_steps_a_quiz_not_live_is_no_step(learner):
    """An unpublished module quiz is not a step (nothing to pass), as for the completion services."""
    data = build_course(module_quiz=True)
    data.modules[-1].quiz.live = False
    data.modules[-1].quiz.save()
    enrolment_create(user=learner, course=data.course)
    progress = course_progress_for_user(user=learner, course=data.course)
    assert progress.steps_total == 4 and all(step.kind == "lesson" for step in progress.steps)


def test_selectors_steps_dashboard_and_course_page_agree(learner):
    """The dashboard's card and the course page compute the same steps, label and next step."""
    data = build_course(module_quiz=True, final_quiz=True)
    enrolment_create(user=learner, course=data.course)
    lessons = data.lessons()
    for lesson in lessons[:3]:
        lesson_complete(user=learner, lesson=lesson)
    pass_quiz(learner, data.modules[-1].quiz, right=False)
    on_course = course_progress_for_user(user=learner, course=data.course)
    on_dashboard = dashboard_for_user(user=learner).resume
    assert on_dashboard.label == on_course.label == "3 étapes sur 6 — 50 %"
    assert [(s.kind, s.status) for s in on_dashboard.steps] == [(s.kind, s.status) for s in on_course.steps]
    assert on_dashboard.next_step.lesson == lessons[3]


def test_selectors_steps_counted_without_the_steps_are_the_steps(learner):
    """The counts and the next step, worked out from the statuses alone (a dashboard makes only the
    steps of the module it opens), are those of the steps themselves, at every point of a course."""
    data = build_course(module_quiz=True, final_quiz=True)
    enrolment_create(user=learner, course=data.course)
    lessons = data.lessons()

    def check():
        progress = course_progress_for_user(user=learner, course=data.course)
        fresh = course_progress_for_user(user=learner, course=data.course)
        steps = fresh.steps  # made first, on a second progress: the statuses never see them
        assert progress.step_statuses == [step.status for step in steps]
        assert progress.steps_done == sum(step.status == "done" for step in steps)
        expected = next((step for step in steps if step.status != "done"), None)
        assert (
            (progress.next_step.kind, progress.next_step.url) == (expected.kind, expected.url)
            if expected
            else progress.next_step is None
        )
        return progress

    assert check().started is False
    lesson_complete(user=learner, lesson=lessons[0])
    assert check().started is True
    for lesson in lessons[1:]:
        lesson_complete(user=learner, lesson=lesson)
    assert check().next_step.kind == "module_quiz"
    pass_quiz(learner, data.modules[-1].quiz, right=False)
    assert check().next_step.kind == "module_quiz"
    pass_quiz(learner, data.modules[-1].quiz)
    assert check().next_step.kind == "final_quiz"
    pass_quiz(learner, data.course.final_quiz)
    assert check().next_step is None


def test_selectors_steps_reports_count_the_same_completed_modules(learner, media_root):
    """The report's « Modules terminés » is the number of modules the learner's progress shows as done."""
    data = build_course(module_quiz=True)
    enrolment_create(user=learner, course=data.course)
    for lesson in data.lessons():
        lesson_complete(user=learner, lesson=lesson)
    progress = course_progress_for_user(user=learner, course=data.course)
    row = course_learner_rows(course=data.course, enrolments=Enrolment.objects.all()).get()
    assert row.modules_done == progress.modules_done == 1
    pass_quiz(learner, data.modules[-1].quiz)
    progress = course_progress_for_user(user=learner, course=data.course)
    row = course_learner_rows(course=data.course, enrolments=Enrolment.objects.all()).get()
    assert row.modules_done == progress.modules_done == 2


def test_views_dashboard_names_the_module_quiz_to_do(client, learner):
    """After a module's lessons, « Et maintenant ? » names its quiz and its button opens the quiz."""
    data = build_course(module_quiz=True)
    enrolment_create(user=learner, course=data.course)
    for lesson in data.lessons():
        lesson_complete(user=learner, lesson=lesson)
    client.force_login(learner)
    content = client.get(reverse("progress:dashboard")).content.decode().translate(PLAIN_SPACES)
    module = data.modules[-1]
    assert f"Prochaine étape : Quiz du module « {module.title} » à faire." in content
    assert f"Faire le quiz du module « {module.title} »" in content
    assert "4 étapes sur 5 — 80 %" in content and 'max="100" value="80"' in content


def test_views_course_page_shows_each_step_state(client, learner):
    """The course page lists the module quiz and the final quiz as steps with Fait / En cours / À faire."""
    data = build_course(module_quiz=True, final_quiz=True)
    enrolment_create(user=learner, course=data.course)
    lesson_complete(user=learner, lesson=data.lessons()[0])
    client.force_login(learner)
    content = client.get(data.course.url).content.decode().translate(PLAIN_SPACES)
    assert content.count("syllabus__quiz") == 1 and "syllabus__final" in content
    assert "Fait" in content and "À faire" in content
    assert "1 étape sur 6 — 17 %" in content


def test_views_module_page_shows_its_quiz_as_a_step(client, learner, media_root):
    """The module page lists its quiz after its lessons, « À faire » then « Fait » once passed."""
    data = build_course(modules=1, module_quiz=True)
    module = data.modules[0]
    client.force_login(learner)
    content = client.get(module.url).content.decode().translate(PLAIN_SPACES)
    assert "syllabus__quiz" in content and "Quiz du module : du module fondamentaux" not in content
    pass_quiz(learner, module.quiz)
    content = client.get(module.url).content.decode().translate(PLAIN_SPACES)
    quiz_row = content[content.index("syllabus__quiz") :].split("</li>")[0]
    assert "Fait" in quiz_row


def test_views_lesson_page_next_leads_to_the_module_quiz_until_passed(client, learner, media_root):
    """After a module's last lesson, « Suivant » and the button lead to its quiz; once passed, to the next module's lesson."""
    data = build_course(modules=2, lessons=2)
    quiz = quiz_on_first_module(data)
    enrolment_create(user=learner, course=data.course)
    last_of_first = data.lessons(data.modules[0])[-1]
    first_of_second = data.lessons(data.modules[1])[0]
    client.force_login(learner)
    url = f"{last_of_first.url}?parcours={data.course.slug}"
    content = client.get(url).content.decode().translate(PLAIN_SPACES)
    quiz_url = reverse("quizzes:detail", args=[quiz.public_id])
    assert f'href="{quiz_url}?retour=' in content and "Passer au quiz du module" in content
    assert "Quiz du module : Premier module" in content
    assert f'href="{first_of_second.url}?parcours={data.course.slug}" rel="next"' not in content
    response = client.post(
        reverse("progress:complete_lesson", args=[last_of_first.pk]),
        {"action": "suivante", "suivant": f"{quiz_url}?retour={url}", "retour": url},
    )
    assert response["Location"].startswith(quiz_url)
    pass_quiz(learner, quiz)
    content = client.get(url).content.decode().translate(PLAIN_SPACES)
    assert f'href="{first_of_second.url}?parcours={data.course.slug}" rel="next"' in content
    assert "Passer au quiz du module" not in content


def test_views_lesson_page_next_for_a_visitor_offers_the_quiz(client):
    """A visitor, who cannot have passed it, is offered the module quiz after the module's last lesson too."""
    data = build_course(modules=2, lessons=1)
    quiz = quiz_on_first_module(data)
    content = (
        client.get(f"{data.lessons(data.modules[0])[0].url}?parcours={data.course.slug}").content.decode().translate(PLAIN_SPACES)
    )
    assert reverse("quizzes:detail", args=[quiz.public_id]) in content


@pytest.mark.parametrize(
    ("heading", "title", "label"),
    [
        ("Quiz final", "Quiz final — Agir dans les quartiers", "Quiz final : Agir dans les quartiers"),
        ("Quiz de fin de module", "Quiz — Qui fait quoi ?", "Quiz de fin de module : Qui fait quoi ?"),
        ("Quiz", "Quiz : la laïcité", "Quiz : la laïcité"),
        ("Quiz final", "Quiz final", "Quiz final"),
        ("Quiz final", "Évaluation finale", "Quiz final : Évaluation finale"),
        ("Pour terminer le module", "Quiz — Qui fait quoi ?", "Pour terminer le module : Quiz — Qui fait quoi ?"),
        ("Quiz", "Quizz géant", "Quiz : Quizz géant"),
    ],
)
def test_selectors_quiz_label_says_quiz_once(heading, title, label):
    """The heading and the quiz's title never repeat « Quiz final : Quiz final — … »."""
    assert quiz_label(heading=heading, title=title) == label
