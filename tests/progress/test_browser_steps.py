"""A new learner finishes a module's lessons: the next step offered is the module's quiz, the dashboard
says so, and after passing it the bar and its text agree with a count made by hand; axe-core finds
nothing on any page."""

import re

import pytest

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory
from tests.text import PLAIN_SPACES

from .conftest import build_course
from .test_selectors_steps import quiz_on_first_module

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_module_quiz_is_the_next_step_and_counts(page, settings, tmp_path):
    """Course page → « Commencer ce parcours » → 2 lessons → « Passer au quiz du module » → dashboard names the
    quiz → quiz passed → « 3 étapes sur 6 — 50 % » (2 lessons + 1 quiz of 4 lessons, 1 module quiz, 1 final quiz)."""
    settings.MEDIA_ROOT = tmp_path
    data = build_course(modules=2, lessons=2, final_quiz=True, slug="agir-quartiers")
    quiz_on_first_module(data)
    module = data.modules[0]
    first, second = data.lessons(module)
    learner = UserFactory(first_name="Soizic", last_name="Le Bihan")

    page.goto("/")
    sign_in(page, learner)
    page.goto("/")
    assert page.get_by_role("link", name="Commencer", exact=True).is_visible()
    page.goto(data.course.url)
    page.get_by_role("button", name=re.compile("Commencer ce parcours")).click()
    page.wait_for_url(re.compile(rf"{re.escape(first.url)}\?parcours=agir-quartiers"))
    page.get_by_role("button", name="Leçon suivante").click()
    page.wait_for_url(re.compile(rf"{re.escape(second.url)}\?parcours=agir-quartiers"))
    assert_accessible(page)

    # The module's last lesson: what comes next is the module's quiz, not the next module.
    assert page.get_by_role("button", name="Passer au quiz du module").is_visible()
    next_link = page.locator("a[rel=next]")
    assert "/quiz/" in next_link.get_attribute("href") and "Quiz du module : Premier module" in next_link.inner_text().translate(
        PLAIN_SPACES
    )
    page.get_by_role("button", name="J'ai terminé cette leçon").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Passer au quiz du module").is_visible()

    page.goto("/mon-parcours/")
    assert f"Prochaine étape : Quiz du module « {module.title} » à faire." in page.locator("body").inner_text().translate(
        PLAIN_SPACES
    )
    assert "2 étapes sur 6 — 33 %" in page.locator("body").inner_text().translate(PLAIN_SPACES)
    assert_accessible(page)
    page.get_by_role("link", name=f"Faire le quiz du module « {module.title} »").click()
    page.wait_for_url(re.compile(r"/quiz/"))
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Commencer le quiz")).click()
    page.wait_for_url(re.compile(r"/quiz/tentative/"))
    page.get_by_label("1 362").check()
    page.get_by_role("button", name=re.compile("Vérifier mes réponses")).click()
    page.wait_for_url(re.compile(r"/verifier/"))
    page.get_by_role("button", name=re.compile("Envoyer mes réponses")).click()
    page.wait_for_url(re.compile(r"/resultat/"))
    assert "Bonne réponse" in page.locator("body").inner_text().translate(PLAIN_SPACES)
    assert_accessible(page)

    # By hand: 4 lessons + the first module's quiz + the final quiz = 6 steps; 2 lessons and the quiz done = 3.
    page.goto("/mon-parcours/")
    label = page.locator(".dashboard__next").inner_text().translate(PLAIN_SPACES)
    assert "3 étapes sur 6 — 50 %" in label
    bar = page.locator("progress.progress__bar").first
    assert bar.get_attribute("value") == "50"
    assert "Prochaine étape : Leçon « " in page.locator("body").inner_text().translate(PLAIN_SPACES)
    assert_accessible(page)

    page.goto(data.course.url)
    assert "3 étapes sur 6 — 50 %" in page.locator("body").inner_text().translate(PLAIN_SPACES)
    assert_accessible(page)
