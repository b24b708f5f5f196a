"""A learner downloads their data and then deletes their account, in the browser, axe-clean."""

import json
import re

import pytest

from tests.browser.helpers import assert_accessible, field, last_mail_matching, sign_in
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_data_export_then_account_deletion(page, outbox, settings, tmp_path):
    """« Télécharger mes données » e-mails a working link; « Supprimer mon compte » asks for confirmation and erases."""
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(email="yann.kerleau@mairie-lorient.fr", first_name="Yann", last_name="Kerleau")
    sign_in(page, user)
    page.goto("/compte/profil/")
    assert_accessible(page)
    page.get_by_role("button", name="Télécharger mes données").click()
    page.wait_for_url("**/compte/profil/")
    assert page.get_by_text("Votre demande est enregistrée. Vous recevrez un e-mail").is_visible()
    path = last_mail_matching(outbox, r"https?://[^/\s]+(/compte/mes-donnees/[0-9a-f-]+/)")
    response = page.request.get(path)
    assert response.status == 200
    assert json.loads(response.body())["profile"]["last_name"] == "Kerleau"

    page.get_by_role("link", name="Supprimer mon compte").click()
    assert_accessible(page)
    field(page, "Votre adresse e-mail").fill("quelquun@exemple.fr")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.get_by_text("Cette adresse n'est pas celle de votre compte.").first.wait_for()
    assert_accessible(page)
    field(page, "Votre adresse e-mail").fill(user.email)
    field(page, "Votre mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_label(re.compile("Je comprends que mon compte")).check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.wait_for_url("**/compte/supprime/")
    assert page.get_by_role("heading", name="Votre compte a été supprimé").is_visible()
    assert_accessible(page)
    user.refresh_from_db()
    assert user.erased_at is not None and not user.is_active
