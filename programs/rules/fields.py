"""Input fields of a program's Attachment A, and their parsing.

The same field definitions build the applicant's browser forms, validate the JSON given to the
``evaluate`` command and the REST API, and tell the rules which typed values to expect. Parsing
never raises anything but :class:`InputError`, whose messages name the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, cast

from core.errors import InputError

# Bounds every answer has unless its field declares narrower ones. They live here, once: the browser forms,
# the REST API, the ``evaluate`` command and the Celery task all parse answers through ``parse_value``.
# (Issue 7: ``1e999999999`` in an integer field hung a worker; a year-9999 date broke the submit.)
MAX_TEXT_LENGTH = 255
MAX_NUMBER_LENGTH = 40  # characters of a number as typed, before it is read
MAX_DIGITS = 18  # significant digits of any number
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class Kind(StrEnum):
    TEXT = "text"
    EMAIL = "email"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = Kind.TEXT
    group: str = ""
    unit: str = ""
    required: bool = True
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    check: str = ""
    """``"vin"`` or ``"phone"``: the applicant's form checks the answer's format (``core.validators``, issue 26). The
    rules read any text, so the evaluate command and API take the same inputs as before."""

    @property
    def lower_bound(self) -> Decimal | None:
        """Money, counts and percentages are never negative unless a field says otherwise."""
        if self.min_value is not None:
            return self.min_value
        if self.kind in (Kind.MONEY, Kind.INTEGER, Kind.DECIMAL, Kind.PERCENT):
            return Decimal(0)
        return None

    @property
    def upper_bound(self) -> Decimal | None:
        """A field's own maximum, else the largest amount the database keeps (money) or a billion."""
        if self.max_value is not None:
            return self.max_value
        return _LARGEST.get(self.kind)

    @property
    def decimal_places(self) -> int | None:
        """Places after the point: cents for money, whole numbers for counts."""
        return _DECIMAL_PLACES.get(self.kind)

    @property
    def max_digits(self) -> int | None:
        if self.upper_bound is None:
            return None
        return len(str(int(self.upper_bound))) + (self.decimal_places or 0)


_LARGEST = {
    Kind.MONEY: Decimal("999999999999.99"),  # DecimalField(max_digits=14, decimal_places=2)
    Kind.INTEGER: Decimal(1_000_000_000),
    Kind.DECIMAL: Decimal(1_000_000_000),
    Kind.PERCENT: Decimal(100),
}
_DECIMAL_PLACES = {Kind.MONEY: 2, Kind.INTEGER: 0, Kind.DECIMAL: 6, Kind.PERCENT: 2}


_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_value(spec: Field, value: Any) -> Any:
    """Turn one raw value (from JSON or a form) into its typed value, or raise ``ValueError``."""
    if isinstance(value, Mapping | list | tuple | set):
        raise ValueError("enter a single value, not a list or object")
    if spec.kind in (Kind.TEXT, Kind.EMAIL):
        text = str(value).strip()
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"at most {MAX_TEXT_LENGTH} characters")
        if spec.kind is Kind.EMAIL and "@" not in text:
            raise ValueError("enter a valid e-mail address")
        return text
    if spec.kind is Kind.BOOLEAN:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("answer yes or no (true/false)")
    if spec.kind is Kind.DATE:
        return parse_date(value)
    if spec.kind is Kind.CHOICE:
        allowed = {key for key, _ in spec.choices}
        if value not in allowed:
            raise ValueError(f"choose one of: {', '.join(sorted(allowed))}")
        return value
    return _parse_number(spec, value)


def parse_date(value: Any) -> dt.date:
    """A date between ``EARLIEST_DATE`` and ``LATEST_DATE``, from a date or ``YYYY-MM-DD``."""
    if not isinstance(value, dt.date):
        text = str(value).strip()
        try:
            if len(text) != 10:
                raise ValueError
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("enter a date as YYYY-MM-DD") from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"enter a date from {EARLIEST_DATE:%B %-d, %Y} to {LATEST_DATE:%B %-d, %Y}")
    return value


def _parse_number(spec: Field, value: Any) -> Decimal | int:
    unit = f" {spec.unit}" if spec.unit else ""
    if isinstance(value, bool) or isinstance(value, float):
        # floats lose cents; JSON numbers arrive as strings or ints via parse_float=str.
        value = str(value)
    if isinstance(value, int) and not -(10**MAX_DIGITS) < value < 10**MAX_DIGITS:
        raise ValueError(f"enter a number of at most {MAX_DIGITS} digits")
    text = str(value)
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError(f"enter a number of at most {MAX_DIGITS} digits")
    try:
        number = Decimal(text.replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise ValueError(f"enter a number{' in ' + spec.unit if spec.unit else ''}") from None
    if not number.is_finite():
        raise ValueError("enter a finite number")
    low, high = spec.lower_bound, spec.upper_bound
    if low is not None and number < low:
        raise ValueError(f"must be at least {_plain(low)}{unit}")
    if high is not None and number > high:
        raise ValueError(f"must be at most {_plain(high)}{unit}")
    places = spec.decimal_places
    if spec.kind is Kind.INTEGER:
        if number != number.to_integral_value():
            raise ValueError("enter a whole number")
        return int(number)
    if places is not None and cast(int, number.as_tuple().exponent) < -places:  # finite: checked above
        if spec.kind is Kind.MONEY:
            raise ValueError("enter dollars and cents (at most two decimal places)")
        raise ValueError(f"enter at most {places} decimal places")
    if len(number.normalize().as_tuple().digits) > MAX_DIGITS:
        raise ValueError(f"enter a number of at most {MAX_DIGITS} digits")
    return number


def _plain(bound: Decimal) -> str:
    """A bound as people write it: 1,000,000,000 and 999,999,999,999.99, not 1E+9 (years stay 1950)."""
    return f"{bound:,f}" if abs(bound) >= 10_000 else str(bound)


def parse_values(
    fields: Iterable[Field], raw: Mapping[str, Any], *, partial: bool = False, strict: bool = True
) -> dict[str, Any]:
    """Typed values for ``fields`` from ``raw``.

    ``partial`` accepts missing required fields (a draft); ``strict`` refuses names that are not
    fields, which catches typos and wrong units in hand-written JSON.
    """
    fields = tuple(fields)
    known = {spec.name for spec in fields}
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if strict:
        for name in raw:
            if name not in known:
                errors[name] = "is not a field of this program"
    for spec in fields:
        value = raw.get(spec.name)
        if _is_blank(value):
            if spec.required and not partial:
                errors[spec.name] = f"{spec.label} is required"
            continue
        try:
            values[spec.name] = parse_value(spec, value)
        except ValueError as error:
            errors[spec.name] = f"{spec.label}: {error}"
    if errors:
        raise InputError(errors)
    return values


def to_jsonable(fields: Iterable[Field], values: Mapping[str, Any]) -> dict[str, Any]:
    """Typed values back to JSON-safe primitives (for storage in a JSON column)."""
    kinds = {spec.name: spec.kind for spec in fields}
    stored: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, Decimal):
            stored[name] = str(value)
        elif isinstance(value, dt.date):
            stored[name] = value.isoformat()
        elif kinds.get(name) is Kind.INTEGER and value is not None:
            stored[name] = int(value)
        else:
            stored[name] = value
    return stored
