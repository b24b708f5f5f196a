"""Validators of the operator's identity, with French messages that say what is expected."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN and are numbered outside the Luhn rule: the sum of their
# SIRET digits is a multiple of 5 instead (Insee's documented exception).
LA_POSTE_SIREN = "356000000"


def normalise_siret(value: str) -> str:
    return "".join((value or "").split())


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def validate_siret(value: str) -> None:
    siret = normalise_siret(value)
    if not siret:
        return
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(_("Un numéro SIRET compte 14 chiffres (les espaces sont permis)."), code="siret_format")
    valid = sum(map(int, siret)) % 5 == 0 if siret.startswith(LA_POSTE_SIREN) else _luhn_ok(siret)
    if not valid:
        raise ValidationError(
            _(
                "Ce numéro SIRET n'est pas valide (sa clé de contrôle ne correspond pas) : vérifiez-le sur l'avis de situation Insee."
            ),
            code="siret_checksum",
        )
