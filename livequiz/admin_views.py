"""« Quiz en salle » in the Wagtail admin: pick a quiz, launch it, get back to an open session."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from accounts import roles
from quizzes.models import Quiz

from .selectors import open_sessions, recent_closed_sessions
from .services import LiveQuizError, live_session_start


def _require_trainer(request):
    if not roles.can_run_live_quiz(request.user):
        raise PermissionDenied


def index(request):
    _require_trainer(request)
    return TemplateResponse(
        request,
        "livequiz/admin/index.html",
        {
            "quizzes": Quiz.objects.order_by("title"),
            "open_sessions": open_sessions(),
            "closed_sessions": recent_closed_sessions(),
            "header_title": "Quiz en salle",
        },
    )


def launch_confirm(request, quiz_id: int):
    _require_trainer(request)
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    return TemplateResponse(request, "livequiz/admin/launch_confirm.html", {"quiz": quiz, "header_title": quiz.title})


@require_POST
def launch(request, quiz_id: int):
    """« Lancer un quiz en salle »: open (or reopen) a session and go to the projected view."""
    _require_trainer(request)
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    try:
        session = live_session_start(quiz=quiz, user=request.user)
    except LiveQuizError as error:
        messages.error(request, error.message)
        return redirect("livequiz_admin_index")
    return redirect("livequiz:projection", session.public_id)
