"""The operator's identity in the site settings: French validation messages, what the public reads, what is missing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from core.identity import (
    IdentityPart,
    accessibility_statement,
    attestation_signatory,
    format_siret,
    identity_lines,
    missing_identity_fields,
)
from core.models import AccessibilityStatus, SiteSettings
from core.validators import validate_siret

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"


@pytest.fixture
def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def messages(error: ValidationError) -> str:
    return " ".join(" ".join(items) for items in error.message_dict.values())


def test_validators_siret_accepts_14_digits_with_a_valid_key_and_spaces():
    """A SIRET of 14 digits whose Luhn key is right passes, spaced or not; La Poste's exception passes too."""
    validate_siret(VALID_SIRET)
    validate_siret("732 829 320 00074")
    validate_siret("35600000000010")  # La Poste: sum of digits multiple of 5
    validate_siret("")


@pytest.mark.parametrize(
    ("value", "message"),
    [("1234", "14 chiffres"), ("7328293200007A", "14 chiffres"), ("73282932000075", "clé de contrôle")],
)
def test_validators_siret_refuses_a_wrong_length_or_key_with_a_french_message(value, message):
    """Too short, a letter or a wrong key: the message says which."""
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert message in " ".join(error.value.messages)


def test_models_settings_clean_refuses_partial_status_without_an_audit(site_settings):
    """« Partiellement conforme » with no audit date and rate is refused: RGAA requires « non conforme »."""
    site_settings.accessibility_status = AccessibilityStatus.PARTIELLEMENT
    with pytest.raises(ValidationError) as error:
        site_settings.full_clean()
    assert "non conforme" in messages(error.value)


def test_models_settings_clean_wants_the_status_the_audit_rate_gives(site_settings):
    """75,5 % of criteria met declared « totalement conforme » is refused, naming « partiellement conforme »."""
    site_settings.accessibility_status = AccessibilityStatus.TOTALEMENT
    site_settings.accessibility_audit_date = datetime.date(2026, 3, 12)
    site_settings.accessibility_audit_rate = Decimal("75.5")
    with pytest.raises(ValidationError) as error:
        site_settings.full_clean()
    assert "75,5 %" in messages(error.value)
    assert "« partiellement conforme »" in messages(error.value)
    site_settings.accessibility_status = AccessibilityStatus.PARTIELLEMENT
    site_settings.full_clean()


def test_models_settings_clean_wants_date_and_rate_together_and_no_future_audit(site_settings):
    """A rate without a date, or an audit dated tomorrow, is refused with a French message."""
    site_settings.accessibility_audit_rate = Decimal("40")
    with pytest.raises(ValidationError) as error:
        site_settings.full_clean()
    assert "à la fois la date" in messages(error.value)
    site_settings.accessibility_audit_date = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        site_settings.full_clean()
    assert "dans le futur" in messages(error.value)


def test_models_settings_clean_stores_the_siret_without_spaces(site_settings):
    """« 732 829 320 00074 » is kept as 14 digits and shown grouped on the public page."""
    site_settings.siret = "732 829 320 00074"
    site_settings.full_clean()
    assert site_settings.siret == VALID_SIRET
    assert format_siret(site_settings.siret) == "732 829 320 00074"


def test_identity_lines_leave_out_empty_fields(site_settings):
    """Only filled fields become lines; a part with nothing filled gives no line at all."""
    site_settings.organisation_name = "Centre de ressources"
    site_settings.contact_email = "ecrire@centre.example.org"
    site_settings.legal_form = ""
    lines = identity_lines(site_settings, IdentityPart.PUBLISHER)
    assert [(line.label, line.value) for line in lines] == [
        ("Dénomination", "Centre de ressources"),
        ("Courriel", "ecrire@centre.example.org"),
    ]
    assert lines[1].href == "mailto:ecrire@centre.example.org"
    assert identity_lines(site_settings, IdentityPart.HOST) == []
    assert identity_lines(site_settings, IdentityPart.PUBLICATION_DIRECTOR) == []


def test_identity_accessibility_statement_gives_the_audit_only_when_there_is_one(site_settings):
    """No audit: status only; with an audit: its date in French and its rate with a decimal comma."""
    assert accessibility_statement(site_settings) == {"status": "non conforme", "audit_date": "", "audit_rate": ""}
    site_settings.accessibility_status = AccessibilityStatus.PARTIELLEMENT
    site_settings.accessibility_audit_date = datetime.date(2026, 3, 12)
    site_settings.accessibility_audit_rate = Decimal("75.5")
    assert accessibility_statement(site_settings) == {
        "status": "partiellement conforme",
        "audit_date": "12 mars 2026",
        "audit_rate": "75,5",
    }


@override_settings(ATTESTATION_SIGNATORY_NAME="Claire Env", ATTESTATION_SIGNATORY_FUNCTION="Directrice", ATTESTATION_PLACE="")
def test_identity_signatory_prefers_the_settings_and_falls_back_on_the_environment(site_settings):
    """A name in the settings wins; an empty one takes ATTESTATION_SIGNATORY_NAME; nothing anywhere stays empty."""
    site_settings.signatory_name = "Louise Réglages"
    signatory = attestation_signatory(site_settings)
    assert (signatory.name, signatory.function, signatory.place) == ("Louise Réglages", "Directrice", "")
    site_settings.signatory_name = ""
    assert attestation_signatory(site_settings).name == "Claire Env"


@override_settings(ATTESTATION_SIGNATORY_NAME="", ATTESTATION_SIGNATORY_FUNCTION="", ATTESTATION_PLACE="Rennes")
def test_identity_missing_fields_lists_every_empty_field_and_nothing_once_complete(site_settings):
    """A fresh install misses the identity, the audit and the signatory; the environment's place counts as given."""
    missing = missing_identity_fields(site_settings)
    assert "Numéro SIRET" in missing
    assert "Hébergeur : adresse" in missing
    assert "Audit RGAA : date et taux de critères respectés" in missing
    assert "Signataire des attestations : nom" in missing
    assert "Lieu de signature des attestations" not in missing
    for name in [
        "legal_form",
        "siret",
        "head_office_address",
        "contact_email",
        "contact_phone",
        "publication_director",
        "host_name",
        "host_address",
        "host_contact",
        "dpo_contact",
        "signatory_name",
        "signatory_function",
    ]:
        setattr(site_settings, name, "rempli@example.org")
    site_settings.accessibility_audit_date = datetime.date(2026, 3, 12)
    site_settings.accessibility_audit_rate = Decimal("40")
    assert missing_identity_fields(site_settings) == []
