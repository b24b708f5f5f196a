"""The live quiz through HTTP: phones (Django test clients) join by code and answer, the trainer
projects, reveals and moves on."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from livequiz.models import LiveAnswer, LiveParticipant, LiveSession
from livequiz.services import live_session_start
from quizzes.models import Attempt
from tests.factories.accounts import UserFactory
from tests.text import PLAIN_SPACES

from .conftest import choice_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(quiz, trainer):
    return live_session_start(quiz=quiz, user=trainer)


@pytest.fixture
def projector(client, trainer):
    client.force_login(trainer)
    return client


def join(phone, code):
    return phone.post("/salle/", {"code": code}, follow=True)


def answer(phone, session, position, *texts):
    ids = [choice_id(session, position, text) for text in texts]
    return phone.post(f"/salle/{session.public_id}/repondre/", {"position": position, "choix": ids}, follow=True)


def test_views_live_quiz_with_thirty_phones_a_double_answer_and_a_late_joiner(session, projector):
    """30 phones answer question 1 (one taps twice), the trainer reveals the distribution, moves on; a
    late joiner lands on question 2; nothing becomes a quiz attempt."""
    phones = [Client() for _ in range(30)]
    for phone in phones:
        response = join(phone, session.code.lower())
        assert response.redirect_chain[-1][0] == f"/salle/{session.public_id}/"
        assert "Question 1 sur 3" in response.content.decode().translate(PLAIN_SPACES)

    for index, phone in enumerate(phones):
        text = "1 362" if index < 20 else ("1 296" if index < 27 else "1 584")
        page = answer(phone, session, 1, text).content.decode().translate(PLAIN_SPACES)
        assert "Votre réponse a bien été enregistrée." in page
    double = answer(phones[0], session, 1, "1 584").content.decode().translate(PLAIN_SPACES)
    assert "Vous avez déjà répondu à cette question" in double
    assert LiveAnswer.objects.filter(session=session, position=1).count() == 30

    state = projector.get(f"/salle/projection/{session.public_id}/etat.json").json()
    assert (state["participants"], state["answers"]) == (30, 30)

    projector.post(f"/salle/projection/{session.public_id}/reveler/", {"position": 1})
    screen = projector.get(f"/salle/projection/{session.public_id}/").content.decode().translate(PLAIN_SPACES)
    assert "Répartition des réponses (30 réponses)" in screen
    assert "20 (67 %)" in screen and "7 (23 %)" in screen and "3 (10 %)" in screen
    assert "1 362 quartiers dans l&#x27;Hexagone." in screen and "Décret n° 2023-1314" in screen

    phone_page = phones[0].get(f"/salle/{session.public_id}/").content.decode().translate(PLAIN_SPACES)
    assert "réponses révélées" in phone_page and "Bonne réponse" in phone_page

    projector.post(f"/salle/projection/{session.public_id}/suivante/", {"position": 1})
    projector.post(f"/salle/projection/{session.public_id}/suivante/", {"position": 1})  # double click
    session.refresh_from_db()
    assert session.position == 2

    late = Client()
    landing = join(late, session.code).content.decode().translate(PLAIN_SPACES)
    assert "Question 2 sur 3" in landing and "Quels acteurs signent le contrat de ville ?" in landing
    assert "Votre réponse a bien été enregistrée." in answer(
        late, session, 2, "L'État", "L'intercommunalité"
    ).content.decode().translate(PLAIN_SPACES)
    late_on_q1 = answer(late, session, 1, "1 362").content.decode().translate(PLAIN_SPACES)
    assert "autre question" in late_on_q1

    state = projector.get(f"/salle/projection/{session.public_id}/etat.json").json()
    assert (state["participants"], state["answers"], state["position"]) == (31, 1, 2)
    assert Attempt.objects.count() == 0


def test_views_join_with_a_wrong_code_says_so_and_writes_nothing(session, client):
    """A wrong or closed code gets a French message on the form, and no participant is created."""
    response = client.post("/salle/", {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert "Aucune session en cours n&#x27;a ce code" in response.content.decode().translate(PLAIN_SPACES)
    assert 'aria-invalid="true"' in response.content.decode().translate(PLAIN_SPACES)
    assert "Saisissez le code" in client.post("/salle/", {"code": ""}).content.decode().translate(PLAIN_SPACES)
    assert LiveParticipant.objects.count() == 0


def test_views_join_pauses_after_many_wrong_codes(session):
    """Guessing codes is stopped after 40 wrong ones from the same address; the right code then waits
    too, while a phone on another network still joins."""
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(40):
        guesser.post("/salle/", {"code": "ZZZZZZ"})
    response = guesser.post("/salle/", {"code": session.code})
    assert "Trop de codes erronés" in response.content.decode().translate(PLAIN_SPACES)
    assert LiveParticipant.objects.count() == 0
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert elsewhere.post("/salle/", {"code": session.code}).status_code == 302
    assert LiveParticipant.objects.count() == 1


def test_views_joining_twice_from_one_phone_is_one_participant(session, client):
    """Scanning the QR code again keeps the phone's participant (and its answers)."""
    join(client, session.code)
    join(client, session.code)
    assert LiveParticipant.objects.count() == 1


