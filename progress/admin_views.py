"""Attestations in the Wagtail admin: a list and a revocation form, for Administrateurs only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from accounts import roles

from .models import Attestation
from .services import ProgressError, attestation_revoke


def _require_administrator(request):
    if not roles.can_manage_attestations(request.user):
        raise PermissionDenied


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Motif de la révocation",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Reste interne : la page de vérification publique n'indique que la date de révocation.",
    )


def attestation_list(request):
    _require_administrator(request)
    query = request.GET.get("q", "").strip()
    attestations = Attestation.objects.select_related("user", "completion__course").order_by("-issued_at")
    if query:
        attestations = attestations.filter(
            Q(identifier__icontains=query)
            | Q(user__email__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(completion__course__title__icontains=query)
        )
    return TemplateResponse(
        request,
        "progress/admin/attestation_list.html",
        {"attestations": attestations[:200], "query": query, "header_title": "Attestations"},
    )


def attestation_revoke_view(request, attestation_id: int):
    _require_administrator(request)
    attestation = get_object_or_404(Attestation.objects.select_related("user", "completion__course"), pk=attestation_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attestation_revoke(attestation=attestation, by=request.user, reason=form.cleaned_data["reason"])
        except ProgressError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Attestation {attestation.identifier} révoquée.")
            return redirect("progress_attestations")
    return TemplateResponse(
        request,
        "progress/admin/attestation_revoke.html",
        {"attestation": attestation, "form": form, "header_title": "Révoquer une attestation"},
    )
