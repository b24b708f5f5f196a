"""Images of a module's lessons are printed in its PDF handout, read through the media storage; the
PDF renderer fetches nothing else."""

import io

import pytest
import wagtail_factories
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from tests.factories.courses import LessonPageFactory, module_with_lessons
from trainers.handouts import _handout_url_fetcher, render_handout_pdf

pytestmark = pytest.mark.django_db


def module_with_an_image(sections):
    module = module_with_lessons(parent=sections.library, title="Le quartier en cartes", lessons=0)
    image = wagtail_factories.ImageFactory(title="Carte du quartier")
    LessonPageFactory(
        parent=module,
        title="Lire la carte",
        body=[{"type": "image", "value": {"image": image.pk, "alt": "Carte du quartier prioritaire", "decorative": False}}],
    )
    return module


def pdf_image_count(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def test_handout_pdf_prints_the_lesson_images(media_root, sections):
    module = module_with_an_image(sections)
    assert pdf_image_count(render_handout_pdf(module=module, answers=False)) >= 1


@pytest.mark.parametrize(
    "url",
    [
        "https://exemple.org/carte.png",
        "file:///etc/passwd",
        "file:///media/../../etc/passwd",
        "http://127.0.0.1:8000/media/x.png",
    ],
)
def test_handout_renderer_refuses_other_urls(url):
    with pytest.raises(URLFetchingError):
        _handout_url_fetcher().fetch(url)
