"""SVG illustrations: one file with whole-number sizes, never a srcset browsers would reject."""

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.images.models import Image

from tests.factories.courses import course_with_modules, module_with_lessons

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360"><rect width="640" height="360" fill="#eee"/></svg>'


def test_views_svg_cover_is_drawn_with_integer_sizes_on_course_page_and_card(client, sections):
    cover = Image.objects.create(
        title="Illustration", description="Des habitants devant une porte ouverte", file=ContentFile(SVG, name="cover.svg")
    )
    course = course_with_modules(
        course_index=sections.course_index,
        modules=[module_with_lessons(parent=sections.library, lessons=1, minutes=10)],
        title="Parcours illustré",
    )
    course.cover_image = cover
    course.save_revision().publish()

    for url in (course.url, sections.course_index.url):
        html = client.get(url).content.decode()
        tags = [tag for tag in re.findall(r"<img[^>]*>", html) if "cover" in tag]
        assert tags, f"no cover image on {url}"
        for tag in tags:
            assert "srcset" not in tag
            assert re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag), tag
            assert ".0" not in tag
    course_page = client.get(course.url).content.decode()
    assert 'alt="Des habitants devant une porte ouverte"' in course_page
