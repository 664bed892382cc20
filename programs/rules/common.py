"""Rule shapes that several programs share: thresholds, recent quotes, least-of awards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import RuleResult, Source, check, money


def _fmt(value: Decimal | int) -> str:
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,.2f}"


def at_least(rule: str, value, minimum, source: Source, *, what: str, unit: str = "") -> RuleResult:
    """``value >= minimum``, e.g. ``at_least("annual_miles", 6999, 7000, ..., what="Miles driven")``."""
    suffix = f" {unit}" if unit else ""
    return check(
        rule,
        value >= minimum,
        source,
        ok=f"{what} is {_fmt(value)}{suffix}, at least the required {_fmt(minimum)}{suffix}.",
        fail=f"{what} is {_fmt(value)}{suffix}; the program requires at least {_fmt(minimum)}{suffix}.",
    )


def at_most(rule: str, value, maximum, source: Source, *, what: str, unit: str = "") -> RuleResult:
    suffix = f" {unit}" if unit else ""
    return check(
        rule,
        value <= maximum,
        source,
        ok=f"{what} is {_fmt(value)}{suffix}, within the limit of {_fmt(maximum)}{suffix}.",
        fail=f"{what} is {_fmt(value)}{suffix}; the program allows at most {_fmt(maximum)}{suffix}.",
    )


def quote_is_recent(quote_date: dt.date, submitted_on: dt.date, max_age_days: int, source: Source) -> RuleResult:
    """A vendor quote dated no more than ``max_age_days`` before submission (and not after it)."""
    age = (submitted_on - quote_date).days
    if age < 0:
        return check("quote_date", False, source, ok="", fail=(
            f"The quote is dated {quote_date:%B %-d, %Y}, after the application date {submitted_on:%B %-d, %Y}."
        ))
    return check(
        "quote_date",
        age <= max_age_days,
        source,
        ok=f"The quote is {age} days old at application, within {max_age_days} days.",
        fail=f"The quote is {age} days old at application; quotes must be dated within {max_age_days} days.",
    )


def least_of(limits: dict[str, Decimal]) -> tuple[str, Decimal]:
    """The binding limit and its amount (never below zero), e.g. ``least_of({"award_cap": ...})``."""
    name = min(limits, key=lambda key: limits[key])
    return name, max(money(limits[name]), Decimal("0.00"))
