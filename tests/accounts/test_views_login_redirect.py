"""Where a person lands after signing in, and what the home page offers a new learner."""

import pytest

from progress.services import enrolment_create
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.progress.conftest import build_course

pytestmark = pytest.mark.django_db


def sign_in(client, user, **extra):
    return client.post("/compte/login/", {"login": user.email, "password": DEFAULT_PASSWORD, **extra})


def test_views_login_lands_on_mon_parcours(client):
    """Signing in without `next` opens « Mon parcours »."""
    response = sign_in(client, UserFactory())
    assert response.status_code == 302 and response["Location"] == "/mon-parcours/"


def test_views_login_follows_a_next_of_the_site(client):
    """A `next` on this site wins over « Mon parcours »."""
    response = sign_in(client, UserFactory(), next="/parcours/")
    assert response["Location"] == "/parcours/"


@pytest.mark.parametrize("tampered", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_views_login_ignores_a_tampered_next(client, tampered):
    """A `next` to another site is ignored: the person lands on « Mon parcours », signed in."""
    user = UserFactory()
    response = sign_in(client, user, next=tampered)
    assert response.status_code == 302 and response["Location"] == "/mon-parcours/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_views_home_offers_commencer_to_a_learner_who_started_nothing(client):
    """A new learner sees « Commencer », never « Reprendre mon parcours »; once enrolled, « Reprendre mon parcours »."""
    data = build_course()
    learner = UserFactory()
    client.force_login(learner)
    content = client.get("/").content.decode()
    assert ">Commencer</a>" in content and "Reprendre mon parcours" not in content
    enrolment_create(user=learner, course=data.course)
    content = client.get("/").content.decode()
    assert "Reprendre mon parcours" in content and ">Commencer</a>" not in content


def test_views_home_offers_sign_up_to_visitors(client):
    """A visitor is offered « Créer un compte », neither « Commencer » nor « Reprendre »."""
    build_course()
    content = client.get("/").content.decode()
    assert "Créer un compte" in content and "Reprendre mon parcours" not in content and ">Commencer</a>" not in content
