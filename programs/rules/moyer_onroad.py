"""Carl Moyer Program on-road emission reductions and the cost-effectiveness limit amount.

Method: ../shared/reference/moyer-cost-effectiveness.md ("The method (Guidelines, Appendix C)"):
annual emissions = emission factor (g/mile) x annual miles / grams per ton, per pollutant; the
reduction is baseline minus replacement (zero for a zero-emission replacement's tailpipe);
weighted tons = NOx + ROG + 20 x PM10 (002_93fe1fbed5faf247.txt, "Heavy-Duty Vehicle Replacement
under the CMP" formula); the most a limit L allows is L x weighted tons / CRF.

The on-road g/mile emission factors are the CMP Guidelines' Appendix D tables. They were not found
in public text (reference, "Figures gathered", last bullet; a search of public sources found none),
so they are NOT encoded here: an edition carries its factor table as data (``factors``), empty
until someone copies the Guidelines' tables in, and a program may take staff-entered factors
from the application instead. Every figure the calculation uses is returned so staff can check it.

Grams per ton: cost_effectiveness.tons_per_year divides by 907,200, the 2017 Guidelines' off-road
figure; the reference's general method says 907,185 (a 0.002% difference). The on-road divisor of the
Guidelines was not found, so the one shared figure is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from . import cost_effectiveness as ce


@dataclass(frozen=True)
class EmissionFactors:
    """Grams per mile of NOx, ROG and combustion PM10."""

    nox: Decimal
    rog: Decimal
    pm10: Decimal


ZERO_EMISSION = EmissionFactors(Decimal(0), Decimal(0), Decimal(0))
"""A zero-emission vehicle "itself produces no emissions" (002_93fe1fbed5faf247.txt, DEFINITIONS, ZEV)."""


@dataclass(frozen=True)
class GuidelinesEdition:
    """One edition of the CMP Guidelines as data: discount rate and on-road emission factors.

    ``factors`` maps (engine service class, engine model year) to g/mile factors, e.g.
    ``{("HHD", 2008): EmissionFactors(...)}``; it names its table in ``factors_source``.
    """

    name: str
    discount_rate: Decimal
    source: str
    factors: Mapping[tuple[str, int], EmissionFactors] = field(default_factory=dict)
    factors_source: str = ""

    def factors_for(self, service_class: str, model_year: int) -> EmissionFactors | None:
        return self.factors.get((service_class, model_year))


GUIDELINES_2017 = GuidelinesEdition(
    name="Carl Moyer Program Guidelines, 2017 edition (limits as in force in 2022)",
    discount_rate=ce.DISCOUNT_RATE_2017_GUIDELINES,
    source='../shared/reference/moyer-cost-effectiveness.md, "Figures gathered" (1%, CRF table D-24)',
    factors_source="Appendix D on-road tables: not found in public text, not encoded",
)


FACTOR_COLUMNS = ("service_class", "engine_model_year", "nox_g_per_mile", "rog_g_per_mile", "pm10_g_per_mile")
"""The CSV template of the on-road emission factor table (Guidelines Appendix D): one row per engine service class
(LHD, MHD, HHD) and engine model year, grams per mile of NOx, ROG and PM10 (issue 23)."""
SERVICE_CLASSES = ("LHD", "MHD", "HHD")


def read_factor_rows(
    rows: list[dict[str, str]],
) -> tuple[dict[tuple[str, int], EmissionFactors], dict[str, str]]:
    """The factors of an imported table, and every error by "row N, column C" (row 1 is the header)."""
    if not rows:
        return {}, {"file": "the file has no rows"}
    missing = [name for name in FACTOR_COLUMNS if name not in {key.strip() for key in rows[0] if key}]
    if missing:
        return {}, {"row 1": f"missing column(s): {', '.join(missing)} (the template: {', '.join(FACTOR_COLUMNS)})"}
    factors: dict[tuple[str, int], EmissionFactors] = {}
    errors: dict[str, str] = {}
    for number, raw in enumerate(rows, start=2):
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        service_class = row["service_class"].upper()
        if service_class not in SERVICE_CLASSES:
            errors[f"row {number}, column service_class"] = f"must be one of {', '.join(SERVICE_CLASSES)}"
        year = row["engine_model_year"]
        if not (year.isdigit() and 1900 <= int(year) <= 2100):
            errors[f"row {number}, column engine_model_year"] = f"{year!r} is not a model year"
        grams = {}
        for name in FACTOR_COLUMNS[2:]:
            try:
                grams[name] = Decimal(row[name])
                if not grams[name].is_finite() or grams[name] < 0:
                    raise ValueError
            except (ArithmeticError, ValueError):
                errors[f"row {number}, column {name}"] = f"{row[name]!r} is not a number of grams per mile"
        if any(key.startswith(f"row {number},") for key in errors):
            continue
        key = (service_class, int(year))
        if key in factors:
            errors[f"row {number}, column engine_model_year"] = f"{service_class} {year} is listed twice"
            continue
        factors[key] = EmissionFactors(grams["nox_g_per_mile"], grams["rog_g_per_mile"], grams["pm10_g_per_mile"])
    return factors, errors


def with_factors(
    edition: GuidelinesEdition, factors: Mapping[tuple[str, int], EmissionFactors] | None, source: str
) -> GuidelinesEdition:
    """``edition`` with the factor table staff imported (``None`` or empty: the edition as it is)."""
    return replace(edition, factors=factors, factors_source=source) if factors else edition


def guideline_factors_entered(edition: GuidelinesEdition = GUIDELINES_2017) -> bool:
    """Whether the Guidelines' on-road emission factors (Appendix D) are in the portal. Until they are, a CMP
    project's tons rest on factors staff typed, and no $/ton of PA2022-01 is stated as the Guidelines' (issue 20)."""
    return bool(edition.factors)


@dataclass(frozen=True)
class TonsPerYear:
    nox: Decimal
    rog: Decimal
    pm10: Decimal

    @property
    def weighted(self) -> Decimal:
        return ce.weighted_tons(self.nox, self.rog, self.pm10)


def annual_tons(factors: EmissionFactors, miles_per_year: int) -> TonsPerYear:
    """Tons per year of each pollutant: g/mile x miles / grams per short ton."""
    return TonsPerYear(
        *(ce.tons_per_year(grams * miles_per_year) for grams in (factors.nox, factors.rog, factors.pm10))
    )


def reductions(baseline: EmissionFactors, replacement: EmissionFactors, miles_per_year: int) -> TonsPerYear:
    """Baseline minus replacement emissions, tons per year, each pollutant."""
    before, after = annual_tons(baseline, miles_per_year), annual_tons(replacement, miles_per_year)
    return TonsPerYear(before.nox - after.nox, before.rog - after.rog, before.pm10 - after.pm10)


def nox_benefit_percent(baseline: EmissionFactors, replacement: EmissionFactors) -> Decimal:
    """The replacement's annual NOx benefit as a percent of the baseline's NOx (same miles both ways)."""
    if baseline.nox <= 0:
        return Decimal(0)
    return (baseline.nox - replacement.nox) / baseline.nox * 100


def limit_amount(
    *, limit_per_ton: Decimal, reduced: TonsPerYear, edition: GuidelinesEdition, project_life_years: int
) -> tuple[Decimal, dict[str, Any]]:
    """The most the cost-effectiveness limit allows, L x weighted tons / CRF, and every figure behind it."""
    crf = ce.capital_recovery_factor(edition.discount_rate, project_life_years)
    weighted = reduced.weighted
    amount = ce.max_grant_at_limit(limit_per_ton, weighted, crf)
    return amount, {
        "guidelines_edition": edition.name,
        "discount_rate": edition.discount_rate,
        "project_life_years": project_life_years,
        "capital_recovery_factor": crf.quantize(Decimal("0.0001")),
        "nox_reduced_tons_per_year": reduced.nox.quantize(Decimal("0.0001")),
        "rog_reduced_tons_per_year": reduced.rog.quantize(Decimal("0.0001")),
        "pm10_reduced_tons_per_year": reduced.pm10.quantize(Decimal("0.0001")),
        "weighted_tons_per_year": weighted.quantize(Decimal("0.0001")),
        "cost_effectiveness_limit_per_ton": limit_per_ton,
        "cost_effectiveness_limit_amount": amount.quantize(Decimal("0.01")),
    }


def award_figures(award: Decimal, *, crf: Decimal, weighted_tons_per_year: Decimal) -> dict[str, Any]:
    """Annualized cost and dollars per weighted ton of the award actually offered."""
    per_ton = ce.cost_effectiveness_per_ton(award, crf, weighted_tons_per_year)
    return {
        "annualized_cost": ce.annualized_cost(award, crf).quantize(Decimal("0.01")),
        "cost_effectiveness_per_ton": None if per_ton is None else per_ton.quantize(Decimal("0.01")),
    }
