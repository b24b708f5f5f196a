"""The footer (organisation, contact address, RGAA status, legal pages) is on every page and changes
a few times a year: it is read from the shared content cache, one entry per site, renewed on every
node as soon as a setting or a page changes (core/content_cache.py)."""

from wagtail.models import Site

from core.content_cache import cached_content
from core.models import SiteSettings
from core.sites import loaded_settings

from .models import StandardPage

LEGAL_PAGE_SLUGS = ("mentions-legales", "accessibilite", "donnees-personnelles")


def site_footer(*, request) -> dict:
    """{"organisation_name", "contact_email", "accessibility_status", "accessibility_page",
    "legal_links": [{"slug", "title", "url"}]}."""
    site = Site.find_for_request(request)
    # "footer2": the entry gained "accessibility_page"; older entries are not read after a deploy.
    return cached_content(f"footer2:{site.pk if site else 0}", lambda: _footer(request=request, site=site))


def _footer(*, request, site) -> dict:
    pages = StandardPage.objects.live().filter(slug__in=LEGAL_PAGE_SLUGS)
    if site:
        pages = pages.descendant_of(site.root_page)
    by_slug = {page.slug: page for page in pages.only("id", "title", "slug", "url_path")}
    # Read with the site on a cold cache (core.sites): no query of its own then.
    settings = loaded_settings(site) or SiteSettings.for_request(request)
    return {
        "organisation_name": settings.organisation_name,
        "contact_email": settings.contact_email,
        "accessibility_status": settings.get_accessibility_status_display(),
        "accessibility_page": "accessibilite" in by_slug,
        "legal_links": [
            {"slug": slug, "title": by_slug[slug].title, "url": by_slug[slug].get_url(request)}
            for slug in LEGAL_PAGE_SLUGS
            if slug in by_slug
        ],
    }
