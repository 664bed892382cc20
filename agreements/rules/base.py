"""What a program's agreement holds after the award, as data.

A program's post-award facts are its events (delivery, commissioning, a dismantler's receipt ...), its
obligations and when each falls due, its term, its reporting, its usage requirement and the remedies the
documents allow for a shortfall. The numbers are round terms (``programs.rules.terms``) declared in the
program modules of this package with the seed's value and clause; this module holds the shapes and the
timing mechanics, written once. Pure Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from core.deadlines import DayCount, Period, add_period
from programs.rules.base import Source
from programs.rules.fields import Field, Kind
from programs.rules.terms import FloorBreach, Term, Terms


def long_date(day: dt.date) -> str:
    return f"{day:%B %-d, %Y}"


@dataclass(frozen=True)
class Event:
    """Something that happens to a project after the award and starts or ends an obligation.

    ``label`` reads after "waiting for", e.g. "delivery of the new equipment".
    """

    key: str
    label: str
    source: Source


class Counting(StrEnum):
    """How an obligation's due date is counted."""

    CALENDAR_DAYS = "calendar days"
    BUSINESS_DAYS = "business days"
    MONTHS = "months"
    FIXED_DATE = "fixed date"
    ON_EVENT = "on the event"
    AGREEMENT_DATE = "agreement milestone date"
    EARLIER_OF = "earlier of a period and a fixed date"
    NOT_DATED = "not dated by the seed"


_COUNTING = {
    DayCount.CALENDAR_DAYS: Counting.CALENDAR_DAYS,
    DayCount.BUSINESS_DAYS: Counting.BUSINESS_DAYS,
    DayCount.MONTHS: Counting.MONTHS,
}


class ObligationKind(StrEnum):
    MILESTONE = "milestone"
    NOTICE = "notice"
    DESTRUCTION = "destruction"
    DOCUMENTATION = "documentation"
    INVOICE = "invoice"
    REPORT = "report"
    CERTIFICATION = "certification"
    TERM = "term"


@dataclass(frozen=True)
class Due:
    """When one obligation falls due: a date, or the event it is still waiting for."""

    date: dt.date | None
    counting: Counting
    period: str
    waiting_for: str | None = None
    trigger: dt.date | None = None


@dataclass(frozen=True)
class Context:
    """What the timings read: the program, the round's terms, the recorded events and the agreement."""

    program: PostAward
    terms: Terms
    events: Mapping[str, dt.date]
    agreement: Mapping[str, Any]

    def label(self, event: str) -> str:
        return self.program.event(event).label


def _unit(amount: int, unit: DayCount) -> str:
    words = _COUNTING[unit].value
    return words[:-1] if amount == 1 else words


@dataclass(frozen=True)
class AfterEvent:
    """Due a period (a round term) after an event, e.g. 60 calendar days after delivery."""

    event: str
    term: str
    unit: DayCount

    def terms_used(self) -> tuple[str, ...]:
        return (self.term,)

    def resolve(self, context: Context) -> Due:
        amount = context.terms[self.term]
        period = f"{amount} {_unit(amount, self.unit)} after {context.label(self.event)}"
        trigger = context.events.get(self.event)
        if trigger is None:
            return Due(None, _COUNTING[self.unit], period, waiting_for=context.label(self.event))
        return Due(add_period(trigger, amount, self.unit), _COUNTING[self.unit], period, trigger=trigger)


@dataclass(frozen=True)
class BeforeEvent:
    """Due a period before the first of ``events`` recorded; before any is, that period before ``fallback``.

    The destruction notice: 14 days before the destruction, or while no destruction date is known, 14
    days before the last day the destruction is allowed.
    """

    events: tuple[str, ...]
    term: str
    unit: DayCount
    fallback: AfterEvent

    def terms_used(self) -> tuple[str, ...]:
        return (self.term, *self.fallback.terms_used())

    def resolve(self, context: Context) -> Due:
        amount = context.terms[self.term]
        counting, words = _COUNTING[self.unit], _unit(amount, self.unit)
        for event in self.events:
            if event in context.events:
                trigger = context.events[event]
                return Due(
                    add_period(trigger, -amount, self.unit),
                    counting,
                    f"{amount} {words} before {context.label(event)}",
                    trigger=trigger,
                )
        latest = self.fallback.resolve(context)
        period = (
            f"{amount} {words} before {context.label(self.events[-1])}; until one is given, {amount} {words} "
            f"before the last day allowed ({latest.period})"
        )
        if latest.date is None:
            return Due(None, counting, period, waiting_for=latest.waiting_for)
        return Due(add_period(latest.date, -amount, self.unit), counting, period, trigger=latest.date)