def test_views_phone_without_joining_is_sent_to_the_code_form(session, client):
    """Opening a session's page without the code leads to the join form, code filled in."""
    response = client.get(f"/salle/{session.public_id}/")
    assert response.status_code == 302 and response["Location"] == f"/salle/?code={session.code}"
    form = client.get(response["Location"]).content.decode().translate(PLAIN_SPACES)
    assert f'value="{session.code}"' in form


def test_views_phone_page_works_without_javascript(session, client):
    """The phone page has the question as a fieldset with a legend and an « Actualiser » link."""
    page = join(client, session.code).content.decode().translate(PLAIN_SPACES)
    assert "<fieldset" in page and "<legend" in page
    assert f'href="/salle/{session.public_id}/" data-livequiz-refresh>Actualiser</a>' in page
    assert 'role="status" aria-live="polite" data-livequiz-announce' in page
    assert "<script>" not in page and "style=" not in page


def test_views_phone_sees_the_end_of_the_session(session, projector, client):
    """After « Terminer », the phone says the session is over and the code no longer works."""
    join(client, session.code)
    projector.post(f"/salle/projection/{session.public_id}/terminer/")
    page = client.get(f"/salle/{session.public_id}/").content.decode().translate(PLAIN_SPACES)
    assert "La session est terminée." in page
    assert client.get(f"/salle/{session.public_id}/etat.json").json()["closed"] is True
    assert "Aucune session en cours" in Client().post("/salle/", {"code": session.code}).content.decode().translate(PLAIN_SPACES)


def _queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        response = callable_()
    assert response.status_code == 200
    return len(captured)


def test_views_polling_and_pages_do_not_grow_with_the_number_of_phones(session, projector, django_assert_max_num_queries):
    """The endpoints polled every 2 s and the pages cost the same number of queries for 1 or 30 phones."""
    first = Client()
    join(first, session.code)
    answer(first, session, 1, "1 362")
    phone_poll = f"/salle/{session.public_id}/etat.json"
    screen_poll = f"/salle/projection/{session.public_id}/etat.json"
    phone_page = f"/salle/{session.public_id}/"
    screen_page = f"/salle/projection/{session.public_id}/"
    before = [
        _queries(lambda url=url, c=c: c.get(url))
        for url, c in [(phone_poll, first), (screen_poll, projector), (phone_page, first), (screen_page, projector)]
    ]

    for _ in range(29):
        phone = Client()
        join(phone, session.code)
        answer(phone, session, 1, "1 296")
    after = [
        _queries(lambda url=url, c=c: c.get(url))
        for url, c in [(phone_poll, first), (screen_poll, projector), (phone_page, first), (screen_page, projector)]
    ]
    assert before == after

    with django_assert_max_num_queries(2):  # the phone's Django session, then the live session
        first.get(phone_poll)
    projector.post(f"/salle/projection/{session.public_id}/reveler/", {"position": 1})
    with django_assert_max_num_queries(7):
        assert "Répartition des réponses (30 réponses)" in projector.get(screen_page).content.decode().translate(PLAIN_SPACES)


