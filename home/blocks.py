"""The blocks of legal pages. The operator's identity is not typed into a page: an « identité de
l'éditeur » block shows one part of it from the site settings (core.identity), so that the legal
pages follow the settings and never show a field nobody filled in. The editorial text of the part
(what it means on this site) stays in the page, in the block's text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.settings.models import BaseSiteSetting

from core.identity import IdentityPart, accessibility_statement, identity_lines, settings_for_default_site
from core.models import SiteSettings

SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def _site_settings(parent_context) -> BaseSiteSetting:
    request = (parent_context or {}).get("request")
    if request is not None:
        return SiteSettings.for_request(request)
    return settings_for_default_site()


class LegalIdentityBlock(blocks.StructBlock):
    part = blocks.ChoiceBlock(choices=IdentityPart.choices, label=_("partie de l'identité"))
    heading = blocks.CharBlock(
        label=_("intertitre"), required=False, max_length=120, help_text=_("Par défaut, le nom de la partie choisie.")
    )
    text = blocks.RichTextBlock(
        label=_("texte"),
        features=SIMPLE_RICH_TEXT_FEATURES,
        required=False,
        help_text=_("Texte affiché après les informations des réglages, dans la même section."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        settings = _site_settings(parent_context)
        part = value.get("part")
        context["heading"] = value.get("heading") or IdentityPart(part).label
        context["lines"] = identity_lines(settings, part)
        context["accessibility"] = accessibility_statement(settings) if part == IdentityPart.ACCESSIBILITY else None
        return context

    class Meta:
        icon = "user"
        label = _("identité de l'éditeur")
        template = "blocks/legal_identity.html"
        description = _(
            "Une partie de l'identité de l'éditeur (éditeur, hébergeur, contact…), lue dans Réglages › Identité de "
            "l'éditeur : un champ vide n'est pas affiché."
        )
