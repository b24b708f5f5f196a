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
