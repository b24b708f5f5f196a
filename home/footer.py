"""The footer (organisation, contact address, RGAA status, legal pages) is on every page and changes
a few times a year: it is read from the cache, one entry per site. Whatever node saves a setting or
publishes, moves or deletes a page clears it in the shared cache (see home/signals.py), so every
node shows the change at once."""

from django.core.cache import cache
from wagtail.models import Site

LEGAL_PAGE_SLUGS = ("mentions-legales", "accessibilite", "donnees-personnelles")
FOOTER_CACHE_TIMEOUT = 60 * 60


def footer_cache_key(site_id: int) -> str:
    return f"home:footer:{site_id}"


def site_footer(*, request) -> dict:
    """{"organisation_name", "contact_email", "accessibility_status", "legal_links": [{"slug", "title", "url"}]}."""
    from .models import SiteSettings, StandardPage

    site = Site.find_for_request(request)
    key = footer_cache_key(site.pk if site else 0)
    footer = cache.get(key)
    if footer is not None:
        return footer
    pages = StandardPage.objects.live().filter(slug__in=LEGAL_PAGE_SLUGS)
    if site:
        pages = pages.descendant_of(site.root_page)
    by_slug = {page.slug: page for page in pages.only("id", "title", "slug", "url_path")}
    settings = SiteSettings.for_request(request)
    footer = {
        "organisation_name": settings.organisation_name,
        "contact_email": settings.contact_email,
        "accessibility_status": settings.get_accessibility_status_display(),
        "legal_links": [
            {"slug": slug, "title": by_slug[slug].title, "url": by_slug[slug].get_url(request)}
            for slug in LEGAL_PAGE_SLUGS
            if slug in by_slug
        ],
    }
    cache.set(key, footer, FOOTER_CACHE_TIMEOUT)
    return footer


def site_footer_clear() -> None:
    cache.delete_many([footer_cache_key(0), *(footer_cache_key(pk) for pk in Site.objects.values_list("pk", flat=True))])
