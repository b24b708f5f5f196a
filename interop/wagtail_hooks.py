"""Admin side of interop: « Exporter en SCORM » on modules, and « Exports SCORM » in the menu."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from accounts import roles
from courses.models import ModulePage

from .urls import admin_urlpatterns


@hooks.register("register_admin_urls")
def register_interop_admin_urls():
    return [path("", include((admin_urlpatterns, "interop_admin")))]


def _scorm_button(page, user, priority):
    if not issubclass(page.specific_class or type(page), ModulePage):
        return
    if roles.can_export_module(user, page):
        yield Button(
            "Exporter en SCORM", reverse("interop_admin:scorm_export", args=[page.pk]), icon_name="download", priority=priority
        )


@hooks.register("register_page_header_buttons")
def module_scorm_header_button(page, user, view_name, next_url=None):
    yield from _scorm_button(page, user, priority=38)


@hooks.register("register_page_listing_more_buttons")
def module_scorm_listing_button(page, user, next_url=None):
    yield from _scorm_button(page, user, priority=28)


class ScormExportsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_adapt_modules(request.user)


@hooks.register("register_admin_menu_item")
def register_scorm_exports_menu_item():
    return ScormExportsMenuItem("Exports SCORM", reverse("interop_admin:scorm_exports"), icon_name="download", order=275)