def test_views_projection_is_for_staff_only(session, client):
    """Anonymous visitors are sent to the login page, learners are refused; trainers see the code."""
    url = f"/salle/projection/{session.public_id}/"
    assert client.get(url).status_code == 302
    assert client.post(f"/salle/projection/{session.public_id}/terminer/").status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(f"/salle/projection/{session.public_id}/terminer/").status_code == 403
    assert client.get(f"/salle/projection/{session.public_id}/etat.json").status_code == 403
    assert LiveSession.objects.get().is_open


def test_views_projection_shows_code_join_address_and_qr(session, projector):
    """The projected view shows the code, the join address and a QR code image with a text alternative."""
    page = projector.get(f"/salle/projection/{session.public_id}/").content.decode().translate(PLAIN_SPACES)
    assert session.code in page and "http://testserver/salle/" in page
    assert 'src="data:image/svg+xml;base64,' in page and 'alt="QR code' in page
    assert "Révéler les réponses" in page and "Terminer" in page


def test_admin_trainer_launches_a_live_quiz_from_the_admin(quiz, projector):
    """« Quiz en salle » lists the quizzes; « Lancer » opens the projected view; launching twice reuses it."""
    index = projector.get("/admin/quiz-en-salle/").content.decode().translate(PLAIN_SPACES)
    assert "Quiz — Les bases" in index and "Lancer un quiz en salle" in index
    listing = projector.get("/admin/snippets/quizzes/quiz/").content.decode().translate(PLAIN_SPACES)
    assert f"/admin/quiz-en-salle/{quiz.pk}/" in listing
    assert projector.get(f"/admin/quiz-en-salle/{quiz.pk}/").status_code == 200
    response = projector.post(f"/admin/quiz-en-salle/{quiz.pk}/lancer/")
    session = LiveSession.objects.get()
    assert response["Location"] == f"/salle/projection/{session.public_id}/"
    projector.post(f"/admin/quiz-en-salle/{quiz.pk}/lancer/")
    assert LiveSession.objects.count() == 1
    assert session.code in projector.get("/admin/quiz-en-salle/").content.decode().translate(PLAIN_SPACES)
    projector.post(f"/salle/projection/{session.public_id}/terminer/")
    index = projector.get("/admin/quiz-en-salle/").content.decode().translate(PLAIN_SPACES)
    assert "Sessions terminées récemment" in index and f"/salle/projection/{session.public_id}/" in index


def test_admin_launch_of_a_quiz_without_choice_questions_explains_why(projector):
    """A quiz with only free-text questions is refused with a French message."""
    from quizzes.models import QuestionKind
    from tests.factories.quizzes import make_question, make_quiz

    quiz = make_quiz([make_question("Décrivez.", kind=QuestionKind.FREE_TEXT)], title="Libre")
    response = projector.post(f"/admin/quiz-en-salle/{quiz.pk}/lancer/", follow=True)
    assert "aucune question à choix" in response.content.decode().translate(PLAIN_SPACES)
    assert LiveSession.objects.count() == 0


def test_admin_learners_cannot_launch(quiz, client):
    """A learner cannot open « Quiz en salle » nor launch a session."""
    client.force_login(UserFactory())
    assert client.post(f"/admin/quiz-en-salle/{quiz.pk}/lancer/").status_code in (302, 403)
    assert LiveSession.objects.count() == 0


def test_views_projection_after_the_end_sums_up_each_question(session, projector):
    """« Terminer » shows, per question, how many phones answered and how many got it right."""
    for text in ("1 362", "1 362", "1 296"):
        phone = Client()
        join(phone, session.code)
        answer(phone, session, 1, text)
    projector.post(f"/salle/projection/{session.public_id}/terminer/")
    page = projector.get(f"/salle/projection/{session.public_id}/").content.decode().translate(PLAIN_SPACES)
    assert "Session terminée" in page and "3 participants" in page
    assert "Bonnes réponses par question" in page
    assert "2 (67 %)" in page
    assert page.count("non posée") == 2  # questions 2 and 3 were never shown
    assert "Révéler les réponses" not in page and session.code not in page


