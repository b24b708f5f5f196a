"""Learner-side filter form (GET, works without JavaScript) and the admin import form."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import Theme

from .models import WebinarCycle, WebinarKind
from .services import MAX_IMPORT_BYTES


class WebinarFilterForm(forms.Form):
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=WebinarCycle.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les cycles"),
    )
    theme = forms.ModelChoiceField(
        label=_("Thématique"),
        queryset=Theme.objects.filter(Q(webinars__isnull=False) | Q(webinar_cycles__isnull=False)).distinct(),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les thématiques"),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Tous les types"))] + WebinarKind.choices, required=False)

    def __init__(self, *args, options=None, **kwargs):
        """`options` (selectors.webinar_filter_options): the cycles and themes offered, read from the
        content cache instead of two queries a page; a value sent is still checked in the database."""
        super().__init__(*args, **kwargs)
        if options is not None:
            for name, choices in (("cycle", options.cycles), ("theme", options.themes)):
                field = self.fields[name]
                field.choices = [("", field.empty_label), *choices]


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Export CSV de l'outil de webinaire"),
        help_text=_("Colonnes : e-mail, nom, minutes de présence ; séparateur ; ou , ; 2 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Le fichier doit être un export CSV (extension .csv)."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo : exportez seulement la liste des participant·es."))
        return upload
