"""A learner resumes from the dashboard, finishes a short course (lessons and quiz), downloads the
attestation and opens its verification page; axe-core finds nothing on any page."""

import re

import pytest

from progress.models import Attestation
from progress.services import enrolment_create, lesson_complete
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory
from tests.text import PLAIN_SPACES

from .conftest import build_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_learner_finishes_a_course_and_verifies_the_attestation(page, settings, tmp_path, outbox):
    """Dashboard → « Reprendre » → complete lessons → quiz → attestation PDF → verification page."""
    settings.MEDIA_ROOT = tmp_path
    learner = UserFactory(first_name="Gwenaëlle", last_name="Tanguy")
    data = build_course(modules=1, lessons=2, module_quiz=True, slug="democratie-locale")
    lessons = data.lessons()
    enrolment_create(user=learner, course=data.course)
    lesson_complete(user=learner, lesson=lessons[0])

    page.goto("/")
    sign_in(page, learner)
    page.goto("/mon-parcours/")
    assert_accessible(page)
    resume = page.get_by_role("link", name=f"Reprendre : {lessons[1].title}")
    resume.click()
    page.wait_for_url(re.compile(rf"{re.escape(lessons[1].url)}\?parcours=democratie-locale"))
    assert_accessible(page)

    page.get_by_role("button", name="J'ai terminé cette leçon").click()
    page.wait_for_load_state()
    assert page.get_by_text("Leçon terminée", exact=False).first.is_visible()
    assert_accessible(page)

    # The module quiz is offered after the last lesson.
    page.get_by_role("link", name=re.compile("Faire le quiz")).click()
    page.get_by_role("button", name=re.compile("Commencer le quiz")).click()
    page.wait_for_url(re.compile(r"/quiz/tentative/"))
    page.get_by_label("1 362").check()
    page.get_by_role("button", name=re.compile("Vérifier mes réponses")).click()
    page.wait_for_url(re.compile(r"/verifier/"))
    page.get_by_role("button", name=re.compile("Envoyer mes réponses")).click()
    page.wait_for_url(re.compile(r"/resultat/"))

    page.goto(data.course.url)
    assert "3 étapes sur 3 — 100 %" in page.content().translate(PLAIN_SPACES)
    assert_accessible(page)

    page.goto("/mon-parcours/")
    assert_accessible(page)
    attestation = Attestation.objects.get(user=learner)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger l'attestation")).click()
    download = download_info.value
    assert download.suggested_filename == f"attestation-{attestation.identifier}.pdf"
    assert open(download.path(), "rb").read(4) == b"%PDF"

    page.get_by_role("link", name=re.compile("Lien de vérification")).click()
    page.wait_for_url(re.compile(rf"/attestations/verifier/{attestation.identifier}/"))
    assert "Attestation valide" in page.content() and "Gwenaëlle Tanguy" in page.content()
    assert_accessible(page)
    assert any("Parcours terminé" in message.subject for message in outbox)
