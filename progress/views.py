"""Learner side of progress: thin views over progress.services and progress.selectors.

An attestation's PDF is only served to its owner (anyone else gets a 404); its verification page is
public and says no more than valid / revoked / unknown, for whom, which course and when."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.redirects import local_url
from courses.models import CoursePage, LessonPage

from .forms import IDENTIFIER, VerifyForm, normalise_identifier
from .models import Attestation
from .proof import certificates_for_user
from .selectors import course_progress_for_user, dashboard_for_user
from .services import ProgressError, activity_record_beat, enrolment_create, lesson_complete, parse_active_seconds


@login_required
def dashboard(request):
    return render(request, "progress/dashboard.html", {"dashboard": dashboard_for_user(user=request.user)})


@login_required
def certificates(request):
    """« Mes certificats de réalisation »: a page of its own, so that the dashboard reads nothing more."""
    return render(request, "progress/certificates.html", {"certificates": certificates_for_user(user=request.user)})


@login_required
def enrol(request, course_id: int):
    """« Commencer ce parcours »: enrol (once), then open the first lesson not yet completed, in course context."""
    course = get_object_or_404(CoursePage.objects.live().defer_streamfields(), pk=course_id)
    if request.method != "POST":  # back from the sign-in page: nothing is written on a GET
        return redirect(course.url)
    try:
        _enrolment, created = enrolment_create(user=request.user, course=course)
    except ProgressError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    if created:
        messages.success(request, f"Vous suivez maintenant le parcours « {course.title} ». Bonne formation !")
    progress = course_progress_for_user(user=request.user, course=course)
    return redirect(progress.resume_url or course.url)


@login_required
@require_POST
def complete_lesson(request, lesson_id: int):
    """« J'ai terminé cette leçon » / « Leçon suivante »: record the completion once, then go back or on."""
    lesson = get_object_or_404(LessonPage.objects.live().defer_streamfields(), pk=lesson_id)
    try:
        lesson_complete(user=request.user, lesson=lesson)
    except ProgressError as error:
        messages.error(request, error.message)
        return redirect(lesson.url)
    # Both targets come from the form: only paths of this site, never resolved as view names.
    back = local_url(request, request.POST.get("retour", "")) or lesson.url
    if request.POST.get("action") == "suivante":
        following = local_url(request, request.POST.get("suivant", ""))
        if following:
            return HttpResponseRedirect(following)
    messages.success(request, "Leçon terminée : votre progression est enregistrée.")
    return HttpResponseRedirect(back)


@require_POST
def activity_beat(request, lesson_id: int):
    """The lesson page's heartbeat (static/js/activity.js): the active seconds measured since the last
    beat. CSRF-protected like any POST; anything but a plausible number is refused, nothing written."""
    if not request.user.is_authenticated:
        return JsonResponse({"erreur": "Connectez-vous pour que votre temps de formation soit enregistré."}, status=403)
    lesson = LessonPage.objects.live().defer_streamfields().filter(pk=lesson_id).first()
    if lesson is None:
        return JsonResponse({"erreur": "Leçon introuvable."}, status=404)
    try:
        seconds = parse_active_seconds(request.POST.get("active_seconds"))
        activity_record_beat(user=request.user, lesson=lesson, active_seconds=seconds)
    except ProgressError as error:
        return JsonResponse({"erreur": error.message}, status=400)
    return HttpResponse(status=204)


@login_required
def attestation_pdf(request, identifier: str):
    attestation = Attestation.objects.filter(identifier=normalise_identifier(identifier), user=request.user).first()
    if attestation is None or not attestation.pdf:
        raise Http404("Attestation introuvable")
    return FileResponse(
        attestation.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"attestation-{attestation.identifier}.pdf",
    )


def _attestation(identifier: str) -> Attestation | None:
    return Attestation.objects.filter(identifier=identifier).first() if IDENTIFIER.match(identifier) else None


def verify_form(request):
    """« Vérifier une attestation »: anyone types the identifier printed on it. Every submission counts
    against the "verify_attestation" rate limit (ACCOUNT_RATE_LIMITS, per network address), so that
    identifiers cannot be guessed by the thousand; an unknown identifier gets the same page as the
    verification link, with « Attestation inconnue »."""
    attestation = identifier = None
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST)
        if not ratelimit.consume(request, action="verify_attestation"):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, "Trop de vérifications depuis cette adresse : patientez une minute puis réessayez.")
            status = 429
        elif form.is_valid():
            identifier = form.cleaned_data["identifier"]
            attestation = _attestation(identifier)
    else:
        form = VerifyForm()
    context = {"form": form, "attestation": attestation, "identifier": identifier, "checked": identifier is not None}
    response = render(request, "progress/verify_form.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def verify(request, identifier: str):
    identifier = normalise_identifier(identifier)
    attestation = _attestation(identifier)
    response = render(request, "progress/verify.html", {"attestation": attestation, "identifier": identifier, "checked": True})
    response["X-Robots-Tag"] = "noindex"
    if attestation is None:
        response.status_code = 404
    return response
