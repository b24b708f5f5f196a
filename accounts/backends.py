"""Authentication backends: Django's and allauth's, loading the signed-in user of each request with
whether they may open the Wagtail admin (roles.admin_access) in the same query. Every page asks it for
its header; without this, every signed-in page paid one more query.

Sessions opened before these backends were listed name the previous ones and end once (sign in again)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .roles import admin_access


def _user_with_admin_access(backend, user_id):
    model = get_user_model()
    try:
        user = model._default_manager.annotate(_can_open_admin=admin_access()).get(pk=user_id)
    except model.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        return _user_with_admin_access(self, user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        return _user_with_admin_access(self, user_id)
