"""The agreement term and the report schedule that runs through it.

Every program reports on a fixed rhythm from the start of its term (the deployment or commissioning
the program names) to the end of the term: semi-annual for INVEST CLEAN, annual for SOON and
PA2022-01. Periods are counted in months from the start date (``core.deadlines.add_months``), never
by adding period to period, so a term starting on August 31 or February 29 keeps its day of the month
wherever the month has it. Pure Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.deadlines import add_calendar_days, add_months
from programs.rules.terms import Terms

from .base import PostAward


@dataclass(frozen=True)
class AgreementTerm:
    """The term of one project: from its start event for ``months`` (the seed's term plus any extension)."""

    name: str
    starts: dt.date | None
    months: int
    extension_months: int
    source: str
    waiting_for: str | None = None
    executed: dt.date | None = None
    """The agreement's execution: the completion period runs from it to ``starts`` (DEFINITIONS "Agreement Term" /
    "Contract Term": project completion period, then the implementation period that equals the project life)."""

    @property
    def ends(self) -> dt.date | None:
        """The day the term ends: ``months`` after it starts ("five years from the date ... commissioned")."""
        return add_months(self.starts, self.months) if self.starts else None

    @property
    def original_months(self) -> int:
        return self.months - self.extension_months

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "completion_period_starts": self.executed.isoformat() if self.executed else None,
            "starts": self.starts.isoformat() if self.starts else None,
            "ends": self.ends.isoformat() if self.ends else None,
            "months": self.months,
            "extension_months": self.extension_months,
            "waiting_for": self.waiting_for,
            "source": self.source,
        }


def agreement_term(
    program: PostAward, agreement: Mapping[str, Any], events: Mapping[str, dt.date], terms: Terms
) -> AgreementTerm:
    """The project's term, waiting for its start event until that is recorded."""
    rule = program.term
    extension = agreement.get("term_extension_months", 0)
    starts = events.get(rule.start_event)
    return AgreementTerm(
        name=rule.name,
        starts=starts,
        months=rule.months(agreement, terms) + extension,
        extension_months=extension,
        source=str(rule.source),
        waiting_for=None if starts else program.event(rule.start_event).label,
        executed=events.get("agreement_executed"),
    )


@dataclass(frozen=True)
class ReportPeriod:
    """One reporting period: the days it covers (both inclusive), its length and its report's due date."""

    number: int
    starts: dt.date
    ends: dt.date
    months: int
    months_in_original_term: int
    due: dt.date
    closes_year: bool
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "from": self.starts.isoformat(),
            "to": self.ends.isoformat(),
            "months": self.months,
            "due": self.due.isoformat(),
            "closes_year": self.closes_year,
        }


def report_schedule(program: PostAward, term: AgreementTerm, terms: Terms) -> list[ReportPeriod]:
    """Every report of the term: periods of ``program.reporting.every_months`` from the term's start, the
    last one shortened where an extension ends the term mid-period, each due ``report_due_days`` after it.

    A period "closes a year" when it ends a project year (or ends the term): the yearly labor-law
    certification travels with that report, and PA2026-03's is its annual report.
    """
    if term.starts is None:
        return []
    reporting = program.reporting
    every, due_days = reporting.every_months, terms["report_due_days"]
    periods: list[ReportPeriod] = []
    elapsed = 0
    while elapsed < term.months:
        length = min(every, term.months - elapsed)
        starts, next_starts = add_months(term.starts, elapsed), add_months(term.starts, elapsed + length)
        ends = add_calendar_days(next_starts, -1)
        elapsed += length
        closes_year = elapsed % 12 == 0 or elapsed == term.months
        number = len(periods) + 1
        name = reporting.year_end_name if closes_year and reporting.year_end_name else reporting.name
        periods.append(
            ReportPeriod(
                number=number,
                starts=starts,
                ends=ends,
                months=length,
                months_in_original_term=max(0, min(elapsed, term.original_months) - (elapsed - length)),
                due=add_calendar_days(ends, due_days),
                closes_year=closes_year,
                name=f"{name} {number}",
            )
        )
    return periods
