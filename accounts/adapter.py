"""allauth, adapted: the client address comes from core.client, and failed sign-ins are counted per
(client, address) so that nobody can lock a given person out from elsewhere."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from core.client import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("Adresse du client inconnue.")
        return address

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts "5 failures in 5 minutes" per login; with the client's address in the key,
        # a stranger who types wrong passwords for an élu's address only locks themself out, while
        # the per-client limit (ACCOUNT_RATE_LIMITS["login_failed"], 10/m/ip) still bounds guessing.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"
