"""How an announcement selects the projects it funds, as data of its rule set.

Every announcement names its own method: first come, first served (INVEST CLEAN PA2026-01 and -02,
PA2022-01), a rubric score (PA2026-03) or NOx cost-effectiveness (SOON), with priorities for
disadvantaged and low-income communities, reserves per MSA, county shares and fund sources paying
one path. A :class:`Selection` states which of these mechanisms a program uses, with the clause each
comes from; ``funding.rules.allocation`` is the one function that applies them. Nothing here imports
Django.

The figures a ranking reads (county, MSA, DAC flag, rubric score, $/ton, tons) are taken from a
project's answers and its evaluation by :meth:`Selection.facts`, so they can be stored in typed
columns when the evaluation is stored and the ranking never opens the JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .base import Evaluation, Source
from .terms import Term


class Order(StrEnum):
    """The order in which eligible projects are considered for funding."""

    SUBMISSION = "submission"
    SCORE = "score"
    COST_EFFECTIVENESS = "cost_effectiveness"

    @property
    def label(self) -> str:
        return ORDER_LABELS[self]


ORDER_LABELS = {
    Order.SUBMISSION: "first come, first served by submission time",
    Order.SCORE: "rubric score, highest first",
    Order.COST_EFFECTIVENESS: "NOx cost-effectiveness, lowest dollars per ton first",
}

DAC_GROUP = "Disadvantaged or low-income community"
"""The reserve group of the DAC floor (SOON): the part of a fund only DAC/low-income projects may use."""


@dataclass(frozen=True)
class ProjectFacts:
    """What a ranking or a dashboard reads about one project, typed (stored in indexed columns)."""

    county: str = ""
    msa: str = ""
    dac: bool | None = None
    score: int | None = None
    cost_effectiveness_per_ton: Decimal | None = None
    weighted_tons_per_year: Decimal | None = None
    nox_tons_per_year: Decimal | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


AWARD = "award"
COST_EFFECTIVENESS = "cost_effectiveness_per_ton"


@dataclass(frozen=True)
class AwardLimit:
    """The most a project may be funded at: a ceiling on its award (a funding cap) or on its dollars per ton (a
    cost-effectiveness limit), as a round term per category of project (issue 23).

    ``figure`` is ``AWARD`` or ``COST_EFFECTIVENESS``; ``terms`` maps a category (the value of the project's
    answer ``category_field``: SOON's new engine tier, PA2022-01's replacement technology, PA2026-01's equipment
    type) to its term, ``""`` for every category not listed. A project of no known category is held to the highest
    of them, the most any project of the program may have. ``path`` limits it to one funding path.
    """

    figure: str
    label: str
    terms: Mapping[str, Term]
    category_field: str = ""
    path: str = ""

    def term_for(self, category: str, values: Mapping[str, Any]) -> Term:
        """The term that holds a project of ``category``; ``values`` are the round's (the highest when unknown)."""
        if category and category in self.terms:
            return self.terms[category]
        if category and "" in self.terms:
            return self.terms[""]
        return max(self.terms.values(), key=lambda term: values[term.name])


@dataclass(frozen=True)
class Selection:
    """One program's selection method.

    ``order`` ranks the eligible projects; ``dac_first`` puts projects in disadvantaged or low-income
    communities ahead of the others (each group in ``order``); ``dac_floor`` is a share of every fund
    only those projects may use; ``msas`` lets staff reserve funds per MSA; ``county_shares`` selects
    in proportion to staff-entered county weights, redistributing what a county does not take;
    ``funds_by_path`` charges each award to a fund paying the path (one of ``paths``) that offers it, under the
    ``solicitation_total``. ``partial_funding`` cites the clause behind offering the last project that
    does not fit what is left.
    """

    order: Order
    description: str
    source: Source
    partial_funding: Source
    dac_first: bool = False
    dac_floor: Term | None = None
    msas: tuple[tuple[str, tuple[str, ...]], ...] = ()
    county_shares: bool = False
    funds_by_path: bool = False
    paths: tuple[str, ...] = ()
    solicitation_total: Term | None = None
    county_field: str = ""
    dac_field: str = ""
    notes: tuple[str, ...] = ()
    limits: tuple[AwardLimit, ...] = ()
    """The cost-effectiveness limits and funding caps no funded project may exceed (issue 23)."""

    @property
    def terms(self) -> tuple[Term, ...]:
        """The round terms this method reads (the DAC floor, the solicitation total, the limits and caps)."""
        found = {term.name: term for term in (self.dac_floor, self.solicitation_total) if term is not None}
        for limit in self.limits:
            found.update({term.name: term for term in limit.terms.values()})
        return tuple(found.values())

    @property
    def category_fields(self) -> tuple[str, ...]:
        """The project answers that choose a project's limits (``AwardLimit.category_field``)."""
        return tuple(dict.fromkeys(limit.category_field for limit in self.limits if limit.category_field))

    @property
    def reserve_areas(self) -> tuple[str, ...]:
        """The areas staff may reserve funds for (the MSAs), in the announcement's order."""
        return tuple(name for name, _ in self.msas)

    def msa_of(self, county: str) -> str:
        return next((name for name, counties in self.msas if county in counties), "")

    def facts(self, project: Mapping[str, Any], application: Mapping[str, Any], evaluation: Evaluation) -> ProjectFacts:
        """The typed figures of one evaluated project: its county (the project's own where the program asks
        for one, else the applicant's), MSA, DAC flag, a fully scored rubric's total, $/ton and tons."""
        figures = evaluation.figures
        county = str(project.get(self.county_field) or "") if self.county_field else ""
        county = county or str(application.get("county") or "")
        dac = bool(project.get(self.dac_field)) if self.dac_field else None
        score = figures.get("rubric_total") if figures.get("rubric_status") == "scored" else None
        return ProjectFacts(
            county=county,
            msa=self.msa_of(county),
            dac=dac,
            score=score,
            cost_effectiveness_per_ton=_decimal(figures.get("cost_effectiveness_per_ton")),
            weighted_tons_per_year=_decimal(
                figures.get("weighted_tons_per_year", (figures.get("reduced_tons_per_year") or {}).get("weighted"))
            ),
            nox_tons_per_year=_decimal(figures.get("nox_tons_per_year", figures.get("nox_reduced_tons_per_year"))),
        )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
