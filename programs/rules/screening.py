"""The short eligibility check on each program page: the few answers that decide eligibility, run through the
program's own rules before anyone types a whole application.

Each program's questions are its own Attachment A fields (their labels are the program's words), chosen as the
fields read by the rules that decide whether the project can be funded at all; the rules are the very functions
the ``evaluate`` command runs (``python manage.py evaluate CODE --fields`` lists every field). A rule that needs
an answer not asked here (a date, a quote, a serial number) is checked when the application is evaluated.

The estimate is the most the program pays for the answers given: the program's cap (a round's terms when a
re-issued announcement changes it), lowered to the cost when the cost is given. Every INVEST CLEAN program may
offer partial funding, so the range runs from nothing to that amount.

PA2022-01 (002_93fe1fbed5faf247.txt) has two funding paths, the Carl Moyer Program and Proposition 1B, and
"If a project qualifies for funding under both guidelines, the higher award amount may be offered" (EVALUATION
CRITERIA). Its check asks the answers that decide each path's eligibility, runs each path's own rules
(``pa2022_01_cmp``, ``pa2022_01_prop1b``, ``pa2022_01_common``) and estimates each path's award from the
announcement's tables, since the award itself depends on answers not asked here (emission factors, cost, project
life): CMP Tables 2 and 3 by technology, engine model year and annual mileage ("a general estimation of the
maximum award amount"), Prop 1B Table 4 by truck class and technology.

Pure Python like the rest of ``programs.rules``: the web page, its tests and any command share it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from . import pa2022_01, pa2025_04, pa2026_01, pa2026_02, pa2026_03
from . import pa2022_01_cmp as cmp
from . import pa2022_01_common as pa2022_01_common
from . import pa2022_01_prop1b as prop1b
from .base import CENT, EvaluationContext, RuleResult, RuleSet, Source, money
from .fields import Field, parse_values
from .i18n import gettext as _
from .terms import Terms


@dataclass(frozen=True)
class PathResult:
    """One funding path's answer: its rules, and the most its table estimates for these answers."""

    path: str
    name: str
    """The path's name in the reader's language ("Carl Moyer Program (CMP)")."""
    results: list[RuleResult]
    award_high: Decimal
    estimate: str
    """Where the estimate comes from, in words (the table, and the answers that chose its row and column)."""

    @property
    def eligible(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def failures(self) -> list[RuleResult]:
        return [result for result in self.results if not result.passed]


@dataclass(frozen=True)
class Screening:
    """One program's check: the fields asked (``optional`` ones only refine the estimate), the rules they decide,
    and the most the program pays for those answers, with the clause saying partial funding may be offered."""

    questions: tuple[str, ...]
    rules: tuple[Callable[[Mapping[str, Any]], RuleResult], ...]
    most: Callable[[Mapping[str, Any], Terms], Decimal]
    partial_funding: Source
    optional: tuple[str, ...] = ()
    paths: Callable[[Mapping[str, Any], dt.date, Terms], list[PathResult]] | None = None
    """A program with funding paths (PA2022-01): each path's rules and estimate; ``rules`` and ``most`` unused."""


@dataclass(frozen=True)
class ScreeningResult:
    results: list[RuleResult]
    award_low: Decimal
    award_high: Decimal
    paths: list[PathResult] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        """Every rule met; with funding paths, every rule of at least one path."""
        if self.paths:
            return any(path.eligible for path in self.paths)
        return all(result.passed for result in self.results)

    @property
    def failures(self) -> list[RuleResult]:
        return [result for result in self.results if not result.passed]


def _least(cap: Decimal, cost: Decimal | None) -> Decimal:
    """The rebate's cap, or the cost when lower ("in no case ... greater than 100% of a project's total cost")."""
    return money(cap if cost is None else min(cap, cost))


def _percent_of_cost(answers: Mapping[str, Any]) -> Decimal:
    """PA2025-04 MAXIMUM ELIGIBLE FUNDING table: the row's percentage of the project cost, rounded down (the
    NOx cost-effectiveness limit, computed from the whole application, may lower it)."""
    row = pa2025_04.funding_row(answers)
    return (answers["project_cost"] * row.max_percent / 100).quantize(CENT, rounding=ROUND_DOWN)


def _pa2022_01_paths(answers: Mapping[str, Any], today: dt.date, terms: Terms) -> list[PathResult]:
    """PA2022-01's two paths on the check's answers (002_93fe1fbed5faf247.txt, ELIGIBILITY REQUIREMENTS): the rules
    of each path that these answers decide, the very functions ``pa2022_01.evaluate`` runs on a whole application.

    Rules that need answers not asked (registration, compliance deadline, dates, quote, the replacement's GVWR and
    engine service class, emission factors) are checked when the application is evaluated."""
    context = EvaluationContext(evaluated_on=today, terms=terms)
    miles = min(answers["ca_miles_recent_12_months"], answers["ca_miles_prior_12_months"])
    year, gvwr = answers["existing_engine_model_year"], answers["existing_gvwr_lb"]
    cmp_results = [
        cmp.replacement_project(answers),
        cmp.existing_diesel(answers),
        cmp.existing_class_4_to_8(answers),
        cmp.not_a_school_bus(answers),
        cmp.replacement_low_nox_or_zero(answers),
        cmp.emergency_vehicle_low_nox_or_zero(answers),
        cmp.engine_model_year_window(answers, context, terms),
        cmp.no_low_use_exemption(answers),
        cmp.scab_operation(answers),
        pa2022_01_common.domiciled_in_scab(answers),
    ]
    # "Heavy-Duty Vehicle Replacement under the CMP", paragraph 3 and Tables 2 and 3 ("for reference purposes
    # only ... a general estimation of the maximum award amount"), held to the round's CMP cap.
    technology = cmp.cmp_technology(answers)
    cap = terms[f"cmp_award_cap_{technology}"]
    table = cmp.estimated_maximum_award(technology, year, miles)
    words = {
        "table": _("Table 3 (zero-emission)") if technology == "zero_emission" else _("Table 2 (0.02 g/bhp-hr NOx)"),
        "year": year,
        "miles": f"{miles:,}",
    }
    if table is None:
        cmp_high = money(cap)
        cmp_estimate = _(
            "{table} has no estimate for a {year} engine driven {miles} California miles a year; the award is at "
            "most the CMP cap and is computed from the truck's emissions, cost and project life when you apply."
        ).format(**words)
    else:
        cmp_high = money(min(table, cap))
        cmp_estimate = _(
            "{table} estimates at most this for a {year} engine driven {miles} California miles a year (the lower "
            "of the last two 12-month periods); the award is computed from the truck's emissions, cost and project "
            "life when you apply."
        ).format(**words)
    # Prop 1B: Table 4 by the existing truck's class (a replacement of the same class, Table 1's usual case) and
    # the replacement's technology; the award is the least of that, the request and 90% of the cost (note 2).
    truck = prop1b.OldTruck(
        "existing truck",
        gvwr,
        year,
        "",  # the engine's service class is asked with the application (bullet 5)
        (answers["ca_miles_recent_12_months"], answers["ca_miles_prior_12_months"]),
    )
    level = truck.truck_class or 0
    prop1b_results = [
        prop1b.goods_movement(answers),
        prop1b.existing_diesel(answers),
        prop1b.class_5_to_8(truck),
        prop1b.old_engine_model_year(truck),
        *prop1b.california_miles(truck),
        *prop1b.california_operation(answers),
        prop1b.replacement_technology(answers),
        prop1b.table_4_amount(answers, level, terms),
        pa2022_01_common.domiciled_in_scab(answers),
    ]
    amount = prop1b.table_4_maximum(terms, level, answers["replacement_technology"])
    prop1b_high = money(amount or Decimal(0))
    prop1b_estimate = _(
        "Table 4 funds a Class {level} truck replaced with this technology up to this amount; the award is the "
        "least of that, the amount requested and 90% of the eligible cost less other State funding."
    ).format(level=level)
    paths = [
        PathResult(cmp.PATH, _("Carl Moyer Program (CMP)"), cmp_results, cmp_high, cmp_estimate),
        PathResult(prop1b.PATH, _("Proposition 1B (Prop 1B)"), prop1b_results, prop1b_high, prop1b_estimate),
    ]
    return [
        path if path.eligible else dataclasses.replace(path, award_high=Decimal("0.00"), estimate="") for path in paths
    ]


SCREENINGS: dict[str, Screening] = {
    pa2022_01.CODE: Screening(
        questions=(
            "project_type",
            "vehicle_type",
            "existing_gvwr_lb",
            "existing_fuel_type",
            "existing_engine_model_year",
            "low_use_exemption",
            "domiciled_in_scab",
            "ca_miles_recent_12_months",
            "ca_miles_prior_12_months",
            "scab_operation_percent",
            "ca_operation_percent_recent_12_months",
            "ca_operation_percent_prior_12_months",
            "goods_movement_percent",
            "replacement_technology",
        ),
        optional=("replacement_engine_nox_g_bhp_hr",),
        rules=(),
        most=lambda answers, terms: Decimal("0.00"),
        partial_funding=pa2022_01.SELECTION.partial_funding,
        paths=_pa2022_01_paths,
    ),
    pa2025_04.CODE: Screening(
        questions=(
            "baseline_fuel_type",
            "project_type",
            "new_engine_tier",
            "new_engine_carb_certified",
            "domiciled_in_district",
            "district_operation_percent",
            "applied_in_other_district",
            "project_cost",
        ),
        rules=(
            pa2025_04.baseline_is_diesel,
            pa2025_04.new_engine_tier_4_final_or_zero_emission,
            pa2025_04.new_engine_certified,
            pa2025_04.domiciled_in_district,
            pa2025_04.operates_in_district,
            pa2025_04.not_funded_in_another_district,
        ),
        most=lambda answers, terms: _percent_of_cost(answers),
        partial_funding=pa2025_04.SELECTION_CRITERIA,
    ),
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
"""The programs with a check: every program. PA2022-01's answers go through both of its funding paths."""


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


def screen(
    rule_set: RuleSet, raw: Mapping[str, Any], terms: Terms | None = None, today: dt.date | None = None
) -> ScreeningResult:
    """Which rules the answers pass or fail, and the award range; ``InputError`` names each bad or missing answer.

    ``terms`` are the current round's (``None``: the announcement's own values); ``today`` is the day the rules
    that count years read (PA2022-01's engine model years), today's date when not given."""
    screening = SCREENINGS[rule_set.code]
    answers = parse_values(questions(rule_set), raw, strict=False)
    terms = terms if terms is not None else Terms(rule_set.terms)
    if screening.paths is not None:
        paths = screening.paths(answers, today or dt.date.today(), terms)
        high = max((path.award_high for path in paths if path.eligible), default=Decimal("0.00"))
        results = [result for path in paths for result in path.results]
        return ScreeningResult(results=results, award_low=Decimal("0.00"), award_high=high, paths=paths)
    results = [rule(answers) for rule in screening.rules]
    high = screening.most(answers, terms)
    if not all(result.passed for result in results):
        high = Decimal("0.00")
    return ScreeningResult(results=results, award_low=Decimal("0.00"), award_high=high)
