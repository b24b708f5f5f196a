"""What each request used to query and now reads from the cache or with the user: the site of the host
(core.middleware.CachedSiteMiddleware), the session (cached_db) and the admin access that comes with the
user's row (accounts.backends). Each follows a change at the next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site

from accounts import groups
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_site_is_read_from_the_cache_once_warm(client, demo_pages):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [query for query in queries if 'FROM "wagtailcore_site"' in query["sql"]]


def test_a_changed_site_root_is_followed_at_the_next_request(client, demo_pages):
    """Pointing the site at another root (a new home page) shows that page at once, on a warm cache."""
    assert client.get("/").status_code == 200
    site = Site.objects.get(is_default_site=True)
    new_home = Page.get_first_root_node().add_child(instance=Page(title="Nouvel accueil provisoire", slug="nouvel-accueil"))
    site.root_page = new_home
    site.save()
    response = client.get("/")
    assert response.status_code == 200
    assert "Nouvel accueil provisoire" in response.content.decode()


def test_admin_access_comes_with_the_user_and_follows_a_new_group(client, demo_pages):
    """A learner sees no « Espace formateur » link; put in the Formateurs group, they see it on the next
    page, and the check costs no query of its own."""
    learner = UserFactory()
    client.force_login(learner)
    assert "Espace formateur" not in client.get("/").content.decode()
    learner.groups.add(Group.objects.get(name=groups.TRAINERS))
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "Espace formateur" in html
    # The permission is read inside the query that loads the user, not on its own.
    on_its_own = [query for query in queries if query["sql"].startswith('SELECT 1 AS "a" FROM "auth_permission"')]
    assert not on_its_own
    assert any('"auth_permission"' in query["sql"] and 'FROM "accounts_user"' in query["sql"] for query in queries)


def test_a_session_is_read_from_the_cache_and_ends_with_sign_out(client, demo_pages):
    learner = UserFactory()
    client.force_login(learner)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [query for query in queries if 'FROM "django_session"' in query["sql"]]
    client.post(reverse("account_logout"))
    assert client.get("/mon-parcours/").status_code == 302
