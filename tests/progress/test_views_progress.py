"""Learner views: enrol button, lesson visit and completion, course page statuses, dashboard."""

import pytest
from django.urls import reverse

from progress.models import Enrolment, LessonProgress
from progress.services import enrolment_create, lesson_complete
from tests.text import PLAIN_SPACES

from .conftest import build_course

pytestmark = pytest.mark.django_db


def test_views_course_page_offers_enrolment_then_progress(client, learner, small_course):
    """Signed in: « Commencer ce parcours » (POST) enrols and opens the first lesson in course context."""
    course = small_course.course
    client.force_login(learner)
    content = client.get(course.url).content.decode().translate(PLAIN_SPACES)
    assert "Commencer ce parcours" in content and reverse("progress:enrol", args=[course.pk]) in content
    response = client.post(reverse("progress:enrol", args=[course.pk]))
    first = small_course.lessons()[0]
    assert response.status_code == 302 and response["Location"] == f"{first.url}?parcours={course.slug}"
    client.post(reverse("progress:enrol", args=[course.pk]))
    assert Enrolment.objects.filter(user=learner).count() == 1
    content = client.get(course.url).content.decode().translate(PLAIN_SPACES)
    assert "0 étape sur 4 — 0 %" in content and f"Reprendre : {first.title}" in content
    assert "À faire" in content


def test_views_enrol_get_writes_nothing(client, learner, small_course):
    """A GET (back from sign-in) only goes back to the course page."""
    client.force_login(learner)
    response = client.get(reverse("progress:enrol", args=[small_course.course.pk]))
    assert response.status_code == 302 and not Enrolment.objects.exists()


def test_views_anonymous_course_page_links_first_lesson(client, small_course):
    """A visitor sees the first lesson link and an invitation to sign in, no form."""
    content = client.get(small_course.course.url).content.decode().translate(PLAIN_SPACES)
    assert "Commencer le parcours" in content and "Connectez-vous" in content
    assert reverse("progress:enrol", args=[small_course.course.pk]) not in content


def test_views_lesson_visit_recorded_by_hook(client, learner, small_course):
    """Opening a lesson signed in records the visit; a visitor records nothing."""
    lesson = small_course.lessons()[0]
    client.get(lesson.url)
    assert not LessonProgress.objects.exists()
    client.force_login(learner)
    content = client.get(f"{lesson.url}?parcours={small_course.course.slug}").content.decode().translate(PLAIN_SPACES)
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is None
    assert "J'ai terminé cette leçon" in content and "Leçon suivante" in content


def test_views_complete_lesson_and_go_next(client, learner, small_course):
    """« Leçon suivante » completes the lesson and opens the next one; a foreign URL is ignored."""
    lessons = small_course.lessons()
    client.force_login(learner)
    url = reverse("progress:complete_lesson", args=[lessons[0].pk])
    next_url = f"{lessons[1].url}?parcours={small_course.course.slug}"
    response = client.post(url, {"action": "suivante", "suivant": next_url, "retour": lessons[0].url})
    assert response["Location"] == next_url
    response = client.post(url, {"action": "suivante", "suivant": "https://evil.example/", "retour": "https://evil.example/"})
    assert response["Location"] == lessons[0].url
    assert LessonProgress.objects.filter(user=learner, completed_at__isnull=False).count() == 1
    content = client.get(lessons[0].url).content.decode().translate(PLAIN_SPACES)
    assert "Leçon terminée" in content and "J'ai terminé cette leçon" not in content


def test_views_complete_lesson_requires_post_and_login(client, learner, small_course):
    """GET is refused; a visitor is sent to the sign-in page."""
    url = reverse("progress:complete_lesson", args=[small_course.lessons()[0].pk])
    assert client.post(url).status_code == 302 and "/compte/" in client.post(url)["Location"]
    client.force_login(learner)
    assert client.get(url).status_code == 405


def test_views_module_page_shows_lesson_statuses(client, learner, small_course):
    """The module page shows Fait / À faire for each lesson, as text."""
    module = small_course.modules[0]
    lesson_complete(user=learner, lesson=small_course.lessons(module)[0])
    client.force_login(learner)
    content = client.get(module.url).content.decode().translate(PLAIN_SPACES)
    assert "Fait" in content and "À faire" in content


def test_views_dashboard_answers_what_next(client, learner, small_course):
    """The dashboard says « Reprendre : <next lesson> » in course context, with the progress bar."""
    enrolment_create(user=learner, course=small_course.course)
    lessons = small_course.lessons()
    lesson_complete(user=learner, lesson=lessons[0])
    client.force_login(learner)
    content = client.get(reverse("progress:dashboard")).content.decode().translate(PLAIN_SPACES)
    assert f"Reprendre : {lessons[1].title}" in content
    assert f"{lessons[1].url}?parcours={small_course.course.slug}" in content
    assert "1 étape sur 4 — 25 %" in content and 'max="100" value="25"' in content


