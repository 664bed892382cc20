"""Form messages in the site's voice, in the reader's language (issue 20).

``SiteVoice`` goes first in a form's bases. Every message Django would give in its own words ("This field is
required.", "Ensure this value is greater than or equal to 0.01.") is replaced by one that names the field and says
what to enter, with money limits printed as money ("Amount must be at least $0.01."); a message a form wrote itself
is kept. A field gets one message for one mistake: the first its validators raise.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _


def _is_money(field) -> bool:
    return isinstance(field, forms.DecimalField) and field.decimal_places == 2


def _limit(field, value) -> str:
    if value is None:
        return ""
    if _is_money(field):
        return f"${Decimal(value):,.2f}"
    if getattr(field, "quantity", False):  # a quantity with a unit: "82,000"; else as typed: a model year "1990"
        return f"{value:,}"
    return str(value)


def _stock(field, key: str) -> bool:
    """Whether the field's message ``key`` is still the one Django's field classes give."""
    message = field.error_messages.get(key)
    return any(message == getattr(cls, "default_error_messages", {}).get(key) for cls in type(field).__mro__)


def plain_label(field, name: str) -> str:
    label = getattr(field, "plain_label", None) or strip_tags(str(field.label or "")) or name.replace("_", " ")
    return label.rstrip(" *:")


def voice(field, name: str) -> None:
    """Put ``field``'s messages in the site's voice (the ones still in Django's words)."""
    label = plain_label(field, name).replace("%", "%%")
    if isinstance(field, forms.DateField):
        invalid = _("{field}: enter a date.")
    elif _is_money(field):
        invalid = _("{field}: enter an amount in dollars, like 1234.56.")
    elif isinstance(field, forms.DecimalField | forms.FloatField):  # before IntegerField, their parent class
        invalid = _("{field}: enter a number.")
    elif isinstance(field, forms.IntegerField):
        invalid = _("{field}: enter a whole number.")
    elif isinstance(field, forms.EmailField):
        invalid = _("{field}: enter an e-mail address like name@example.com.")
    else:
        invalid = _("{field}: enter a valid value.")
    messages = {
        "required": _("{field}: this is needed.").format(field=label),
        "invalid": invalid.format(field=label),
        "invalid_choice": _("{field}: choose one of the listed answers.").format(field=label),
        "max_length": _("{field}: use at most %(limit_value)d characters.").format(field=label),
        "max_digits": _("{field}: the number is too long.").format(field=label),
        "max_whole_digits": _("{field}: the number is too long.").format(field=label),
        "max_decimal_places": (
            _("{field}: use at most two digits after the point (cents).")
            if _is_money(field)
            else _("{field}: use at most %(max)s digits after the point.")
        ).format(field=label),
        "missing": _("{field}: choose a file.").format(field=label),
        "empty": _("{field}: the file is empty.").format(field=label),
    }
    minimum, maximum = getattr(field, "min_value", None), getattr(field, "max_value", None)
    if minimum is not None:
        messages["min_value"] = _("{field} must be at least {limit}.").format(field=label, limit=_limit(field, minimum))
    if maximum is not None:
        messages["max_value"] = _("{field} must be at most {limit}.").format(field=label, limit=_limit(field, maximum))
    for key, message in messages.items():
        if key in field.error_messages and not _stock(field, key):
            continue
        field.error_messages[key] = message


class FiniteDecimalField(forms.DecimalField):
    """A decimal that is a number. Django refuses "NaN" and "Infinity" by formatting its "invalid" message with the
    value, but not text like "abc"; a label holding "%" ("Operation in the SCAB (%)") then either raised a
    ValueError, a 500 (issue 26), or showed "%%". Here "invalid" is always formatted, so a message escapes its "%"."""

    def to_python(self, value):
        try:
            number = super().to_python(value)
        except ValidationError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from error
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        return number


class SiteVoice:
    """A form mixin: messages in the site's voice, one per mistake."""

    def full_clean(self):
        # voiced when cleaned, not when built: several forms replace ``self.fields`` in their own ``__init__``
        for name, field in self.fields.items():
            voice(field, name)
        super().full_clean()

    def add_error(self, field, error):
        if field and field in getattr(self, "fields", {}) and isinstance(error, ValidationError):
            if field in (self._errors or {}):
                return
            if hasattr(error, "error_list") and len(error.error_list) > 1:
                error = ValidationError(error.error_list[:1])
        super().add_error(field, error)
