from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.sites import needs_no_site

from .forms import AccountDeleteForm, ProfileForm
from .models import DataExport
from .services import data_export_request, user_erase, user_update_profile


@login_required
def profile(request):
    # A fresh copy: an invalid form must not alter the signed-in user shown in the header.
    form = ProfileForm(request.POST or None, instance=get_user_model().objects.get(pk=request.user.pk))
    if request.method == "POST":
        if form.is_valid():
            user_update_profile(user=request.user, data=form.cleaned_data)
            messages.success(request, _("Votre profil a été enregistré."))
            return redirect("accounts:profile")
        messages.error(request, _("Le profil n'a pas été enregistré : corrigez les champs signalés."))
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_POST
def data_export_create(request):
    data_export_request(user=request.user)
    messages.success(
        request,
        _("Votre demande est enregistrée. Vous recevrez un e-mail avec un lien pour télécharger vos données, valable 7 jours."),
    )
    return redirect("accounts:profile")


@needs_no_site  # a file: the site is read only for a 404 page, when it asks for it
@login_required
def data_export_download(request, public_id):
    # Someone else's export, an expired one or one not built yet: the same 404, nothing revealed.
    export = get_object_or_404(
        DataExport, public_id=public_id, user=request.user, ready_at__isnull=False, expires_at__gt=timezone.now()
    )
    if not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"), content_type="application/json", as_attachment=True, filename="mes-donnees-elus-quartiers.json"
    )


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_erase(user=request.user)
        logout(request)
        return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form})


def account_deleted(request):
    return render(request, "accounts/deleted.html")
