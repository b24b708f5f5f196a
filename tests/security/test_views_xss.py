"""Classic XSS payloads typed into every user-text entry point never come back in an executable form."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from quizzes.models import Attempt, QuestionKind
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">lien</a>',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
]


class ExecutableFinder(HTMLParser):
    """Collects what a browser would run: script bodies, on* handlers and javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.in_script = True
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and "alert" in value:
                self.found.append(f"<{tag} {name}={value}>")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href") and value.startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            self.found.append(f"<script>{data}</script>")


def assert_inert(html: str, where: str):
    finder = ExecutableFinder()
    finder.feed(html)
    assert finder.found == [], f"{where}: {finder.found}"
    # Escaped text or attribute values (« &lt;img … onerror=… ») are inert; only parsed tags count above.
    assert "<script>alert" not in html, where


@pytest.mark.parametrize("payload", PAYLOADS)
def test_views_xss_payload_in_profile_fields_is_inert_on_profile_and_header(client, learner, payload):
    """First name, last name and collectivité holding a payload are shown as text on the profile and in the header."""
    client.force_login(learner)
    response = client.post(
        "/compte/profil/", {"first_name": payload, "last_name": payload, "collectivite": payload, "reminders_enabled": "on"}
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert payload.strip() in (learner.first_name, learner.last_name)
    for url in ("/compte/profil/", "/mon-parcours/", "/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_inert(page.content.decode(), url)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_views_xss_payload_in_free_text_answer_and_review_comment_is_inert(client, payload):
    """A payload as the learner's name, free-text answer and trainer comment stays inert on the result page and review queue."""
    learner = UserFactory(first_name=payload, last_name=payload)
    client.force_login(learner)
    quiz = make_quiz([make_question("Analysez la demande.", kind=QuestionKind.FREE_TEXT, points=2)], title="Cas pratique")
    client.post(f"/quiz/{quiz.public_id}/commencer/")
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    client.post(f"/quiz/tentative/{attempt.public_id}/", answers_for(attempt, {1: f"Ma réponse : {payload}"}))
    client.post(f"/quiz/tentative/{attempt.public_id}/envoyer/")
    answer = attempt.answers.get()
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None  # stored through the allow-list (elearning/sanitize.py)
    result_url = f"/quiz/tentative/{attempt.public_id}/resultat/"
    assert_inert(client.get(result_url).content.decode(), "result page")

    trainer = Client()
    # An administrator: the queue shows every learner to them (trainers only see their assigned courses).
    trainer.login(email=UserFactory(group="Administrateurs").email, password=DEFAULT_PASSWORD)
    queue = trainer.get("/admin/quiz/corrections/")
    assert queue.status_code == 200 and "Ma réponse :" in queue.content.decode()
    assert_inert(queue.content.decode(), "review queue")
    trainer.post(f"/admin/quiz/corrections/{answer.pk}/", {f"a{answer.pk}-points": "1", f"a{answer.pk}-comment": payload})
    answer.refresh_from_db()
    assert answer.reviewed_at is not None
    result = client.get(result_url).content.decode()
    assert "Commentaire de la formatrice" in result or not answer.review_comment
    assert_inert(result, "result page after review")


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith("<") or p.startswith('"')])
def test_views_xss_checker_catches_each_payload_when_unescaped(payload):
    """The checker itself flags every tag payload pasted raw into a page (so the tests above can fail)."""
    with pytest.raises(AssertionError):
        assert_inert(f"<p>{payload}</p>", "raw")
