"""The page tree of the learning content.

HomePage → CourseIndexPage (« Parcours ») → CoursePage
HomePage → ModuleLibraryPage (« Bibliothèque de modules ») → [ModuleSectionPage →] ModulePage → LessonPage
HomePage → GlossaryPage

A module lives once in the library; a course lists modules in order through CourseModule. Pages stay
thin: what they show comes from courses.selectors.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.ancestry import RestrictionsFromChainMixin

from ..blocks import LessonStreamBlock, ObjectivesBlock

DUPLICATE_MODULE = _("Ce module figure déjà dans ce parcours.")
COURSE_QUERY_PARAMETER = "parcours"


class Licence(models.TextChoices):
    LICENCE_OUVERTE_2 = "licence-ouverte-2", _("Licence Ouverte 2.0 (Etalab)")
    CC_BY_SA_4 = "cc-by-sa-4", _("Creative Commons Attribution – Partage dans les mêmes conditions 4.0 (CC BY-SA 4.0)")
    ALL_RIGHTS_RESERVED = "tous-droits-reserves", _("Tous droits réservés")


LICENCE_URLS = {
    Licence.LICENCE_OUVERTE_2: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
}


class CourseIndexPage(RestrictionsFromChainMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue des parcours")
        verbose_name_plural = _("catalogues des parcours")

    def get_context(self, request, *args, **kwargs):
        from core.pagination import paginate

        from ..forms import CatalogueFilterForm
        from ..selectors import CATALOGUE_PER_PAGE, catalogue_ids, course_cards, theme_choices

        context = super().get_context(request, *args, **kwargs)
        form = CatalogueFilterForm(request.GET, themes=theme_choices())
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["filtered"] = bool(filters.get("theme") or filters.get("duree"))
        # Only the cards of the page asked for are read and shown: the page costs the same whatever
        # the size of the catalogue (issue #19).
        ids = catalogue_ids(index=self, theme=filters.get("theme"), duration=filters.get("duree") or None)
        pagination = paginate(request, total=len(ids), per_page=CATALOGUE_PER_PAGE)
        context["pagination"] = pagination
        context["cards"] = course_cards(ids[pagination.start : pagination.stop])
        return context


class CoursePageForm(WagtailAdminPageForm):
    """Refuses the same module twice in one course, with a message next to the repeated module."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("course_modules")
        if formset is None:
            return cleaned_data
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or (formset.can_delete and formset._should_delete_form(form)):
                continue
            module = form.cleaned_data.get("module")
            if module is None:
                continue
            if module.pk in seen:
                form.add_error("module", DUPLICATE_MODULE)
            seen.add(module.pk)
        return cleaned_data


class CoursePage(RestrictionsFromChainMixin, Page):
    summary = models.TextField(
        _("résumé"), max_length=500, help_text=_("Une ou deux phrases, affichées sur la carte du catalogue.")
    )
    objectives = StreamField(ObjectivesBlock(), blank=True, verbose_name=_("objectifs"))
    audience = models.TextField(_("public"), blank=True)
    prerequisites = models.TextField(_("prérequis"), blank=True)
    themes = ParentalManyToManyField("courses.Theme", blank=True, related_name="courses", verbose_name=_("thématiques"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    final_quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("quiz final"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="final_of_courses",
        help_text=_("Facultatif. S'il existe, le parcours est terminé quand ce quiz est réussi."),
    )

    base_form_class = CoursePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("objectives"),
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("prerequisites")], heading=_("Public et prérequis")),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "course_modules",
            heading=_("Modules du parcours"),
            label=_("module"),
            help_text=_("Les modules viennent de la bibliothèque ; un même module peut figurer dans plusieurs parcours."),
        ),
        FieldPanel("final_quiz"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("audience"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_outline, course_themes

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(course=self)
        context["themes"] = course_themes(course=self)
        context["course_query"] = f"?{COURSE_QUERY_PARAMETER}={self.slug}"
        return context


class CourseModule(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="course_modules")
    module = models.ForeignKey(
        "courses.ModulePage", verbose_name=_("module"), on_delete=models.CASCADE, related_name="course_links"
    )

    panels = [FieldPanel("module")]

    class Meta(Orderable.Meta):
        verbose_name = _("module du parcours")
        verbose_name_plural = _("modules du parcours")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "module"], name="courses_coursemodule_unique_module", violation_error_message=DUPLICATE_MODULE
            )
        ]

    def __str__(self):
        return f"{self.page} — {self.module}"


