"""Someone holding a paper attestation types its identifier, as they read it, into the public form;
the form, its errors and its answers are axe-clean on a phone and on a desktop."""

import pytest

from progress.models import Attestation
from progress.services import enrolment_create
from tests.browser.helpers import assert_accessible, field
from tests.factories.accounts import UserFactory
from tests.progress.conftest import build_course, finish_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_browser_verify_form_found_unknown_and_badly_formed(page, settings, tmp_path, django_capture_on_commit_callbacks, width):
    """Badly formed → a French message on the field; unknown → « Attestation inconnue »; typed loosely → « Attestation valide »."""
    settings.MEDIA_ROOT = tmp_path
    learner = UserFactory(first_name="Erwan", last_name="Le Floc'h")
    data = build_course(modules=1, lessons=1, module_quiz=True, slug="verification")
    enrolment_create(user=learner, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    identifier = Attestation.objects.get(user=learner).identifier
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/attestations/verifier/")
    assert_accessible(page)

    field(page, "Identifiant de l'attestation").fill("ABCD-1234")
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_load_state()
    assert "pas la bonne forme" in page.content()
    assert field(page, "Identifiant de l'attestation").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    field(page, "Identifiant de l'attestation").fill("AAAA BBBB CCCC DDDD")
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_load_state()
    assert page.get_by_text("Attestation inconnue").is_visible()
    assert_accessible(page)

    loose = " ".join(identifier[i : i + 4] for i in range(0, 16, 4)).lower().replace(" ", "-", 1)
    field(page, "Identifiant de l'attestation").fill(loose)
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_load_state()
    assert page.get_by_text("Attestation valide").is_visible()
    assert "Erwan Le Floc" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
