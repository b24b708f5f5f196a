"""The footer comes from the cache; a changed setting or a republished legal page shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import SiteSettings
from home.models import StandardPage
from tests.text import footer_of

pytestmark = pytest.mark.django_db


def test_footer_is_read_from_the_cache_once_warm(client, demo_pages):
    """A second page view reads neither the site settings nor the legal pages from the database."""
    client.get("/mentions-legales/")
    with CaptureQueriesContext(connection) as queries:
        footer = footer_of(client, "/mentions-legales/")
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "home_sitesettings" not in tables
    assert "donnees-personnelles" not in tables  # the legal pages' lookup (slug IN …) did not run
    assert 'href="/donnees-personnelles/"' in footer


def test_footer_shows_a_changed_setting_at_once(client, demo_pages):
    """Saving the site settings clears the cached footer."""
    assert "Accessibilité : non conforme" in footer_of(client)
    settings = SiteSettings.objects.get()
    settings.accessibility_status = "partiel"
    settings.contact_email = "ecrire@centre-ressources.example.org"
    settings.save()
    footer = footer_of(client)
    assert "Accessibilité : partiellement conforme" in footer
    assert "mailto:ecrire@centre-ressources.example.org" in footer


def test_footer_shows_a_republished_or_unpublished_legal_page_at_once(client, demo_pages):
    """Publishing a new title, or unpublishing, a legal page clears the cached footer."""
    assert "Mentions légales" in footer_of(client)
    page = StandardPage.objects.get(slug="mentions-legales")
    page.title = "Mentions légales et crédits"
    page.save_revision().publish()
    assert "Mentions légales et crédits" in footer_of(client)
    page.unpublish()
    assert 'href="/mentions-legales/"' not in footer_of(client)
