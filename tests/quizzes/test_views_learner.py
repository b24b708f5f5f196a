import re

import pytest

from quizzes.models import Attempt, AttemptStatus, QuestionKind, ReviewPolicy, ReviewTiming
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.login(email=learner.email, password=DEFAULT_PASSWORD)
    return client


@pytest.fixture
def quiz():
    return make_quiz(
        [
            make_question(explanation="1 362 QPV dans l'Hexagone depuis 2024.", source_title="Décret de 2023"),
            make_question(
                "Les élus sont-ils soumis à la neutralité ?",
                kind=QuestionKind.TRUE_FALSE,
                choices=(("Vrai", False), ("Faux", True)),
            ),
        ]
    )


def start(client, quiz):
    response = client.post(f"/quiz/{quiz.public_id}/commencer/")
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz), response["Location"]


def test_views_quiz_page_invites_anonymous_visitors_to_sign_in(client, quiz):
    """Anyone can read what the quiz is; answering needs an account."""
    response = client.get(f"/quiz/{quiz.public_id}/")
    assert response.status_code == 200
    assert "Connectez-vous" in response.content.decode().translate(PLAIN_SPACES)
    assert client.post(f"/quiz/{quiz.public_id}/commencer/").status_code == 302
    assert not Attempt.objects.exists()


def test_views_correct_answers_never_reach_the_page_before_submission(signed_in, quiz):
    """The answer page and the review page carry no correctness, feedback or explanation."""
    attempt, url = start(signed_in, quiz)
    html = signed_in.get(url).content.decode().translate(PLAIN_SPACES)
    assert "<fieldset" in html and "<legend" in html
    for leak in ("correct", "Retour pour", "1 362 QPV dans", "Décret de 2023", "bonne réponse"):
        assert leak not in html, leak
    signed_in.post(url, answers_for(attempt, {1: "1 296"}))
    review = signed_in.get(f"/quiz/tentative/{attempt.public_id}/verifier/").content.decode().translate(PLAIN_SPACES)
    assert "Vérifier mes réponses" in review
    assert "1 296" in review
    assert "Retour pour" not in review and "1 362 QPV dans" not in review
    assert "question 2" in review  # unanswered question flagged with a link


def test_views_review_step_then_submit_shows_the_result_by_policy(signed_in, quiz):
    """Answer → review → send → result with explanations (policy « explications »)."""
    attempt, url = start(signed_in, quiz)
    signed_in.post(url, answers_for(attempt, {1: "1 362", 2: "Vrai"}))
    response = signed_in.post(f"/quiz/tentative/{attempt.public_id}/envoyer/")
    assert response.status_code == 302
    result = signed_in.get(response["Location"]).content.decode().translate(PLAIN_SPACES)
    assert 'role="status"' in result
    assert "50 %" in result
    assert "seuil de réussite non atteint" in result
    assert "1 362 QPV dans" in result
    assert ">Bonne réponse</h3>" in result


@pytest.mark.parametrize(
    "policy, visible, hidden",
    [
        (ReviewPolicy.SCORE_ONLY, [], ["Détail de vos réponses", ">Bonne réponse</h3>", "Explication"]),
        (ReviewPolicy.CORRECTNESS, ["Réponse inexacte"], [">Bonne réponse</h3>", "Explication"]),
        (ReviewPolicy.CORRECT_ANSWERS, [">Bonne réponse</h3>"], ["Explication"]),
    ],
)
def test_views_result_page_follows_the_review_policy(signed_in, quiz, policy, visible, hidden):
    """The result page shows only what the review policy allows."""
    quiz.review_policy = policy
    quiz.save()
    attempt, url = start(signed_in, quiz)
    signed_in.post(url, answers_for(attempt, {1: "1 296", 2: "Vrai"}))
    result = (
        signed_in.get(signed_in.post(f"/quiz/tentative/{attempt.public_id}/envoyer/")["Location"])
        .content.decode()
        .translate(PLAIN_SPACES)
    )
    assert "0 %" in result
    for text in visible:
        assert text in result
    for text in hidden:
        assert text not in result


def test_views_double_submit_keeps_one_attempt_and_says_so(signed_in, quiz):
    """Sending twice leads to the same result page with a message; one attempt is recorded."""
    attempt, url = start(signed_in, quiz)
    signed_in.post(url, answers_for(attempt, {1: "1 362"}))
    signed_in.post(f"/quiz/tentative/{attempt.public_id}/envoyer/")
    response = signed_in.post(f"/quiz/tentative/{attempt.public_id}/envoyer/", follow=True)
    assert "premier envoi a été conservé" in response.content.decode().translate(PLAIN_SPACES)
    assert Attempt.objects.count() == 1
    assert Attempt.objects.get().status == AttemptStatus.GRADED


def test_views_forged_choice_gets_a_french_message_and_changes_nothing(signed_in, quiz):
    """A forged choice id returns to the form with a message; nothing is stored."""
    attempt, url = start(signed_in, quiz)
    response = signed_in.post(url, {"q1": "987654"}, follow=True)
    assert "aucune réponse proposée" in response.content.decode().translate(PLAIN_SPACES)
    assert not attempt.answers.exists()


def test_views_someone_elses_attempt_is_not_found(client, quiz):
    """Another learner gets a 404 on my attempt's pages, whatever the action."""
    owner = UserFactory()
    client.login(email=owner.email, password=DEFAULT_PASSWORD)
    attempt, url = start(client, quiz)
    client.logout()
    other = UserFactory()
    client.login(email=other.email, password=DEFAULT_PASSWORD)
    for path in ("", "verifier/", "resultat/"):
        assert client.get(f"/quiz/tentative/{attempt.public_id}/{path}").status_code == 404
    assert client.post(f"/quiz/tentative/{attempt.public_id}/envoyer/").status_code == 404
    assert client.post(url, answers_for(attempt, {1: "1 362"})).status_code == 404
    assert not attempt.answers.exists()


