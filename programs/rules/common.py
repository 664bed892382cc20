"""Rule shapes that several programs share: thresholds, recent quotes, least-of awards, staff rubrics."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from typing import Any

from .base import CENT, Criterion, RuleResult, Source, check
from .fields import InputError
from .i18n import date_in_words, month_in_words
from .i18n import gettext as _


def _fmt(value: Decimal | int) -> str:
    """A figure for a reason: 7,000 or 1,234.50. Parsed inputs are bounded (``fields``), but a reason must never
    be what hangs a worker, so an absurd magnitude prints in scientific notation instead of a billion digits."""
    number = Decimal(value)
    if number.is_finite() and abs(number.adjusted()) > 30:
        return f"{number:.3E}"
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,.2f}"


def _suffix(unit: str) -> str:
    return f" {_(unit)}" if unit else ""


def at_least(rule: str, value, minimum, source: Source, *, what: str, unit: str = "") -> RuleResult:
    """``value >= minimum``, e.g. ``at_least("annual_miles", 6999, 7000, ..., what="Miles driven")``.

    ``what`` is already in the reader's language (``_("Miles driven")``); ``unit`` is translated here."""
    words = {"what": what, "value": _fmt(value), "limit": _fmt(minimum), "unit": _suffix(unit)}
    return check(
        rule,
        value >= minimum,
        source,
        ok=_("{what} is {value}{unit}, at least the required {limit}{unit}.").format(**words),
        fail=_("{what} is {value}{unit}; the program requires at least {limit}{unit}.").format(**words),
    )


def at_most(rule: str, value, maximum, source: Source, *, what: str, unit: str = "") -> RuleResult:
    words = {"what": what, "value": _fmt(value), "limit": _fmt(maximum), "unit": _suffix(unit)}
    return check(
        rule,
        value <= maximum,
        source,
        ok=_("{what} is {value}{unit}, within the limit of {limit}{unit}.").format(**words),
        fail=_("{what} is {value}{unit}; the program allows at most {limit}{unit}.").format(**words),
    )


def quote_is_recent(quote_date: dt.date, submitted_on: dt.date, max_age_days: int, source: Source) -> RuleResult:
    """A vendor quote dated no more than ``max_age_days`` before submission (and not after it)."""
    age = (submitted_on - quote_date).days
    if age < 0:
        return check(
            "quote_date",
            False,
            source,
            ok="",
            fail=(
                _("The quote is dated {quoted}, after the application date {applied}.").format(
                    quoted=date_in_words(quote_date), applied=date_in_words(submitted_on)
                )
            ),
        )
    words = {"age": age, "limit": max_age_days}
    return check(
        "quote_date",
        age <= max_age_days,
        source,
        ok=_("The quote is {age} days old at application, within {limit} days.").format(**words),
        fail=_("The quote is {age} days old at application; quotes must be dated within {limit} days.").format(**words),
    )


def least_of(limits: dict[str, Decimal]) -> tuple[str, Decimal]:
    """The binding limit and its amount, e.g. ``least_of({"award_cap": ...})``.

    The amount is rounded down to the cent and never below zero, so rounding can never lift an award
    above any limit (90% of $0.01 allows $0.00, not $0.01).
    """
    name = min(limits, key=lambda key: limits[key])
    return name, max(Decimal(limits[name]).quantize(CENT, rounding=ROUND_DOWN), Decimal("0.00"))


_WHOLE_NUMBER = re.compile(r"-?\d{1,6}")  # points, never a 5,000-digit string for int() to choke on


def rubric_points(rubric: tuple[Criterion, ...], scores: Mapping[str, Any]) -> dict[str, int]:
    """Staff's points per criterion, each a whole number from 0 to the criterion's maximum.

    Raises ``InputError`` naming ``scores.<criterion>`` for an unknown criterion or points out of range.
    """
    criteria = {criterion.key: criterion for criterion in rubric}
    errors: dict[str, str] = {}
    points: dict[str, int] = {}
    for key, value in scores.items():
        criterion = criteria.get(key)
        if criterion is None:
            errors[f"scores.{key}"] = f"is not a criterion of this program (criteria: {', '.join(criteria)})"
            continue
        whole = isinstance(value, int) and not isinstance(value, bool) and -1_000_000 < value < 1_000_000
        if not whole and not (isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip())):
            errors[f"scores.{key}"] = (
                f"{criterion.label}: enter a whole number of points from 0 to {criterion.max_points}"
            )
            continue
        number = int(value)
        if not 0 <= number <= criterion.max_points:
            errors[f"scores.{key}"] = (
                f"{criterion.label}: {number} points is outside 0 to {criterion.max_points}, this criterion's maximum"
            )
            continue
        points[key] = number
    if errors:
        raise InputError(errors)
    return points


def month_or_day(deadline: dt.date) -> str:
    """A deadline as an announcement states it, in the reader's language: "February 2028" for a month's last day
    (PA2026-02 "no later than February 2028"), else the day ("February 15, 2029")."""
    if (deadline + dt.timedelta(days=1)).month != deadline.month:
        return month_in_words(deadline)
    return date_in_words(deadline)
