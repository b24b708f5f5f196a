"""The « recevoir un code de connexion » form allauth uses (ACCOUNT_FORMS["request_login_code"]).

allauth limits code requests to 3 a minute per address (ACCOUNT_RATE_LIMITS["request_login_code"],
key = the address): anyone, from anywhere, could then stop a given élu from receiving a code by asking
three for their address every minute. As for failed sign-ins (accounts/adapter.py), the address limit
counts per (client, address); the per-client limit (20 a minute) still bounds how many codes one
client can have sent, whatever the addresses."""

from allauth.account import app_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import RequestLoginCodeForm
from allauth.account.internal.userkit import filter_users_by_email
from allauth.core import context, ratelimit


class PerClientRequestLoginCodeForm(RequestLoginCodeForm):
    def clean_email(self) -> str:
        adapter = get_adapter()
        email = self.cleaned_data["email"]
        if email:
            users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
            if not users and not app_settings.PREVENT_ENUMERATION:
                raise adapter.validation_error("unknown_email")
            key = f"{email.lower()}:{adapter.get_client_ip(context.request)}"
            if not ratelimit.consume(context.request, action="request_login_code", key=key):
                raise adapter.validation_error("too_many_login_attempts")
            self._user = users[0] if users else None
        return email
