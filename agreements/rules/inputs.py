"""Reading the JSON given to the post-award commands (``obligations``, ``payment``, ``usage``).

A :class:`Reader` collects one message per bad field, named by its path (``agreement.award``,
``events.delivered``, ``periods[2].usage``), and raises them together as one ``InputError``: the
command prints every one and exits non-zero, as ``evaluate`` does. Values are parsed with the same
``programs.rules.fields`` definitions the application forms use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from programs.rules.fields import Field, InputError, Kind, parse_values
from programs.rules.terms import Terms

from .base import PostAward
from .registry import post_award, resolve_terms

TERM_EXTENSION = Field(
    "term_extension_months", "Months the term is extended by amendment", Kind.INTEGER, unit="months", required=False
)


class Reader:
    """Reads one command input document, keeping every error instead of stopping at the first."""

    def __init__(self, document: Any, *, keys: Iterable[str]):
        self.errors: dict[str, str] = {}
        if not isinstance(document, Mapping):
            raise InputError({"file": "must hold a JSON object"})
        self.document = document
        allowed = tuple(keys)
        for name in document:
            if name not in allowed:
                self.errors[name] = f"is not a top-level key (use {', '.join(allowed)})"

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.document.get(name, {})
        if not isinstance(value, Mapping):
            self.errors[name] = "must be a JSON object"
            return {}
        return value

    def values(self, name: str, fields: Iterable[Field], *, partial: bool = False) -> dict[str, Any]:
        """Typed values of the object ``name`` (e.g. ``agreement``), every bad one named ``name.field``."""
        try:
            return parse_values(fields, self.section(name), partial=partial)
        except InputError as error:
            self.errors.update({f"{name}.{field}": message for field, message in error.errors.items()})
            return {}

    def date(self, name: str, *, default: dt.date | None = None) -> dt.date | None:
        value = self.document.get(name)
        if value is None:
            return default
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.errors[name] = "enter a date as YYYY-MM-DD"
            return default

    def dates(self, name: str, allowed: Iterable[str] | None = None, what: str = "") -> dict[str, dt.date]:
        """An object of names and dates, e.g. ``events``; names outside ``allowed`` (when given) are refused."""
        allowed = None if allowed is None else tuple(allowed)
        found: dict[str, dt.date] = {}
        for key, value in self.section(name).items():
            if allowed is not None and key not in allowed:
                self.errors[f"{name}.{key}"] = f"is not {what} of this program (use {', '.join(allowed)})"
                continue
            try:
                found[key] = dt.date.fromisoformat(str(value))
            except ValueError:
                self.errors[f"{name}.{key}"] = "enter a date as YYYY-MM-DD"
        return found

    def terms(self, code: str) -> Terms | None:
        try:
            return _terms(code, self.document)
        except InputError as error:
            self.errors.update(error.errors)
            return None

    def check(self) -> None:
        if self.errors:
            raise InputError(self.errors)


def _terms(code: str, document: Mapping[str, Any]) -> Terms:
    overrides = document.get("round", {})
    if not isinstance(overrides, Mapping):
        raise InputError({"round": "must be a JSON object of term names and values"})
    return resolve_terms(code, overrides)


def program_and_agreement(
    reader: Reader, code: str, extra_fields: Iterable[Field] = (), *, partial: bool = False
) -> tuple[PostAward, dict[str, Any], dict[str, dt.date], Terms | None]:
    """The program, its agreement's values, the recorded events and the round's terms of one document.

    ``partial`` accepts an agreement without the fields only the obligations need (PA2026-03's milestone
    dates); the program's ``agreement_checks`` still ask for those the term needs.
    """
    program = post_award(code)
    before = len(reader.errors)
    agreement = reader.values("agreement", (*program.agreement_fields, TERM_EXTENSION, *extra_fields), partial=partial)
    if len(reader.errors) == before and program.agreement_checks:
        reader.errors.update(
            {f"agreement.{name}": message for name, message in program.agreement_checks(agreement).items()}
        )
    events = reader.dates("events", (event.key for event in program.events), "an event")
    executed = events.get("agreement_executed")
    for key, day in events.items():
        if executed and day < executed and key != "agreement_executed":
            reader.errors[f"events.{key}"] = (
                f"{program.event(key).label} on {day} is before the {program.agreement_noun}'s execution on {executed}"
            )
    return program, agreement, events, reader.terms(code)
