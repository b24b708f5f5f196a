"""« Quiz en salle » in the Wagtail admin: pick a quiz, launch it, get back to an open session."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from accounts import roles
from courses.models import CoursePage
from quizzes.models import Quiz

from .selectors import launchable_quizzes, open_sessions, recent_closed_sessions
from .services import LiveQuizError, live_session_start


def _require_trainer(request):
    if not roles.can_run_live_quiz(request.user):
        raise PermissionDenied


def _course_id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


def index(request):
    """Open sessions, then the quizzes to launch: searched by title, filtered by course."""
    _require_trainer(request)
    query = request.GET.get("q", "").strip()[:100]
    course_id = _course_id(request.GET.get("parcours", ""))
    courses = CoursePage.objects.live().order_by("title")
    course = courses.filter(pk=course_id).first() if course_id else None
    return TemplateResponse(
        request,
        "livequiz/admin/index.html",
        {
            "quizzes": launchable_quizzes(query=query, course=course),
            "query": query,
            "courses": courses,
            "course": course,
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
