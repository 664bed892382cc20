"""Formats the programs ask for: a vehicle identification number and a phone number (issue 26).

Each check names the field in its message, in the reader's language.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VIN_LENGTH = 17
_TRANSLITERATION = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
"""The check digit of a North American VIN (49 CFR 565.15): each character's value times its position's weight,
summed, modulo 11 ("X" for 10), is the ninth character."""


def vin_check_digit(vin: str) -> str:
    total = sum(_TRANSLITERATION[character] * weight for character, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def check_vin(value: str, label: str) -> str:
    """The VIN in capitals, or a ``ValidationError`` naming the field: 17 letters and digits without I, O or Q,
    whose ninth character is the check digit."""
    vin = value.strip().upper()
    if len(vin) != VIN_LENGTH or any(character not in _TRANSLITERATION for character in vin):
        raise ValidationError(
            _("%(field)s: enter the 17 letters and digits of the VIN (it has no I, O or Q).") % {"field": label},
            code="vin",
        )
    if vin[8] != vin_check_digit(vin):
        raise ValidationError(
            _("%(field)s: this VIN's check digit (its 9th character) does not match; check each character.")
            % {"field": label},
            code="vin_check_digit",
        )
    return vin


def check_phone(value: str, label: str) -> str:
    """The phone number as typed, or a ``ValidationError`` naming the field (a valid number; US unless it starts
    with + and a country code)."""
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(field)s: enter a phone number with its area code, like 909-555-0142.") % {"field": label},
            code="phone",
        )
    return value.strip()
