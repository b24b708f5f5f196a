import pytest
from django.contrib.auth.models import Group

from accounts import groups
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_models_groups_exist_with_admin_access_for_staff_only():
    """The four groups exist; trainers and administrators may enter the Wagtail admin, learners not."""
    names = set(Group.objects.values_list("name", flat=True))
    assert {groups.LEARNERS, groups.TRAINERS, groups.VRL_TRAINERS, groups.ADMINISTRATORS} <= names
    for name in groups.STAFF_GROUPS:
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name=groups.LEARNERS).permissions.exists()


@pytest.mark.parametrize(
    "group, can_enter",
    [(groups.LEARNERS, False), (groups.TRAINERS, True), (groups.VRL_TRAINERS, True), (groups.ADMINISTRATORS, True)],
)
def test_views_wagtail_admin_is_for_staff_groups_only(client, group, can_enter):
    """A learner is turned away from /admin/; staff groups get the dashboard."""
    user = UserFactory(group=group)
    client.login(email=user.email, password=DEFAULT_PASSWORD)
    response = client.get("/admin/")
    if can_enter:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/admin/" not in response.get("Location", "/admin/").split("?")[0]


def test_views_account_pages_render_in_french_for_a_signed_in_user(client):
    """E-mail and password management pages answer in French behind sign-in."""
    user = UserFactory()
    client.login(email=user.email, password=DEFAULT_PASSWORD)
    for url, text in [("/compte/email/", "Adresse"), ("/compte/password/change/", "Mot de passe")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode()


def test_models_user_email_is_the_login_and_is_stored_lowercase():
    """The e-mail address is the identifier, whatever its case at sign-up."""
    user = UserFactory(email="Elue.Martin@Exemple.FR")
    assert user.email == "elue.martin@exemple.fr"
    assert user.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
