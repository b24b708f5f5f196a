"""The optional département of a learner: typed at sign-up or in the profile, exported, erased."""

import pytest

from accounts.models import User
from accounts.services import user_erase, user_export_data
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_views_signup_stores_the_departement(client, outbox):
    """The sign-up form keeps the département chosen."""
    response = client.post(
        "/compte/signup/",
        {
            "email": "elu.sarthe@mairie-exemple.fr",
            "password1": "Quartiers-prioritaires-2026",
            "password2": "Quartiers-prioritaires-2026",
            "first_name": "Paul",
            "last_name": "Hamon",
            "region": "pays_de_la_loire",
            "departement": "72",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="elu.sarthe@mairie-exemple.fr").departement == "72"


def test_views_profile_changes_the_departement_and_refuses_an_unknown_one(client):
    """The profile saves a listed département; an unknown code gets a French message and changes nothing."""
    user = UserFactory(departement="29")
    client.login(email=user.email, password=DEFAULT_PASSWORD)
    data = {"first_name": "Anne", "last_name": "Kerlan", "region": "bretagne", "departement": "56"}
    assert client.post("/compte/profil/", data).status_code == 302
    user.refresh_from_db()
    assert user.departement == "56"
    response = client.post("/compte/profil/", {**data, "departement": "75"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    user.refresh_from_db()
    assert user.departement == "56"


def test_services_departement_is_exported_and_cleared_on_erasure():
    """« Télécharger mes données » includes the département; erasing the account clears it."""
    user = UserFactory(departement="44")
    assert user_export_data(user=user)["profile"]["departement"] == "Loire-Atlantique (44)"
    user_erase(user=user)
    user.refresh_from_db()
    assert user.departement == ""
