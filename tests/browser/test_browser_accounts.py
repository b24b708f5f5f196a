"""A newly elected official signs up, confirms, signs out, signs in by code and resets the password."""

import pytest

from tests.factories.accounts import UserFactory

from .helpers import assert_accessible, field, last_mail_matching

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "gwenaelle.le-bras@mairie-exemple.fr"
PASSWORD = "Cohesion-sociale-2026"
NEW_PASSWORD = "Renouvellement-urbain-2027"


def test_browser_signup_confirm_logout_code_login_and_password_reset(page, outbox):
    """The whole account journey works and every page is axe-clean."""
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Créer un compte").first.click()
    assert_accessible(page)

    field(page, "E-mail").fill(EMAIL)
    field(page, "Prénom").fill("Gwenaëlle")
    field(page, "Nom").fill("Le Bras")
    field(page, "Collectivité (facultatif)").fill("Quimper")
    field(page, "Mandat (facultatif)").select_option("conseiller_delegue")
    field(page, "Région (facultatif)").select_option("bretagne")
    field(page, "Mot de passe").fill(PASSWORD)
    field(page, "Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url("**/confirm-email/")
    assert_accessible(page)

    confirm_path = last_mail_matching(outbox, r"https?://[^/\s]+(/compte/confirm-email/[^\s]+/)")
    page.goto(confirm_path)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("/mon-parcours/")  # a new learner lands on « Mon parcours », which invites them to choose a course
    assert page.get_by_role("link", name="Mon compte").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Se connecter").is_visible()

    page.get_by_role("link", name="Se connecter").click()
    assert_accessible(page)
    page.get_by_role("link", name="Envoyez-moi un code de connexion").click()
    assert_accessible(page)
    field(page, "E-mail").fill(EMAIL)
    page.get_by_role("button", name="Demander un code").click()
    page.wait_for_url("**/login/code/confirm/")
    assert_accessible(page)
    code = last_mail_matching(outbox, r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$")
    field(page, "Code").fill(code)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("/mon-parcours/")
    assert page.get_by_role("link", name="Mon compte").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()

    page.goto("/compte/password/reset/")
    assert_accessible(page)
    field(page, "E-mail").fill(EMAIL)
    page.get_by_role("button", name="Réinitialiser mon mot de passe").click()
    page.wait_for_url("**/password/reset/done/")
    assert_accessible(page)
    reset_path = last_mail_matching(outbox, r"https?://[^/\s]+(/compte/password/reset/key/[^\s]+/)")
    page.goto(reset_path)
    page.wait_for_load_state()
    assert_accessible(page)
    field(page, "Nouveau mot de passe").fill(NEW_PASSWORD)
    field(page, "Nouveau mot de passe (confirmation)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Modifier le mot de passe").click()
    page.wait_for_url("**/password/reset/key/done/")
    assert_accessible(page)

    page.goto("/compte/login/")
    field(page, "E-mail").fill(EMAIL)
    field(page, "Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("/mon-parcours/")
    assert page.get_by_role("link", name="Mon compte").is_visible()


def test_browser_signup_errors_are_announced_and_keep_the_typed_values(page, outbox):
    """A sign-up with a used address and mismatched passwords shows French errors, axe-clean."""
    UserFactory(email="deja.inscrite@exemple.fr")
    page.goto("/compte/signup/")
    field(page, "E-mail").fill("deja.inscrite@exemple.fr")
    field(page, "Prénom").fill("Awa")
    field(page, "Nom").fill("Diallo")
    field(page, "Mot de passe").fill(PASSWORD)
    field(page, "Mot de passe (confirmation)").fill(PASSWORD + "x")
    page.get_by_role("button", name="Création de compte").click()
    assert page.get_by_role("alert").is_visible()
    assert "identiques" in page.content() or "même mot de passe" in page.content()
    assert field(page, "Prénom").input_value() == "Awa"
    assert_accessible(page)


def test_browser_mobile_menu_opens_with_the_menu_button(page):
    """On a phone the main menu is behind a "Menu" button that says whether it is open."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Glossaire").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Glossaire").is_visible()
    assert_accessible(page)