def test_views_return_link_keeps_the_lesson_and_refuses_other_hosts(signed_in, quiz):
    """The « retour » parameter brings the learner back to the lesson; an outside URL is dropped."""
    response = signed_in.post(f"/quiz/{quiz.public_id}/commencer/?retour=/modules/m/l/")
    assert "retour=%2Fmodules%2Fm%2Fl%2F" in response["Location"]
    response = signed_in.post(f"/quiz/{quiz.public_id}/commencer/?retour=https://exemple.invalid/")
    assert "retour" not in response["Location"]


def test_views_free_text_notice_about_beliefs_is_shown(signed_in):
    """A laïcité free-text question reminds the learner not to write personal beliefs."""
    quiz = make_quiz([make_question("Analysez la demande.", kind=QuestionKind.FREE_TEXT, beliefs_notice=True)])
    attempt, url = start(signed_in, quiz)
    html = signed_in.get(url).content.decode().translate(PLAIN_SPACES)
    assert "n'écrivez pas vos convictions personnelles" in html
    assert re.search(r'<textarea[^>]+aria-describedby="q1-hint"', html)


# --- Review timing: when the right answers and explanations are shown --------------------------------


def send(client, quiz, picks):
    """Start an attempt, answer `picks`, send it: the result page's HTML."""
    url = client.post(f"/quiz/{quiz.public_id}/commencer/")["Location"]
    attempt = Attempt.objects.get(public_id=url.split("/")[3])
    client.post(url, answers_for(attempt, picks))
    return (
        client.get(client.post(f"/quiz/tentative/{attempt.public_id}/envoyer/")["Location"])
        .content.decode()
        .translate(PLAIN_SPACES)
    )


WRONG, RIGHT = {1: "1 296", 2: "Vrai"}, {1: "1 362", 2: "Faux"}


def test_views_result_always_shows_answers_and_explanations_at_once(signed_in, quiz):
    """« Toujours »: a failed first attempt shows the right answers beside the learner's, and the explanations."""
    quiz.review_timing = ReviewTiming.ALWAYS
    quiz.save()
    result = send(signed_in, quiz, WRONG)
    assert ">Bonne réponse</h3>" in result and "1 362 QPV dans" in result and "Retour pour « 1 296 »" in result
    assert "s'afficheront" not in result


def test_views_result_passed_or_exhausted_waits_for_a_pass(signed_in, quiz):
    """« Une fois réussi ou les tentatives épuisées », unlimited attempts: a fail shows which answers are wrong, not the
    right ones nor the explanations (not even in the page); a pass shows everything."""
    quiz.review_timing = ReviewTiming.PASSED_OR_EXHAUSTED
    quiz.save()
    result = send(signed_in, quiz, WRONG)
    assert "Réponse inexacte" in result and "une fois le quiz réussi." in result
    for leak in (">Bonne réponse</h3>", "1 362 QPV dans", "Décret de 2023", "Retour pour", "choice-mark--missed"):
        assert leak not in result, leak
    result = send(signed_in, quiz, RIGHT)
    assert ">Bonne réponse</h3>" in result and "1 362 QPV dans" in result and "s'afficheront" not in result


def test_views_result_passed_or_exhausted_shows_once_attempts_are_used_up(signed_in, quiz):
    """With 2 attempts, the first fail keeps the answers back; the second, the last, shows them even failed."""
    quiz.review_timing = ReviewTiming.PASSED_OR_EXHAUSTED
    quiz.attempts_allowed = 2
    quiz.save()
    first = send(signed_in, quiz, WRONG)
    assert "1 362 QPV dans" not in first and "réussi ou vos tentatives épuisées" in first
    second = send(signed_in, quiz, WRONG)
    assert "1 362 QPV dans" in second and ">Bonne réponse</h3>" in second


def test_views_result_never_shows_answers_nor_explanations(signed_in, quiz):
    """« Jamais »: even after a pass, no right answer nor explanation; the score and each answer's verdict stay."""
    quiz.review_timing = ReviewTiming.NEVER
    quiz.save()
    result = send(signed_in, quiz, RIGHT)
    assert "100 %" in result and "Bonne réponse" in result and "ne montre ni les bonnes réponses" in result
    assert ">Bonne réponse</h3>" not in result and "1 362 QPV dans" not in result


def test_views_result_default_holds_back_a_final_quiz_until_passed(signed_in, quiz):
    """On the default, a course's final quiz waits for a pass; the same quiz outside any course shows at once."""
    from tests.progress.conftest import build_course

    assert quiz.review_timing == ReviewTiming.DEFAULT
    result = send(signed_in, quiz, WRONG)
    assert "1 362 QPV dans" in result
    data = build_course()
    data.course.final_quiz = quiz
    data.course.save_revision().publish()
    result = send(signed_in, quiz, WRONG)
    assert "1 362 QPV dans" not in result and "une fois le quiz réussi." in result
    result = send(signed_in, quiz, RIGHT)
    assert "1 362 QPV dans" in result


def test_views_result_marks_each_answer_by_icon_and_words(signed_in, quiz):
    """Each answer carries an icon and words besides its colour; the learner's answer is beside the right one."""
    quiz.review_timing = ReviewTiming.ALWAYS
    quiz.save()
    result = send(signed_in, quiz, {1: "1 296", 2: "Faux"})
    assert "#cross" in result and "Réponse inexacte" in result and "Inexact :" in result
    assert "#check" in result and "Juste :" in result and "(vous ne l'avez pas choisie)" in result
    assert result.index(">Votre réponse</h3>") < result.index(">Bonne réponse</h3>")
