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


class ProfileSignupForm(ProfileFieldsMixin):
    """Extra fields on allauth's sign-up form; allauth calls `signup()` once the user exists."""

    def signup(self, request, user):
        from .services import user_complete_signup

        user_complete_signup(user=user, profile=self.cleaned_data)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "collectivite", "mandate", "region", "reminders_enabled"]
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
