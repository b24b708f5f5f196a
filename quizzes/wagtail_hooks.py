import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .forms import QuestionAdminForm, QuickQuestionForm, QuizAdminForm
from .models import Question, Quiz


class QuestionChooserViewSet(SnippetChooserViewSet):
    creation_form_class = QuickQuestionForm
    create_action_label = _("Créer la question")


class QuestionFilterSet(WagtailFilterSet):
    # django-filter cannot build a filter for a ClusterTaggableManager from `list_filter` (the listing
    # was a 500); the tag filter is declared here, offering only the tags questions actually use.
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("étiquettes"),
        field_name="tags",
        queryset=Tag.objects.filter(quizzes_questiontag_items__isnull=False).distinct().order_by("name"),
        distinct=True,
    )

    class Meta:
        model = Question
        fields = ["kind", "status"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    chooser_viewset_class = QuestionChooserViewSet
    icon = "help"
    menu_label = _("Banque de questions")
    list_display = ["__str__", "kind", "status", "updated_at"]
    filterset_class = QuestionFilterSet
    # No `search_fields` here: the listing searches the model's index (prompt and explanation). Naming
    # fields made modelsearch's SQLite backend query FTS columns that do not exist (« no such column »,
    # found by the crafted-URL walk); PostgreSQL and SQLite now answer the same way.
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionAdminForm)


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quiz")
    list_display = ["title", "pass_mark", "attempts_allowed", "updated_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(Quiz.panels, base_form_class=QuizAdminForm)


class QuizzesGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet)
    menu_icon = "form"
    menu_label = _("Quiz")
    menu_name = "quiz"


register_snippet(QuizzesGroup)


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [
        path("quiz/corrections/", admin_views.review_queue, name="quizzes_review_queue"),
        path("quiz/corrections/<int:answer_id>/", admin_views.review_answer, name="quizzes_review_answer"),
        path("quiz/<int:quiz_id>/statistiques/", admin_views.quiz_statistics_view, name="quizzes_statistics"),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.review_answers")


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(_("Corrections"), reverse("quizzes_review_queue"), icon_name="edit", order=250)


@hooks.register("register_snippet_listing_buttons")
def statistics_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Quiz) and user.has_perm("quizzes.review_answers"):
        yield ListingButton(_("Statistiques"), reverse("quizzes_statistics", args=[snippet.pk]), priority=50)
