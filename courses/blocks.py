"""The lesson body: the shared blocks of `core.blocks`, the glossary term (a courses snippet) and the
blocks that other apps contribute through `core.registry` (quizzes' quiz card, webinars' session
card), so that courses needs no import of those apps."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core import registry
from core.blocks import (
    PREVIEW_TEMPLATE,
    CaseStudyBlock,
    DocumentBlock,
    FaqBlock,
    HeadingBlock,
    ImageBlock,
    KeyFigureBlock,
    KeyFiguresChartBlock,
    KeyPointsBlock,
    ParagraphBlock,
    QuoteBlock,
    ResourceLinkBlock,
    VideoBlock,
)


def _first_glossary_term():
    """A preview value built from whatever the database holds (choosers need a real object)."""
    return apps.get_model("courses", "GlossaryTerm").objects.order_by("pk").first()


class GlossaryTermBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("courses.GlossaryTerm", **kwargs)

    class Meta:
        icon = "help"
        label = _("terme du glossaire")
        template = "blocks/glossary_term.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Affiche un terme et sa définition dans la leçon, avec un lien vers le glossaire.")
        preview_value = staticmethod(_first_glossary_term)


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    key_points = KeyPointsBlock()
    key_figure = KeyFigureBlock()
    key_figures_chart = KeyFiguresChartBlock()
    quote = QuoteBlock()
    case_study = CaseStudyBlock()
    faq = FaqBlock()
    resource_link = ResourceLinkBlock()
    glossary_term = GlossaryTermBlock()

    def __init__(self, local_blocks=None, **kwargs):
        # The contributed blocks (quiz, webinar…) follow the declared ones, in the order their apps
        # registered them. The page model passes this class, not an instance, to its StreamField, so
        # that the block is built once every app is ready.
        super().__init__(local_blocks=[*registry.lesson_blocks(), *(local_blocks or [])], **kwargs)

    class Meta:
        block_counts = {}


class ObjectivesBlock(blocks.StreamBlock):
    """Learning objectives, one per item, for courses and modules."""

    objective = blocks.CharBlock(label=_("objectif"), icon="tick", max_length=300)

    class Meta:
        icon = "tick"
