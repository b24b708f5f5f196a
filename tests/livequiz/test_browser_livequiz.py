"""A live quiz from two browser contexts: the trainer projects, an anonymous phone (375 px) answers."""

import re

import pytest
from playwright.sync_api import expect

from accounts import groups
from livequiz.models import LiveAnswer, LiveSession
from quizzes.models import Attempt
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    """A second, anonymous context the size of a phone, also refused any foreign host."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 375, "height": 740})
    tab = context.new_page()
    tab.set_default_timeout(15000)
    foreign = []
    tab.on("request", lambda request: None if request.url.startswith((live_server.url, "data:")) else foreign.append(request.url))
    yield tab
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_browser_live_quiz_session_from_two_browser_contexts(page, phone, quiz):
    """The trainer launches and projects; the phone joins by code and answers; the screen counts it
    live; the trainer reveals; the phone follows to the next question by itself."""
    trainer = UserFactory(group=groups.TRAINERS)
    sign_in(page, trainer)

    page.goto("/admin/quiz-en-salle/")
    page.get_by_label("Rechercher un quiz").fill("bases")
    page.get_by_role("button", name="Filtrer").click()
    assert_accessible(page)
    admin_tab = page
    # The projection opens in a new window; the admin tab stays where it was.
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Lancer « Quiz — Les bases » en salle (nouvelle fenêtre)").click()
    page = opened.value
    page.wait_for_url(re.compile(r"/salle/projection/[0-9a-f-]+/$"))
    assert "/admin/quiz-en-salle/" in admin_tab.url
    session = LiveSession.objects.get()
    expect(page.get_by_text(session.code, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Combien de quartiers prioritaires compte l'Hexagone depuis 2024 ?")).to_be_visible()
    assert_accessible(page)

    phone.goto("/salle/")
    assert_accessible(phone)
    phone.get_by_label("Code de la session").fill("ZZZZZZ")
    phone.get_by_role("button", name="Rejoindre").click()
    expect(phone.get_by_text("Aucune session en cours n'a ce code")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Code de la session").fill(session.code.lower())
    phone.get_by_role("button", name="Rejoindre").click()
    phone.wait_for_url(f"**/salle/{session.public_id}/")
    question = phone.get_by_role("group", name=re.compile("Question 1 sur 3"))
    expect(question).to_be_visible()
    assert_accessible(phone)
    phone.screenshot(path="var/screenshots/livequiz-phone-question-375.png", full_page=True)

    question.get_by_label("1 362").check()
    phone.get_by_role("button", name="Envoyer ma réponse").click()
    expect(phone.get_by_text("Votre réponse a bien été enregistrée.")).to_be_visible()
    assert_accessible(phone)

    # The projected view polls: the answer shows up without reloading.
    expect(page.locator("[data-livequiz-answers]")).to_have_text("1 réponse")
    expect(page.locator("[data-livequiz-participants]")).to_have_text("1 participant")
    page.get_by_role("button", name="Révéler les réponses").click()
    results = page.get_by_role("table", name="Répartition des réponses (1 réponse)")
    expect(results).to_be_visible()
    expect(results.get_by_role("row", name=re.compile("1 362"))).to_contain_text("1 (100 %)")
    expect(page.get_by_text("1 362 quartiers dans l'Hexagone.")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/livequiz-projection-revealed-1280.png", full_page=True)

    # The phone follows by itself and its live region announces the change.
    expect(phone.get_by_text("Bonne réponse")).to_be_visible()
    expect(phone.locator("[data-livequiz-announce]")).to_have_text("Réponses révélées pour la question 1.")
    assert_accessible(phone)

    page.get_by_role("button", name="Question suivante").click()
    expect(phone.get_by_role("group", name=re.compile("Question 2 sur 3"))).to_be_visible()
    expect(phone.locator("[data-livequiz-announce]")).to_have_text("Nouvelle question : question 2 sur 3.")
    assert_accessible(phone)

    page.get_by_role("button", name="Terminer").click()
    expect(page.get_by_role("heading", name="Session terminée")).to_be_visible()
    assert_accessible(page)
    expect(phone.get_by_text("La session est terminée. Merci de votre participation !")).to_be_visible()
    assert_accessible(phone)
    assert LiveAnswer.objects.count() == 1 and Attempt.objects.count() == 0
