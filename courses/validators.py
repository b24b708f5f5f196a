"""Validators shared by the course models."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST_WITH_WHITE = 4.5


def _channel(value: int) -> float:
    value = value / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio between `colour` (#rrggbb) and white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)
    return 1.05 / (luminance + 0.05)


def validate_colour_for_white_text(colour: str) -> None:
    """Theme colours carry white text (tags): they must reach 4.5:1, WCAG AA for normal text."""
    if not HEX_COLOUR.match(colour or ""):
        raise ValidationError(_("Indiquez une couleur au format #rrggbb, par exemple #1f3a68."), code="invalid_colour")
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST_WITH_WHITE:
        raise ValidationError(
            _("Cette couleur est trop claire pour un texte blanc : contraste de %(ratio)s:1, il faut au moins 4,5:1."),
            code="low_contrast",
            params={"ratio": f"{ratio:.2f}".replace(".", ",")},
        )
