import re
from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseBadRequest
from wagtail.models import Site

from .content_cache import ENTRY_TIMEOUT, content_key
from .redirects import local_url
from .sites import NEEDS_NO_SITE, site_for_request


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's policy everywhere; the Wagtail admin also gets the inline styles it needs."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts = replace(parts, update={**settings.CSP_ADMIN_UPDATE, **(parts.update or {})})
        return parts


# The largest id any of our tables can hold (64-bit keys); a longer number in a URL names nothing.
LARGEST_ID = 2**63 - 1
REDIRECT_FIELD = "next"
SEARCH_FIELD = "q"
NOT_A_NUMBER = re.compile(r"^(Field '\w+' expected a number but got |invalid literal for int\(\) with base 10: )")
NUMBER = re.compile(r"(?<![\w.])-?\d+(?![\w.])")
INTEGER = re.compile(r"\s*[-+]?\d+\s*")


def _too_large(number: str) -> bool:
    # Over 4 300 digits, int() itself refuses the text (a ValueError, that was a 500): count digits first.
    digits = number.strip().lstrip("+-").lstrip("0")
    return len(digits) > len(str(LARGEST_ID)) or abs(int(number)) > LARGEST_ID


def _out_of_range(text: str) -> bool:
    return any(_too_large(number) for number in NUMBER.findall(text))


class CraftedInputMiddleware:
    """Input no page can use is answered before any view sees it: a NUL byte anywhere in the path, the
    query or a form (PostgreSQL refuses it in a string: a 500 otherwise) is a 400; a number in the path
    beyond 64 bits (no id can be, and SQLite's driver overflows on it) is a 404, in the query a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_values = [value for values in request.GET.lists() for value in values[1]]
        if "\x00" in request.path_info or any("\x00" in value for value in (*request.GET.keys(), *query_values)):
            return HttpResponseBadRequest("Requête invalide : caractère nul.", content_type="text/plain; charset=utf-8")
        if _out_of_range(request.path_info):
            raise Http404("Identifiant hors limites")
        if any(INTEGER.fullmatch(value) and _too_large(value) for value in query_values):
            return HttpResponseBadRequest("Requête invalide : nombre hors limites.", content_type="text/plain; charset=utf-8")
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            posted = [value for values in request.POST.lists() for value in values[1]]
            if any("\x00" in value for value in (*request.POST.keys(), *posted)):
                return HttpResponseBadRequest("Requête invalide : caractère nul.", content_type="text/plain; charset=utf-8")
        self._drop_foreign_next(request)
        if '"' in request.GET.get(SEARCH_FIELD, ""):
            # Wagtail quotes each search term for SQLite's FTS5: a quote typed inside one ended the string early
            # (« unterminated string », a 500 in the admin's searches). A quote means nothing to the search.
            request.GET = request.GET.copy()
            request.GET.setlist(SEARCH_FIELD, [value.replace('"', " ") for value in request.GET.getlist(SEARCH_FIELD)])
        return self.get_response(request)

    def process_exception(self, request, exception):
        """An id that is not a number, in a URL or a query of a view we do not own (Wagtail's choosers pass
        `?id=` or the path straight to the ORM): Django's own message says so; answer 404, not 500."""
        if isinstance(exception, ValueError) and NOT_A_NUMBER.match(str(exception)):
            raise Http404("Identifiant invalide") from exception
        return None

    @staticmethod
    def _drop_foreign_next(request) -> None:
        """`?next=` that is not a path of this site is dropped: Django's, allauth's and Wagtail's sign-in views
        pass a relative value like « abc » to redirect(), which resolves it as a view name (a 500)."""
        for name in ("GET", "POST"):
            values = getattr(request, name) if name == "GET" or request.method == "POST" else None
            if values is None or REDIRECT_FIELD not in values:
                continue
            if not all(local_url(request, value) for value in values.getlist(REDIRECT_FIELD)):
                values = values.copy()
                del values[REDIRECT_FIELD]
                setattr(request, name, values)


class CachedSiteMiddleware:
    """Wagtail finds the site of each request with a query (Site.find_for_request); the sites change
    a few times in the platform's life. The site of a host, with its root page and its settings, is
    read from the shared content cache instead, renewed whenever a site or a page changes (content
    generation).

    On a miss, the site is read just before the view runs, with its settings and every site's root
    paths in one query (core.sites), which Wagtail would otherwise read with two more queries on a
    cold cache; before the view rather than when its template asks, because the view's own queries
    may need the root paths first (the dashboard's course links). A view marked with
    core.sites.needs_no_site (the health probe) makes no query here, and still answers when the
    database is down; a request that reaches no view (a 404 page) is answered by Wagtail's own lookup.
    The entry is stored after the response, so that it holds what the page read on it (the root
    page's specific page).
    After CommonMiddleware: the key is the host that ALLOWED_HOSTS accepted, so made-up Host headers
    cannot fill the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = content_key(f"site:{request.get_host()}:{request.get_port()}")
        entry = cache.get(key)
        if entry is not None:
            # Wagtail reads these attributes before querying: Site.find_for_request the site, and
            # Page.get_url(request) the root paths (one read of Redis less for every page with links).
            request._wagtail_site, request._wagtail_cached_site_root_paths = entry
            return self.get_response(request)
        response = self.get_response(request)
        site = getattr(request, "_wagtail_site", None)  # read before the view, or by Wagtail
        if site is not None:  # not asked for, or no site for this host: nothing to store
            # The root paths change with a site or a page, as the generation in the key does.
            root_paths = getattr(request, "_wagtail_cached_site_root_paths", None) or Site.get_site_root_paths()
            cache.set(key, (site, root_paths), ENTRY_TIMEOUT)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not hasattr(request, "_wagtail_site") and not getattr(view_func, NEEDS_NO_SITE, False):
            request._wagtail_site = site_for_request(request)
