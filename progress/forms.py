"""The public form « Vérifier une attestation »."""

import re

from django import forms

IDENTIFIER = re.compile(r"^[A-Z2-7]{16}$")


def normalise_identifier(identifier: str) -> str:
    """As printed, typed or dictated: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", identifier or "").upper()


class VerifyForm(forms.Form):
    identifier = forms.CharField(
        label="Identifiant de l'attestation",
        help_text="16 caractères, imprimés sous « Identifiant unique » en bas de l'attestation. "
        "Majuscules, minuscules, espaces et tirets sont acceptés.",
        max_length=64,
        error_messages={"required": "Saisissez l'identifiant imprimé sur l'attestation."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_identifier(self) -> str:
        identifier = normalise_identifier(self.cleaned_data["identifier"])
        if not IDENTIFIER.match(identifier):
            raise forms.ValidationError(
                "Cet identifiant n'a pas la bonne forme : il compte 16 caractères, des lettres de A à Z "
                "et des chiffres de 2 à 7 (sans 0, 1, 8 ni 9). Recopiez-le tel qu'il est imprimé."
            )
        return identifier


class AccompanimentMessageForm(forms.Form):
    """A message from a trainer or administrator to a learner (accompaniment log, channel « Message »).
    `cle` is the idempotency key printed in the form: the same form sent twice is recorded once."""

    subject = forms.CharField(
        label="Objet",
        max_length=150,
        error_messages={
            "required": "Indiquez l'objet du message.",
            "max_length": "L'objet compte au plus %(limit_value)d caractères (il en a %(show_value)d).",
        },
    )
    text = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Écrivez le texte du message.",
            "max_length": "Le message compte au plus %(limit_value)d caractères (il en a %(show_value)d).",
        },
    )
    cle = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Le formulaire est incomplet : rechargez la page puis recommencez.",
            "invalid": "Le formulaire est incomplet : rechargez la page puis recommencez.",
        },
    )
