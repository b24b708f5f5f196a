"""Learner-side forms: GET forms that work without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Theme
from .selectors import DurationRange


class CatalogueFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thématique"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les thématiques"),
    )
    duree = forms.ChoiceField(
        label=_("Durée"),
        choices=[("", _("Toutes les durées"))] + DurationRange.choices,
        required=False,
    )

    def __init__(self, *args, themes=None, **kwargs):
        """`themes` (selectors.theme_choices): the (slug, name) pairs offered, read from the content
        cache instead of a query a page; a value sent is still checked in the database."""
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"].choices = [("", self.fields["theme"].empty_label), *themes]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher un parcours, un module, une leçon ou un terme"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "true"}),
    )
