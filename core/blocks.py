"""The shared blocks of lesson bodies (and any future content that needs the same components).

The lesson body itself (courses.blocks.LessonStreamBlock) adds these, the glossary term, and the
blocks upper apps contribute through `core.registry` (quiz, webinar).

Every block has an icon, a template in templates/blocks/, a description and a preview value for the
block picker. Blocks that validate their content (image, video) raise French messages that name the
rule they enforce.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from .numbers import french_long_date, french_number

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]
PREVIEW_TEMPLATE = "blocks/preview.html"

ALT_REQUIRED = _("Le texte alternatif est obligatoire, sauf si l'image est décorative (RGAA 1.1).")
TRANSCRIPT_REQUIRED = _("La transcription est obligatoire (RGAA 4.1).")
VIDEO_SOURCE_REQUIRED = _("Indiquez l'adresse de la vidéo ou choisissez un fichier vidéo.")


def _first_image():
    """Preview values are built from whatever the database holds (choosers need a real object)."""
    return get_image_model().objects.order_by("pk").first()


def _first_document():
    return get_document_model().objects.order_by("pk").first()


def _rich_text_is_empty(value) -> bool:
    from django.utils.html import strip_tags

    source = getattr(value, "source", value) or ""
    return not strip_tags(source).replace("&nbsp;", " ").strip()


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("intertitre")
        form_classname = "title"
        template = "blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Un intertitre de section (niveau 2) : il structure la leçon pour les lecteurs d'écran.")
        preview_value = "Un critère unique, le revenu"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("paragraphe")
        template = "blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "Du texte courant : gras, italique, liens et listes. Liez la première occurrence d'un sigle au glossaire."
        )
        preview_value = (
            "<p>Depuis la loi Lamy de 2014, un quartier prioritaire est défini à partir d'un seul critère : "
            "le <strong>revenu</strong> de ses habitants.</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("texte alternatif"),
        required=False,
        max_length=250,
        help_text=_("Ce que l'image apporte au propos, pour qui ne la voit pas. Obligatoire sauf image décorative."),
    )
    decorative = blocks.BooleanBlock(
        label=_("image décorative"),
        required=False,
        help_text=_("Cochez seulement si l'image n'apporte aucune information : elle sera ignorée des lecteurs d'écran."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=300)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt") or "").strip():
            raise StructBlockValidationError(block_errors={"alt": ValidationError(ALT_REQUIRED, code="alt_required")})
        return value

    class Meta:
        icon = "image"
        label = _("image")
        template = "blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Une image avec son texte alternatif (obligatoire sauf image décorative) et une légende facultative.")
        preview_value = staticmethod(
            lambda: {"image": _first_image(), "alt": "Carte des quartiers prioritaires", "decorative": False}
        )


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    url = blocks.URLBlock(
        label=_("adresse de la vidéo en ligne"),
        required=False,
        help_text=_(
            "Lien vers la vidéo sur le site qui l'héberge ; elle s'ouvre sur ce site (aucun lecteur tiers n'est intégré)."
        ),
    )
    video_file = DocumentChooserBlock(
        label=_("fichier vidéo"), required=False, help_text=_("Un fichier MP4 ou WebM déposé dans les documents.")
    )
    captions = DocumentChooserBlock(
        label=_("sous-titres (fichier .vtt)"), required=False, help_text=_("Facultatif mais recommandé (RGAA 4.3).")
    )
    transcript = blocks.RichTextBlock(
        label=_("transcription"),
        features=PARAGRAPH_FEATURES,
        required=False,
        help_text=_("Obligatoire : tout ce qui est dit et montré dans la vidéo, en texte (RGAA 4.1)."),
    )

    def clean(self, value):
        errors = {}
        if _rich_text_is_empty(value.get("transcript")):
            errors["transcript"] = ValidationError(TRANSCRIPT_REQUIRED, code="transcript_required")
        if not value.get("url") and not value.get("video_file"):
            errors["url"] = ValidationError(VIDEO_SOURCE_REQUIRED, code="video_source_required")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return super().clean(value)

    class Meta:
        icon = "media"
        label = _("vidéo")
        template = "blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Une vidéo (lien ou fichier) avec sa transcription obligatoire et des sous-titres facultatifs.")
        preview_value = {
            "title": "Présentation du contrat de ville",
            "url": "https://www.example.org/video",
            "transcript": "<p>Transcription intégrale de la vidéo.</p>",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("intitulé"), required=False, max_length=200, help_text=_("Par défaut, le titre du document.")
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("document à télécharger")
        template = "blocks/document.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Un document à télécharger : son format et son poids sont affichés automatiquement.")
        preview_value = staticmethod(lambda: {"document": _first_document(), "title": "Guide du contrat de ville"})


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), default="À retenir", max_length=100)
    items = blocks.ListBlock(blocks.CharBlock(label=_("point clé")), label=_("points clés"), min_num=1)

    class Meta:
        icon = "pick"
        label = _("« À retenir »")
        template = "blocks/key_points.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("L'encadré « À retenir » : l'essentiel de la leçon en quelques points. Au moins un par leçon.")
        preview_value = {
            "title": "À retenir",
            "items": [
                "Le revenu est le seul critère.",
                "1 362 quartiers prioritaires dans l'Hexagone depuis le 1er janvier 2024.",
            ],
        }


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("chiffre"), max_length=40, help_text=_("Par exemple « 1 362 » ou « 5,3 millions »."))
    label = blocks.CharBlock(label=_("ce qu'il mesure"), max_length=250)
    source_title = blocks.CharBlock(label=_("source"), max_length=300)
    source_url = blocks.URLBlock(label=_("adresse de la source"), required=False)
    valid_at = blocks.DateBlock(
        label=_("valide au"), required=False, help_text=_("La date à laquelle le chiffre est vrai : un chiffre vieillit.")
    )

    class Meta:
        icon = "order"
        label = _("chiffre clé")
        template = "blocks/key_figure.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Un chiffre mis en avant, toujours avec sa source et la date à laquelle il est valide.")
        preview_value = {
            "value": "1 362",
            "label": "quartiers prioritaires dans l'Hexagone",
            "source_title": "Décret n° 2023-1314 du 28 décembre 2023",
            "valid_at": datetime.date(2024, 1, 1),
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur ou fonction"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("citation")
        template = "blocks/quote.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Une citation et son attribution (une fonction plutôt qu'une personne inventée).")
        preview_value = {
            "text": "Le conseil citoyen nous a fait changer l'ordre des priorités du contrat de ville.",
            "attribution": "Une adjointe à la politique de la ville",
        }


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    situation = blocks.RichTextBlock(label=_("situation"), features=PARAGRAPH_FEATURES)
    questions = blocks.ListBlock(blocks.CharBlock(label=_("question")), label=_("questions"), min_num=1)
    analysis = blocks.RichTextBlock(
        label=_("analyse"),
        features=PARAGRAPH_FEATURES,
        help_text=_("Repliée par défaut : l'apprenant la déplie après avoir réfléchi."),
    )

    class Meta:
        icon = "group"
        label = _("cas pratique")
        template = "blocks/case_study.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Une situation de terrain, des questions, et une analyse que l'apprenant déplie après avoir réfléchi.")
        preview_value = {
            "title": "« Pourquoi pas nous ? »",
            "situation": "<p>Des locataires d'une résidence voisine d'un quartier prioritaire vous écrivent.</p>",
            "questions": ["Quels critères pouvez-vous expliquer simplement ?"],
            "analysis": "<p>Le classement dépend du revenu médian des habitants, pas de l'aspect des immeubles.</p>",
        }


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("réponse"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        label = _("question")


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=200, default="Questions fréquentes")
    items = blocks.ListBlock(FaqItemBlock(), label=_("questions et réponses"), min_num=1)

    class Meta:
        icon = "help"
        label = _("questions fréquentes")
        template = "blocks/faq.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Des questions et réponses repliables (accordéon natif, utilisable au clavier).")
        preview_value = {
            "title": "Questions fréquentes",
            "items": [
                {
                    "question": "Pourquoi lit-on parfois « 1 514 quartiers » ?",
                    "answer": "<p>C'était le total de la première carte, outre-mer compris.</p>",
                }
            ],
        }


class ResourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    url = blocks.URLBlock(label=_("adresse"))
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "link"
        label = _("ressource")
        template = "blocks/resource_link.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Une carte qui renvoie vers une ressource utile : site officiel, guide, rapport.")
        preview_value = {
            "title": "SIG Ville",
            "url": "https://sig.ville.gouv.fr",
            "description": "Vérifier si une adresse se trouve dans un quartier prioritaire.",
        }


CHART_MIN_ITEMS, CHART_MAX_ITEMS = 2, 8
CHART_NEEDS_A_POSITIVE_VALUE = _("Au moins une valeur doit être supérieure à zéro pour tracer les barres.")
CHART_DUPLICATE_LABEL = _("Chaque barre a son propre libellé : « %(label)s » apparaît deux fois.")
# Geometry of the server-drawn chart, in CSS pixels per row; widths are percentages so that the chart
# follows the column's width without scaling its text (no viewBox: the text stays at body size on a phone).
CHART_ROW_HEIGHT = 56
CHART_BAR_HEIGHT = 18
CHART_TRACK_WIDTH = 72  # % of the width for the bars; the rest holds the values, right-aligned


class ChartItemBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("libellé"), max_length=60, help_text=_("Par exemple « Bretagne » ou « 2023 »."))
    value = blocks.DecimalBlock(
        label=_("valeur"), min_value=0, max_digits=14, decimal_places=3, help_text=_("Un nombre positif, sans l'unité.")
    )

    class Meta:
        icon = "order"
        label = _("barre")


class ChartSourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("source"), max_length=300)
    url = blocks.URLBlock(label=_("adresse de la source"), required=False)

    class Meta:
        icon = "link"
        label = _("source")


class KeyFiguresChartBlock(blocks.StructBlock):
    """« Chiffres clés »: a few figures that compare, drawn as a bar chart on the server (SVG, no script),
    with the same figures in a table, their « valide au » date and their sources."""

    title = blocks.CharBlock(label=_("titre"), max_length=200, help_text=_("Ce que les barres comparent."))
    unit = blocks.CharBlock(
        label=_("unité"), required=False, max_length=20, help_text=_("Affichée après chaque valeur : « % », « M€ », « jours »…")
    )
    category = blocks.CharBlock(
        label=_("intitulé des libellés"),
        required=False,
        max_length=60,
        help_text=_("L'en-tête de la première colonne du tableau : « Territoire », « Année »…"),
    )
    items = blocks.ListBlock(ChartItemBlock(), label=_("barres"), min_num=CHART_MIN_ITEMS, max_num=CHART_MAX_ITEMS)
    valid_at = blocks.DateBlock(label=_("valide au"), help_text=_("La date à laquelle ces chiffres sont vrais."))
    sources = blocks.ListBlock(ChartSourceBlock(), label=_("sources"), min_num=1)
    note = blocks.TextBlock(label=_("précision"), required=False, help_text=_("Champ, méthode ou limite des chiffres."))

    def clean(self, value):
        value = super().clean(value)
        values = [item["value"] for item in value["items"]]
        if values and max(values) <= 0:
            raise StructBlockValidationError(
                block_errors={"items": ValidationError(CHART_NEEDS_A_POSITIVE_VALUE, code="chart_no_positive_value")}
            )
        seen = set()
        for item in value["items"]:
            label = item["label"].strip().casefold()
            if label in seen:
                raise StructBlockValidationError(
                    block_errors={
                        "items": ValidationError(
                            CHART_DUPLICATE_LABEL, code="chart_duplicate_label", params={"label": item["label"]}
                        )
                    }
                )
            seen.add(label)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(chart_rows(value))
        return context

    class Meta:
        icon = "table"
        label = _("chiffres clés (graphique)")
        template = "blocks/key_figures_chart.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "Quelques chiffres qui se comparent, en barres et en tableau, avec leur date de validité et leurs sources."
        )
        preview_value = {
            "title": "Part de la population vivant en quartier prioritaire",
            "unit": "%",
            "category": "Territoire",
            "items": [
                {"label": "Bretagne", "value": Decimal("2.8")},
                {"label": "Pays de la Loire", "value": Decimal("4")},
                {"label": "France métropolitaine", "value": Decimal("8")},
            ],
            "valid_at": datetime.date(2024, 1, 1),
            "sources": [{"title": "Insee Flash Bretagne n° 108", "url": "https://www.insee.fr/fr/statistiques/8314262"}],
        }


def chart_rows(value) -> dict:
    """What the chart template draws: each row's label, French value, bar width and position; the text
    alternative of the drawing; the date in French. Bars start at zero and the largest fills the track."""
    unit = (value.get("unit") or "").strip()
    items = list(value.get("items") or [])
    largest = max((item["value"] for item in items), default=0) or 1
    rows = []
    for index, item in enumerate(items):
        number = french_number(item["value"])
        rows.append(
            {
                "label": item["label"],
                "value": f"{number}\u00a0{unit}" if unit else number,
                # Written with a dot whatever the locale: these go into SVG attributes.
                "percent": f"{Decimal(item['value']) * 100 / Decimal(largest):.2f}",
                "label_y": index * CHART_ROW_HEIGHT + 16,
                "bar_y": index * CHART_ROW_HEIGHT + 24,
                "value_y": index * CHART_ROW_HEIGHT + 24 + CHART_BAR_HEIGHT - 4,
            }
        )
    valid_at = value.get("valid_at")
    return {
        "rows": rows,
        "chart_height": len(rows) * CHART_ROW_HEIGHT,
        "bar_height": CHART_BAR_HEIGHT,
        "track_width": CHART_TRACK_WIDTH,
        "valid_at_label": french_long_date(valid_at) if valid_at else "",
        "summary": f"{value.get('title')} : " + " ; ".join(f"{row['label']}, {row['value']}" for row in rows) + ".",
    }
