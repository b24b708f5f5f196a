"""Snippets: themes (thématiques) and glossary terms, shared by every course, module and lesson."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from accounts.models import Mandate

from ..validators import validate_colour_for_white_text


class ThemeForm(WagtailAdminModelForm):
    mandates = forms.MultipleChoiceField(
        label=_("Mandats concernés"),
        choices=Mandate.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Le tableau de bord suggère les parcours de cette thématique aux élu·es de ces mandats."),
    )


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        default="#1f3a68",
        validators=[validate_colour_for_white_text],
        help_text=_("Couleur de fond des étiquettes, au format #rrggbb ; le texte y est blanc (contraste d'au moins 4,5:1)."),
    )

    # Mandate codes (accounts.Mandate) for which the dashboard suggests the courses of this theme.
    mandates = models.JSONField(_("mandats concernés"), default=list, blank=True)

    base_form_class = ThemeForm
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("colour"), FieldPanel("mandates")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")

    def __str__(self):
        return self.name


class GlossaryTermQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class GlossaryTerm(index.Indexed, models.Model):
    term = models.CharField(_("terme"), max_length=200)
    slug = models.SlugField(
        _("identifiant"),
        max_length=100,
        unique=True,
        help_text=_("Ancre de la page glossaire : /glossaire/#identifiant. Sigle en minuscules s'il existe."),
    )
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    definition = models.TextField(_("définition"), help_text=_("Texte simple, une à trois phrases."))
    source_title = models.CharField(_("titre de la source"), max_length=300, blank=True)
    source_url = models.URLField(_("adresse de la source"), max_length=500, blank=True)

    objects = GlossaryTermQuerySet.as_manager()

    panels = [
        FieldPanel("term"),
        FieldPanel("acronym"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        MultiFieldPanel([FieldPanel("source_title"), FieldPanel("source_url")], heading=_("Source")),
    ]
    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("acronym"),
        index.AutocompleteField("acronym"),
        index.SearchField("definition"),
        # The admin listing sorts search results by the model's ordering: without this, any search
        # there failed (« Cannot sort search results with field "term" »), found by the crafted-URL walk.
        index.FilterField("term"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("termes du glossaire")

    def __str__(self):
        return f"{self.term} ({self.acronym})" if self.acronym else self.term

    @property
    def glossary_url(self) -> str:
        return f"/glossaire/#{self.slug}"
