"""The operator's identity as the public reads it, and what is still missing from it.

The legal pages show each part (publisher, publication director, host, data protection, contact,
accessibility status) from the site settings; an empty field is left out — a legal page never shows a
placeholder. Administrators see the list of missing fields on their dashboard
(« Mentions légales incomplètes », home.wagtail_hooks). The attestation signatory falls back on the
ATTESTATION_* environment variables when the settings leave it empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db.models import TextChoices
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .models import AccessibilityStatus, SiteSettings
from .numbers import french_number
from .validators import normalise_siret


class IdentityPart(TextChoices):
    PUBLISHER = "publisher", _("Éditeur du site")
    PUBLICATION_DIRECTOR = "publication_director", _("Direction de la publication")
    HOST = "host", _("Hébergement")
    DATA_PROTECTION = "data_protection", _("Responsable du traitement")
    CONTACT = "contact", _("Nous contacter")
    ACCESSIBILITY = "accessibility", _("État de conformité")


@dataclass(frozen=True)
class IdentityLine:
    label: str
    value: str
    href: str = ""


def settings_for_default_site() -> SiteSettings:
    """The settings of the default site (attestations and tasks have no request); unsaved defaults if none."""
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def format_siret(value: str) -> str:
    """ "12345678900012" → "123 456 789 00012" (SIREN by threes, then the establishment number)."""
    siret = normalise_siret(value)
    if len(siret) != 14:
        return siret
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def _lines(*candidates: tuple[str, str, str]) -> list[IdentityLine]:
    return [IdentityLine(str(label), value.strip(), href) for label, value, href in candidates if (value or "").strip()]


def _email(settings: SiteSettings) -> tuple[str, str, str]:
    email = settings.contact_email
    return (_("Courriel"), email, f"mailto:{email}" if email else "")


def identity_lines(settings: SiteSettings, part: str) -> list[IdentityLine]:
    """The filled lines of one part of the identity, in reading order; [] if none is filled."""
    if part == IdentityPart.PUBLISHER:
        return _lines(
            (_("Dénomination"), settings.organisation_name, ""),
            (_("Forme juridique"), settings.legal_form, ""),
            (_("SIRET"), format_siret(settings.siret), ""),
            (_("Siège"), settings.head_office_address, ""),
            _email(settings),
            (_("Téléphone"), settings.contact_phone, ""),
        )
    if part == IdentityPart.PUBLICATION_DIRECTOR:
        return _lines((_("Nom et fonction"), settings.publication_director, ""))
    if part == IdentityPart.HOST:
        return _lines(
            (_("Hébergeur"), settings.host_name, ""),
            (_("Adresse"), settings.host_address, ""),
            (_("Contact"), settings.host_contact, ""),
        )
    if part == IdentityPart.DATA_PROTECTION:
        dpo = settings.dpo_contact
        return _lines(
            (_("Dénomination"), settings.organisation_name, ""),
            (_("Adresse"), settings.head_office_address, ""),
            _email(settings),
            (
                _("Délégué ou déléguée à la protection des données"),
                dpo,
                f"mailto:{dpo}" if "@" in dpo and " " not in dpo.strip() else "",
            ),
        )
    if part == IdentityPart.CONTACT:
        return _lines(_email(settings), (_("Téléphone"), settings.contact_phone, ""))
    if part == IdentityPart.ACCESSIBILITY:
        return []
    raise ValueError(f"unknown identity part {part!r}")


def accessibility_statement(settings: SiteSettings) -> dict:
    """{"status": "partiellement conforme", "audit_date": "12 mars 2026" | "", "audit_rate": "75,5" | ""}."""
    audited = settings.accessibility_audit_date is not None and settings.accessibility_audit_rate is not None
    return {
        "status": str(AccessibilityStatus(settings.accessibility_status).label),
        "audit_date": date_format(settings.accessibility_audit_date, "j F Y") if audited else "",
        "audit_rate": french_number(settings.accessibility_audit_rate) if audited else "",
    }


@dataclass(frozen=True)
class Signatory:
    name: str
    function: str
    place: str


def attestation_signatory(settings: SiteSettings) -> Signatory:
    """Who signs the attestations, and where: the settings first, then ATTESTATION_* from the environment."""
    return Signatory(
        name=settings.signatory_name or getattr(django_settings, "ATTESTATION_SIGNATORY_NAME", ""),
        function=settings.signatory_function or getattr(django_settings, "ATTESTATION_SIGNATORY_FUNCTION", ""),
        place=settings.attestation_place or getattr(django_settings, "ATTESTATION_PLACE", ""),
    )


# What the dashboard panel lists, in the order of the settings form: (field, label).
REQUIRED_FIELDS = [
    ("legal_form", _("Forme juridique")),
    ("siret", _("Numéro SIRET")),
    ("head_office_address", _("Adresse du siège")),
    ("contact_email", _("E-mail de contact")),
    ("contact_phone", _("Téléphone de contact")),
    ("publication_director", _("Directeur ou directrice de la publication")),
    ("host_name", _("Hébergeur : nom ou dénomination")),
    ("host_address", _("Hébergeur : adresse")),
    ("host_contact", _("Hébergeur : contact")),
    ("dpo_contact", _("Contact du délégué ou de la déléguée à la protection des données")),
]


def missing_identity_fields(settings: SiteSettings) -> list[str]:
    """The labels of the identity fields still empty; the signatory counts as given by its environment fallback."""
    missing = [str(label) for name, label in REQUIRED_FIELDS if not str(getattr(settings, name) or "").strip()]
    if settings.accessibility_audit_date is None or settings.accessibility_audit_rate is None:
        missing.append(str(_("Audit RGAA : date et taux de critères respectés")))
    signatory = attestation_signatory(settings)
    if not signatory.name:
        missing.append(str(_("Signataire des attestations : nom")))
    if not signatory.function:
        missing.append(str(_("Signataire des attestations : fonction")))
    if not signatory.place:
        missing.append(str(_("Lieu de signature des attestations")))
    return missing