class ModuleLibraryPage(RestrictionsFromChainMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ModulePage", "courses.ModuleSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("bibliothèque de modules")
        verbose_name_plural = _("bibliothèques de modules")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import module_cards, sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections(library=self)
        context["module_cards"] = module_cards(parent=self)
        return context


class ModuleSectionPage(RestrictionsFromChainMixin, Page):
    """A section of the library (e.g. « Laïcité ») so that page permissions can be given on its subtree."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["courses.ModuleLibraryPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("section de la bibliothèque")
        verbose_name_plural = _("sections de la bibliothèque")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import module_cards

        context = super().get_context(request, *args, **kwargs)
        context["module_cards"] = module_cards(parent=self)
        return context


class ModulePage(RestrictionsFromChainMixin, Page):
    summary = models.TextField(_("résumé"), max_length=600)
    objectives = StreamField(ObjectivesBlock(), blank=True, verbose_name=_("objectifs"))
    themes = ParentalManyToManyField("courses.Theme", blank=True, related_name="modules", verbose_name=_("thématiques"))
    authors = models.CharField(_("auteurs"), max_length=300, help_text=_("Personnes ou organisme qui ont rédigé le module."))
    licence = models.CharField(_("licence"), max_length=32, choices=Licence.choices, default=Licence.LICENCE_OUVERTE_2)
    version_date = models.DateField(_("date de version"), default=timezone.localdate)
    adapted_from = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("adapté de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
        help_text=_("Rempli automatiquement quand le module est une copie adaptée d'un autre module."),
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("quiz de fin de module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="end_of_modules",
        help_text=_("Facultatif. S'il existe, le module est terminé quand ce quiz est réussi."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("quiz"),
        MultiFieldPanel(
            [FieldPanel("authors"), FieldPanel("licence"), FieldPanel("version_date"), FieldPanel("adapted_from")],
            heading=_("Provenance et licence"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("authors"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    parent_page_types = ["courses.ModuleLibraryPage", "courses.ModuleSectionPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import module_details

        context = super().get_context(request, *args, **kwargs)
        context["details"] = module_details(module=self)
        return context


class LessonPage(RestrictionsFromChainMixin, Page):
    estimated_minutes = models.PositiveSmallIntegerField(
        _("durée estimée (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=_("Temps de lecture et d'activité ; la durée des modules et des parcours en est la somme."),
    )
    body = StreamField(LessonStreamBlock, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("leçon")
        verbose_name_plural = _("leçons")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_outline_by_slug, lesson_navigation, lesson_next_step, module_quiz_after_lesson

        context = super().get_context(request, *args, **kwargs)
        outline = course_outline_by_slug(slug=request.GET.get(COURSE_QUERY_PARAMETER, ""))
        course = outline.course if outline else None
        context["navigation"] = lesson_navigation(lesson=self, course=course, outline=outline)
        context["module_quiz"] = module_quiz_after_lesson(navigation=context["navigation"])
        context["next_step"] = lesson_next_step(
            navigation=context["navigation"],
            module_quiz=context["module_quiz"],
            user=getattr(request, "user", None),
            back=request.get_full_path(),
        )
        return context


class GlossaryPage(RestrictionsFromChainMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("glossaire")
        verbose_name_plural = _("glossaires")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import glossary_by_letter

        context = super().get_context(request, *args, **kwargs)
        context["letters"] = glossary_by_letter()
        return context
