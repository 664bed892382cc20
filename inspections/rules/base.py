"""What a program asks of its inspections, as data, and the comparisons an inspection makes.

Pure Python: no Django imports. The program modules (``pa2026_01`` ... ``pa2022_01``) declare which inspections a
program has, the checklist of each (typed fields, with the application answer each is compared with), the photos
each must carry and the payment clearances each one clears, every item with the seed clause it comes from.
Periods the agreements rule sets already hold (destruction windows, the destruction notice) are read from them,
never written again here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from programs.rules.base import Source
from programs.rules.fields import Field, Kind
from programs.rules.terms import Term


class InspectionKind(StrEnum):
    PRE = "pre"
    POST = "post"
    DESTRUCTION = "destruction"
    INSTALLATION = "installation"
    MONITORING = "monitoring"
    """Usage and operation checked on site during the project life (``rules.programs`` MONITORING_*), asked for by
    staff, e.g. when a usage report is overdue (``reporting.services.request_inspection``)."""


@dataclass(frozen=True)
class Check:
    """One line of the checklist: what the inspector observes (``field``, typed) and, where the application
    declared it, the application answer it is compared with (``declared``, a project data key)."""

    field: Field
    declared: str | None = None

    @property
    def key(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class InspectionRule:
    """One inspection a program requires.

    ``clears``: the payment clearances (``payments.rules.programs``) an accepted, passing inspection clears.
    ``on_accept_event``: the agreement event (``agreements.rules``) an accepted, passing inspection records (the
    post-inspection "confirms it operational"; a destruction inspection verifies the destruction).
    ``documents``: what the awardee must have uploaded before it clears (a Certificate of Destruction ...).
    """

    kind: InspectionKind
    name: str
    source: Source
    checklist: tuple[Check, ...]
    photos: tuple[str, ...] = ()
    clears: tuple[str, ...] = ()
    on_accept_event: str | None = None
    documents: tuple[str, ...] = ()
    awardee_trigger: str | None = None
    """The event the awardee reports that makes this inspection needed (delivery ...), if any."""


@dataclass(frozen=True)
class Destruction:
    """How the old equipment is destroyed: the window (an agreements term), the notice before it where the seed
    asks for one, and the method the inspector verifies."""

    window_term: Term
    counted_from: str
    notice_term: Term | None
    method: tuple[str, ...]
    source: Source

    @property
    def window_days(self) -> int:
        return int(self.window_term.default)

    @property
    def notice_days(self) -> int | None:
        return int(self.notice_term.default) if self.notice_term else None


@dataclass(frozen=True)
class ProgramInspections:
    code: str
    inspections: tuple[InspectionRule, ...]
    destruction: Destruction | None = None
    notes: tuple[str, ...] = field(default=())

    def rule(self, kind: str) -> InspectionRule | None:
        return next((rule for rule in self.inspections if rule.kind == kind), None)

    @property
    def kinds(self) -> tuple[InspectionKind, ...]:
        return tuple(rule.kind for rule in self.inspections)

    def clearance_rule(self, key: str) -> InspectionRule | None:
        return next((rule for rule in self.inspections if key in rule.clears), None)

    @property
    def clearance_keys(self) -> tuple[str, ...]:
        return tuple(key for rule in self.inspections for key in rule.clears)


def term_named(terms: tuple[Term, ...], name: str) -> Term:
    """The round term ``name`` of an agreements (or programs) rule set: one owner for each number."""
    return next(term for term in terms if term.name == name)


# --- Comparisons ---------------------------------------------------------------------------------------------


def _normal(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | float):
        return Decimal(str(value)).normalize()
    text = " ".join(str(value).split()).upper()
    if text == "":
        return None
    try:
        return Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return text.replace("-", "").replace(" ", "")


def matches(declared: Any, observed: Any) -> bool | None:
    """Whether the observed value is the declared one: case, spaces, dashes and thousands separators aside
    ("1xkad49x0cj000001" is "1XKAD49X7CJ000001"; "250,000" is 250000). None when either is missing."""
    left, right = _normal(declared), _normal(observed)
    if left is None or right is None:
        return None
    return left == right


@dataclass(frozen=True)
class Comparison:
    key: str
    label: str
    unit: str
    declared: Any
    observed: Any
    match: bool | None

    @property
    def mismatch(self) -> bool:
        return self.match is False


def compare(checklist: tuple[Check, ...], declared: Mapping[str, Any], observed: Mapping[str, Any]) -> list[Comparison]:
    """Every checklist line with the application's answer beside the observed value and whether they agree."""
    rows = []
    for check in checklist:
        was = declared.get(check.declared) if check.declared else None
        seen = observed.get(check.key)
        rows.append(
            Comparison(
                check.key,
                check.field.label,
                check.field.unit,
                was,
                seen,
                matches(was, seen) if check.declared else None,
            )
        )
    return rows


