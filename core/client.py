"""The client's network address, decided once for every limit (allauth, the live quiz, anything else).

Behind the reverse proxy every request comes from the proxy's address; the client is in the
`X-Forwarded-For` header the proxy appends to. That header is believed only when the request comes
from an address listed in `FORWARDED_ALLOW_IPS` (the very variable gunicorn reads), and only the
entry that the last trusted proxy wrote is taken (`TRUSTED_PROXY_COUNT` from the right), so a client
cannot choose its own address by sending the header itself. Without a trusted proxy the address is
the TCP peer, REMOTE_ADDR."""

import ipaddress

from django.conf import settings


def _parsed(value: str) -> str:
    """A valid IP address in canonical form, or "" (a crafted header never becomes a cache key)."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def _from_trusted_proxy(peer: str) -> bool:
    trusted = settings.FORWARDED_ALLOW_IPS
    if "*" in trusted:
        return True
    if not peer:
        return False
    address = ipaddress.ip_address(peer)
    for entry in trusted:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request) -> str:
    """The address of the client that sent `request`, as every rate limit of the site counts it."""
    peer = _parsed(request.META.get("REMOTE_ADDR", ""))
    if not peer or not _from_trusted_proxy(peer):
        return peer
    header = settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        return _parsed(request.headers.get(header, "")) or peer
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [entry for entry in request.headers.get("X-Forwarded-For", "").split(",") if entry.strip()]
    if count <= 0 or not forwarded:
        return peer
    # The proxy appends the address it saw: with N trusted proxies, the client is N-th from the right.
    # A shorter header than expected means the client reached a proxy that we count but it did not
    # append: take the leftmost entry, which still came from a trusted hop.
    return _parsed(forwarded[-min(count, len(forwarded))]) or peer


def parse_forwarded_allow_ips(value: str) -> list[str]:
    """`FORWARDED_ALLOW_IPS` as gunicorn reads it: comma-separated addresses or networks, or "*"."""
    return [entry.strip() for entry in (value or "").split(",") if entry.strip()]


def proxy_settings_problem(*, forwarded_allow_ips: list[str], trusted_proxy_count: int, client_ip_header: str) -> str:
    """Why a pair of proxy settings is inconsistent, in French, or "" when it is consistent."""
    if trusted_proxy_count < 0:
        return "DJANGO_TRUSTED_PROXY_COUNT doit être un entier positif ou nul."
    behind_proxy = trusted_proxy_count > 0 or bool(client_ip_header)
    if forwarded_allow_ips and not behind_proxy:
        return (
            "FORWARDED_ALLOW_IPS désigne un proxy mais DJANGO_TRUSTED_PROXY_COUNT vaut 0 : toutes les limites "
            "(connexion, quiz en salle) compteraient l'adresse du proxy pour tout le monde."
        )
    if behind_proxy and not forwarded_allow_ips:
        return (
            "DJANGO_TRUSTED_PROXY_COUNT (ou DJANGO_TRUSTED_CLIENT_IP_HEADER) est défini mais FORWARDED_ALLOW_IPS est vide : "
            "indiquez l'adresse du proxy, sinon l'en-tête X-Forwarded-For ne serait jamais cru."
        )
    return ""
