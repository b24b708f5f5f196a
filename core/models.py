"""Site settings: the operator's identity (« Identité de l'éditeur »), its accessibility status and
the attestation signatory, read by the footer, the legal pages, the attestations and the dashboard panel
« Mentions légales incomplètes ». Moved from `home` (the table keeps its name, `home_sitesettings`).

Every identity field but the name may be empty: a real value is something only the operator can give,
and an empty field is left out of the public pages (core.identity), never replaced by a placeholder."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .numbers import french_number
from .validators import normalise_siret, validate_siret


class AccessibilityStatus(models.TextChoices):
    NON_CONFORME = "non", _("non conforme")
    PARTIELLEMENT = "partiel", _("partiellement conforme")
    TOTALEMENT = "total", _("totalement conforme")


def expected_accessibility_status(rate: Decimal) -> str:
    """RGAA: 100 % of criteria met is « totalement », at least 50 % « partiellement », below « non conforme »."""
    if rate >= 100:
        return AccessibilityStatus.TOTALEMENT
    if rate >= 50:
        return AccessibilityStatus.PARTIELLEMENT
    return AccessibilityStatus.NON_CONFORME


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    # The publisher (LCEN art. 6 III: name, form, head office, a way to reach it).
    organisation_name = models.CharField(
        _("dénomination"),
        max_length=200,
        default="Centre de ressources politique de la ville Bretagne – Pays de la Loire",
        help_text=_("Affichée en pied de page, dans les mentions légales et sur les attestations."),
    )
    legal_form = models.CharField(
        _("forme juridique"), max_length=120, blank=True, help_text=_("Par exemple « Association régie par la loi de 1901 ».")
    )
    siret = models.CharField(
        _("numéro SIRET"),
        max_length=20,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, espaces permis."),
    )
    head_office_address = models.TextField(_("adresse du siège"), blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"),
        max_length=200,
        blank=True,
        help_text=_("Nom et fonction de la personne responsable de la publication."),
    )
    # The host (LCEN art. 6 III: name, address, telephone).
    host_name = models.CharField(_("hébergeur : nom ou dénomination"), max_length=200, blank=True)
    host_address = models.TextField(_("hébergeur : adresse"), blank=True)
    host_contact = models.CharField(
        _("hébergeur : contact"), max_length=200, blank=True, help_text=_("Téléphone ou adresse électronique de l'hébergeur.")
    )
    dpo_contact = models.CharField(
        _("contact du délégué ou de la déléguée à la protection des données"),
        max_length=254,
        blank=True,
        help_text=_("Adresse électronique ou postale. Laissez vide si aucun délégué n'a été désigné."),
    )
    # Accessibility (RGAA: status, and for « partiellement / totalement », the audit behind it).
    accessibility_status = models.CharField(
        _("état de conformité RGAA"),
        max_length=16,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_CONFORME,
        help_text=_("Affiché en pied de page, sur la page d'accueil et dans la déclaration d'accessibilité."),
    )
    accessibility_audit_date = models.DateField(_("date de l'audit RGAA"), null=True, blank=True)
    accessibility_audit_rate = models.DecimalField(
        _("taux de critères RGAA respectés (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    # The attestation (falls back on the ATTESTATION_* environment variables when empty).
    signatory_name = models.CharField(_("signataire des attestations : nom"), max_length=200, blank=True)
    signatory_function = models.CharField(_("signataire des attestations : fonction"), max_length=200, blank=True)
    attestation_place = models.CharField(
        _("lieu de signature des attestations"), max_length=100, blank=True, help_text=_("La ville du « Fait à … ».")
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("legal_form"),
                FieldPanel("siret"),
                FieldPanel("head_office_address"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("publication_director"),
            ],
            heading=_("Éditeur du site"),
        ),
        MultiFieldPanel(
            [FieldPanel("host_name"), FieldPanel("host_address"), FieldPanel("host_contact")], heading=_("Hébergeur")
        ),
        MultiFieldPanel([FieldPanel("dpo_contact")], heading=_("Données personnelles")),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_status"),
                FieldRowPanel([FieldPanel("accessibility_audit_date"), FieldPanel("accessibility_audit_rate")]),
            ],
            heading=_("Accessibilité"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_function")]), FieldPanel("attestation_place")],
            heading=_("Attestations"),
        ),
    ]

    class Meta:
        db_table = "home_sitesettings"
        verbose_name = _("identité de l'éditeur")

    def clean(self):
        super().clean()
        self.siret = normalise_siret(self.siret)
        errors = {}
        date, rate, status = self.accessibility_audit_date, self.accessibility_audit_rate, self.accessibility_status
        if date and date > timezone.localdate():
            errors["accessibility_audit_date"] = _("La date de l'audit ne peut pas être dans le futur.")
        if (date is None) != (rate is None):
            field = "accessibility_audit_rate" if rate is None else "accessibility_audit_date"
            errors[field] = _("Indiquez à la fois la date de l'audit et son taux de critères respectés.")
        elif rate is None and status != AccessibilityStatus.NON_CONFORME:
            errors["accessibility_status"] = _(
                "Sans audit publié, le RGAA impose la mention « non conforme » : indiquez la date et le taux de "
                "l'audit pour déclarer le site partiellement ou totalement conforme."
            )
        elif rate is not None and status != expected_accessibility_status(rate):
            expected = AccessibilityStatus(expected_accessibility_status(rate)).label
            errors["accessibility_status"] = _(
                "Avec %(rate)s %% de critères respectés, l'état de conformité est « %(expected)s » "
                "(100 %% : totalement, au moins 50 %% : partiellement, en dessous : non conforme)."
            ) % {"rate": french_number(rate), "expected": expected}
        if errors:
            raise ValidationError(errors)