def missing_photos(required: tuple[str, ...], captions: list[str]) -> list[str]:
    """The required captions no photo carries yet, in the required order."""
    have = set(captions)
    return [caption for caption in required if caption not in have]


def unverified_checks(checklist: tuple[Check, ...], observed: Mapping[str, Any]) -> list[str]:
    """Yes/no checks of the method (a frame cut, the engine block hole, "operational") not answered yes."""
    return [
        check.field.label
        for check in checklist
        if check.field.kind == Kind.BOOLEAN and check.field.required and observed.get(check.key) is not True
    ]


# --- The destruction's dates ---------------------------------------------------------------------------------


def destruction_deadline(destruction: Destruction, start: dt.date) -> dt.date:
    """The last day to destroy: ``window_days`` calendar days after ``start`` (the delivery for PA2026-01, the
    dismantler's receipt for PA2026-02)."""
    return start + dt.timedelta(days=destruction.window_days)


def notice_problem(destruction: Destruction, *, given_on: dt.date, planned_on: dt.date) -> str | None:
    """Why a destruction notice given on ``given_on`` for ``planned_on`` is too late, or None.

    PA2026-01: "notified within 14 days prior to equipment destruction so that an inspection can be performed",
    read (as ``agreements.rules.pa2026_01`` does) as at least 14 days before it.
    """
    days = destruction.notice_days
    if days is None:
        return None
    if planned_on < given_on + dt.timedelta(days=days):
        earliest = given_on + dt.timedelta(days=days)
        return (
            f"The district must be notified at least {days} days before the destruction: the earliest date "
            f"for a notice given on {given_on:%B %-d, %Y} is {earliest:%B %-d, %Y}."
        )
    return None


# --- Dates checked against the facts (issue 22) --------------------------------------------------------------

INSPECTED_EVENTS: Mapping[str, tuple[str, ...]] = {
    InspectionKind.POST.value: ("delivered", "installed"),
    InspectionKind.INSTALLATION.value: ("installed",),
}
"""What a post- or installation inspection looks at, as the agreement's events record it: the new equipment
delivered (PA2026-01 Table 1 "New equipment is delivered to site", step 4A; PA2026-02 Table 1 step 4b "After the
new/replacement vehicle is delivered ... an inspection can be scheduled") or the charging station installed
(PA2026-03's installation inspection). An inspection cannot look at equipment not yet there."""


def inspected_event(kind: str, events: Mapping[str, dt.date]) -> tuple[str, dt.date] | None:
    """The recorded event the inspection of ``kind`` looks at, as (key, date): the latest of those it may follow;
    None when the inspection follows none (a pre-inspection, a destruction) or none is recorded yet."""
    found = [(events[key], key) for key in INSPECTED_EVENTS.get(str(kind), ()) if events.get(key)]
    if not found:
        return None
    on, key = max(found)
    return key, on


def before_event(kind: str, on: dt.date, events: Mapping[str, dt.date]) -> tuple[str, dt.date] | None:
    """The event ``on`` falls before, when an inspection of ``kind`` on that day would precede what it inspects."""
    event = inspected_event(kind, events)
    return event if event is not None and on < event[1] else None


def still_to_come(on: dt.date | None, today: dt.date) -> bool:
    """A day that has not come yet: no inspection is done, and nothing destroyed, in the future."""
    return on is not None and on > today
