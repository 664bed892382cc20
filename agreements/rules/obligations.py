"""Every post-award obligation of one project, dated from the events recorded so far.

The same function serves the obligations calendar, the reminders and ``manage.py obligations``: give it
the program, the round's terms, the agreement's values, the recorded events and what is already done,
and it returns each obligation with its due date (or the event it waits for), how the date is counted,
its status on ``as_of`` and the clause it comes from. Pure Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from programs.rules.fields import InputError
from programs.rules.terms import Terms

from .base import Context, Counting, Due, ObligationKind, ObligationRule, PostAward, long_date
from .inputs import Reader, program_and_agreement
from .schedule import AgreementTerm, ReportPeriod, agreement_term, report_schedule


class Status(StrEnum):
    WAITING = "waiting"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done late"
    WAIVED = "waived"
    NOT_DATED = "not dated"
    RUNNING = "running"
    ENDED = "ended"


@dataclass(frozen=True)
class Obligation:
    """One dated (or waiting) obligation of a project."""

    key: str
    name: str
    kind: ObligationKind
    due: dt.date | None
    waiting_for: str | None
    counting: Counting
    period: str
    source: str
    status: Status = Status.WAITING
    done_on: dt.date | None = None
    original_due: dt.date | None = None
    """The due date before an amendment extended it."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind.value,
            "due": self.due.isoformat() if self.due else None,
            "waiting_for": self.waiting_for,
            "counting": self.counting.value,
            "period": self.period,
            "status": self.status.value,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "extended_from": self.original_due.isoformat() if self.original_due else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class Calendar:
    """A project's term, its report schedule and its obligations in date order (undated ones last)."""

    program: str
    as_of: dt.date
    term: AgreementTerm
    reports: list[ReportPeriod]
    obligations: list[Obligation]
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "as_of": self.as_of.isoformat(),
            "term": self.term.as_dict(),
            "obligations": [obligation.as_dict() for obligation in self.obligations],
            "notes": list(self.notes),
        }


def _source(rule: ObligationRule, terms: Terms) -> str:
    changed = [terms.source(name) for name in rule.timing.terms_used() if name in terms and terms.is_changed(name)]
    return "; ".join([str(rule.source), *changed])


def _from_rule(rule: ObligationRule, due: Due, terms: Terms) -> Obligation:
    return Obligation(
        rule.key, rule.name, rule.kind, due.date, due.waiting_for, due.counting, due.period, _source(rule, terms)
    )


def _reports(program: PostAward, term: AgreementTerm, periods: list[ReportPeriod], terms: Terms) -> list[Obligation]:
    reporting = program.reporting
    source = f"{reporting.source}; due date: {terms.source('report_due_days')}"
    travels = f" (with the {' and the '.join(reporting.documents)})" if reporting.documents else ""
    if term.starts is None:
        return [
            Obligation(
                "reports",
                f"{reporting.name}s every {reporting.every_months} months through the term, "
                f"and the yearly labor-law certification{travels}",
                ObligationKind.REPORT,
                None,
                term.waiting_for,
                Counting.CALENDAR_DAYS,
                f"{terms['report_due_days']} calendar days after each reporting period",
                source,
            )
        ]
    found = []
    for period in periods:
        due = Due(
            period.due,
            Counting.CALENDAR_DAYS,
            f"{terms['report_due_days']} calendar days after the period ends ({long_date(period.ends)})",
        )
        found.append(
            Obligation(
                f"report_{period.number}",
                f"{period.name}: {long_date(period.starts)} to {long_date(period.ends)}{travels}",
                ObligationKind.REPORT,
                due.date,
                None,
                due.counting,
                due.period,
                source,
            )
        )
        if period.closes_year:
            found.append(
                Obligation(
                    f"certification_{period.number}",
                    f"Yearly labor-law certification, with {period.name.lower()}",
                    ObligationKind.CERTIFICATION,
                    due.date,
                    None,
                    due.counting,
                    f"with {period.name.lower()}",
                    str(reporting.certification_source),
                )
            )
    return found


def _term_end(program: PostAward, term: AgreementTerm) -> Obligation:
    extended = f", including a {term.extension_months}-month extension" if term.extension_months else ""
    label = program.event(program.term.start_event).label
    return Obligation(
        "term_end",
        f"End of the {term.name[0].lower()}{term.name[1:]}",
        ObligationKind.TERM,
        term.ends,
        term.waiting_for,
        Counting.MONTHS,
        f"{term.months} months after {label}{extended}",
        term.source,
    )


