from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CourseIndexPage, GlossaryTerm, ModuleLibraryPage, ModulePage, ModuleSectionPage, Theme
from .services import module_mark_adapted


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thématiques")
    list_display = ["name", "slug", "colour"]
    search_fields = ["name"]
    ordering = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = _("Glossaire")
    list_display = ["term", "acronym", "slug"]
    # No `search_fields`: the listing searches the model's index (term and acronym as you type), as
    # QuestionViewSet does — naming fields broke every search on SQLite (« no such column »).
    ordering = ["term"]


class TeachingContentGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, GlossaryTermViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Référentiel")  # short enough for the sidebar (« Contenus péda… » was cut)
    menu_name = "contenus-pedagogiques"


register_snippet(TeachingContentGroup)


@hooks.register("after_copy_page")
def mark_copied_module_as_adapted(request, page, new_page):
    """A module copied in the admin (e.g. by a VRL trainer for a local session) remembers its origin."""
    original, copy = page.specific, new_page.specific
    if isinstance(original, ModulePage) and isinstance(copy, ModulePage):
        module_mark_adapted(copy=copy, original=original)


@hooks.register("after_create_page")
def grant_permissions_on_new_section(request, page):
    """A section page created in the admin (catalogue, library, « Laïcité ») gets the trainers'
    permissions and the review workflow at once, as the demo loader does."""
    from .permissions import grant_section_permissions_for_site

    if isinstance(page.specific, (CourseIndexPage, ModuleLibraryPage, ModuleSectionPage)):
        grant_section_permissions_for_site()
