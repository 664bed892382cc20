"""Carl Moyer Program off-road emissions: emission factors, load factors, deterioration, tons per year.

Source: REFERENCE ("moyer-cost-effectiveness.md"), sections "The method (Guidelines, Appendix C)" and
"Figures gathered from public sources", which restate the 2017 Carl Moyer Program Guidelines'
Appendix D tables D-7 (load factors), D-8 (Tier 0) and D-9 (Tiers 1-4). Every stored figure names its
edition and table.

    EF (g/bhp-hr)      = zero-hour EF + deterioration rate x cumulative hours (diesel: at most 12,000 h)
    cumulative hours   = annual hours x (first project year - engine model year + life / 2)   old engine
                       = annual hours x life / 2                                              new engine
    tons per year      = EF x horsepower x load factor x annual hours / 907,200
    reduction          = old engine's tons - new engine's tons (zero-emission: all EFs 0)

The reference's method section says 907,185 g per short ton; its more specific "Figures gathered" says
the 2017 off-road method divides by 907,200, and the worked examples reproduce only with 907,200, so
that figure (cost_effectiveness.GRAMS_PER_SHORT_TON) is used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from .cost_effectiveness import tons_per_year, weighted_tons

REFERENCE = "moyer-cost-effectiveness.md"
EDITION = "2017 Carl Moyer Program Guidelines"


@dataclass(frozen=True)
class TableRef:
    number: str
    edition: str = EDITION

    def __str__(self) -> str:
        return f"{self.edition}, Table {self.number}"


TABLE_D7 = TableRef("D-7")  # load factors, diesel
TABLE_D8 = TableRef("D-8")  # Tier 0 zero-hour emission factors and deterioration rates
TABLE_D9 = TableRef("D-9")  # Tier 1-4 zero-hour emission factors and deterioration rates

DIESEL_CUMULATIVE_HOURS_CAP = Decimal(12_000)
"""Cumulative hours are capped at 12,000 for diesel (REFERENCE, "Figures gathered", deterioration)."""

GRANT_ROUNDING = Decimal(100)
"""The off-road practice rounds the cost-effectiveness grant down to $100 (REFERENCE, "Two grant checks")."""


class Tier(StrEnum):
    """Emission tiers as Table D-8/D-9 name them ("T4 phase-out / phase-in" rows: REFERENCE notes)."""

    TIER_0 = "tier_0"
    TIER_1 = "tier_1"
    TIER_2 = "tier_2"
    TIER_3 = "tier_3"
    TIER_4_INTERIM = "tier_4_interim"
    TIER_4_PHASE_OUT = "tier_4_phase_out"
    TIER_4_PHASE_IN = "tier_4_phase_in"
    TIER_4_FINAL = "tier_4_final"
    ZERO_EMISSION = "zero_emission"


TIER_LABELS = {
    Tier.TIER_0: "Tier 0 (uncontrolled)",
    Tier.TIER_1: "Tier 1",
    Tier.TIER_2: "Tier 2",
    Tier.TIER_3: "Tier 3",
    Tier.TIER_4_INTERIM: "Tier 4 Interim (25-74 hp and over 750 hp)",
    Tier.TIER_4_PHASE_OUT: "Tier 4 Interim, phase-out (75-750 hp)",
    Tier.TIER_4_PHASE_IN: "Tier 4 Interim, phase-in / alternative NOx (75-750 hp)",
    Tier.TIER_4_FINAL: "Tier 4 Final",
    Tier.ZERO_EMISSION: "Zero-emission",
}


@dataclass(frozen=True)
class Rate:
    """A zero-hour emission factor (g/bhp-hr) and its deterioration rate (g/bhp-hr per hour)."""

    zero_hour: Decimal
    deterioration: Decimal

    def at(self, cumulative_hours: Decimal) -> Decimal:
        return self.zero_hour + self.deterioration * cumulative_hours


@dataclass(frozen=True)
class Factors:
    nox: Rate
    rog: Rate
    pm10: Rate
    table: str


def _factors(table: TableRef, row: str, nox: str, rog: str, pm10: str) -> Factors:
    """``nox``/``rog``/``pm10`` as "EF / DR", the way the reference prints each cell."""

    def rate(cell: str) -> Rate:
        zero_hour, deterioration = (Decimal(part.strip()) for part in cell.split("/"))
        return Rate(zero_hour, deterioration)

    return Factors(rate(nox), rate(rog), rate(pm10), f"{table}, {row}")


ZERO = Factors(
    Rate(Decimal(0), Decimal(0)),
    Rate(Decimal(0), Decimal(0)),
    Rate(Decimal(0), Decimal(0)),
    f"{REFERENCE}, notes on the table: zero-emission equipment, all EFs = 0",
)


@dataclass(frozen=True)
class HorsepowerBin:
    """A horsepower range of the tables, in whole horsepower (a fraction counts with its whole number)."""

    label: str
    low: int
    high: int | None = None

    def holds(self, horsepower: Decimal) -> bool:
        whole = math.floor(horsepower)
        return whole >= self.low and (self.high is None or whole <= self.high)


T0_25_49 = HorsepowerBin("25-49 hp", 25, 49)
T0_50_119 = HorsepowerBin("50-119 hp", 50, 119)
T0_120_UP = HorsepowerBin("120 hp and over", 120)

HP_25_49 = HorsepowerBin("25-49 hp", 25, 49)
HP_50_74 = HorsepowerBin("50-74 hp", 50, 74)
HP_75_99 = HorsepowerBin("75-99 hp", 75, 99)
HP_100_174 = HorsepowerBin("100-174 hp", 100, 174)
HP_175_299 = HorsepowerBin("175-299 hp", 175, 299)
HP_300_750 = HorsepowerBin("300-750 hp", 300, 750)
HP_OVER_750 = HorsepowerBin("over 750 hp", 751)


def _d8(hp_bin: HorsepowerBin, first_year: int | None, last_year: int | None, nox: str, rog: str, pm10: str):
    if first_year is None:
        years = f"MY <= {last_year}"
    elif last_year is None:
        years = f"MY >= {first_year}"
    else:
        years = f"MY {first_year}-{last_year}"
    return hp_bin, first_year, last_year, _factors(TABLE_D8, f"Tier 0, {hp_bin.label}, {years}", nox, rog, pm10)


TIER_0_FACTORS = (
    _d8(T0_25_49, None, 1987, "6.51 / 9.8e-5", "1.68 / 2.1e-4", "0.547 / 4.24e-5"),
    _d8(T0_25_49, 1988, None, "6.42 / 9.7e-5", "1.64 / 2.1e-4", "0.547 / 4.24e-5"),
    _d8(T0_50_119, None, 1987, "12.09 / 2.8e-4", "1.31 / 6.1e-5", "0.605 / 4.4e-5"),
    _d8(T0_50_119, 1988, None, "8.14 / 1.9e-4", "0.90 / 4.2e-5", "0.497 / 3.61e-5"),
    _d8(T0_120_UP, None, 1969, "13.02 / 3.0e-4", "1.20 / 5.6e-5", "0.554 / 4.03e-5"),
    _d8(T0_120_UP, 1970, 1979, "11.16 / 2.6e-4", "0.91 / 4.2e-5", "0.396 / 2.88e-5"),
    _d8(T0_120_UP, 1980, 1987, "10.23 / 2.4e-4", "0.80 / 3.7e-5", "0.396 / 2.88e-5"),
    _d8(T0_120_UP, 1988, None, "7.60 / 1.8e-4", "0.62 / 2.9e-5", "0.274 / 1.99e-5"),
)
"""Table D-8 (2017 Guidelines): Tier 0 by horsepower and engine model year (REFERENCE, "Tier 0")."""


def _d9(hp_bin: HorsepowerBin, tier: Tier, nox: str, rog: str, pm10: str):
    return (hp_bin, tier), _factors(TABLE_D9, f"{hp_bin.label}, {TIER_LABELS[tier]}", nox, rog, pm10)


T1, T2, T3 = Tier.TIER_1, Tier.TIER_2, Tier.TIER_3
T4I, T4_OUT, T4_IN, T4F = Tier.TIER_4_INTERIM, Tier.TIER_4_PHASE_OUT, Tier.TIER_4_PHASE_IN, Tier.TIER_4_FINAL

TIER_1_4_FACTORS = dict(
    (
        _d9(HP_25_49, T1, "5.26 / 9.8e-5", "1.32 / 1.7e-4", "0.48 / 3.72e-5"),
        _d9(HP_25_49, T2, "4.63 / 9.3e-5", "0.22 / 5.0e-5", "0.28 / 2.18e-5"),
        _d9(HP_25_49, T4I, "4.55 / 9.5e-5", "0.09 / 3.6e-5", "0.128 / 9.6e-6"),
        _d9(HP_25_49, T4F, "2.75 / 5.7e-5", "0.09 / 3.6e-5", "0.009 / 1.0e-6"),
        _d9(HP_50_74, T1, "6.54 / 1.5e-4", "0.90 / 4.2e-5", "0.552 / 4.02e-5"),
        _d9(HP_50_74, T2, "4.75 / 7.1e-5", "0.17 / 2.5e-5", "0.192 / 1.41e-5"),
        _d9(HP_50_74, T3, "2.74 / 3.6e-5", "0.09 / 2.3e-5", "0.192 / 1.41e-5"),
        _d9(HP_50_74, T4I, "2.74 / 3.6e-5", "0.09 / 2.3e-5", "0.112 / 8.0e-6"),
        _d9(HP_50_74, T4F, "2.74 / 3.6e-5", "0.09 / 2.3e-5", "0.009 / 9e-7"),
        _d9(HP_75_99, T1, "6.54 / 1.5e-4", "0.90 / 4.2e-5", "0.552 / 4.02e-5"),
        _d9(HP_75_99, T2, "4.75 / 7.1e-5", "0.17 / 2.5e-5", "0.192 / 1.41e-5"),
        _d9(HP_75_99, T3, "2.74 / 3.6e-5", "0.09 / 2.3e-5", "0.112 / 8.0e-6"),
        _d9(HP_75_99, T4_OUT, "2.74 / 3.6e-5", "0.09 / 3.0e-5", "0.009 / 9e-7"),
        _d9(HP_75_99, T4_IN, "2.15 / 2.7e-5", "0.08 / 2.1e-5", "0.009 / 9e-7"),
        _d9(HP_75_99, T4F, "0.26 / 3.5e-6", "0.05 / 1.5e-5", "0.009 / 9e-7"),
        _d9(HP_100_174, T1, "6.54 / 1.5e-4", "0.62 / 2.9e-5", "0.304 / 2.21e-5"),
        _d9(HP_100_174, T2, "4.15 / 6.0e-5", "0.15 / 2.3e-5", "0.128 / 9.4e-6"),
        _d9(HP_100_174, T3, "2.32 / 3.0e-5", "0.09 / 3.0e-5", "0.112 / 8.0e-6"),
        _d9(HP_100_174, T4_OUT, "2.32 / 3.0e-5", "0.09 / 3.0e-5", "0.009 / 4e-7"),
        _d9(HP_100_174, T4_IN, "2.15 / 2.7e-5", "0.08 / 2.0e-5", "0.009 / 4e-7"),
        _d9(HP_100_174, T4F, "0.26 / 4.0e-6", "0.05 / 1.1e-5", "0.009 / 4e-7"),
        _d9(HP_175_299, T1, "5.93 / 1.4e-4", "0.29 / 1.3e-5", "0.12 / 6.4e-6"),
        _d9(HP_175_299, T2, "4.15 / 6.0e-5", "0.11 / 2.2e-5", "0.088 / 4.6e-6"),
        _d9(HP_175_299, T3, "2.32 / 3.0e-5", "0.09 / 2.3e-5", "0.088 / 4.6e-6"),
        _d9(HP_175_299, T4_OUT, "2.32 / 3.0e-5", "0.09 / 2.3e-5", "0.009 / 3e-7"),
        _d9(HP_175_299, T4_IN, "1.29 / 1.7e-5", "0.06 / 1.7e-5", "0.009 / 3e-7"),
        _d9(HP_175_299, T4F, "0.26 / 3.6e-6", "0.05 / 1.1e-5", "0.009 / 3e-7"),
        _d9(HP_300_750, T1, "5.93 / 9.9e-5", "0.29 / 1.0e-5", "0.12 / 6.4e-6"),
        _d9(HP_300_750, T2, "3.79 / 5.0e-5", "0.09 / 2.3e-5", "0.088 / 4.4e-6"),
        _d9(HP_300_750, T3, "2.32 / 3.0e-5", "0.09 / 2.3e-5", "0.088 / 4.4e-6"),
        _d9(HP_300_750, T4_OUT, "2.32 / 3.0e-5", "0.09 / 2.3e-5", "0.009 / 3e-7"),
        _d9(HP_300_750, T4_IN, "1.29 / 1.7e-5", "0.06 / 1.7e-5", "0.009 / 3e-7"),
        _d9(HP_300_750, T4F, "0.26 / 3.6e-6", "0.05 / 1.1e-5", "0.009 / 3e-7"),
        _d9(HP_OVER_750, T1, "5.93 / 9.9e-5", "0.29 / 1.0e-5", "0.12 / 6.4e-6"),
        _d9(HP_OVER_750, T2, "3.79 / 5.0e-5", "0.09 / 2.3e-5", "0.088 / 4.4e-6"),
        _d9(HP_OVER_750, T4I, "2.24 / 2.8e-5", "0.06 / 1.7e-5", "0.051 / 2.1e-6"),
        _d9(HP_OVER_750, T4F, "2.24 / 2.8e-5", "0.05 / 1.1e-5", "0.017 / 9e-7"),
    )
)
"""Table D-9 (2017 Guidelines): Tiers 1-4 by horsepower bin (REFERENCE, "Tiers 1-4 (Table D-9)").

