"""Theme colours and glossary terms."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import GlossaryTerm, Theme
from courses.validators import contrast_with_white
from tests.factories.courses import GlossaryTermFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_models_theme_colour_must_carry_white_text():
    """A theme colour below 4.5:1 against white text is refused with the measured ratio."""
    theme = Theme(name="Jaune", slug="jaune", colour="#f5c400")
    with pytest.raises(ValidationError) as excinfo:
        theme.full_clean()
    message = excinfo.value.message_dict["colour"][0]
    assert "trop claire pour un texte blanc" in message and "4,5:1" in message


def test_models_theme_colour_must_be_a_hex_value():
    """A colour that is not #rrggbb is refused."""
    with pytest.raises(ValidationError) as excinfo:
        Theme(name="Bleu", slug="bleu", colour="blue").full_clean()
    assert "#rrggbb" in excinfo.value.message_dict["colour"][0]


def test_models_theme_colours_of_the_design_pass():
    """Dark colours pass; the contrast computation matches WCAG (navy ≈ 11:1)."""
    ThemeFactory(colour="#1f3a68").full_clean()
    assert round(contrast_with_white("#1f3a68"), 1) == 11.3
    assert round(contrast_with_white("#ffffff"), 1) == 1.0


def test_models_glossary_terms_are_searchable_and_ordered():
    """Glossary terms come in alphabetical order and are found by acronym."""
    GlossaryTermFactory(term="Zone urbaine sensible", acronym="ZUS", slug="zus")
    GlossaryTermFactory(term="Adulte-relais", slug="adulte-relais")
    assert [term.slug for term in GlossaryTerm.objects.all()] == ["adulte-relais", "zus"]
    assert [term.slug for term in GlossaryTerm.objects.search("ZUS")] == ["zus"]
    assert str(GlossaryTerm.objects.get(slug="zus")) == "Zone urbaine sensible (ZUS)"