@dataclass(frozen=True)
class OnEvent:
    """Due when the event happens ("upon delivery ... must notify")."""

    event: str

    def terms_used(self) -> tuple[str, ...]:
        return ()

    def resolve(self, context: Context) -> Due:
        day = context.events.get(self.event)
        label = context.label(self.event)
        return Due(day, Counting.ON_EVENT, f"upon {label}", waiting_for=None if day else label, trigger=day)


@dataclass(frozen=True)
class FixedDate:
    """Due on a date a round term holds ("no later than February 28, 2028"), the program's own post-award term or
    an application-stage one its rule set declares (e.g. PA2026-02's ``deployment_deadline``)."""

    term: str

    def terms_used(self) -> tuple[str, ...]:
        return (self.term,)

    def date(self, terms: Terms) -> dt.date:
        return terms[self.term]

    def resolve(self, context: Context) -> Due:
        day = self.date(context.terms)
        return Due(day, Counting.FIXED_DATE, f"by {long_date(day)}")


@dataclass(frozen=True)
class AgreementDate:
    """Due on a date the agreement sets (PA2026-03's milestone schedule); none when the agreement sets none."""

    field: str

    def terms_used(self) -> tuple[str, ...]:
        return ()

    def resolve(self, context: Context) -> Due | None:
        day = context.agreement.get(self.field)
        if day is None:
            return None
        return Due(day, Counting.AGREEMENT_DATE, f"on the agreement's milestone date, {long_date(day)}")


@dataclass(frozen=True)
class EarlierOf:
    """The earlier of a period after an event and a fixed date ("within eighteen (18) months of contract
    execution or by March 31, 2024, whichever is earlier")."""

    after: AfterEvent
    fixed: FixedDate

    def terms_used(self) -> tuple[str, ...]:
        return self.after.terms_used() + self.fixed.terms_used()

    def resolve(self, context: Context) -> Due:
        after, fixed = self.after.resolve(context), self.fixed.resolve(context)
        period = f"{after.period} or {fixed.period}, whichever is earlier"
        if after.date is None:
            return Due(
                fixed.date,
                Counting.EARLIER_OF,
                f"{period} ({after.waiting_for} not yet recorded: {fixed.period} at the latest)",
            )
        assert fixed.date is not None  # a fixed date always resolves (FixedDate)
        return Due(min(after.date, fixed.date), Counting.EARLIER_OF, period, trigger=after.trigger)


@dataclass(frozen=True)
class NotDated:
    """An obligation the seed states without a period; ``note`` says what sets it."""

    note: str

    def terms_used(self) -> tuple[str, ...]:
        return ()

    def resolve(self, context: Context) -> Due:
        return Due(None, Counting.NOT_DATED, self.note)


Timing = AfterEvent | BeforeEvent | OnEvent | FixedDate | AgreementDate | EarlierOf | NotDated


@dataclass(frozen=True)
class ObligationRule:
    """One obligation of a program's agreement: its name, when it falls due, and the clause it comes from.

    ``done_by`` is the event whose recording fulfils it (the destruction fulfils "destroy within 60 days").
    """

    key: str
    name: str
    kind: ObligationKind
    timing: Timing
    source: Source
    done_by: str | None = None


@dataclass(frozen=True)
class TermRule:
    """The agreement term: it starts at ``start_event`` and lasts ``months(agreement, terms)`` months."""

    name: str
    start_event: str
    months: Callable[[Mapping[str, Any], Terms], int]
    source: Source


def years_from_term(name: str) -> Callable[[Mapping[str, Any], Terms], int]:
    """A term length in months from the round term ``name``, a number of years that the program's rule set
    declares (e.g. ``project_term_years``), so one term holds the fact for the application and the agreement."""

    def months(agreement: Mapping[str, Any], terms: Terms) -> int:
        return 12 * terms[name]

    months.__doc__ = f"Twelve months for each year of the round term {name!r}."
    return months


@dataclass(frozen=True)
class Reporting:
    """How often the awardee reports over the term, and what travels with the report closing each year."""

    every_months: int
    name: str
    source: Source
    certification_source: Source
    year_end_name: str = ""
    """The name of a report that closes a project year, where it differs ("Semi-annual and annual report")."""
    documents: tuple[str, ...] = ()


