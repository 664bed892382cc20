"""The dated and numeric terms of an announcement round, each defaulting to the seed's value.

The board letter authorizes staff to "issue and, if necessary, re-issue" the announcements
(001_ea26778b00a7e017.txt, Recommended Actions 1), and every PA says its dates "are subject to
change". So a date or amount that a re-issued announcement may change is not a constant in a rule
module but a :class:`Term`: its name, its label, its kind, the seed's value as the default and the
clause that value comes from. A round stores only the values it changes; :class:`Terms` resolves
a program's terms against those overrides, and the rules read them by name
(``terms["deployment_deadline"]``).

Pure Python: no Django imports, like the rest of ``programs.rules``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.deadlines import DayCount, Period

from .base import Source
from .fields import Field, InputError, Kind, parse_value

PERIOD_UNITS = {
    "calendar days": (DayCount.CALENDAR_DAYS, 1),
    "business days": (DayCount.BUSINESS_DAYS, 1),
    "months": (DayCount.MONTHS, 1),
    "years": (DayCount.MONTHS, 12),
}
"""The units a period term may be counted in, with the ``core.deadlines`` count each uses."""


@dataclass(frozen=True)
class TermPeriod(Period):
    """A seed period whose length is a round term (``term``), so a round can change it: see :meth:`Terms.resolve`."""

    term: str = ""


@dataclass(frozen=True)
class FloorBreach:
    """A figure below the announcement's minimum: the term's label, both figures in words and the clause."""

    label: str
    value: str
    floor: str
    source: str

    def __str__(self) -> str:
        return (
            f"{self.label}: {self.value} is below the announcement's {self.floor} ({self.source}); it may be raised, "
            "never lowered"
        )


@dataclass(frozen=True)
class Term:
    """One term of a round, e.g. ``Term("final_invoice_deadline", "Final invoice due", Kind.DATE,
    dt.date(2028, 2, 28), Source(SEED, "PA2026-01 Section 6.1"))``.

    ``kind`` is a field kind (date, money, integer, decimal, percent); periods are whole numbers whose
    counting the label states ("Response to a request for information, calendar days").
    """

    name: str
    label: str
    kind: Kind
    default: Any
    source: Source
    unit: str = ""
    help: str = ""
    floor: bool = False
    """The announcement's figure is a minimum ("a minimum of 7,000 miles a year", "at least 50 percent"): a round,
    an agreement or a command input may raise it, never lower it (issue 23)."""

    def __post_init__(self):
        """The default typed like any round's value (``"400000.00"`` becomes ``Decimal("400000.00")``)."""
        object.__setattr__(self, "default", self.parse(self.default))

    @property
    def field(self) -> Field:
        return Field(self.name, self.label, self.kind, unit=self.unit, help=self.help)

    def parse(self, raw: Any) -> Any:
        """The typed value of ``raw``, or ``ValueError`` with a message naming the term."""
        return parse_value(self.field, raw)

    def describe(self, value: Any) -> str:
        """``value`` in words: "February 29, 2028", "$400,000.00", "$60,000.00 per ton", "14 calendar days"."""
        if isinstance(value, dt.date):
            return f"{value:%B %-d, %Y}"
        unit = "" if self.unit in ("", "USD") else f" {self.unit}"
        if self.kind is Kind.MONEY:
            return f"${Decimal(value):,.2f}{unit}"
        if self.kind is Kind.PERCENT:
            return f"{value}%"
        if self.kind is Kind.INTEGER and unit:
            return f"{value:,}{unit}"
        return f"{value}{unit}"

    def below_floor(self, value: Any, floor: Any = None, source: Any = None) -> FloorBreach | None:
        """Why ``value`` may not stand, where this term is a minimum and ``value`` is under ``floor`` (default: the
        announcement's figure, cited by ``source``); ``None`` when it may."""
        floor = self.default if floor is None else floor
        if not self.floor or value >= floor:
            return None
        return FloorBreach(self.label, self.describe(value), self.describe(floor), str(source or self.source))

    @property
    def period(self) -> TermPeriod:
        """The seed's period for a term counted in days, months or years (its ``unit``)."""
        count, factor = PERIOD_UNITS[self.unit]
        return TermPeriod(self.default * factor, count, str(self.source), term=self.name)


class Terms(Mapping[str, Any]):
    """A program's terms resolved for one round: the round's value where it sets one, else the seed's.

    ``Terms(rule_set.terms, {"deployment_deadline": "2029-02-28"})``; unknown names and bad values
    raise one ``InputError`` naming each as ``round.<name>``.
    """

    def __init__(self, terms: Iterable[Term], overrides: Mapping[str, Any] | None = None):
        self._terms = {term.name: term for term in terms}
        overrides = dict(overrides or {})
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for name, raw in overrides.items():
            term = self._terms.get(name)
            if term is None:
                errors[f"round.{name}"] = f"is not a term of this program (terms: {', '.join(self._terms)})"
                continue
            try:
                values[name] = term.parse(raw)
            except ValueError as error:
                errors[f"round.{name}"] = f"{term.label}: {error}"
                continue
            if (breach := term.below_floor(values[name])) is not None:
                errors[f"round.{name}"] = str(breach)
        if errors:
            raise InputError(errors)
        self._overrides = values

    def __getitem__(self, name: str) -> Any:
        if name in self._overrides:
            return self._overrides[name]
        return self._terms[name].default

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def term(self, name: str) -> Term:
        return self._terms[name]

    def source(self, name: str) -> str:
        """Where this round's value comes from: the seed clause, or the re-issue that changed it."""
        if self.is_changed(name):
            return f"changed by the re-issued announcement (seed: {self._terms[name].source})"
        return str(self._terms[name].source)

    def cite(self, name: str, source: Source | None = None) -> Source:
        """The citation of a rule resting on term ``name``: ``source`` (default: the term's clause), saying
        so where this round changes the seed's value."""
        source = source or self._terms[name].source
        if not self.is_changed(name):
            return source
        term = self._terms[name]
        return Source(
            source.file,
            f"{source.section}; changed by the re-issued announcement from "
            f"{term.describe(term.default)} to {term.describe(self[name])}",
        )

    def is_changed(self, name: str) -> bool:
        return name in self._overrides and self._overrides[name] != self._terms[name].default

    @property
    def changed(self) -> dict[str, Any]:
        """The terms this round sets to something other than the seed's value."""
        return {name: value for name, value in self._overrides.items() if self.is_changed(name)}

    def resolve(self, period: Period) -> Period:
        """This round's version of a seed period: the same count with the round's length where the round
        changes the term behind it (a :class:`TermPeriod`), else ``period`` itself with its full citation."""
        name = getattr(period, "term", "")
        if name not in self._terms or not self.is_changed(name):
            return period
        count, factor = PERIOD_UNITS[self._terms[name].unit]
        return Period(self[name] * factor, count, self.source(name))

    def period(self, name: str) -> Period:
        """This round's period for a term counted in days, months or years, e.g. ``deficiency_response_days``."""
        return self.resolve(self._terms[name].period)


def terms_from(terms: Iterable[Term], document: Mapping[str, Any]) -> Terms:
    """The terms of a command's input file: its optional ``"round"`` object over the seed's values."""
    overrides = document.get("round")
    if overrides is None:
        overrides = {}
    if not isinstance(overrides, Mapping):
        raise InputError({"round": "must be a JSON object of term names and values"})
    return Terms(terms, overrides)


__all__ = ["FloorBreach", "Kind", "Source", "Term", "TermPeriod", "Terms", "terms_from"]
