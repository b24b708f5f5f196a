from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts import roles
from quizzes.models import Quiz

from . import admin_views


@hooks.register("register_admin_urls")
def register_livequiz_admin_urls():
    return [
        path("quiz-en-salle/", admin_views.index, name="livequiz_admin_index"),
        path("quiz-en-salle/<int:quiz_id>/", admin_views.launch_confirm, name="livequiz_admin_launch_confirm"),
        path("quiz-en-salle/<int:quiz_id>/lancer/", admin_views.launch, name="livequiz_admin_launch"),
    ]


class LiveQuizMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_run_live_quiz(request.user)


@hooks.register("register_admin_menu_item")
def register_livequiz_menu_item():
    return LiveQuizMenuItem("Quiz en salle", reverse("livequiz_admin_index"), icon_name="view", order=260)


@hooks.register("register_snippet_listing_buttons")
def live_quiz_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Quiz) and roles.can_run_live_quiz(user):
        yield ListingButton("Lancer un quiz en salle", reverse("livequiz_admin_launch_confirm", args=[snippet.pk]), priority=60)
