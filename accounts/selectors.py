"""Read-side of the accounts app."""

from django.contrib.auth.models import Permission
from django.db.models import Q


def user_can_open_admin(*, user) -> bool:
    """Whether `user` may open the Wagtail admin: the answer of `user.has_perm("wagtailadmin.access_admin")`
    in one query instead of the two that load every permission of the user. Kept on the user object,
    so a page that asks several times (header, trainers' notices) pays once."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_can_open_admin"):
        if hasattr(user, "_perm_cache"):  # every permission already loaded by an earlier has_perm
            user._can_open_admin = "wagtailadmin.access_admin" in user._perm_cache
        else:
            user._can_open_admin = (
                Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
                .filter(Q(user=user) | Q(group__user=user))
                .exists()
            )
    return user._can_open_admin