def test_views_only_the_launching_trainer_and_administrators_drive_a_session(session, client):
    """Another trainer sees the projection without its controls and is refused every action; an administrator drives."""
    from accounts import groups

    colleague = UserFactory(group=groups.TRAINERS)
    client.force_login(colleague)
    page = client.get(f"/salle/projection/{session.public_id}/").content.decode()
    assert "Révéler les réponses" not in page and "Seul·e la formatrice ou le formateur qui a lancé" in page
    for action in ("reveler", "suivante", "terminer"):
        response = client.post(f"/salle/projection/{session.public_id}/{action}/", {"position": 1})
        assert response.status_code == 403, action
    session.refresh_from_db()
    assert session.is_open and session.state == "open" and session.position == 1
    client.force_login(UserFactory(group=groups.ADMINISTRATORS))
    client.post(f"/salle/projection/{session.public_id}/reveler/", {"position": 1})
    session.refresh_from_db()
    assert session.state == "revealed"


def test_services_sessions_idle_for_two_hours_close_themselves(quiz, trainer):
    """The periodic task closes a session idle for 2 hours, keeps one answered an hour ago, and does nothing twice."""
    from datetime import timedelta

    from django.utils import timezone

    from livequiz.services import live_session_join
    from livequiz.tasks import close_idle_live_sessions

    idle = live_session_start(quiz=quiz, user=trainer)
    busy = live_session_start(quiz=quiz, user=UserFactory(group="Formateurs"))
    LiveSession.objects.filter(pk=idle.pk).update(last_activity_at=timezone.now() - timedelta(hours=2, minutes=1))
    LiveSession.objects.filter(pk=busy.pk).update(last_activity_at=timezone.now() - timedelta(hours=3))
    live_session_join(code=busy.code, known_participants={})  # a phone joins now: activity
    assert close_idle_live_sessions.delay().get() == 1
    idle.refresh_from_db()
    busy.refresh_from_db()
    assert not idle.is_open and busy.is_open
    assert close_idle_live_sessions() == 0


def test_admin_quiz_list_has_search_and_a_course_filter(quiz, projector):
    """« Quiz en salle » finds quizzes by words of their title and keeps those of one course."""
    from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
    from tests.factories.quizzes import make_question, make_quiz

    other = make_quiz([make_question()], title="Quiz — Laïcité au conseil municipal")
    sections = build_sections()
    course = course_with_modules(
        course_index=sections.course_index, modules=[module_with_lessons(parent=sections.library, quiz=other)]
    )
    html = projector.get("/admin/quiz-en-salle/?q=laïcité").content.decode()
    assert "Quiz — Laïcité au conseil municipal" in html and "Quiz — Les bases" not in html
    html = projector.get(f"/admin/quiz-en-salle/?parcours={course.pk}").content.decode()
    assert "Quiz — Laïcité au conseil municipal" in html and "Quiz — Les bases" not in html
    html = projector.get("/admin/quiz-en-salle/?q=introuvable").content.decode()
    assert "Aucun quiz ne correspond à ces critères." in html
    assert projector.get("/admin/quiz-en-salle/?parcours=abc").status_code == 200


def test_views_phone_shows_the_chosen_answer_without_a_stray_comma(session, client):
    """Having chosen B out of three, the phone reads « Votre réponse : B. … » with no trailing comma."""
    join(client, session.code)
    html = answer(client, session, 1, "1 362").content.decode()
    assert "<strong>B. 1 362</strong></p>" in html


@pytest.mark.parametrize("outcome", ["enregistree", "deja", "autre", "<script>"])
def test_an_answer_outcome_in_the_address_tells_nothing_before_an_answer(client, session, outcome):
    """`?envoi=` is only a label for an answer that exists: a made-up or copied address says nothing."""
    join(client, session.code)
    response = client.get(f"/salle/{session.public_id}/", {"envoi": outcome})
    page = response.content.decode().translate(PLAIN_SPACES)
    assert response.status_code == 200
    assert "Votre réponse a bien été enregistrée." not in page
    assert "Vous avez déjà répondu" not in page
