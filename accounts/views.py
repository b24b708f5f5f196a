from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .services import user_update_profile


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
