"""Proof of completion, thin views over progress.proof: « relancer », « certificat de réalisation » and
« dossier de preuve » from the learner report (admin), and the certificate download for its learner.

Who may act is progress.proof's business (accounts.roles underneath): the learner's administrators and
the trainers of the course. Someone else gets a 404, as for the learner report itself."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import roles
from courses.models import CoursePage

from .forms import AccompanimentMessageForm, normalise_identifier
from .models import Certificate, ProofFile
from .proof import (
    ProofError,
    can_download_proof_file,
    can_open_certificate,
    certificate_issue,
    learner_message,
    learner_relaunch,
    proof_file_request,
)


def _learner_and_course(request, public_id, course_id):
    if not roles.can_view_reports(request.user):
        raise PermissionDenied
    course = get_object_or_404(CoursePage.objects.defer_streamfields(), pk=course_id)
    learner = get_object_or_404(roles.learners_visible_to(request.user, course=course), public_id=public_id)
    return learner, course


def _back(learner, course):
    return redirect(reverse("progress_report_learner", args=[learner.public_id]) + f"#preuve-{course.pk}")


@require_POST
def relaunch(request, public_id, course_id: int):
    learner, course = _learner_and_course(request, public_id, course_id)
    try:
        learner_relaunch(sender=request.user, learner=learner, course=course, message=request.POST.get("message", ""))
    except ProofError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Relance envoyée par e-mail ; elle figure dans le journal d'accompagnement.")
    return _back(learner, course)


def message(request, public_id, course_id: int):
    """« Écrire un message » to the learner (the form is also in the learner report's proof panel): sent by
    e-mail and recorded in the accompaniment log. Bad input: the form again, with French errors."""
    learner, course = _learner_and_course(request, public_id, course_id)
    form = AccompanimentMessageForm(request.POST if request.method == "POST" else None, initial={"cle": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            _entry, sent = learner_message(
                sender=request.user,
                learner=learner,
                course=course,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                key=form.cleaned_data["cle"].hex,
            )
        except ProofError as error:
            form.add_error(None, error.message)
        else:
            if sent:
                messages.success(request, "Message envoyé par e-mail ; il figure dans le journal d'accompagnement.")
            else:
                messages.info(request, "Ce message avait déjà été envoyé : il n'a pas été envoyé une seconde fois.")
            return _back(learner, course)
    return TemplateResponse(
        request,
        "progress/admin/message.html",
        {"learner": learner, "course": course, "form": form, "header_title": "Écrire un message"},
        status=400 if form.is_bound else 200,
    )


@require_POST
def certificate_create(request, public_id, course_id: int):
    learner, course = _learner_and_course(request, public_id, course_id)
    try:
        certificate = certificate_issue(
            issuer=request.user, learner=learner, course=course, partial_reason=request.POST.get("motif", "")
        )
    except ProofError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Certificat de réalisation n° {certificate.identifier} délivré.")
    return _back(learner, course)


@require_POST
def proof_file_learner(request, public_id, course_id: int):
    learner, course = _learner_and_course(request, public_id, course_id)
    try:
        proof_file_request(requester=request.user, course=course, learner=learner)
    except ProofError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Dossier de preuve demandé : vous recevrez un e-mail avec le lien dès qu'il sera prêt.")
    return _back(learner, course)


@require_POST
def proof_file_cohort(request, course_id: int):
    if not roles.can_view_reports(request.user):
        raise PermissionDenied
    course = get_object_or_404(roles.courses_visible_to(request.user, CoursePage.objects.defer_streamfields()), pk=course_id)
    try:
        proof_file_request(requester=request.user, course=course)
    except ProofError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Dossier de preuve de la promotion demandé : vous recevrez un e-mail avec le lien.")
    return redirect("progress_report_course", course.pk)


def proof_file_download(request, public_id):
    proof = ProofFile.objects.filter(public_id=public_id).first()
    if proof is None or not can_download_proof_file(request.user, proof) or not proof.is_downloadable:
        raise Http404("Dossier de preuve introuvable")
    return FileResponse(
        proof.file.open("rb"), content_type="application/zip", as_attachment=True, filename=proof.file.name.rsplit("/", 1)[-1]
    )


def _certificate_response(certificate):
    return FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificat-de-realisation-{certificate.identifier}.pdf",
    )


def certificate_pdf_admin(request, identifier: str):
    certificate = Certificate.objects.filter(identifier=normalise_identifier(identifier)).select_related("course").first()
    if certificate is None or not certificate.pdf or not can_open_certificate(request.user, certificate):
        raise Http404("Certificat introuvable")
    return _certificate_response(certificate)


@login_required
def certificate_pdf(request, identifier: str):
    """The learner's own certificate, from « Mon parcours »."""
    certificate = Certificate.objects.filter(identifier=normalise_identifier(identifier), user=request.user).first()
    if certificate is None or not certificate.pdf:
        raise Http404("Certificat introuvable")
    return _certificate_response(certificate)
