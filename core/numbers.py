"""Numbers written the French way, independently of the active locale: « 154 500 », « 2,8 », « 75,5 »."""

from decimal import Decimal

# A narrow no-break space groups thousands (French typography); it never breaks a number across lines.
THOUSANDS = "\u202f"


def french_number(value) -> str:
    """Decimal("154500") → "154 500"; Decimal("2.80") → "2,8"; 8 → "8"; trailing zeros of a fraction dropped."""
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + THOUSANDS.join(groups) + ("," + fraction if fraction else "")


def french_long_date(value) -> str:
    """date(2024, 1, 1) → "1er janvier 2024"; date(2024, 3, 5) → "5 mars 2024" (whatever the active language)."""
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"
