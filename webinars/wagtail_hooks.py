from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Attendance, WebinarCycle, WebinarPage


class WebinarCycleViewSet(SnippetViewSet):
    model = WebinarCycle
    icon = "date"
    menu_label = _("Cycles de webinaires")
    list_display = ["title", "slug"]
    search_fields = ["title", "description"]
    ordering = ["title"]


class AttendanceViewPermissionRequired:
    """Wagtail's choosers list a model to anyone in the admin; attendance lists name people (administrators only)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("webinars.view_attendance"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AttendanceChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("AttendanceChooseView", (AttendanceViewPermissionRequired, ChooseView), {})
    choose_results_view_class = type("AttendanceChooseResultsView", (AttendanceViewPermissionRequired, ChooseResultsView), {})
    chosen_view_class = type("AttendanceChosenView", (AttendanceViewPermissionRequired, SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "AttendanceChosenMultipleView", (AttendanceViewPermissionRequired, SnippetChosenMultipleView), {}
    )


class AttendanceViewSet(SnippetViewSet):
    """Attendance recorded by hand; a whole list is imported from the webinar's CSV instead."""

    model = Attendance
    chooser_viewset_class = AttendanceChooserViewSet
    icon = "group"
    menu_label = _("Présences (saisie)")
    list_display = ["webinar", "user", "minutes", "source"]
    list_filter = ["source"]
    ordering = ["-webinar__start"]


class WebinarsGroup(SnippetViewSetGroup):
    items = (WebinarCycleViewSet, AttendanceViewSet)
    menu_icon = "date"
    menu_label = _("Webinaires")
    menu_name = "webinaires"


register_snippet(WebinarsGroup)


@hooks.register("register_admin_urls")
def register_attendance_urls():
    return [
        path("webinaires/presences/", admin_views.attendance_index_view, name="webinars_attendance_index"),
        path("webinaires/<int:page_id>/presences/", admin_views.attendance_import_view, name="webinars_attendance_import"),
    ]


class AttendanceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_attendance_menu_item():
    return AttendanceMenuItem(_("Présences aux webinaires"), reverse("webinars_attendance_index"), icon_name="group", order=260)


@hooks.register("register_page_header_buttons")
def attendance_header_button(page, user, view_name, next_url=None):
    if page.specific_class and issubclass(page.specific_class, WebinarPage) and user.has_perm(admin_views.PERMISSION):
        yield Button(
            _("Importer les présences"),
            reverse("webinars_attendance_import", args=[page.pk]),
            icon_name="group",
            priority=80,
        )
