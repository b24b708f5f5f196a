"""Trainer pages in the Wagtail admin: the review queue of free-text answers and quiz statistics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from accounts import roles

from .forms import ReviewForm
from .models import Quiz
from .selectors import pending_reviews, quiz_statistics
from .services import QuizError, answer_review

PERMISSION = "quizzes.review_answers"


def _require_reviewer(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _reviewable(request):
    """Pending answers of the learners this trainer follows (all of them for administrators).

    The rule is the reports' one (trainers.selectors): a trainer never sees the answers of learners
    outside the courses an administrator assigned to them. Imported here because trainers builds on quizzes.
    """
    return pending_reviews(learners=roles.learners_visible_to(request.user))


def review_queue(request):
    _require_reviewer(request)
    answers = list(_reviewable(request)[:200])
    for answer in answers:
        answer.question_data = next(q for q in answer.attempt.snapshot if q["position"] == answer.position)
        answer.form = ReviewForm(prefix=f"a{answer.pk}")
    return TemplateResponse(request, "quizzes/admin/review_queue.html", {"answers": answers, "header_title": "Corrections"})


def review_answer(request, answer_id):
    _require_reviewer(request)
    answer = get_object_or_404(_reviewable(request), pk=answer_id)
    if request.method != "POST":
        return redirect("quizzes_review_queue")
    form = ReviewForm(request.POST, prefix=f"a{answer.pk}")
    if not form.is_valid():
        messages.error(request, "Correction non enregistrée : indiquez un nombre de points valide.")
        return redirect("quizzes_review_queue")
    try:
        answer_review(
            answer=answer, reviewer=request.user, points=form.cleaned_data["points"], comment=form.cleaned_data["comment"]
        )
    except QuizError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Correction enregistrée ; l'apprenant·e est prévenu·e par e-mail.")
    return redirect("quizzes_review_queue")


def quiz_statistics_view(request, quiz_id):
    """The report rule (accounts.roles): a trainer sees the quizzes of their assigned courses, over their
    learners only (404 for any other quiz); administrators see every quiz and learner. Small groups masked."""
    _require_reviewer(request)
    quiz = get_object_or_404(roles.quizzes_visible_to(request.user, Quiz.objects.all()), pk=quiz_id)
    users = None if roles.is_administrator(request.user) else roles.learners_visible_to(request.user)
    return TemplateResponse(
        request,
        "quizzes/admin/statistics.html",
        {"quiz": quiz, "stats": quiz_statistics(quiz=quiz, users=users), "header_title": f"Statistiques — {quiz.title}"},
    )