def _status(obligation: Obligation, as_of: dt.date, waived: bool) -> Status:
    due = obligation.due
    if waived:
        return Status.WAIVED
    if obligation.kind is ObligationKind.TERM:
        if due is None:
            return Status.WAITING
        return Status.RUNNING if as_of < due else Status.ENDED
    if obligation.done_on:
        return Status.DONE if due is None or obligation.done_on <= due else Status.DONE_LATE
    if due is None:
        return Status.WAITING if obligation.waiting_for else Status.NOT_DATED
    return Status.OVERDUE if as_of > due else Status.DUE


def calendar(
    program: PostAward,
    terms: Terms,
    agreement: Mapping[str, Any],
    events: Mapping[str, dt.date],
    *,
    as_of: dt.date,
    done: Mapping[str, dt.date] | None = None,
    waived: Iterable[str] = (),
    extensions: Mapping[str, dt.date] | None = None,
) -> Calendar:
    """Every obligation of one project on ``as_of``.

    ``done`` maps obligation keys to the day a record fulfilled them (a report submitted, a notice given);
    obligations fulfilled by an event (``done_by``) take that event's date. ``extensions`` maps keys to the
    new due date an amendment set. Unknown keys, and extensions that do not move a date later, raise one
    ``InputError`` naming each.
    """
    done, extensions, waived = dict(done or {}), dict(extensions or {}), set(waived)
    context = Context(program, terms, events, agreement)
    term = agreement_term(program, agreement, events, terms)
    periods = report_schedule(program, term, terms)
    found: list[Obligation] = []
    done_by: dict[str, str] = {}
    for rule in program.obligations:
        due = rule.timing.resolve(context)
        if due is not None:
            found.append(_from_rule(rule, due, terms))
            if rule.done_by:
                done_by[rule.key] = rule.done_by
    found += _reports(program, term, periods, terms)
    found.append(_term_end(program, term))

    errors: dict[str, str] = {}
    keys = [obligation.key for obligation in found]
    for section, given in (("done", done), ("extensions", extensions), ("waived", waived)):
        for key in given:
            if key not in keys:
                errors[f"{section}.{key}"] = f"is not an obligation of this project (obligations: {', '.join(keys)})"
            elif section == "done" and key in done_by:
                errors[f"{section}.{key}"] = f"is fulfilled by an event: give events.{done_by[key]}"
    result = []
    for obligation in found:
        new_due = extensions.get(obligation.key)
        if new_due is not None:
            if obligation.due is None:
                errors[f"extensions.{obligation.key}"] = "has no due date yet to extend"
            elif new_due <= obligation.due:
                errors[f"extensions.{obligation.key}"] = (
                    f"{long_date(new_due)} is not later than the due date, {long_date(obligation.due)}"
                )
            else:
                obligation = replace(obligation, due=new_due, original_due=obligation.due, waiting_for=None)
        event = done_by.get(obligation.key)
        done_on = events.get(event) if event else done.get(obligation.key)
        obligation = replace(obligation, done_on=done_on)
        result.append(replace(obligation, status=_status(obligation, as_of, obligation.key in waived)))
    if errors:
        raise InputError(errors)
    result.sort(key=lambda item: (item.due is None, item.due or dt.date.max))
    return Calendar(program.code, as_of, term, periods, result, program.notes)


def obligations_input(code: str, document: Mapping[str, Any], *, today: dt.date | None = None) -> Calendar:
    """The calendar of one project given as ``{"as_of", "agreement", "events", "done", "waived", "extensions",
    "round"}`` (docs/obligations.md); every bad field named in one ``InputError``."""
    reader = Reader(document, keys=("as_of", "agreement", "events", "done", "waived", "extensions", "round"))
    as_of = reader.date("as_of", default=today or dt.date.today())
    program, agreement, events, terms = program_and_agreement(reader, code)
    keys = [rule.key for rule in program.obligations]
    done = reader.dates("done")
    extensions = reader.dates("extensions")
    waived = document.get("waived", [])
    if not isinstance(waived, list) or not all(isinstance(key, str) for key in waived):
        reader.errors["waived"] = f"must be a list of obligation keys (e.g. {keys[0]!r})"
        waived = []
    reader.check()
    assert terms is not None and as_of is not None  # else reader.check() raised
    return calendar(program, terms, agreement, events, as_of=as_of, done=done, waived=waived, extensions=extensions)
