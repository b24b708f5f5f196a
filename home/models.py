from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.ancestry import page_by_url_path

from .blocks import LegalIdentityBlock

SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HomePage(Page):
    hero_title = models.CharField(_("titre d'accroche"), max_length=200)
    hero_text = models.TextField(_("texte d'accroche"), blank=True)
    intro = RichTextField(_("présentation"), features=SIMPLE_RICH_TEXT_FEATURES, blank=True)
    how_it_works = StreamField(
        [
            (
                "step",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label=_("titre"))),
                        ("text", blocks.TextBlock(label=_("texte"))),
                    ],
                    icon="list-ol",
                    label=_("étape"),
                ),
            )
        ],
        blank=True,
        verbose_name=_("comment ça marche"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Accroche")),
        FieldPanel("intro"),
        FieldPanel("how_it_works"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        # Wagtail walks the tree one slug at a time, two queries per level; a lesson three levels
        # down cost six. The whole path is found at once by url_path (the slug filter uses its
        # index), with its ancestors for the view-restriction check and the breadcrumb
        # (core.ancestry); a sub-URL of a routable page, or no match, falls back to Wagtail's walk.
        if path_components:
            page = page_by_url_path(home=self, path_components=path_components)
            if page is not None:
                # The site's root paths, read with the site (core.middleware.CachedSiteMiddleware):
                # the page's own URL, when it links to itself (a quiz's way back to its course), then
                # costs no read of Redis.
                root_paths = getattr(request, "_wagtail_cached_site_root_paths", None)
                if root_paths is not None:
                    page._wagtail_cached_site_root_paths = root_paths
                return page.route(request, [])
        return super().route(request, path_components)

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import featured_courses
        from progress.selectors import learner_has_started

        context = super().get_context(request, *args, **kwargs)
        context["featured_courses"] = featured_courses(count=3)
        context["learner_started"] = learner_has_started(user=getattr(request, "user", None))
        return context


class StandardPage(Page):
    """Legal and information pages: mentions légales, accessibilité, données personnelles…

    The operator's identity comes from the site settings through « identité de l'éditeur » blocks
    (home.blocks); headings and paragraphs carry the editorial text."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("intertitre"), icon="title", form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("paragraphe"), features=SIMPLE_RICH_TEXT_FEATURES + ["h3"])),
            ("identity", LegalIdentityBlock()),
        ],
        verbose_name=_("contenu"),
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")
