"""The short eligibility check on each program page: the few answers that decide eligibility, run through the
program's own rules before anyone types a whole application.

Each program's questions are its own Attachment A fields (their labels are the program's words), chosen as the
fields read by the rules that decide whether the project can be funded at all; the rules are the very functions
the ``evaluate`` command runs (``python manage.py evaluate CODE --fields`` lists every field). A rule that needs
an answer not asked here (a date, a quote, a serial number) is checked when the application is evaluated.

The estimate is the most the program pays for the answers given: the program's cap (a round's terms when a
re-issued announcement changes it), lowered to the cost when the cost is given. Every INVEST CLEAN program may
offer partial funding, so the range runs from nothing to that amount.

Pure Python like the rest of ``programs.rules``: the web page, its tests and any command share it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import pa2026_01, pa2026_02, pa2026_03
from .base import RuleResult, RuleSet, Source, money
from .fields import Field, parse_values
from .terms import Terms


@dataclass(frozen=True)
class Screening:
    """One program's check: the fields asked (``optional`` ones only refine the estimate), the rules they decide,
    and the most the program pays for those answers, with the clause saying partial funding may be offered."""

    questions: tuple[str, ...]
    rules: tuple[Callable[[Mapping[str, Any]], RuleResult], ...]
    most: Callable[[Mapping[str, Any], Terms], Decimal]
    partial_funding: Source
    optional: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScreeningResult:
    results: list[RuleResult]
    award_low: Decimal
    award_high: Decimal

    @property
    def eligible(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def failures(self) -> list[RuleResult]:
        return [result for result in self.results if not result.passed]


def _least(cap: Decimal, cost: Decimal | None) -> Decimal:
    """The rebate's cap, or the cost when lower ("in no case ... greater than 100% of a project's total cost")."""
    return money(cap if cost is None else min(cap, cost))


SCREENINGS: dict[str, Screening] = {
    pa2026_01.CODE: Screening(
        questions=(
            "existing_equipment_type",
            "existing_fuel_type",
            "existing_yard_county",
            "msa_operation_percent",
            "replacement_equipment_type",
            "replacement_powertrain",
        ),
        optional=("replacement_cost",),
        rules=(
            pa2026_01.equipment_type_is_eligible,
            pa2026_01.baseline_is_equivalent,
            pa2026_01.existing_equipment_is_diesel,
            pa2026_01.existing_equipment_domiciled_in_msas,
            pa2026_01.existing_equipment_msa_operation,
            pa2026_01.replacement_is_battery_electric,
        ),
        # Section 2.1 Table 1: the cap of the replacement's type; a type the program does not fund gets nothing.
        most=lambda answers, terms: _least(
            terms[f"{answers['replacement_equipment_type']}_award_cap"]
            if answers["replacement_equipment_type"] in pa2026_01.AWARD_CAPS
            else Decimal(0),
            answers.get("replacement_cost"),
        ),
        partial_funding=Source(pa2026_01.SEED, 'PA2026-01 Section 5 ("may be offered only partial funding")'),
    ),
    pa2026_02.CODE: Screening(
        questions=(
            "existing_fuel_type",
            "existing_gvwr_lb",
            "existing_yard_county",
            "goods_movement",
            "miles_prior_12_months",
            "msa_operation_percent",
            "replacement_powertrain",
        ),
        optional=("replacement_cost",),
        rules=(
            pa2026_02.existing_vehicle_is_diesel,
            pa2026_02.existing_vehicle_is_class_8,
            pa2026_02.existing_vehicle_domiciled_in_msas,
            pa2026_02.used_for_goods_movement,
            pa2026_02.existing_vehicle_mileage,
            pa2026_02.existing_vehicle_msa_operation,
            pa2026_02.replacement_is_battery_electric,
        ),
        most=lambda answers, terms: _least(terms["award_cap"], answers.get("replacement_cost")),  # Section 1.2
        partial_funding=Source(pa2026_02.SEED, 'PA2026-02 Section 3 ("applicants may be offered partial funding")'),
    ),
    pa2026_03.CODE: Screening(
        questions=(
            "site_county",
            "dc_fast_chargers",
            "plugs_per_charger",
            "charger_rating_kw",
            "supports_class_4_to_8",
            "total_power_output_kw",
        ),
        rules=(
            pa2026_03.site_in_msas,
            pa2026_03.dc_fast_chargers,
            pa2026_03.connector_power,
            pa2026_03.supports_class_4_to_8,
        ),
        # REBATE AMOUNT: "up to $700 per kW" of the site's total power output.
        most=lambda answers, terms: money(terms["rebate_per_kw"] * answers["total_power_output_kw"]),
        partial_funding=pa2026_03.REBATE_AMOUNT,
    ),
}
"""The programs with a check. PA2022-01 and PA2025-04 award by cost-effectiveness, which needs the whole
emission calculation (engine years, usage, hours), so their pages keep the full application as the check."""


def screening_for(code: str) -> Screening | None:
    return SCREENINGS.get(code)


def questions(rule_set: RuleSet) -> tuple[Field, ...]:
    """The check's fields in the order the application asks them; optional ones are not required here."""
    screening = SCREENINGS[rule_set.code]
    asked = set(screening.questions) | set(screening.optional)
    return tuple(
        spec if spec.name not in screening.optional else dataclasses.replace(spec, required=False)
        for spec in rule_set.project_fields
        if spec.name in asked
    )


def screen(rule_set: RuleSet, raw: Mapping[str, Any], terms: Terms | None = None) -> ScreeningResult:
    """Which rules the answers pass or fail, and the award range; ``InputError`` names each bad or missing answer.

    ``terms`` are the current round's (``None``: the announcement's own values)."""
    screening = SCREENINGS[rule_set.code]
    answers = parse_values(questions(rule_set), raw, strict=False)
    results = [rule(answers) for rule in screening.rules]
    high = screening.most(answers, terms if terms is not None else Terms(rule_set.terms))
    if not all(result.passed for result in results):
        high = Decimal("0.00")
    return ScreeningResult(results=results, award_low=Decimal("0.00"), award_high=high)
