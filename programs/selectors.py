"""Reads about programs and rounds: the terms in force in a round, and the table staff see of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.money import usd

from .models import Round
from .rules.fields import Kind
from .rules.terms import Term, Terms


def round_terms(code: str) -> tuple[Term, ...]:
    """Every term of program ``code``'s rounds: those of each installed app whose AppConfig defines
    ``round_terms(code)`` (the programs app gives the rule set's), in INSTALLED_APPS order.

    A name declared twice with different definitions is a configuration error, never silently shadowed.
    """
    found: dict[str, tuple[str, Term]] = {}
    for config in apps.get_app_configs():
        contribute = getattr(config, "round_terms", None)
        if contribute is None:
            continue
        for term in contribute(code) or ():
            if term.name in found and found[term.name][1] != term:
                raise ImproperlyConfigured(
                    f"Round term {term.name!r} of {code} is declared by both {found[term.name][0]} and {config.label}"
                )
            found.setdefault(term.name, (config.label, term))
    return tuple(term for _, term in found.values())


def terms_of(round_: Round | None, code: str | None = None) -> Terms | None:
    """The terms in force in ``round_`` (``None``: no round, the seed's values apply).

    Values a round stores for a term no installed app declares any more are ignored, not fatal.
    """
    if round_ is None:
        return None
    return terms_over(code or round_.program.code, round_.terms)


def terms_over(code: str, stored: dict) -> Terms:
    """Program ``code``'s terms over the values a round stores (``Round.terms``), e.g. read by a subquery."""
    declared = round_terms(code)
    names = {term.name for term in declared}
    return Terms(declared, {name: value for name, value in (stored or {}).items() if name in names})


@dataclass(frozen=True)
class TermRow:
    """One line of a round's terms as staff see it: this round's value beside the seed's and its clause."""

    name: str
    label: str
    value: str
    seed_value: str
    source: str
    changed: bool


def _pt(moment) -> str:
    return f"{timezone.localtime(moment):%B %-d, %Y, %-I:%M %p} PT"


def stated(amount) -> str:
    """An amount, or "not stated" where the announcement gives none."""
    return "not stated" if amount is None else usd(amount)


def term_rows(round_: Round) -> list[TermRow]:
    """The round's window, budget and every term, each with the seed's value and clause; changed ones marked.

    The window and budget are compared with the original issue's (the seed's, ``Program.source``).
    """
    original = round_.program.rounds.order_by("number").first() or round_
    seed_source = round_.program.source
    rows = [
        TermRow(
            name,
            label,
            render(getattr(round_, name)),
            render(getattr(original, name)),
            seed_source,
            getattr(round_, name) != getattr(original, name),
        )
        for name, label, render in (
            ("opens_at", "Applications accepted from", _pt),
            ("closes_at", "Submission deadline", _pt),
            ("budget", "Budget", stated),
        )
    ]
    terms = terms_of(round_)
    for name in terms:
        term = terms.term(name)
        rows.append(
            TermRow(
                name,
                term.label,
                term.describe(terms[name]),
                term.describe(term.default),
                str(term.source),
                terms.is_changed(name),
            )
        )
    return rows


def jsonable(term: Term, value: Any) -> Any:
    """A term's typed value as stored in ``Round.terms`` and ``RoundChange``: dates and amounts as strings."""
    if term.kind is Kind.DATE:
        return value.isoformat()
    if term.kind in (Kind.MONEY, Kind.DECIMAL, Kind.PERCENT):
        return str(value)
    return value


def stored_terms(terms: Terms) -> Mapping[str, Any]:
    """What a round stores of ``terms``: only the values it changes from the seed."""
    return {name: jsonable(terms.term(name), value) for name, value in terms.changed.items()}


def latest_factor_table():
    """The newest imported on-road emission factor table (a Guidelines edition), or ``None``."""
    from .models import FactorTable

    return FactorTable.objects.filter(table=FactorTable.Table.ONROAD).order_by("-imported_at", "-pk").first()


def factor_table_of(round_=None):
    """The Guidelines edition a round's projects are evaluated by: the one staff chose for the round, else the newest
    imported (issue 23); ``None`` when none is imported."""
    if round_ is not None and round_.factor_table_id:
        return round_.factor_table
    return latest_factor_table()


def factor_table_citation(table) -> str:
    """Where an imported table comes from, in words: edition, source and import date."""
    return f"{table.edition}: {table.source} (imported {table.imported_at:%B %-d, %Y})"


def onroad_factors(round_=None) -> tuple[dict, str]:
    """The on-road emission factors of the round's Guidelines edition (``factor_table_of``) as ``moyer_onroad``
    factors by (service class, model year), and its citation; ``({}, "")`` when none is imported (issue 23)."""
    from decimal import Decimal

    from .rules.moyer_onroad import EmissionFactors

    table = factor_table_of(round_)
    if table is None:
        return {}, ""
    factors = {
        (row[0], int(row[1])): EmissionFactors(Decimal(row[2]), Decimal(row[3]), Decimal(row[4])) for row in table.rows
    }
    return factors, factor_table_citation(table)
