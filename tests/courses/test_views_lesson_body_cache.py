"""A lesson's body is rendered once and kept in the content cache (core stream_fragment), except its
quiz and webinar cards: those say where each learner stands and whether the session is past, at
the time of the request. What a trainer publishes shows on the next visit."""

import datetime

import pytest
from django.utils import timezone

from quizzes.models import Attempt, AttemptStatus
from tests.factories.accounts import UserFactory
from tests.factories.courses import LessonPageFactory, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz
from tests.factories.webinars import webinar
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


def page_of(client, lesson) -> str:
    response = client.get(lesson.url)
    assert response.status_code == 200
    return response.content.decode().translate(PLAIN_SPACES)


@pytest.mark.parametrize("publish", [True, False], ids=["publiée", "brouillon"])
def test_a_new_body_shows_on_the_next_visit_once_published(
    client, learner, sections, django_capture_on_commit_callbacks, publish
):
    module = module_with_lessons(parent=sections.library, lessons=0)
    lesson = LessonPageFactory(parent=module, body=[{"type": "paragraph", "value": "<p>Texte en ligne.</p>"}])
    client.force_login(learner)
    assert "Texte en ligne." in page_of(client, lesson)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.body = [{"type": "paragraph", "value": "<p>Seconde version, relue.</p>"}]
        revision = lesson.save_revision()
        if publish:
            revision.publish()
    html = page_of(client, lesson)
    assert ("Seconde version, relue." in html) is publish and ("Texte en ligne." in html) is not publish


def test_the_quiz_card_of_a_body_shows_each_learners_own_result(client, sections):
    quiz = make_quiz([make_question()], title="Quiz — Les quartiers prioritaires")
    module = module_with_lessons(parent=sections.library, lessons=0)
    lesson = LessonPageFactory(
        parent=module,
        body=[
            {"type": "paragraph", "value": "<p>Avant le quiz.</p>"},
            {"type": "quiz", "value": {"quiz": quiz.pk, "intro": "Vérifiez vos acquis."}},
            {"type": "paragraph", "value": "<p>Après le quiz.</p>"},
        ],
    )
    passed, newcomer = UserFactory(), UserFactory()
    Attempt.objects.create(
        user=passed,
        quiz=quiz,
        number=1,
        status=AttemptStatus.GRADED,
        snapshot=[],
        percent=90,
        passed=True,
        submitted_at=timezone.now(),
        graded_at=timezone.now(),
    )
    client.force_login(passed)
    first = page_of(client, lesson)
    client.force_login(newcomer)
    second = page_of(client, lesson)
    for html in (first, second):  # the card in its place, between the two paragraphs
        assert html.index("Avant le quiz.") < html.index("Vérifiez vos acquis.") < html.index("Après le quiz.")
    assert "Réussi" in first and "Réussi" not in second


def test_the_webinar_card_of_a_body_turns_to_the_replay_once_the_session_is_past(client, learner, sections):
    start = timezone.now() + datetime.timedelta(hours=1)
    session = webinar(
        title="Les contrats de ville en 2027", start=start, replay_url="https://exemple.fr/replay", replay_transcript="<p>T</p>"
    )
    module = module_with_lessons(parent=sections.library, lessons=0)
    lesson = LessonPageFactory(parent=module, body=[{"type": "webinar", "value": {"webinar": session.pk, "intro": ""}}])
    client.force_login(learner)
    assert "À venir" in page_of(client, lesson)
    later = start + datetime.timedelta(hours=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        html = page_of(client, lesson)
    assert "À venir" not in html and "Voir le replay" in html
