"""Account e-mails are our own, in French, name the platform, and echo nothing a visitor typed to an
address that is not yet confirmed."""

import re

import pytest

from tests.factories.accounts import UserFactory

from .test_views_signup import CODE_PATTERN, SIGNUP

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r"\b(Hello|You're|You are|Thank you|Please|password|email address|account)\b")


def _assert_ours(message):
    assert message.subject.startswith("[Élus & quartiers] ")
    assert "Élus & quartiers" in message.body and "Bonjour" in message.body
    words = re.sub(r"https?://\S+", "", message.subject + message.body)  # links may hold English paths
    assert not ENGLISH.search(words), message.body


def test_emails_signup_confirmation_does_not_repeat_the_typed_name(client, outbox):
    """A sign-up whose « name » carries a link and a message: the mail to the unconfirmed address holds none of it."""
    typed = {**SIGNUP, "first_name": "Gagnez 500 € sur https://arnaque.example", "last_name": "Cliquez vite"}
    client.post("/compte/signup/", typed)
    assert len(outbox) == 1
    body = outbox[0].body
    _assert_ours(outbox[0])
    assert "arnaque" not in body and "Cliquez" not in body and "500" not in body
    assert re.search(r"/compte/confirm-email/[^/\s]+/", body)


def test_emails_login_code_and_password_reset_are_french(client, outbox, settings):
    """The sign-in code and the password reset link come in our own French wording."""
    user = UserFactory()
    client.post("/compte/login/code/", {"email": user.email})
    client.post("/compte/password/reset/", {"email": user.email})
    assert len(outbox) == 2
    for message in outbox:
        _assert_ours(message)
    assert re.search(CODE_PATTERN, outbox[0].body, re.M)
    assert "/compte/password/reset/key/" in outbox[1].body


def test_emails_existing_account_and_unknown_address_are_french(client, outbox):
    """Signing up with a known address, or asking a code for an unknown one: French, no typed name echoed."""
    UserFactory(email=SIGNUP["email"])
    client.post("/compte/signup/", {**SIGNUP, "first_name": "https://arnaque.example"})
    client.post("/compte/password/reset/", {"email": "personne@mairie-exemple.fr"})
    assert len(outbox) == 2
    for message in outbox:
        _assert_ours(message)
        assert "arnaque" not in message.body
