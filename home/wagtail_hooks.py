"""The administrators' dashboard panel « Mentions légales incomplètes »: what the operator still has to
give in Paramètres › Identité de l'éditeur before the legal pages are complete (core.identity)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from accounts import roles
from core.identity import missing_identity_fields
from core.models import SiteSettings


class LegalIdentityPanel(Component):
    name = "legal_identity"
    template_name = "home/admin/legal_identity_panel.html"
    order = 50

    def __init__(self, *, missing: list[str], edit_url: str):
        self.missing = missing
        self.edit_url = edit_url

    def get_context_data(self, parent_context):
        return {"missing": self.missing, "edit_url": self.edit_url}


@hooks.register("construct_homepage_panels")
def add_legal_identity_panel(request, panels):
    if not roles.is_administrator(request.user):
        return
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    missing = missing_identity_fields(SiteSettings.for_site(site))
    if missing:
        edit_url = reverse("wagtailsettings:edit", args=["core", "sitesettings", site.pk])
        panels.append(LegalIdentityPanel(missing=missing, edit_url=edit_url))