ANNUAL_REQUIREMENT = "annual_requirement"
SHARE_REQUIREMENT = "share_requirement_percent"
"""The agreement's own usage figures, where it states them (``reporting.rules.usage.AGREEMENT_FIELDS``)."""


@dataclass(frozen=True)
class AreaShare:
    """The share of the usage that must happen inside an area ("75% of which must be within the two MSAs").

    ``path`` limits it to projects funded under one path of a program (PA2022-01: CMP or Prop 1B).
    """

    term: str
    area: str
    source: Source
    path: str | None = None


@dataclass(frozen=True)
class UsageRequirement:
    """What the awardee must use the funded equipment for, per year, and where."""

    metric: str
    unit: str
    source: Source
    annual_term: str | None = None
    """The round term with the seed's annual figure; ``None`` when the agreement states it."""
    shares: tuple[AreaShare, ...] = ()

    def share_for(self, agreement: Mapping[str, Any]) -> AreaShare | None:
        return next((share for share in self.shares if share.path in (None, agreement.get("path"))), None)

    def floor_errors(self, agreement: Mapping[str, Any], terms: Terms) -> dict[str, FloorBreach]:
        """The agreement's usage figures below the announcement's, by agreement field (issue 23): an agreement may
        ask more than the program ("a minimum of 7,000 miles a year", "75% of which"), never less."""
        errors: dict[str, FloorBreach] = {}
        checks = [(ANNUAL_REQUIREMENT, self.annual_term)]
        share = self.share_for(agreement)
        if share is not None:
            checks.append((SHARE_REQUIREMENT, share.term))
        for key, name in checks:
            if name is None or agreement.get(key) is None:
                continue
            breach = terms.term(name).below_floor(agreement[key], terms[name], terms.source(name))
            if breach is not None:
                errors[key] = breach
        return errors


class RemedyKind(StrEnum):
    EXTENSION = "extension"
    TRANSFER = "ownership_transfer"
    PAYBACK = "partial_payback"
    ENFORCEMENT = "enforcement"


@dataclass(frozen=True)
class Remedy:
    kind: RemedyKind
    label: str
    source: Source


@dataclass(frozen=True)
class PostAward:
    """One program's post-award facts."""

    code: str
    agreement_noun: str
    events: tuple[Event, ...]
    terms: tuple[Term, ...]
    obligations: tuple[ObligationRule, ...]
    term: TermRule
    reporting: Reporting
    usage: UsageRequirement
    remedies: tuple[Remedy, ...]
    payment_deadline: FixedDate | None
    """The last day to invoice or request payment, where the seed sets one."""
    agreement_fields: tuple[Field, ...] = ()
    """What the agreement itself sets for the project (a milestone schedule, a project type, a funding path)."""
    agreement_checks: Callable[[Mapping[str, Any]], dict[str, str]] | None = None
    notes: tuple[str, ...] = field(default=())
    """Where the seed is silent or two passages disagree, and what the portal does."""

    def event(self, key: str) -> Event:
        return next(event for event in self.events if event.key == key)


def period_term(name: str, label: str, amount: int, source: Source, unit: str = "calendar days") -> Term:
    """A period as a round term: a whole number whose counting the label states."""
    return Term(name, f"{label}, {unit}", Kind.INTEGER, amount, source, unit=unit)


def seed_period_term(name: str, label: str, period: Period) -> Term:
    """A period the ``programs`` rule sets already hold (e.g. ``pa2026_01.DESTROY_OLD_EQUIPMENT``), reused
    as a round term with its amount, its counting and its clause, choices included."""
    seed_file, section = period.source.split(", ", 1)
    return period_term(name, label, period.amount, Source(seed_file, section), _COUNTING[period.unit].value)


def date_term(name: str, label: str, day: dt.date, source: Source) -> Term:
    return Term(name, label, Kind.DATE, day, source)


def percent_term(name: str, label: str, percent: Decimal, source: Source, *, floor: bool = False) -> Term:
    return Term(name, label, Kind.PERCENT, Decimal(percent), source, unit="%", floor=floor)


def report_due_term(source: Source) -> Term:
    """When a report is due after its period ends. No seed gives this (each leaves the schedule to the
    agreement), so the portal's default is 30 calendar days, a round term the agreement may change."""
    return period_term("report_due_days", "Report due after its period ends", 30, source)
