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

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .base import Source
from .fields import Field, InputError, Kind, parse_value


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

    @property
    def field(self) -> Field:
        return Field(self.name, self.label, self.kind, unit=self.unit, help=self.help)

    def parse(self, raw: Any) -> Any:
        """The typed value of ``raw``, or ``ValueError`` with a message naming the term."""
        return parse_value(self.field, raw)


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

    def is_changed(self, name: str) -> bool:
        return name in self._overrides and self._overrides[name] != self._terms[name].default

    @property
    def changed(self) -> dict[str, Any]:
        """The terms this round sets to something other than the seed's value."""
        return {name: value for name, value in self._overrides.items() if self.is_changed(name)}


def terms_from(terms: Iterable[Term], document: Mapping[str, Any]) -> Terms:
    """The terms of a command's input file: its optional ``"round"`` object over the seed's values."""
    overrides = document.get("round", {})
    if not isinstance(overrides, Mapping):
        raise InputError({"round": "must be a JSON object of term names and values"})
    return Terms(terms, overrides)


__all__ = ["Kind", "Source", "Term", "Terms", "terms_from"]
