"""Lesson blocks: validation messages in French and rendering of each component."""

import datetime

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.blocks import (
    CaseStudyBlock,
    DocumentBlock,
    FaqBlock,
    GlossaryTermBlock,
    ImageBlock,
    KeyFigureBlock,
    KeyPointsBlock,
    LessonStreamBlock,
    VideoBlock,
)
from tests.factories.courses import GlossaryTermFactory

pytestmark = pytest.mark.django_db


def errors_of(block, data):
    with pytest.raises(ValidationError) as excinfo:
        block.clean(block.to_python(data))
    return excinfo.value


def test_blocks_video_without_transcript_is_refused():
    """A video without a transcript is refused with the RGAA 4.1 message."""
    block = VideoBlock()
    error = errors_of(block, {"title": "Présentation", "url": "https://www.example.org/video", "transcript": "<p> </p>"})
    assert isinstance(error, StructBlockValidationError)
    assert error.block_errors["transcript"].messages == ["La transcription est obligatoire (RGAA 4.1)."]


def test_blocks_video_needs_a_link_or_a_file():
    """A video with a transcript but no source asks for a link or a file."""
    error = errors_of(VideoBlock(), {"title": "Présentation", "transcript": "<p>Bonjour.</p>"})
    assert "Indiquez l'adresse de la vidéo ou choisissez un fichier vidéo." in error.block_errors["url"].messages


def test_blocks_video_with_transcript_is_accepted_and_renders_it_in_details():
    """A valid video keeps its transcript, shown in a native <details>."""
    block = VideoBlock()
    value = block.clean(
        block.to_python({"title": "Présentation", "url": "https://www.example.org/video", "transcript": "<p>Bonjour à tous.</p>"})
    )
    html = block.render(value)
    assert "<details" in html and "Bonjour à tous." in html
    assert "<iframe" not in html


def test_blocks_video_in_a_lesson_body_is_refused_without_transcript():
    """The whole lesson body is invalid when one of its videos has no transcript."""
    stream = LessonStreamBlock()
    value = stream.to_python([{"type": "video", "value": {"title": "Vidéo", "url": "https://www.example.org/v"}}])
    with pytest.raises(ValidationError):
        stream.clean(value)


def test_blocks_image_requires_alt_text_unless_decorative():
    """An informative image needs alternative text; a decorative one does not."""
    image = wagtail_factories.ImageFactory()
    block = ImageBlock()
    error = errors_of(block, {"image": image.pk, "alt": "", "decorative": False})
    assert error.block_errors["alt"].messages == [
        "Le texte alternatif est obligatoire, sauf si l'image est décorative (RGAA 1.1)."
    ]
    decorative = block.clean(block.to_python({"image": image.pk, "alt": "", "decorative": True}))
    assert 'alt=""' in block.render(decorative)
    described = block.clean(block.to_python({"image": image.pk, "alt": "Carte des quartiers", "decorative": False}))
    assert 'alt="Carte des quartiers"' in block.render(described)


def test_blocks_key_figure_says_when_it_is_valid():
    """A key figure shows its source and « valide au 1er janvier 2024 »."""
    block = KeyFigureBlock()
    value = block.to_python(
        {
            "value": "1 362",
            "label": "quartiers prioritaires dans l'Hexagone",
            "source_title": "Décret n° 2023-1314",
            "source_url": "https://www.legifrance.gouv.fr/",
            "valid_at": "2024-01-01",
        }
    )
    html = block.render(value)
    assert "1 362" in html
    assert "valide au 1er janvier 2024" in html
    assert 'href="https://www.legifrance.gouv.fr/"' in html
    value["valid_at"] = datetime.date(2025, 3, 5)
    assert "valide au 5 mars 2025" in block.render(value)


def test_blocks_key_points_render_as_a_callout():
    """« À retenir » renders its title and items."""
    block = KeyPointsBlock()
    html = block.render(block.to_python({"title": "À retenir", "items": ["Premier point", "Second point"]}))
    assert 'class="callout callout--key-points"' in html
    assert "À retenir" in html and "<li>Second point</li>" in html


def test_blocks_case_study_hides_its_analysis_in_details():
    """The analysis of a case study is in a native <details>, after the questions."""
    block = CaseStudyBlock()
    html = block.render(
        block.to_python(
            {"title": "Un cas", "situation": "<p>Situation.</p>", "questions": ["Que faire ?"], "analysis": "<p>Analyse.</p>"}
        )
    )
    assert html.index("Que faire ?") < html.index("<details")
    assert "<summary>Voir l'analyse" in html and "Analyse." in html


def test_blocks_faq_renders_each_question_as_details():
    """Each FAQ item is a <details> whose <summary> is the question."""
    block = FaqBlock()
    html = block.render(
        block.to_python(
            {
                "title": "Questions",
                "items": [{"question": "Q1 ?", "answer": "<p>R1</p>"}, {"question": "Q2 ?", "answer": "<p>R2</p>"}],
            }
        )
    )
    assert html.count("<details") == 2
    assert "<summary>Q1 ?</summary>" in html


def test_blocks_glossary_term_shows_definition_inline_and_links_to_the_glossary():
    """The glossary block shows the term and its definition, and links to /glossaire/#slug."""
    term = GlossaryTermFactory(
        term="Quartier prioritaire", acronym="QPV", slug="qpv", definition="Quartier d'au moins 1 000 habitants."
    )
    block = GlossaryTermBlock()
    html = block.render(block.to_python(term.pk))
    assert "Quartier prioritaire (QPV)" in html
    assert "Quartier d&#x27;au moins 1 000 habitants." in html
    assert 'href="/glossaire/#qpv"' in html


def test_blocks_document_shows_format_and_size():
    """A download says its format and weight."""
    document = wagtail_factories.DocumentFactory(
        title="Guide du contrat de ville", file__filename="guide.pdf", file__data=b"%" * 2048
    )
    block = DocumentBlock()
    html = block.render(block.to_python({"document": document.pk, "title": "", "description": ""}))
    assert "Télécharger « Guide du contrat de ville »" in html
    assert "(PDF, 2,0\xa0Kio)" in html  # Django's French file sizes: octets, Kio, Mio


def test_blocks_every_block_has_icon_template_description_and_preview():
    """Each block of the lesson body is documented for editors and previewable."""
    for name, block in LessonStreamBlock().child_blocks.items():
        assert block.meta.icon and block.meta.icon != "placeholder", name
        assert block.meta.template.startswith("blocks/"), name
        assert block.get_description(), name
        assert hasattr(block.meta, "preview_value"), name