def test_views_dashboard_empty_and_suggestions(client, learner):
    """A new learner is invited to choose a course, with suggestions for their mandate."""
    build_course(slug="un")
    learner.mandate = "maire"
    learner.save()
    client.force_login(learner)
    content = client.get(reverse("progress:dashboard")).content.decode().translate(PLAIN_SPACES)
    assert "pas encore commencé" in content and "Parcours un" in content


def test_views_dashboard_requires_login(client, db):
    """A visitor is sent to the sign-in page."""
    assert client.get(reverse("progress:dashboard")).status_code == 302


def test_views_dashboard_quiz_results_follow_a_quiz_renamed(client, learner, django_capture_on_commit_callbacks):
    """The quizzes of the dashboard come from the content cache: a title changed after a first visit
    shows on the next one, for a quiz tried as for a quiz still to do."""
    from .conftest import pass_quiz

    data = build_course(module_quiz=True)
    enrolment_create(user=learner, course=data.course)
    quiz = data.modules[-1].quiz
    pass_quiz(learner, quiz, right=False)
    client.force_login(learner)
    html = client.get(reverse("progress:dashboard")).content.decode().translate(PLAIN_SPACES)
    assert "Quiz du module fondamentaux" in html
    with django_capture_on_commit_callbacks(execute=True):
        quiz.title = "Quiz du module : qui fait quoi ?"
        quiz.save()
    html = client.get(reverse("progress:dashboard")).content.decode().translate(PLAIN_SPACES)
    assert "Quiz du module : qui fait quoi ?" in html
    assert "Quiz du module fondamentaux" not in html


def test_views_dashboard_card_and_quiz_rows_say_each_state(client, learner):
    """Each in-progress card links the course, says its status, labels its bar and links the next
    step; the quiz table gives, per quiz, the grade that counts and the pass mark, « Réussi »,
    « À retenter », « Tentative en cours » or « En attente de correction », and the attempts left or
    « Illimitées »; every text is escaped."""
    import re

    from quizzes.models import QuestionKind
    from quizzes.services import attempt_start, attempt_submit
    from tests.factories.quizzes import answers_for, make_question, make_quiz

    from .conftest import pass_quiz

    data = build_course(slug="etats", module_quiz=True)
    course = data.course
    course.title = "Parcours <états>"
    course.save_revision().publish()
    enrolment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=data.lessons()[0])
    passed = make_quiz([make_question()], title="Quiz réussi", pass_mark=70, attempts_allowed=3)
    failed = make_quiz([make_question()], title="Quiz raté", pass_mark=80, attempts_allowed=3)
    opened = make_quiz([make_question()], title="Quiz ouvert", attempts_allowed=0)
    review = make_quiz([make_question(kind=QuestionKind.FREE_TEXT, prompt="Expliquez.")], title="Quiz libre")
    pass_quiz(learner, passed, right=True)
    pass_quiz(learner, failed, right=False)
    attempt_start(user=learner, quiz=opened)
    attempt = attempt_start(user=learner, quiz=review)
    attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "Un contrat."}))

    client.force_login(learner)
    html = client.get(reverse("progress:dashboard")).content.decode().translate(PLAIN_SPACES)
    card = html[html.index('id="en-cours"') : html.index("</section>", html.index('id="en-cours"'))]
    assert f'<a href="{course.url}">Parcours &lt;états&gt;</a>' in card
    assert "En cours" in card
    assert f'id="progression-{course.pk}">1 étape sur 5 — 20 %</p>' in card
    assert f'aria-labelledby="progression-{course.pk}">20 %</progress>' in card
    next_lesson = data.lessons()[1]
    assert f'Prochaine étape : <a href="{next_lesson.url}?parcours=etats">Leçon « {next_lesson.title} » à faire</a>' in card

    table = html[html.index('id="resultats"') : html.index("</table>")]
    rows = {re.search(r">([^<]+)</a></th>", row).group(1): row for row in table.split("<tr>")[2:]}
    assert '100 % <span class="muted">(seuil 70 %)</span>' in rows["Quiz réussi"] and "Réussi" in rows["Quiz réussi"]
    assert rows["Quiz réussi"].count("<td") == 3 and ">2</td>" in rows["Quiz réussi"]
    assert '0 % <span class="muted">(seuil 80 %)</span>' in rows["Quiz raté"] and "À retenter" in rows["Quiz raté"]
    assert "Tentative en cours" in rows["Quiz ouvert"] and "Illimitées" in rows["Quiz ouvert"]
    assert ">—</td>" in rows["Quiz ouvert"]
    assert "En attente de correction" in rows["Quiz libre"]
    assert f'href="{reverse("quizzes:detail", args=[passed.public_id])}"' in rows["Quiz réussi"]
