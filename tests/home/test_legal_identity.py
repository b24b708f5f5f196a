"""Legal pages compose the operator's identity from the site settings; administrators see what is missing."""

import pytest
from django.test import override_settings
from wagtail.models import Site

from accounts import groups
from core.models import SiteSettings
from home.models import HomePage, StandardPage
from tests.factories.accounts import UserFactory
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def legal_page():
    home = HomePage.objects.get()
    page = StandardPage(title="Mentions légales", slug="mentions-legales")
    home.add_child(instance=page)
    page.body = [
        ("identity", {"part": "publisher", "text": "<p>Texte éditorial de l'éditeur.</p>"}),
        ("identity", {"part": "host"}),
        ("identity", {"part": "publication_director", "heading": "Qui publie"}),
        ("heading", "Crédits"),
        ("paragraph", "<p>Django et Wagtail.</p>"),
    ]
    page.save_revision().publish()
    return page


def test_views_legal_page_shows_filled_identity_fields_and_leaves_out_empty_ones(client, site_settings, legal_page):
    """Filled fields appear with their label; an empty field, and a part with nothing filled, leave no trace."""
    site_settings.organisation_name = "Centre de ressources de l'Ouest"
    site_settings.siret = "73282932000074"
    site_settings.contact_email = "ecrire@centre.example.org"
    site_settings.save()

    html = client.get("/mentions-legales/").content.decode().translate(PLAIN_SPACES)

    assert '<h2 id="identite-publisher">Éditeur du site</h2>' in html
    assert "<dd>Centre de ressources de l&#x27;Ouest</dd>" in html
    assert "732 829 320 00074" in html
    assert 'href="mailto:ecrire@centre.example.org"' in html
    assert "Texte éditorial de l&#x27;éditeur." in html or "Texte éditorial de l'éditeur." in html
    assert "Forme juridique" not in html
    assert "Téléphone" not in html
    assert "Hébergement" not in html
    assert "Qui publie" not in html
    assert "[" not in html.split("<main", 1)[1].split("</main>", 1)[0]

    site_settings.host_name = "Hébergeur Exemple SAS"
    site_settings.publication_director = "Marie Durand, présidente"
    site_settings.save()
    html = client.get("/mentions-legales/").content.decode().translate(PLAIN_SPACES)
    assert "Hébergement</h2>" in html and "<dd>Hébergeur Exemple SAS</dd>" in html
    assert "Qui publie</h2>" in html and "<dd>Marie Durand, présidente</dd>" in html


def test_views_accessibility_part_states_the_status_and_the_audit_when_published(client, site_settings):
    """The declaration states the RGAA status from the settings, and the audit date and rate once given."""
    home = HomePage.objects.get()
    page = StandardPage(title="Accessibilité", slug="accessibilite", body=[("identity", {"part": "accessibility"})])
    home.add_child(instance=page)
    html = client.get("/accessibilite/").content.decode().translate(PLAIN_SPACES)
    assert "Ce site est <strong>non conforme</strong>" in html
    assert "critères du RGAA sont respectés" not in html

    site_settings.accessibility_status = "partiel"
    site_settings.accessibility_audit_date = "2026-03-12"
    site_settings.accessibility_audit_rate = "75.5"
    site_settings.save()
    html = client.get("/accessibilite/").content.decode().translate(PLAIN_SPACES)
    assert "Ce site est <strong>partiellement conforme</strong>" in html
    assert "L'audit de conformité du 12 mars 2026 montre que 75,5 % des critères du RGAA sont respectés." in html.replace(
        "&#x27;", "'"
    )


def post_settings(client, site, **changes):
    data = {
        "organisation_name": "Centre de ressources",
        "legal_form": "",
        "siret": "",
        "head_office_address": "",
        "contact_email": "",
        "contact_phone": "",
        "publication_director": "",
        "host_name": "",
        "host_address": "",
        "host_contact": "",
        "dpo_contact": "",
        "accessibility_status": "non",
        "accessibility_audit_date": "",
        "accessibility_audit_rate": "",
        "signatory_name": "",
        "signatory_function": "",
        "attestation_place": "",
    }
    data.update(changes)
    return client.post(f"/admin/settings/core/sitesettings/{site.pk}/", data)


def test_admin_settings_bad_siret_or_status_gets_a_french_message_and_changes_nothing(client, site_settings):
    """A wrong SIRET key or « totalement conforme » without an audit: the form says why and nothing is saved."""
    client.force_login(UserFactory(group=groups.ADMINISTRATORS, is_superuser=True, is_staff=True))
    site = site_settings.site
    before = SiteSettings.objects.get(pk=site_settings.pk).organisation_name

    response = post_settings(client, site, organisation_name="Nouveau nom", siret="73282932000075")
    assert response.status_code == 200
    assert "clé de contrôle" in response.content.decode()
    response = post_settings(client, site, organisation_name="Nouveau nom", accessibility_status="total")
    assert "le RGAA impose la mention « non conforme »" in response.content.decode()
    assert SiteSettings.objects.get(pk=site_settings.pk).organisation_name == before

    response = post_settings(client, site, organisation_name="Nouveau nom", siret="732 829 320 00074")
    assert response.status_code == 302
    saved = SiteSettings.objects.get(pk=site_settings.pk)
    assert (saved.organisation_name, saved.siret) == ("Nouveau nom", "73282932000074")


@override_settings(ATTESTATION_SIGNATORY_NAME="", ATTESTATION_SIGNATORY_FUNCTION="", ATTESTATION_PLACE="")
def test_admin_dashboard_lists_missing_legal_mentions_to_administrators_only(client, site_settings):
    """Administrators see « Mentions légales incomplètes » with each missing field; a trainer does not."""
    admin = UserFactory(group=groups.ADMINISTRATORS, is_staff=True)
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "Mentions légales incomplètes" in html
    assert "Numéro SIRET" in html
    assert "Signataire des attestations : nom" in html
    assert f"/admin/settings/core/sitesettings/{site_settings.site.pk}/" in html

    client.force_login(UserFactory(group=groups.TRAINERS))
    assert "Mentions légales incomplètes" not in client.get("/admin/").content.decode()


@override_settings(ATTESTATION_SIGNATORY_NAME="", ATTESTATION_SIGNATORY_FUNCTION="", ATTESTATION_PLACE="Nantes")
def test_admin_dashboard_panel_disappears_once_the_identity_is_complete(client, site_settings):
    """With every field given (the place through its environment fallback), no panel is shown."""
    for name in ["legal_form", "head_office_address", "contact_phone", "publication_director", "host_name"]:
        setattr(site_settings, name, "Rempli")
    site_settings.siret = "73282932000074"
    site_settings.contact_email = "ecrire@centre.example.org"
    site_settings.host_address = "1 rue de l'Exemple, 44000 Nantes"
    site_settings.host_contact = "01 02 03 04 05"
    site_settings.dpo_contact = "dpo@centre.example.org"
    site_settings.accessibility_audit_date = "2026-03-12"
    site_settings.accessibility_audit_rate = "40"
    site_settings.signatory_name = "Marie Durand"
    site_settings.signatory_function = "Présidente"
    site_settings.save()
    client.force_login(UserFactory(group=groups.ADMINISTRATORS, is_staff=True))
    assert "Mentions légales incomplètes" not in client.get("/admin/").content.decode()
