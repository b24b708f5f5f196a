import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
# allauth e-mails the sign-in code on a line of its own, e.g. "XLVH-MLGM".
CODE_PATTERN = r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$"
User = get_user_model()

SIGNUP = {
    "email": "nouvelle.elue@mairie-exemple.fr",
    "password1": "Quartiers-prioritaires-2026",
    "password2": "Quartiers-prioritaires-2026",
    "first_name": "Maëlle",
    "last_name": "Le Goff",
    "collectivite": "Brest",
    "mandate": "adjoint",
    "region": "bretagne",
}


def test_views_signup_creates_a_learner_with_profile_and_sends_a_verification(client, outbox):
    """Sign-up stores the profile, puts the person in Apprenants and e-mails a confirmation link."""
    response = client.post("/compte/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert (user.first_name, user.last_name, user.collectivite, user.mandate, user.region) == (
        "Maëlle",
        "Le Goff",
        "Brest",
        "adjoint",
        "bretagne",
    )
    assert list(user.groups.values_list("name", flat=True)) == ["Apprenants"]
    assert len(outbox) == 1
    assert outbox[0].to == [SIGNUP["email"]]
    assert re.search(r"/compte/confirm-email/[^/\s]+/", outbox[0].body)


def test_views_signup_with_an_address_already_used_changes_nothing(client, outbox):
    """A second sign-up with a known address does not create a second account nor reveal it."""
    UserFactory(email=SIGNUP["email"])
    response = client.post("/compte/signup/", SIGNUP)
    # allauth answers as for a new address (no enumeration) and warns the owner by e-mail.
    assert response.status_code == 302
    assert User.objects.filter(email=SIGNUP["email"]).count() == 1
    assert User.objects.get(email=SIGNUP["email"]).first_name != "Maëlle"
    assert len(outbox) == 1
    assert "déjà" in outbox[0].body or "existe" in outbox[0].body


@pytest.mark.parametrize(
    "password, message",
    [
        ("1234567890", "entièrement numérique"),
        ("azerty", "trop court"),
        ("motdepasse", "trop courant"),
    ],
)
def test_views_signup_with_a_weak_password_gives_a_french_message(client, outbox, password, message):
    """A weak password is refused with a French explanation and nothing is created."""
    response = client.post("/compte/signup/", {**SIGNUP, "password1": password, "password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert outbox == []


def test_views_signup_without_a_name_is_refused(client, outbox):
    """First and last names are required: the form says so in French."""
    response = client.post("/compte/signup/", {**SIGNUP, "first_name": "", "last_name": ""})
    assert response.status_code == 200
    assert "Champ requis" in response.content.decode()
    assert not User.objects.exists()


def test_views_login_with_a_wrong_password_gives_a_french_message(client):
    """A wrong password is refused in French and nobody is signed in."""
    user = UserFactory()
    response = client.post("/compte/login/", {"login": user.email, "password": "pas-le-bon"})
    assert response.status_code == 200
    assert "sont incorrects" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_views_login_by_code_signs_in_with_the_e_mailed_code(client, outbox):
    """Asking for a code e-mails one; typing it signs the person in."""
    user = UserFactory()
    response = client.post("/compte/login/code/", {"email": user.email})
    assert response.status_code == 302
    code = re.search(CODE_PATTERN, outbox[0].body, re.M).group(1)
    response = client.post("/compte/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_views_login_by_code_with_a_wrong_code_gives_a_french_message(client, outbox):
    """A wrong code is refused with a French message and does not sign in."""
    user = UserFactory()
    client.post("/compte/login/code/", {"email": user.email})
    response = client.post("/compte/login/code/confirm/", {"code": "ZZZZZZ"})
    assert "_auth_user_id" not in client.session
    assert "Code incorrect" in response.content.decode()


def test_views_login_by_code_expired_code_is_refused(client, outbox, settings):
    """A code used after its lifetime is refused."""
    import time
    from unittest import mock

    user = UserFactory()
    client.post("/compte/login/code/", {"email": user.email})
    code = re.search(CODE_PATTERN, outbox[0].body, re.M).group(1)
    later = time.time() + settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT + 60
    with mock.patch("time.time", return_value=later):
        response = client.post("/compte/login/code/confirm/", {"code": code}, follow=True)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_views_password_reset_answers_the_same_for_unknown_and_known_addresses(client, outbox):
    """The reset form gives the same answer whether or not the address has an account."""
    user = UserFactory()
    known = client.post("/compte/password/reset/", {"email": user.email})
    unknown = client.post("/compte/password/reset/", {"email": "inconnu@exemple.fr"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The known address gets a reset link; the unknown one gets a notice, never an account.
    assert len(outbox) == 2
    assert "/compte/password/reset/key/" in outbox[0].body
    assert "/compte/password/reset/key/" not in outbox[1].body
    assert not User.objects.filter(email="inconnu@exemple.fr").exists()


def test_views_profile_requires_sign_in_and_saves_changes(client):
    """The profile page is for signed-in people; a valid change is saved, a bad one is refused."""
    assert client.get("/compte/profil/").status_code == 302
    user = UserFactory()
    client.login(email=user.email, password=DEFAULT_PASSWORD)
    response = client.post(
        "/compte/profil/",
        {
            "first_name": "Anne",
            "last_name": "Kerlan",
            "collectivite": "Lorient Agglomération",
            "mandate": "maire",
            "region": "bretagne",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.mandate, user.reminders_enabled) == ("Anne", "maire", False)
    response = client.post("/compte/profil/", {"first_name": "", "last_name": "Kerlan", "mandate": "président"})
    assert response.status_code == 200
    assert "corrigez les champs" in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == "Anne"
