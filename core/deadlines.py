"""Deadline arithmetic in the documents' own calendars.

The program documents count some periods in calendar days (PA2026-02: "14 calendar days"),
some in business days (PA2022-01: "seven (7) business days"), and some in months (Rule 4001:
"within 18 months"). Every deadline in the portal is computed here, from its trigger date,
and carries the clause it comes from.

Business days skip Saturdays, Sundays and the holidays observed in California (federal and
state, from the ``holidays`` package), which is how the district's offices count them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


class DayCount(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    BUSINESS_DAYS = "business_days"
    MONTHS = "months"


@lru_cache(maxsize=64)
def _california_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("US", subdiv="CA", years=year).keys())


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _california_holidays(day.year)


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` business days after ``start`` (``start`` itself is day zero)."""
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; the last day of a shorter month when that day does not exist."""
    return start + relativedelta(months=months)


def add_period(start: dt.date, amount: int, unit: DayCount) -> dt.date:
    if unit is DayCount.CALENDAR_DAYS:
        return add_calendar_days(start, amount)
    if unit is DayCount.BUSINESS_DAYS:
        return add_business_days(start, amount)
    return add_months(start, amount)


@dataclass(frozen=True)
class Period:
    """A period a document names, e.g. ``Period(14, CALENDAR_DAYS, "001..., PA2026-02 Section 3")``."""

    amount: int
    unit: DayCount
    source: str

    def due(self, trigger: dt.date) -> dt.date:
        return add_period(trigger, self.amount, self.unit)

    def describe(self) -> str:
        return f"{self.amount} {self.unit.value.replace('_', ' ')}"


@dataclass(frozen=True)
class Deadline:
    name: str
    trigger: dt.date
    due: dt.date
    period: Period

    @classmethod
    def after(cls, name: str, trigger: dt.date, period: Period) -> Deadline:
        return cls(name=name, trigger=trigger, due=period.due(trigger), period=period)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "trigger": self.trigger.isoformat(),
            "due": self.due.isoformat(),
            "period": self.period.describe(),
            "source": self.period.source,
        }
