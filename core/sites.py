"""The site of a request, its settings and Wagtail's site root paths, read in one query.

On a cold cache, Wagtail reads the sites three times for a page: the site of the host
(Site.find_for_request), the root paths of every site for the page URLs (Site.get_site_root_paths,
kept in the cache under Wagtail's own key) and, for the footer, the site's settings. The sites are a
handful of rows: reading all of them with their root page, its locale and their settings answers the
three at once. core.middleware.CachedSiteMiddleware calls `site_for_request` when its cached entry
is missing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)

from .models import SiteSettings

# Wagtail keeps its root paths for an hour (Site.get_site_root_paths) and clears them itself when a
# site or a site's root page changes.
ROOT_PATHS_TIMEOUT = 60 * 60
# The settings of a site, as Django names the reverse relation of BaseSiteSetting.site.
SETTINGS_RELATION = SiteSettings._meta.get_field("site").related_query_name()
# The attribute of a view that never asks for its site (core.middleware.CachedSiteMiddleware).
NEEDS_NO_SITE = "needs_no_site"


def needs_no_site(view):
    """Mark `view` as one that never asks for its site: CachedSiteMiddleware does not read it before."""
    setattr(view, NEEDS_NO_SITE, True)
    return view


def site_for_request(request) -> Site | None:
    """The site Wagtail's Site.find_for_request would answer for `request` (None when no site
    matches), with its settings loaded (see `loaded_settings`); the root paths of all sites are
    stored where Site.get_site_root_paths reads them. One query."""
    sites = list(
        Site.objects.select_related("root_page", "root_page__locale", SETTINGS_RELATION).order_by(
            "-root_page__url_path", "-is_default_site", "hostname"
        )
    )
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        # Without translations a site has one root path: the same list Wagtail builds from the same rows
        # (with translations Wagtail reads each root page's translations: it builds its own list).
        root_paths = [
            SiteRootPath(site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code) for site in sites
        ]
        cache.set(SITE_ROOT_PATHS_CACHE_KEY, root_paths, ROOT_PATHS_TIMEOUT, version=SITE_ROOT_PATHS_CACHE_VERSION)
    hostname = split_domain_port(request._get_raw_host())[0]
    return matching_site(sites, hostname=hostname, port=request.get_port())


def matching_site(sites: list[Site], *, hostname: str, port) -> Site | None:
    """Wagtail's choice among `sites` for a host and port (wagtail.models.sites.get_site_for_hostname,
    done in Python on rows already read): the site of this host and port, else the default site when
    it has this hostname, else the only other site of this hostname, else the default site."""
    try:
        port = int(port)
    except (TypeError, ValueError):
        port = None  # a port that is not a number matches no site's port

    def match(site: Site) -> int:
        if site.hostname == hostname and site.port == port:
            return MATCH_HOSTNAME_PORT
        if site.hostname == hostname and site.is_default_site:
            return MATCH_HOSTNAME_DEFAULT
        if site.is_default_site:
            return MATCH_DEFAULT
        return MATCH_HOSTNAME

    candidates = sorted((site for site in sites if site.hostname == hostname or site.is_default_site), key=match)
    if not candidates:
        return None
    best = match(candidates[0])
    if len(candidates) == 1 or best in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return candidates[0]
    if best == MATCH_DEFAULT:
        # The default site with another hostname: a single site of this hostname wins over it.
        return candidates[len(candidates) == 2]
    return None  # several sites of this hostname, none on this port, and no default site


def loaded_settings(site: Site | None) -> SiteSettings | None:
    """The settings read with `site` by `site_for_request`, without a query; None when they were not
    read with it, or when the site has none yet (Wagtail creates them at the first SiteSettings.for_site)."""
    if site is None or not getattr(Site, SETTINGS_RELATION).is_cached(site):
        return None
    return getattr(site, SETTINGS_RELATION, None)
