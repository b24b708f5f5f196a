"""Staff-only URLs answer a signed-in learner with a French 403 page.

Wagtail sends anyone without « access admin » to its sign-in page; for someone already signed in,
allauth's sign-in page sends them back to `next`, that is to the admin again: an endless redirect
(/admin/ → /compte/login/?next=/admin/ → /admin/ …). A signed-in person without admin access gets one
answer instead: 403 with a way back (« Mon parcours », home). Visitors not signed in still go to the
sign-in page, and the admin's own sign-in, sign-out and password pages stay open to everyone."""

from django.shortcuts import render
from django.urls import reverse

from .roles import can_open_admin

STAFF_ONLY_MESSAGE = "Cet espace est réservé aux formateur·rices et à l'équipe du centre de ressources."
OPEN_ADMIN_PATHS = ("login/", "logout/", "password_reset/")


def staff_only_response(request):
    """The French 403 page of a staff-only URL (also Django's 403 template for any PermissionDenied)."""
    return render(request, "403.html", {"message": STAFF_ONLY_MESSAGE}, status=403)


class StaffAreaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._refused(request):
            return staff_only_response(request)
        return self.get_response(request)

    @staticmethod
    def _refused(request) -> bool:
        admin = reverse("wagtailadmin_home")
        if not request.path.startswith(admin):
            return False
        rest = request.path[len(admin) :]
        if rest.startswith(OPEN_ADMIN_PATHS):
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and not can_open_admin(user))
