"""Where a form may send the browser next: only a path of this site, never a view name.

`django.shortcuts.redirect("abc")` tries to resolve "abc" as a view name and raises NoReverseMatch
(a 500) when it is not one; a redirect target typed by a user therefore goes through `local_url`
and `HttpResponseRedirect`, never through `redirect()`."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request, url: str) -> str:
    """`url` when it is a path on this site ("/mon-parcours/…"), else ""."""
    if not url or not url.startswith("/") or any(ord(character) < 32 for character in url):
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return ""  # "//evil.example", "/\\evil.example"
    return url


def redirect_local(request, url: str, *, fallback: str) -> HttpResponseRedirect:
    """A redirect to `url` when it is a path of this site, else to `fallback` (a URL the code built)."""
    return HttpResponseRedirect(local_url(request, url) or fallback)
