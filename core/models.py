"""Site settings: the operator's identity and accessibility status, read by the footer, the legal
pages and the attestations. Moved from `home` (the table keeps its name, `home_sitesettings`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class AccessibilityStatus(models.TextChoices):
    NON_CONFORME = "non", _("non conforme")
    PARTIELLEMENT = "partiel", _("partiellement conforme")
    TOTALEMENT = "total", _("totalement conforme")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("nom de l'organisme"), max_length=200, default="Centre de ressources politique de la ville Bretagne – Pays de la Loire"
    )
    contact_email = models.EmailField(_("e-mail de contact"), default="contact@elus-quartiers.localhost")
    accessibility_status = models.CharField(
        _("état de conformité RGAA"),
        max_length=16,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_CONFORME,
        help_text=_("Affiché en pied de page et sur la page d'accueil, comme l'exige le RGAA."),
    )

    panels = [FieldPanel("organisation_name"), FieldPanel("contact_email"), FieldPanel("accessibility_status")]

    class Meta:
        db_table = "home_sitesettings"
        verbose_name = _("réglages du site")
