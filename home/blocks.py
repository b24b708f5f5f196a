"""The blocks of legal pages. The operator's identity is not typed into a page: an « identité de
l'éditeur » block shows one part of it from the site settings (core.identity), so that the legal
pages follow the settings and never show a field nobody filled in. The editorial text of the part
(what it means on this site) stays in the page, in the block's text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site

from core.content_cache import cached_content
from core.identity import IdentityPart, accessibility_statement, identity_lines, settings_for_default_site
from core.models import SiteSettings

SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def _site_identity(parent_context) -> dict:
    """Every part of the identity, composed once per site and kept in the shared content cache (renewed
    when the settings change, like the footer): a legal page reads no settings row once warm."""
    request = (parent_context or {}).get("request")
    site = Site.find_for_request(request) if request is not None else None

    def compose() -> dict:
        settings = SiteSettings.for_site(site) if site is not None else settings_for_default_site()
        parts = {part: identity_lines(settings, part) for part in IdentityPart.values}
        return {"lines": parts, "accessibility": accessibility_statement(settings)}

    return cached_content(f"identity:{site.pk if site else 0}", compose)


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
        identity = _site_identity(parent_context)
        part = value.get("part")
        context["heading"] = value.get("heading") or IdentityPart(part).label
        context["lines"] = identity["lines"][part]
        context["accessibility"] = identity["accessibility"] if part == IdentityPart.ACCESSIBILITY else None
        return context

    class Meta:
        icon = "user"
        label = _("identité de l'éditeur")
        template = "blocks/legal_identity.html"
        description = _(
            "Une partie de l'identité de l'éditeur (éditeur, hébergeur, contact…), lue dans Paramètres › Identité de "
            "l'éditeur : un champ vide n'est pas affiché."
        )
