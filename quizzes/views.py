"""Learner side of quizzes: thin views over quizzes.services and quizzes.selectors.

An attempt is only ever shown to its owner; its URL carries a UUID, and anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.redirects import local_url

from .models import Attempt, AttemptStatus, Quiz
from .selectors import attempt_result_rows, attempt_review_rows, quiz_question_count, quiz_status_for_user, review_shown
from .services import AttemptClosed, QuizError, attempt_extend, attempt_save_answers, attempt_start, attempt_submit

RETURN_PARAMETER = "retour"


def _return_url(request) -> str:
    """Where to go back after the quiz (the lesson or module it was opened from), if safe."""
    return local_url(request, request.GET.get(RETURN_PARAMETER) or request.POST.get(RETURN_PARAMETER) or "")


def _with_return(url: str, back: str) -> str:
    from urllib.parse import urlencode

    return f"{url}?{urlencode({RETURN_PARAMETER: back})}" if back else url


def _own_attempt(request, attempt_id, *, only_identity=False) -> Attempt:
    """The learner's attempt, or a 404. `only_identity` for a service that reads it again under lock:
    its frozen questions and quiz are not read (nor decoded) twice."""
    attempts = Attempt.objects.filter(public_id=attempt_id, user=request.user)
    attempts = attempts.only("pk", "public_id", "user_id") if only_identity else attempts.select_related("quiz")
    attempt = attempts.first()
    if attempt is None:
        raise Http404("Tentative introuvable")
    return attempt


def quiz_detail(request, quiz_id):
    quiz = get_object_or_404(Quiz, public_id=quiz_id, live=True)
    status = quiz_status_for_user(user=request.user, quiz=quiz) if request.user.is_authenticated else None
    return render(
        request,
        "quizzes/quiz_detail.html",
        {"quiz": quiz, "status": status, "question_count": quiz_question_count(quiz=quiz), "back": _return_url(request)},
    )


@login_required
@require_POST
def quiz_start(request, quiz_id):
    quiz = get_object_or_404(Quiz, public_id=quiz_id, live=True)
    back = _return_url(request)
    try:
        attempt = attempt_start(user=request.user, quiz=quiz)
    except QuizError as error:
        messages.error(request, error.message)
        return redirect(_with_return(reverse("quizzes:detail", args=[quiz.public_id]), back))
    return redirect(_with_return(reverse("quizzes:take", args=[attempt.public_id]), back))


@login_required
def attempt_take(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    back = _return_url(request)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect(_with_return(reverse("quizzes:result", args=[attempt.public_id]), back))
    if request.method == "POST":
        try:
            attempt_save_answers(attempt=attempt, user=request.user, data=request.POST)
        except AttemptClosed as error:
            messages.info(request, error.message)
            return redirect(_with_return(reverse("quizzes:result", args=[attempt.public_id]), back))
        except QuizError as error:
            messages.error(request, error.message)
            return redirect(_with_return(reverse("quizzes:take", args=[attempt.public_id]), back))
        return redirect(_with_return(reverse("quizzes:review", args=[attempt.public_id]), back))
    return render(
        request,
        "quizzes/attempt_take.html",
        {"attempt": attempt, "quiz": attempt.quiz, "rows": attempt_review_rows(attempt=attempt), "back": back},
    )


@login_required
@require_POST
def attempt_extend_view(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    back = _return_url(request)
    try:
        attempt_extend(attempt=attempt, user=request.user)
        messages.success(request, "Le temps a été prolongé.")
    except QuizError as error:
        messages.error(request, error.message)
    return redirect(_with_return(reverse("quizzes:take", args=[attempt.public_id]), back))


@login_required
def attempt_review(request, attempt_id):
    """The « Vérifier mes réponses » step (RGAA 11.12): see everything before sending."""
    attempt = _own_attempt(request, attempt_id)
    back = _return_url(request)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect(_with_return(reverse("quizzes:result", args=[attempt.public_id]), back))
    rows = attempt_review_rows(attempt=attempt)
    return render(
        request,
        "quizzes/attempt_review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "rows": rows,
            "unanswered": [r for r in rows if not r["answered"]],
            "back": back,
        },
    )


@login_required
@require_POST
def attempt_submit_view(request, attempt_id):
    attempt = _own_attempt(request, attempt_id, only_identity=True)
    back = _return_url(request)
    try:
        attempt_submit(attempt=attempt, user=request.user)
    except AttemptClosed as error:
        messages.info(request, error.message)
    except QuizError as error:
        messages.error(request, error.message)
        return redirect(_with_return(reverse("quizzes:review", args=[attempt.public_id]), back))
    return redirect(_with_return(reverse("quizzes:result", args=[attempt.public_id]), back))


@login_required
def attempt_result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return redirect("quizzes:take", attempt.public_id)
    quiz = attempt.quiz
    status = quiz_status_for_user(user=request.user, quiz=quiz)
    shown = review_shown(quiz=quiz, status=status)
    return render(
        request,
        "quizzes/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "rows": attempt_result_rows(attempt=attempt, shown=shown),
            "status": status,
            "shown": shown,
            "back": _return_url(request),
        },
    )
