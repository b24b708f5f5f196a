"""Finding 1: behind the proxy, limits count the client and not the proxy; failed sign-ins count per
(client, address), so nobody locks a given élu out from elsewhere."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, RequestFactory

from accounts.models import EmailDelivery
from core.client import client_address, proxy_settings_problem
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

PROXY = "10.0.0.10"


@pytest.fixture
def behind_proxy(settings):
    settings.FORWARDED_ALLOW_IPS = [PROXY]
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_CLIENT_IP_HEADER = None


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_address_is_the_peer_without_a_trusted_proxy(settings):
    """With no proxy configured, X-Forwarded-For is ignored: a client cannot pick its address."""
    settings.FORWARDED_ALLOW_IPS = []
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_client_address_is_taken_from_the_trusted_proxy_entry(behind_proxy):
    """From the proxy, the entry the proxy appended is the client; a spoofed entry on its left is not."""
    assert client_address(request_from(PROXY, "203.0.113.7")) == "203.0.113.7"
    assert client_address(request_from(PROXY, "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_address(request_from(PROXY, "2001:db8::1")) == "2001:db8::1"


def test_client_address_ignores_the_header_from_an_untrusted_peer(behind_proxy):
    """A client that reaches a node directly cannot claim another address through the header."""
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_client_address_falls_back_to_the_peer_on_a_crafted_header(behind_proxy):
    """Garbage in X-Forwarded-For never becomes a rate-limit key."""
    assert client_address(request_from(PROXY, "not-an-ip")) == PROXY
    assert client_address(request_from(PROXY, "")) == PROXY


@pytest.mark.parametrize(
    ("allow", "count", "header", "consistent"),
    [
        ([], 0, "", True),
        (["10.0.0.10"], 1, "", True),
        (["10.0.0.10"], 0, "", False),
        ([], 1, "", False),
        (["10.0.0.10"], 0, "X-Real-IP", True),
    ],
)
def test_proxy_settings_pair_must_agree(allow, count, header, consistent):
    """A proxy list without a proxy count (or the reverse) is reported, in French."""
    problem = proxy_settings_problem(forwarded_allow_ips=allow, trusted_proxy_count=count, client_ip_header=header)
    assert (problem == "") is consistent


def sign_in(client: Client, email: str, password: str, forwarded: str):
    return client.post("/compte/login/", {"login": email, "password": password}, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_failed_logins_from_one_client_leave_other_clients_signing_in(behind_proxy):
    """10 failed logins from client A (all through the proxy) do not stop client B from signing in,
    even to the very address A was guessing; A itself is stopped."""
    victim = UserFactory(email="maire@mairie-vannes.fr", password=DEFAULT_PASSWORD)
    attacker = Client(REMOTE_ADDR=PROXY)
    for _ in range(10):
        sign_in(attacker, victim.email, "mauvais-mot-de-passe", "203.0.113.66")
    refused = sign_in(attacker, victim.email, DEFAULT_PASSWORD, "203.0.113.66")
    assert "Trop de tentatives" in refused.content.decode()

    elsewhere = Client(REMOTE_ADDR=PROXY)
    accepted = sign_in(elsewhere, victim.email, DEFAULT_PASSWORD, "198.51.100.20")
    assert accepted.status_code == 302, accepted.content.decode()


@pytest.mark.django_db
def test_thirty_valid_logins_from_distinct_clients_are_not_refused(behind_proxy):
    """The per-client login limit (30/min) is not shared by everyone behind the proxy."""
    users = [UserFactory(password=DEFAULT_PASSWORD) for _ in range(31)]
    for number, user in enumerate(users):
        response = sign_in(Client(REMOTE_ADDR=PROXY), user.email, DEFAULT_PASSWORD, f"198.51.100.{number + 1}")
        assert response.status_code == 302, (number, response.status_code)


@pytest.mark.django_db
def test_livequiz_wrong_codes_limit_is_per_client_behind_the_proxy(behind_proxy):
    """40 wrong live-quiz codes from one client leave another client's wrong code answered normally."""
    guesser = Client(REMOTE_ADDR=PROXY)
    for _ in range(40):
        guesser.post("/salle/", {"code": "ZZZZZZ"}, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert (
        "Trop de codes erronés"
        in guesser.post("/salle/", {"code": "ZZZZZZ"}, HTTP_X_FORWARDED_FOR="203.0.113.66").content.decode()
    )
    other = Client(REMOTE_ADDR=PROXY).post("/salle/", {"code": "ZZZZZZ"}, HTTP_X_FORWARDED_FOR="198.51.100.3").content.decode()
    assert "Trop de codes erronés" not in other
    assert "Aucune session en cours" in other


def signup(client: Client, email: str):
    return client.post(
        "/compte/signup/",
        {
            "email": email,
            "password1": "Quartiers-prioritaires-2026",
            "password2": "Quartiers-prioritaires-2026",
            "first_name": "Anne",
            "last_name": "Le Goff",
        },
    )


@pytest.mark.django_db
def test_signup_does_the_same_work_for_a_known_and_a_new_address(monkeypatch):
    """Finding 3: a known address costs one password hash and one queued e-mail, as a new one does."""
    hashed = []
    original = MD5PasswordHasher.encode  # the test settings' hasher; production's PBKDF2 is called the same way

    def counting(self, password, salt, *args, **kwargs):
        hashed.append(password)
        return original(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    UserFactory(email="deja@mairie-brest.fr")
    hashed.clear()

    work = {}
    for email in ("deja@mairie-brest.fr", "nouvelle@mairie-brest.fr"):
        before_mail = EmailDelivery.objects.count()
        hashed.clear()
        response = signup(Client(), email)
        assert response.status_code == 302, response.content.decode()
        work[email] = (len(hashed), EmailDelivery.objects.count() - before_mail)
    assert work["deja@mairie-brest.fr"] == work["nouvelle@mairie-brest.fr"] == (1, 1)


def request_code(email: str, forwarded: str):
    """A code asked from a fresh session through the proxy (an attacker drops the cookies each time)."""
    return Client(REMOTE_ADDR=PROXY).post("/compte/login/code/", {"email": email}, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_sign_in_code_requests_count_per_client_and_address(behind_proxy):
    """Sign-in codes (3 a minute per address) count per (client, address), as failed sign-ins do: a
    stranger asking codes for an élu's address is stopped after 3, and the élu still gets a code from
    their own client at once."""
    victim = UserFactory(email="maire@mairie-quimper.fr", password=DEFAULT_PASSWORD)
    for _ in range(3):
        assert request_code(victim.email, "203.0.113.66").status_code == 302
    refused = request_code(victim.email, "203.0.113.66")
    assert refused.status_code == 200 and "Trop de tentatives" in refused.content.decode()

    codes_before = EmailDelivery.objects.filter(recipients__contains=victim.email).count()
    own = request_code(victim.email, "198.51.100.20")
    assert own.status_code == 302 and own["Location"].endswith("/compte/login/code/confirm/"), own.content.decode()
    assert EmailDelivery.objects.filter(recipients__contains=victim.email).count() == codes_before + 1


@pytest.mark.django_db
def test_sign_in_code_requests_stay_bounded_per_client_across_addresses(behind_proxy):
    """Spreading code requests over many addresses does not lift the per-client bound (20 a minute)."""
    answers = [request_code(f"elu{n}@mairie-lorient.fr", "203.0.113.66") for n in range(21)]
    assert [a.status_code for a in answers[:20]] == [302] * 20
    assert answers[20].status_code == 200 and "Trop de tentatives" in answers[20].content.decode()
