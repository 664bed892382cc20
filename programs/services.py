"""Writes to rounds: issuing a re-issue and changing a round, each change recorded with who, when and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.citations import public

from .models import Program, Round, RoundChange
from .rules.fields import InputError
from .rules.terms import FloorBreach, Terms
from .selectors import jsonable, latest_factor_table, round_terms, stored_terms

UNCHANGED: Any = object()

WINDOW_LABELS = {"opens_at": "Applications accepted from", "closes_at": "Submission deadline", "budget": "Budget"}


class RoundError(Exception):
    """A round change refused, with a message for staff (``errors``: parameter -> message)."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


def _window_errors(
    program: Program, opens_at: dt.datetime, closes_at: dt.datetime, other_than: Round | None = None
) -> dict[str, str]:
    """The window opens before it closes and overlaps no other round of the program, so that "the round
    open on a date" is always one round."""
    if opens_at >= closes_at:
        return {"closes_at": "The submission deadline must be after the window opens."}
    overlapping = program.rounds.filter(opens_at__lt=closes_at, closes_at__gt=opens_at)
    if other_than is not None:
        overlapping = overlapping.exclude(pk=other_than.pk)
    clash = overlapping.order_by("number").first()
    if clash is not None:
        return {
            "opens_at": f"The window overlaps the {clash.label}'s ({timezone.localtime(clash.opens_at):%B %-d, %Y}"
            f" to {timezone.localtime(clash.closes_at):%B %-d, %Y}); close that round first."
        }
    return {}


def _budget_errors(budget) -> dict[str, str]:
    if budget is not UNCHANGED and budget is not None and budget < 0:
        return {"budget": "The budget cannot be negative; leave it blank where the announcement names none."}
    return {}


def _terms(program: Program, stored: Mapping[str, Any], changes: Mapping[str, Any]) -> Terms:
    """The round's terms with ``changes`` applied; bad values raise ``RoundError`` naming each term. Stored values
    of terms no installed app declares any more are dropped."""
    declared = round_terms(program.code)
    names = {term.name for term in declared}
    try:
        return Terms(declared, {**{name: value for name, value in stored.items() if name in names}, **changes})
    except InputError as error:
        errors = {name.removeprefix("round."): message for name, message in error.errors.items()}
        for term in declared:
            if term.name in errors and term.name in changes:
                try:
                    breach = term.below_floor(term.parse(changes[term.name]))
                except ValueError:
                    continue
                if breach is not None:
                    errors[term.name] = floor_message(breach)
        raise RoundError(errors) from None


def floor_message(breach: FloorBreach) -> str:
    """A figure under the announcement's minimum (a usage minimum, an area share, the DAC floor) as staff read it: a
    round or an agreement may raise it, never lower it (issue 23)."""
    return _(
        "%(label)s: %(value)s is below the announcement's %(floor)s (%(source)s); it may be raised, never lowered."
    ) % {
        "label": breach.label,
        "value": breach.value,
        "floor": breach.floor,
        "source": public(breach.source),
    }


def _record(
    round_: Round, before: Mapping[str, Any], after: Mapping[str, Any], labels: Mapping[str, str], *, by, reason: str
) -> list[RoundChange]:
    return RoundChange.objects.bulk_create(
        RoundChange(
            round=round_,
            parameter=name,
            label=labels[name],
            old_value=before.get(name),
            new_value=after.get(name),
            reason=reason,
            changed_by=by,
        )
        for name in labels
        if before.get(name) != after.get(name)
    )


def _window_values(round_: Round | None) -> dict[str, Any]:
    if round_ is None:
        return {}
    return {
        "opens_at": timezone.localtime(round_.opens_at).isoformat(),
        "closes_at": timezone.localtime(round_.closes_at).isoformat(),
        "budget": None if round_.budget is None else str(round_.budget),
    }


def _term_values(terms: Terms) -> dict[str, Any]:
    return {name: jsonable(terms.term(name), terms[name]) for name in terms}


def _term_labels(terms: Terms) -> dict[str, str]:
    return {name: terms.term(name).label for name in terms}


EDITION_LABEL = {"factor_table": "Carl Moyer Guidelines edition (on-road emission factors)"}


def _edition_value(round_: Round | None) -> dict[str, Any]:
    """The round's chosen Guidelines edition as recorded in its history: the imported table's id (``None``: the
    newest imported edition)."""
    return {"factor_table": round_.factor_table_id if round_ is not None else None}


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise RoundError({"reason": "Say why (e.g. the re-issued announcement's reference or the Board item)."})
    return reason.strip()


