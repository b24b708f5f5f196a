"""Admin side of the trainers' tools: buttons on modules, the adapt and « vu » views, the source notice."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts import roles
from courses.models import LessonPage, ModulePage

from .forms import CourseAssignmentForm
from .models import CourseAssignment
from .panels import TrainerHomePanel
from .selectors import lesson_review_notice, module_source_update
from .services import adaptation_record
from .urls import admin_urlpatterns


@hooks.register("register_admin_urls")
def register_trainers_admin_urls():
    return [path("", include((admin_urlpatterns, "trainers_admin")))]


def _module_buttons(page, user, priority):
    if not issubclass(page.specific_class or type(page), ModulePage):
        return
    if roles.can_open_admin(user):
        handout = reverse("trainers:handout", args=[page.pk])
        yield Button("Support imprimable", handout, icon_name="doc-full", priority=priority, attrs={"target": "_blank"})
        yield Button(
            "Support avec corrigé",
            f"{handout}?corrige=1",
            icon_name="doc-full",
            priority=priority + 1,
            attrs={"target": "_blank"},
        )
    if roles.can_adapt_modules(user):
        yield Button(
            "Adapter ce module", reverse("trainers_admin:adapt", args=[page.pk]), icon_name="copy", priority=priority + 2
        )


@hooks.register("register_page_header_buttons")
def module_header_buttons(page, user, view_name, next_url=None):
    yield from _module_buttons(page, user, priority=35)


@hooks.register("register_page_listing_more_buttons")
def module_listing_buttons(page, user, next_url=None):
    yield from _module_buttons(page, user, priority=25)


@hooks.register("after_copy_page")
def record_adaptation_of_copied_module(request, page, new_page):
    """Wagtail's own « Copier » also records which source revision the copy starts from."""
    original, copy = page.specific, new_page.specific
    if isinstance(original, ModulePage) and isinstance(copy, ModulePage) and original.pk != copy.pk:
        adaptation_record(copy=copy, original=original, user=request.user)


def source_update_message(*, module: ModulePage, update) -> str:
    when = date_format(localtime(update.updated_at), "j F Y à H\\hi")
    return f"La version source a été mise à jour le {when} (« {update.source.title} »)."


@hooks.register("before_edit_page")
def warn_when_the_source_changed(request, page):
    """The editor of an adapted module says when its source has a newer published version."""
    if request.method != "GET" or not isinstance(page.specific_deferred, ModulePage):
        return None
    update = module_source_update(module=page.specific_deferred)
    if update is None:
        return None
    messages.warning(
        request,
        source_update_message(module=page, update=update),
        buttons=[
            messages.button(update.compare_url, "Comparer les versions", new_window=True),
            messages.button(reverse("trainers_admin:source_changes", args=[page.pk]), "Changements leçon par leçon"),
            messages.button(reverse("trainers_admin:mark_seen_confirm", args=[page.pk]), "Marquer comme vu"),
        ],
    )
    return None


@hooks.register("before_edit_page")
def say_where_the_lesson_stands(request, page):
    """A trainer editing a lesson is told how it gets published: with its module (in review or still a
    draft), or on its own after review (in a published module)."""
    if request.method != "GET" or not isinstance(page.specific_deferred, LessonPage):
        return None
    notice = lesson_review_notice(lesson=page.specific_deferred, user=request.user)
    if notice:
        messages.info(request, notice)
    return None


class CourseAssignmentViewSet(SnippetViewSet):
    """« Affectations des formateurs »: only administrators hold the permissions (trainers/0003 migration),
    so a trainer can neither see this menu nor assign themselves."""

    model = CourseAssignment
    icon = "group"
    menu_label = "Affectations"
    menu_name = "affectations"
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["trainer", "course", "assigned_by", "assigned_at"]
    list_filter = ["course"]
    ordering = ["course__title", "trainer__last_name"]
    edit_handler = ObjectList(
        [FieldPanel("trainer"), FieldPanel("course")],
        base_form_class=CourseAssignmentForm,
    )


register_snippet(CourseAssignmentViewSet)


@hooks.register("construct_homepage_panels")
def trainer_home_panels(request, panels):
    """Trainers and administrators open the admin on their follow-up; Wagtail's own moderation panels stay below."""
    if not roles.is_staff_member(request.user):
        return
    panels.insert(0, TrainerHomePanel(request))


@hooks.register("construct_homepage_summary_items", order=1000)
def no_site_summary(request, summary_items):
    """Wagtail 8 draws « N pages / 0 Image / 0 Document » above the panels (not a panel: its own hook);
    it answers nothing a trainer or an administrator asks. Run after the apps that add those items."""
    summary_items.clear()


@hooks.register("insert_global_admin_css")
def admin_contrast_css():
    """Every admin page: messages readable at WCAG AA contrast (axe-core found Wagtail's green too light)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-contrast.css"))
