from django import forms


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Code de la session",
        max_length=12,
        help_text="Les 6 caractères affichés à l'écran, par exemple K7QM2X.",
        error_messages={"required": "Saisissez le code affiché à l'écran."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