@transaction.atomic
def reissue(
    program: Program,
    *,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    by,
    reason: str,
    issued_on: dt.date | None = None,
    budget: Decimal | None = UNCHANGED,
    terms: Mapping[str, Any] | None = None,
    source: str = "",
    factor_table: Any = UNCHANGED,
) -> Round:
    """Issue the next round of ``program``: a copy of the current round (budget and terms) with its own window,
    and whatever ``terms`` (name -> value) the re-issued announcement changes.

    "Issue, and if necessary, re-issue" (001_ea26778b00a7e017.txt, Recommended Actions 1). Each parameter that
    differs from the previous round is recorded as a change by ``by`` with ``reason``.
    """
    reason = _require_reason(reason)
    program = Program.objects.select_for_update().get(pk=program.pk)
    previous = program.rounds.order_by("-number").first()
    errors = {**_window_errors(program, opens_at, closes_at), **_budget_errors(budget)}
    try:
        resolved = _terms(program, previous.terms if previous else {}, terms or {})
    except RoundError as error:
        errors.update(error.errors)
    if errors:
        raise RoundError(errors)
    number = previous.number + 1 if previous else 0
    issued_on = issued_on or timezone.localdate()
    round_ = Round.objects.create(
        program=program,
        number=number,
        issued_on=issued_on,
        opens_at=opens_at,
        closes_at=closes_at,
        budget=(previous.budget if previous else None) if budget is UNCHANGED else budget,
        terms=stored_terms(resolved),
        created_by=by,
        factor_table=latest_factor_table() if factor_table is UNCHANGED else factor_table,
        source=source
        or (program.source if previous is None else f"{program.code} re-issue {number}, issued {issued_on:%B %-d, %Y}"),
    )
    RoundChange.objects.create(
        round=round_,
        parameter="issued",
        label=f"Issued as the {round_.label}",
        old_value=None if previous is None else previous.number,
        new_value=number,
        reason=reason,
        changed_by=by,
    )
    if previous is not None:
        before_terms = _term_values(_terms(program, previous.terms, {}))
        _record(round_, _window_values(previous), _window_values(round_), WINDOW_LABELS, by=by, reason=reason)
        _record(round_, before_terms, _term_values(resolved), _term_labels(resolved), by=by, reason=reason)
        _record(round_, _edition_value(previous), _edition_value(round_), EDITION_LABEL, by=by, reason=reason)
    return round_


@transaction.atomic
def change_round(
    round_: Round,
    *,
    by,
    reason: str,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    budget: Decimal | None = UNCHANGED,
    terms: Mapping[str, Any] | None = None,
    factor_table: Any = UNCHANGED,
) -> list[RoundChange]:
    """Change a round's window, budget or terms (an amendment, "dates are subject to change"), recording
    each changed parameter's old and new value, who and why. Nothing changed, nothing recorded."""
    round_ = Round.objects.select_for_update().select_related("program").get(pk=round_.pk)
    before_window = _window_values(round_)
    before_terms = _terms(round_.program, round_.terms, {})
    opens_at = opens_at or round_.opens_at
    closes_at = closes_at or round_.closes_at
    budget = round_.budget if budget is UNCHANGED else budget
    errors = {**_window_errors(round_.program, opens_at, closes_at, other_than=round_), **_budget_errors(budget)}
    try:
        after_terms = _terms(round_.program, round_.terms, terms or {})
    except RoundError as error:
        errors.update(error.errors)
    if errors:
        raise RoundError(errors)
    before_edition = _edition_value(round_)
    if factor_table is not UNCHANGED:
        round_.factor_table = factor_table
    edition_changed = _edition_value(round_) != before_edition
    window_changed = (opens_at, closes_at, budget) != (round_.opens_at, round_.closes_at, round_.budget)
    if not window_changed and not edition_changed and _term_values(after_terms) == _term_values(before_terms):
        return []
    reason = _require_reason(reason)
    round_.opens_at, round_.closes_at, round_.budget = opens_at, closes_at, budget
    round_.terms = stored_terms(after_terms)
    round_.save()
    return [
        *_record(round_, before_edition, _edition_value(round_), EDITION_LABEL, by=by, reason=reason),
        *_record(round_, before_window, _window_values(round_), WINDOW_LABELS, by=by, reason=reason),
        *_record(
            round_,
            _term_values(before_terms),
            _term_values(after_terms),
            _term_labels(after_terms),
            by=by,
            reason=reason,
        ),
    ]