No Tier 3 row for 25-49 hp or over 750 hp, as in the federal tier schedule (REFERENCE notes)."""

TIER_1_4_BINS = (HP_25_49, HP_50_74, HP_75_99, HP_100_174, HP_175_299, HP_300_750, HP_OVER_750)


class NoEmissionFactor(ValueError):
    """The tables hold no row for this tier, horsepower and model year; the message says why."""


def emission_factors(tier: Tier, horsepower: Decimal, model_year: int) -> Factors:
    """The Table D-8/D-9 row for an engine, e.g. Tier 3, 310 hp -> "Table D-9, 300-750 hp, Tier 3"."""
    if tier is Tier.ZERO_EMISSION:
        return ZERO
    if tier is Tier.TIER_0:
        for hp_bin, first_year, last_year, factors in TIER_0_FACTORS:
            if hp_bin.holds(horsepower) and (first_year or model_year) <= model_year <= (last_year or model_year):
                return factors
        raise NoEmissionFactor(f"{TABLE_D8} has no Tier 0 row for {horsepower} hp (the table starts at 25 hp)")
    hp_bin = next((candidate for candidate in TIER_1_4_BINS if candidate.holds(horsepower)), None)
    if hp_bin is None:
        raise NoEmissionFactor(f"{TABLE_D9} has no row for {horsepower} hp (the table starts at 25 hp)")
    try:
        return TIER_1_4_FACTORS[hp_bin, tier]
    except KeyError:
        raise NoEmissionFactor(f"{TABLE_D9} has no {TIER_LABELS[tier]} row for {hp_bin.label}") from None


@dataclass(frozen=True)
class LoadFactor:
    key: str
    category: str
    equipment: str
    value: Decimal

    @property
    def source(self) -> str:
        return f"{TABLE_D7}, {self.category}: {self.equipment}"


LOAD_FACTORS = {
    row.key: row
    for row in (
        LoadFactor(key, category, equipment, Decimal(value))
        for key, category, equipment, value in (
            ("excavator", "Construction", "Excavators", "0.38"),
            ("rubber_tired_loader", "Construction", "Rubber tired loaders", "0.36"),
            ("tractor_loader_backhoe", "Construction", "Tractors/loaders/backhoes", "0.37"),
            ("crane", "Construction", "Cranes", "0.29"),
            ("crawler_tractor", "Construction", "Crawler tractors", "0.43"),
            ("grader", "Construction", "Graders", "0.41"),
            ("off_highway_truck", "Construction", "Off-highway trucks", "0.38"),
            ("rough_terrain_forklift", "Construction", "Rough-terrain forklifts / rubber-tired dozers", "0.40"),
            ("rubber_tired_dozer", "Construction", "Rough-terrain forklifts / rubber-tired dozers", "0.40"),
            ("scraper", "Construction", "Scrapers", "0.48"),
            ("skid_steer_loader", "Construction", "Skid steer loaders", "0.37"),
            ("forklift", "Industrial", "Forklifts", "0.20"),
            (
                "che_container_handler",
                "Cargo handling",
                "Container handling equipment (top handlers, side picks, reach stackers)",
                "0.59",
            ),
            ("che_yard_truck", "Cargo handling", "Yard trucks (yard tractors)", "0.39"),
            ("che_crane", "Cargo handling", "Cranes", "0.20"),
            ("che_excavator", "Cargo handling", "Excavators", "0.55"),
            ("che_forklift", "Cargo handling", "Forklifts", "0.30"),
            ("che_tractor_loader_backhoe", "Cargo handling", "Tractors/loaders/backhoes", "0.55"),
            ("che_other", "Cargo handling", "Other CHE", "0.51"),
            ("other", "All", "Other", "0.43"),
        )
    )
}
"""Table D-7 (2017 Guidelines): diesel load factors by equipment (REFERENCE, "Load factors")."""


def baseline_cumulative_hours(
    annual_hours: Decimal, model_year: int, first_project_year: int, project_life_years: int
) -> Decimal:
    """Old engine: annual hours x (first project year - model year + life / 2), at most 12,000."""
    years = Decimal(first_project_year - model_year) + Decimal(project_life_years) / 2
    return min(annual_hours * years, DIESEL_CUMULATIVE_HOURS_CAP)


def new_engine_cumulative_hours(annual_hours: Decimal, project_life_years: int) -> Decimal:
    """New engine: annual hours x life / 2, at most 12,000."""
    return min(annual_hours * Decimal(project_life_years) / 2, DIESEL_CUMULATIVE_HOURS_CAP)


@dataclass(frozen=True)
class AnnualTons:
    """Tons per year of NOx, ROG and combustion PM10."""

    nox: Decimal
    rog: Decimal
    pm10: Decimal

    @property
    def weighted(self) -> Decimal:
        return weighted_tons(self.nox, self.rog, self.pm10)

    def __sub__(self, other: AnnualTons) -> AnnualTons:
        return AnnualTons(self.nox - other.nox, self.rog - other.rog, self.pm10 - other.pm10)

    def as_dict(self) -> dict[str, Decimal]:
        """Rounded to 6 places for display; the calculation keeps full precision."""
        places = Decimal("0.000001")
        return {
            name: value.quantize(places)
            for name, value in (("nox", self.nox), ("rog", self.rog), ("pm10", self.pm10), ("weighted", self.weighted))
        }


def annual_tons(
    factors: Factors, cumulative_hours: Decimal, horsepower: Decimal, load_factor: Decimal, annual_hours: Decimal
) -> AnnualTons:
    """EF (deteriorated) x hp x load factor x annual hours, in tons per year."""
    activity = horsepower * load_factor * annual_hours
    return AnnualTons(
        *(tons_per_year(rate.at(cumulative_hours) * activity) for rate in (factors.nox, factors.rog, factors.pm10))
    )


@dataclass(frozen=True)
class OffRoadProject:
    """One piece of equipment before and after a repower or replacement."""

    baseline_tier: Tier
    baseline_horsepower: Decimal
    baseline_model_year: int
    new_tier: Tier
    new_horsepower: Decimal
    load_factor: Decimal
    annual_hours: Decimal
    project_life_years: int
    first_project_year: int


@dataclass(frozen=True)
class Reduction:
    baseline: AnnualTons
    new: AnnualTons
    baseline_factors: Factors
    new_factors: Factors
    baseline_cumulative_hours: Decimal
    new_cumulative_hours: Decimal

    @property
    def reduced(self) -> AnnualTons:
        return self.baseline - self.new

    @property
    def nox_tons_per_year(self) -> Decimal:
        return self.reduced.nox

    def figures(self) -> dict:
        return {
            "baseline_emission_factors": self.baseline_factors.table,
            "new_emission_factors": self.new_factors.table,
            "baseline_cumulative_hours": self.baseline_cumulative_hours,
            "new_cumulative_hours": self.new_cumulative_hours,
            "baseline_tons_per_year": self.baseline.as_dict(),
            "new_tons_per_year": self.new.as_dict(),
            "reduced_tons_per_year": self.reduced.as_dict(),
        }


def emission_reduction(project: OffRoadProject) -> Reduction:
    """Annual tons of the old engine less those of the new one (REFERENCE, "The method")."""
    baseline_factors = emission_factors(project.baseline_tier, project.baseline_horsepower, project.baseline_model_year)
    new_factors = emission_factors(project.new_tier, project.new_horsepower, project.first_project_year)
    baseline_hours = baseline_cumulative_hours(
        project.annual_hours, project.baseline_model_year, project.first_project_year, project.project_life_years
    )
    new_hours = new_engine_cumulative_hours(project.annual_hours, project.project_life_years)
    return Reduction(
        baseline=annual_tons(
            baseline_factors, baseline_hours, project.baseline_horsepower, project.load_factor, project.annual_hours
        ),
        new=annual_tons(new_factors, new_hours, project.new_horsepower, project.load_factor, project.annual_hours),
        baseline_factors=baseline_factors,
        new_factors=new_factors,
        baseline_cumulative_hours=baseline_hours,
        new_cumulative_hours=new_hours,
    )


def round_down_to_grant_step(amount: Decimal) -> Decimal:
    """$78,344.41 -> $78,300: the off-road practice rounds the limit-based grant down to $100."""
    if amount <= 0:
        return Decimal("0.00")
    return ((amount / GRANT_ROUNDING).to_integral_value(rounding=ROUND_FLOOR) * GRANT_ROUNDING).quantize(
        Decimal("0.01")
    )
