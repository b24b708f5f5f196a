from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileFieldsMixin(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    collectivite = forms.CharField(
        label=_("Collectivité (facultatif)"),
        max_length=150,
        required=False,
        help_text=_("Commune ou intercommunalité, par exemple « Rennes Métropole »."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    mandate = forms.ChoiceField(
        label=_("Mandat (facultatif)"),
        required=False,
        choices=[("", _("— Non précisé —"))] + User._meta.get_field("mandate").choices,
    )
    region = forms.ChoiceField(
        label=_("Région (facultatif)"),
        required=False,
        choices=[("", _("— Non précisée —"))] + User._meta.get_field("region").choices,
    )
    departement = forms.ChoiceField(
        label=_("Département (facultatif)"),
        required=False,
        choices=[("", _("— Non précisé —"))] + User._meta.get_field("departement").choices,
    )


class ProfileSignupForm(ProfileFieldsMixin):
    """Extra fields on allauth's sign-up form; allauth calls `signup()` once the user exists."""

    def signup(self, request, user):
        from .services import user_complete_signup

        user_complete_signup(user=user, profile=self.cleaned_data)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "collectivite", "mandate", "region", "departement", "reminders_enabled"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "collectivite": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        labels = {"first_name": _("Prénom"), "last_name": _("Nom")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


class AccountDeleteForm(forms.Form):
    """Deleting an account cannot be undone: the person types their address and, if they have one, their password."""

    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Recopiez l'adresse de votre compte pour confirmer."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Votre mot de passe"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte, ma progression nominative et mes réponses seront supprimés définitivement.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            # Accounts used only with e-mailed codes: the typed address and the box are the confirmation.
            del self.fields["password"]

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email != self.user.email:
            raise forms.ValidationError(_("Cette adresse n'est pas celle de votre compte."))
        return email

    def clean_password(self):
        password = self.cleaned_data.get("password") or ""
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Le mot de passe est incorrect."))
        return password
