"""PA2022-01 under the Carl Moyer Program (CMP): on-road heavy-duty diesel vehicle replacement.

Source: 002_93fe1fbed5faf247.txt, ELIGIBILITY REQUIREMENTS "On-Road Heavy-Duty Diesel Vehicles
under Carl Moyer Program" (bullets numbered below in their order in the seed), "Heavy-Duty Vehicle
Replacement under the CMP" (award, cost-effectiveness, Tables 2 and 3) and OTHER IMPORTANT
PROGRAM INFORMATION. The cost-effectiveness arithmetic is moyer_onroad.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.deadlines import add_months

from . import cost_effectiveness as ce
from . import moyer_onroad
from .base import Evaluation, EvaluationContext, RuleResult, Source, check, money
from .common import at_least, least_of
from .fields import Kind
from .i18n import date_in_words
from .i18n import gettext as _
from .pa2022_01_common import (
    FUEL_CHOICES,
    NON_PUBLIC_MAX_SHARE,
    SERVICE_CLASS_CHOICES,
    existing_is_diesel,
    is_low_nox_or_zero,
    label,
    replacement_certified_nox_text,
    shared_rules,
    src,
)
from .pa2022_01_common import (
    TERMS as SHARED_TERMS,
)
from .terms import Term, Terms

PATH = "CMP"


def _bullet(number: int) -> Source:
    return src(f'ELIGIBILITY REQUIREMENTS, CMP "Below are the key requirements" bullet {number}')


WHO = src("WHO (GVWR of 14,001 lbs. or greater, Class 4-8)")
WHAT = src("WHAT (replacement emitting 0.02 g/bhp-hr NOx or lower; school buses funded separately)")
CLASSIFICATION = src('ELIGIBILITY REQUIREMENTS, CMP "on-road vehicle classifications" table and paragraph after it')
AWARD = src('"Heavy-Duty Vehicle Replacement under the CMP", paragraph 1')
TABLES_2_3 = src('"Heavy-Duty Vehicle Replacement under the CMP", paragraph 3 and Tables 2 and 3')
CONTRACT = src("WORK STATEMENT contract criteria, bullets 3 and 4")
CE_FORMULA = src('"Heavy-Duty Vehicle Replacement under the CMP", paragraph 2 (cost-effectiveness formula)')
NON_PUBLIC_SHARE = src('OTHER IMPORTANT PROGRAM INFORMATION, "leveraged with other funding sources" bullet')
SURPLUS = src("OTHER IMPORTANT PROGRAM INFORMATION, bullet 1 (years of operation before the compliance deadline)")

HEAVY_DUTY_MIN_GVWR_LB = 14_001  # WHO: "GVWR of 14,001 lbs. or greater"
EMY_FLOOR = 2007  # bullet 5: "the application submitted in 2022, the eligible EMY must be between 2007 and 2016"
EMY_MIN_AGE_YEARS = 6  # bullet 5: "6 or more years of age prior to the current calendar year"
CMP_GUIDELINES_LATEST_EMY = 2010  # bullet 5, bold: "Currently, the eligible EMY under CMP Guidelines is 2010 or older"
COMPLIANCE_DEADLINE_FLOOR = dt.date(2023, 1, 1)  # bullet 5: "compliance deadline of January 1, 2023, or later"
MIN_SCAB_OPERATION_PERCENT = Decimal(75)  # bullet 9: "operate a minimum of 75% of the time within ... the SCAB"
MIN_NOX_BENEFIT_PERCENT = Decimal(15)  # contract criteria: "annual NOx emissions benefit of at least 15 percent"
LARGE_FLEET_MIN_TRUCKS = 11  # paragraph 3: "For fleet sizes of more than 10"
LARGE_FLEET_SHARE = Decimal("0.50")  # "cannot exceed 50 percent of the project cost, excluding taxes and fees"

COVID_LOW_USAGE = (dt.date(2020, 3, 1), dt.date(2020, 6, 1))
"""Bullet 7 (continued on the next page): "Low usage during the period of March 1, 2020 and June 1,
2020, can be substituted with the 3-month period that precedes the 24-month period prior to application submittal"."""

WEIGHT_CLASSES = (("LHD", 14_001, 19_500), ("MHD", 19_501, 33_000), ("HHD", 33_001, None))
"""CMP classification table: LHD Class 4-5 14,001-19,500 lb; MHD Class 6-7 19,501-33,000; HHD Class 8 over 33,000."""

MHD_ENGINE_IN_HHD_MAX_GVWR_LB = 36_300  # "GVWR up to 36,300 lbs. (10 percent higher than 33,000 lbs. GVWR)"
HHD_ENGINE_IN_MHD_MIN_GVWR_LB = 29_701  # "within 10 percent of the HHD intended service class (i.e., 29,701 lbs.)"

STEP_2_LIMITS = {"optional_low_nox": Decimal(200_000), "zero_emission": Decimal(500_000)}
"""Paragraph 1: "Step 2" limit "$200,000/$500,000 per weighted ton", footnote 1: "dependent on the
replacement equipment technology" (reference: 0.02 g/bhp-hr -> $200,000, zero-emission -> $500,000).
The Step 1 limit ($33,000, "projects that bring vehicles ... up to current standards") never applies
here: every eligible replacement is 0.02 g/bhp-hr NOx or zero-emission (WHAT), i.e. Step 2."""

AWARD_CAPS = {"optional_low_nox": Decimal("160000.00"), "zero_emission": Decimal("410000.00")}
"""The funding caps: the largest amount in Table 2 (0.02 NOx, $160,000) and Table 3 (ZEV, $410,000)."""

TECHNOLOGY_LABELS = {"optional_low_nox": "0.02 g/bhp-hr NOx", "zero_emission": "zero-emission"}

TERMS = (
    Term(
        "earliest_engine_model_year",
        "Earliest eligible engine model year (older only for specialty vehicles)",
        Kind.INTEGER,
        EMY_FLOOR,
        _bullet(5),
    ),
    Term(
        "latest_engine_model_year",
        "Latest engine model year the CMP Guidelines currently allow",
        Kind.INTEGER,
        CMP_GUIDELINES_LATEST_EMY,
        _bullet(5),
    ),
    Term(
        "engine_min_age_years",
        "Engine age before the application year (pending CARB approval)",
        Kind.INTEGER,
        EMY_MIN_AGE_YEARS,
        _bullet(5),
        unit="years",
    ),
    Term(
        "earliest_compliance_deadline",
        "Regulatory compliance deadline of the truck on or after",
        Kind.DATE,
        COMPLIANCE_DEADLINE_FLOOR,
        _bullet(5),
    ),
    *(
        Term(
            f"cmp_award_cap_{technology}",
            f"CMP funding cap, {TECHNOLOGY_LABELS[technology]} replacement",
            Kind.MONEY,
            cap,
            src('"FUNDING TABLES" Tables 2 and 3 (largest amount)'),
        )
        for technology, cap in AWARD_CAPS.items()
    ),
    *(
        Term(
            f"cmp_limit_per_ton_{technology}",
            f"CMP Step 2 cost-effectiveness limit, {TECHNOLOGY_LABELS[technology]}",
            Kind.MONEY,
            limit,
            AWARD,
            unit="per weighted ton",
        )
        for technology, limit in STEP_2_LIMITS.items()
    ),
)
"""What a re-issued PA2022-01 may change on the CMP path (``programs.rules.terms``)."""
SEED_TERMS = Terms(SHARED_TERMS + TERMS)

TABLE_MILEAGES = (20_000, 30_000, 40_000, 50_000)
TABLE_MODEL_YEARS = ((2007, 2008, 2009), (2010,), (2011,), (2012,), (2013,), (2014,), (2015,))
ESTIMATED_MAXIMUM_AWARD = {
    "optional_low_nox": (  # Table 2: Grant Amount for 0.02 NOx Projects deployed in 2023
        (54_004, 115_614, 111_353, 107_092, 78_862, 76_376, 73_890),
        (86_444, 160_000, 160_000, 160_000, 142_373, 136_780, 131_187),
        (122_509, 160_000, 160_000, 160_000, 160_000, 160_000, 160_000),
        (160_000, 160_000, 160_000, 160_000, 160_000, 160_000, 160_000),
    ),
    "zero_emission": (  # Table 3: Grant Amount for ZEV Projects deployed in 2023
        (167_489, 321_514, 310_861, 300_208, 229_632, 223_417, 217_203),
        (267_657, 410_000, 410_000, 410_000, 407_478, 393_496, 379_514),
        (378_478, 410_000, 410_000, 410_000, 410_000, 410_000, 410_000),
        (410_000, 410_000, 410_000, 410_000, 410_000, 410_000, 410_000),
    ),
}
"""Tables 2 and 3, rows by annual mileage (TABLE_MILEAGES), columns by engine model year
(TABLE_MODEL_YEARS). The seed: "for reference purposes only ... not to be used to determine
individual award amounts", so the portal shows the estimate beside the computed award, never as it."""


def estimated_maximum_award(technology: str, engine_model_year: int, annual_miles: int) -> Decimal | None:
    """Tables 2/3 estimate for the mileage row at or below ``annual_miles``; ``None`` outside the tables."""
    table = ESTIMATED_MAXIMUM_AWARD.get(technology)
    rows = [index for index, miles in enumerate(TABLE_MILEAGES) if miles <= annual_miles]
    column = next((index for index, years in enumerate(TABLE_MODEL_YEARS) if engine_model_year in years), None)
    if table is None or not rows or column is None:
        return None
    return Decimal(table[rows[-1]][column])


REFERENCE_TOLERANCE_PERCENT = Decimal(10)
"""Issue 23: a computed award more than 10 percent from the Tables 2 and 3 estimate is flagged for staff review."""
TABLES_FLEET_MAX = 10  # paragraph 3: "The estimated awards are for fleet size of 10 trucks or less only."


@dataclass(frozen=True)
class TableReference:
    """The announcement's Tables 2 and 3 estimate beside the computed amount (``tables_2_3_reference``).

    ``estimate`` is ``None`` where the tables say nothing for the project (``reason`` says why); ``difference``
    is computed minus estimate, ``difference_percent`` that as a percent of the estimate, and ``flagged`` is true
    when its size is more than ``REFERENCE_TOLERANCE_PERCENT``."""

    estimate: Decimal | None
    computed: Decimal | None
    difference: Decimal | None = None
    difference_percent: Decimal | None = None
    flagged: bool = False
    reason: str = ""
    row_miles: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "estimate": self.estimate,
            "computed": self.computed,
            "difference": self.difference,
            "difference_percent": self.difference_percent,
            "flagged": self.flagged,
            "reason": self.reason,
            "row_miles": list(self.row_miles),
            "tolerance_percent": REFERENCE_TOLERANCE_PERCENT,
            "source": str(TABLES_2_3),
        }


def table_estimate(technology: str, engine_model_year: int, annual_miles: int) -> tuple[Decimal | None, tuple]:
    """Tables 2 and 3 (002_93fe1fbed5faf247.txt, "FUNDING TABLES (CMP-Table 2&3, Prop1B-Table 4)") read for a
    mileage: the row itself at 20,000, 30,000, 40,000 or 50,000 miles; between two rows, the straight line between
    them (the tables give no rule between rows, and an award grows with the tons, i.e. the miles); above 50,000,
    the 50,000 row (every cell of it is the cap). ``None`` below 20,000 miles or outside model years 2007-2015."""
    table = ESTIMATED_MAXIMUM_AWARD.get(technology)
    column = next((index for index, years in enumerate(TABLE_MODEL_YEARS) if engine_model_year in years), None)
    if table is None or column is None or annual_miles < TABLE_MILEAGES[0]:
        return None, ()
    if annual_miles >= TABLE_MILEAGES[-1]:
        return Decimal(table[-1][column]), (TABLE_MILEAGES[-1],)
    low = max(index for index, miles in enumerate(TABLE_MILEAGES) if miles <= annual_miles)
    if TABLE_MILEAGES[low] == annual_miles:
        return Decimal(table[low][column]), (annual_miles,)
    low_miles, high_miles = TABLE_MILEAGES[low], TABLE_MILEAGES[low + 1]
    low_value, high_value = Decimal(table[low][column]), Decimal(table[low + 1][column])
    share = Decimal(annual_miles - low_miles) / Decimal(high_miles - low_miles)
    return (low_value + (high_value - low_value) * share).quantize(Decimal("0.01")), (low_miles, high_miles)


def tables_2_3_reference(
    technology: str, engine_model_year: int, annual_miles: int, fleet_size: int, computed: Decimal | None
) -> TableReference:
    """The announcement's estimate for the project beside ``computed`` (the least of the cost-effectiveness limit
    amount and the funding cap: what the tables estimate, "the maximum award amount"), flagged when they differ by
    more than 10 percent (issue 23). The tables are "for reference purposes only ... not to be used to determine
    individual award amounts" (002_93fe1fbed5faf247.txt, note under Table 3): the flag asks for a review, it never
    changes the award."""
    if fleet_size > TABLES_FLEET_MAX:
        return TableReference(
            None, computed, reason=_("The tables' estimates are for fleets of 10 trucks or less only.")
        )
    estimate, rows = table_estimate(technology, engine_model_year, annual_miles)
    if estimate is None:
        return TableReference(
            None,
            computed,
            reason=_(
                "The tables give estimates for engine model years 2007 to 2015 at 20,000 miles a year or more only."
            ),
        )
    if computed is None:
        return TableReference(
            estimate,
            None,
            reason=_("No amount is computed yet: the project has no emission factors."),
            row_miles=rows,
        )
    difference = (computed - estimate).quantize(Decimal("0.01"))
    percent = (difference * 100 / estimate).quantize(Decimal("0.01"))
    return TableReference(
        estimate,
        computed,
        difference=difference,
        difference_percent=percent,
        flagged=abs(difference) * 100 > REFERENCE_TOLERANCE_PERCENT * estimate,  # exact, not the rounded percent
        row_miles=rows,
    )


def cmp_technology(project: Mapping[str, Any]) -> str:
    """Zero-emission or 0.02 g/bhp-hr NOx engine: the key of STEP_2_LIMITS and AWARD_CAPS."""
    return "zero_emission" if project["replacement_technology"] == "zero_emission" else "optional_low_nox"


def weight_class(gvwr_lb: int) -> str | None:
    for name, low, high in WEIGHT_CLASSES:
        if gvwr_lb >= low and (high is None or gvwr_lb <= high):
            return name
    return None


# ---- eligibility rules -----------------------------------------------------------------------


def replacement_project(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 1: "Only replacement projects of a diesel-fueled baseline vehicle will be eligible"."""
    kind = project["project_type"]
    return check(
        "replacement_project",
        kind == "replacement",
        _bullet(1),
        ok=_("The project replaces one truck with one new truck."),
        fail=_(
            "Under the Carl Moyer Program only one-for-one replacements are eligible; repowers and "
            "two-for-one replacements are Prop 1B options."
        ),
    )


def existing_diesel(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 1: a diesel-fueled baseline vehicle."""
    return existing_is_diesel(project, _bullet(1))


def existing_class_4_to_8(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 2 "Class 4 - 8"; WHO "GVWR of 14,001 lbs. or greater"."""
    return at_least(
        "existing_class_4_to_8",
        project["existing_gvwr_lb"],
        HEAVY_DUTY_MIN_GVWR_LB,
        _bullet(2),
        what=_("The existing truck's GVWR"),
        unit="lb",
    )


def not_a_school_bus(project: Mapping[str, Any]) -> RuleResult:
    """WHAT: lower-emission school buses "will continue to be funded through a separate program"."""
    return check(
        "not_school_bus",
        project["vehicle_type"] != "school_bus",
        WHAT,
        ok=_("The vehicle is not a school bus."),
        fail=_("School buses are funded through a separate program, not this announcement."),
    )


def replacement_not_diesel(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 3: "The replacement vehicles' engines may not be diesel-fueled"."""
    fuel = project["replacement_fuel_type"]
    return check(
        "replacement_not_diesel",
        fuel != "diesel",
        _bullet(3),
        ok=_("The replacement runs on {fuel}, not diesel.").format(fuel=label(FUEL_CHOICES, fuel).lower()),
        fail=_("The replacement vehicle's engine is diesel-fueled; under the CMP it may not be."),
    )


def replacement_low_nox_or_zero(project: Mapping[str, Any]) -> RuleResult:
    """WHAT: "Replacement with a truck or bus emitting 0.02g/bhp-hr of NOx or lower"."""
    return check(
        "replacement_0_02_or_zero",
        is_low_nox_or_zero(project),
        WHAT,
        ok=_("The replacement is {nox}: 0.02 g/bhp-hr NOx or cleaner.").format(
            nox=replacement_certified_nox_text(project)
        ),
        fail=_("The replacement is {nox}; it must be zero-emission or certified to 0.02 g/bhp-hr NOx or lower.").format(
            nox=replacement_certified_nox_text(project)
        ),
    )


def emergency_vehicle_low_nox_or_zero(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 6: "emergency vehicles are only eligible for a 0.02 Low-NOx or cleaner vehicle replacement"."""
    if project["vehicle_type"] != "emergency":
        return check("emergency_vehicle_0_02", True, _bullet(6), ok=_("Not an emergency vehicle."), fail="")
    return check(
        "emergency_vehicle_0_02",
        is_low_nox_or_zero(project),
        _bullet(6),
        ok=_("The emergency vehicle is replaced with a 0.02 g/bhp-hr NOx or cleaner vehicle."),
        fail=_("Emergency vehicles are eligible only for a 0.02 g/bhp-hr NOx or cleaner replacement."),
    )


def engine_model_year_window(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> RuleResult:
    """Bullet 5. The bold, more specific sentence ("Currently, the eligible EMY under CMP Guidelines is
    2010 or older. The expansion ... is pending") prevails over the 6-years-of-age rule, which is
    pending CARB's approval; both bounds apply, so the latest eligible EMY is the earlier of the two.
    Before 2007 only a specialty vehicle with remaining compliance life may be eligible."""
    year = project["existing_engine_model_year"]
    floor, guidelines, age = (
        terms[name] for name in ("earliest_engine_model_year", "latest_engine_model_year", "engine_min_age_years")
    )
    source = _bullet(5)
    for name in ("earliest_engine_model_year", "latest_engine_model_year", "engine_min_age_years"):
        source = terms.cite(name, source)
    latest = min(context.evaluated_on.year - age, guidelines)
    if year > latest:
        return check(
            "engine_model_year",
            False,
            source,
            ok="",
            fail=_(
                "Engine model year {year} is later than {latest}, the latest the CMP Guidelines currently allow "
                "({guidelines} or older; the expansion to engines {age} or more years old is pending CARB "
                "approval)."
            ).format(year=year, latest=latest, guidelines=guidelines, age=age),
        )
    if year < floor and not project.get("specialty_vehicle"):
        return check(
            "engine_model_year",
            False,
            source,
            ok="",
            fail=_(
                "Engine model year {year} is before {first}; only specialty vehicles with remaining compliance life may "
                "be eligible with an engine that old."
            ).format(year=year, first=floor),
        )
    return check(
        "engine_model_year",
        True,
        source,
        fail="",
        ok=_("Engine model year {year} is within the eligible years ({first}-{latest}).").format(
            year=year, first=floor, latest=latest
        ),
    )


def no_low_use_exemption(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 5: "Vehicles that maintain compliance utilizing the low use exemption are not eligible"."""
    return check(
        "no_low_use_exemption",
        not project["low_use_exemption"],
        _bullet(5),
        ok=_("The truck does not rely on the low-use exemption."),
        fail=_("Trucks that stay compliant through the low-use exemption are not eligible."),
    )


def compliance_deadline(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> RuleResult:
    """Bullet 5: "Only vehicles with a compliance deadline of January 1, 2023, or later"; OTHER IMPORTANT
    PROGRAM INFORMATION bullet 1: the equipment must still have operation before that deadline (surplus)."""
    deadline, floor = project["compliance_deadline"], terms["earliest_compliance_deadline"]
    if deadline < floor:
        return check(
            "compliance_deadline",
            False,
            terms.cite("earliest_compliance_deadline", _bullet(5)),
            ok="",
            fail=_(
                "The truck's regulatory compliance deadline is {deadline}; only vehicles with a compliance "
                "deadline of {floor}, or later are eligible."
            ).format(deadline=date_in_words(deadline), floor=date_in_words(floor)),
        )
    return check(
        "compliance_deadline",
        deadline > context.evaluated_on,
        SURPLUS,
        ok=_("The truck's compliance deadline, {deadline}, is still ahead: the reductions are surplus.").format(
            deadline=date_in_words(deadline)
        ),
        fail=_(
            "The truck's compliance deadline, {deadline}, has passed; only reductions before the deadline "
            "are surplus and can be funded."
        ).format(deadline=date_in_words(deadline)),
    )


def no_compliance_extension(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 16: vehicles "operating under a regulatory compliance extension ... are not eligible"."""
    return check(
        "no_compliance_extension",
        not project["compliance_extension"],
        _bullet(16),
        ok=_("The truck is not operating under a compliance extension."),
        fail=_(
            "Vehicles operating under a compliance extension granted by CARB, an air district or U.S. "
            "EPA are not eligible."
        ),
    )


def scab_operation(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 9: "operate a minimum of 75% of the time within the boundaries of the SCAB"."""
    return at_least(
        "scab_operation",
        project["scab_operation_percent"],
        MIN_SCAB_OPERATION_PERCENT,
        _bullet(9),
        what=_("Operation within the South Coast Air Basin"),
        unit="%",
    )


def projected_scab_operation(project: Mapping[str, Any]) -> RuleResult:
    """Contract criteria bullet 4: operate "within the SCAB for 75% of the time (CMP)" for the project life."""
    return at_least(
        "projected_scab_operation",
        project["projected_scab_operation_percent"],
        MIN_SCAB_OPERATION_PERCENT,
        CONTRACT,
        what=_("Committed operation of the new truck within the South Coast Air Basin"),
        unit="%",
    )


def california_registration(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 11: "California registration or California IRP"."""
    return check(
        "california_registration",
        project["california_registration"],
        _bullet(11),
        ok=_("The truck has California registration (or California IRP)."),
        fail=_("The truck must have California registration or California IRP registration."),
    )


def carb_certified(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 15: "commercially available technologies that are certified or verified by CARB"."""
    return check(
        "carb_certified",
        project["replacement_carb_certified"],
        _bullet(15),
        ok=_("The replacement technology is certified or verified by CARB."),
        fail=_("The replacement must be a commercially available technology certified or verified by CARB."),
    )


def same_weight_class(project: Mapping[str, Any]) -> RuleResult:
    """Classification paragraph: "The proposed vehicle must be in the same weight class as the existing vehicle"."""
    before, after = weight_class(project["existing_gvwr_lb"]), weight_class(project["replacement_gvwr_lb"])
    return check(
        "same_weight_class",
        before is not None and before == after,
        CLASSIFICATION,
        ok=_("Both trucks are in the same weight class ({before}).").format(before=before),
        fail=_(
            "The existing truck is {before} and the replacement is {after}; under the CMP they must be in "
            "the same weight class (LHD, MHD or HHD)."
        ).format(before=before or _("not heavy-duty"), after=after or _("not heavy-duty")),
    )


def engine_service_class(project: Mapping[str, Any]) -> RuleResult:
    """Classification paragraph: the engine's intended service class matches the vehicle's, except 1) an MHD
    engine in an HHD vehicle up to 36,300 lb with written warranty verification, 2) an HHD engine in an MHD
    vehicle of 29,701 lb or more for vocational purposes."""
    if project["replacement_technology"] == "zero_emission":
        return check(
            "engine_service_class",
            True,
            CLASSIFICATION,
            fail="",
            ok=_("A zero-emission truck has no engine service class to match."),
        )
    engine, gvwr = project.get("replacement_engine_service_class"), project["replacement_gvwr_lb"]
    vehicle = weight_class(gvwr)
    if engine is None:
        return check(
            "engine_service_class",
            False,
            CLASSIFICATION,
            ok="",
            fail=_(
                "Give the replacement engine's intended service class (from its Executive Order) so it can be matched "
                "to the vehicle's weight class."
            ),
        )
    allowed = (
        engine == vehicle
        or (
            engine == "MHD"
            and vehicle == "HHD"
            and gvwr <= MHD_ENGINE_IN_HHD_MAX_GVWR_LB
            and bool(project.get("warranty_verification"))
        )
        or (
            engine == "HHD"
            and vehicle == "MHD"
            and gvwr >= HHD_ENGINE_IN_MHD_MIN_GVWR_LB
            and bool(project.get("vocational_need_approved"))
        )
    )
    return check(
        "engine_service_class",
        allowed,
        CLASSIFICATION,
        ok=_("The {engine} engine is allowed in this {gvwr:,} lb {vehicle} vehicle.").format(
            engine=engine, gvwr=gvwr, vehicle=vehicle
        ),
        fail=_(
            "The {engine} engine does not match the {gvwr:,} lb {vehicle} vehicle. Allowed exceptions: an "
            "MHD engine in an HHD vehicle up to 36,300 lb with written warranty verification, or an HHD "
            "engine in an MHD vehicle of 29,701 lb or more for vocational purposes."
        ).format(engine=label(SERVICE_CLASS_CHOICES, engine), gvwr=gvwr, vehicle=vehicle or _("non-heavy-duty")),
    )


FACTORS_FROM_OVERRIDE = "override"
FACTORS_FROM_TABLE = "table"
FACTORS_FROM_TYPED = "typed"
FACTORS_FROM_TABLE_OR_OVERRIDE = (FACTORS_FROM_OVERRIDE, FACTORS_FROM_TABLE)
"""Where a project's emission factors came from (figure ``emission_factors_from``): staff's recorded override, the
round's Guidelines edition table, or factors typed on the project with no record of where they come from (the
dashboards count only the first two as "with factors", issue 23)."""


def emission_factors(
    project: Mapping[str, Any], edition: moyer_onroad.GuidelinesEdition, context: EvaluationContext | None = None
) -> tuple[moyer_onroad.EmissionFactors | None, moyer_onroad.EmissionFactors | None, str]:
    """Baseline and replacement g/mile factors and where they came from.

    Order (issue 23, "staff may still override per project with a reason"): staff's recorded override, then the
    table of the round's Guidelines edition by engine service class and model year, then factors typed on the
    project. The README of the first import said typed factors win over the table while the code read the table
    first; the recorded override now wins, and untraced typed factors only fill a gap (notes/factors_disagreements).
    """
    zero = project["replacement_technology"] == "zero_emission"
    if context is not None and context.onroad_override is not None:
        baseline, replacement = context.onroad_override
        return baseline, moyer_onroad.ZERO_EMISSION if zero else replacement, FACTORS_FROM_OVERRIDE
    baseline = edition.factors_for(project["existing_engine_service_class"], project["existing_engine_model_year"])
    origin = FACTORS_FROM_TABLE if baseline is not None else ""
    if baseline is None and project.get("baseline_nox_g_per_mile") is not None:
        baseline = moyer_onroad.EmissionFactors(
            project["baseline_nox_g_per_mile"],
            project.get("baseline_rog_g_per_mile", Decimal(0)),
            project.get("baseline_pm10_g_per_mile", Decimal(0)),
        )
        origin = FACTORS_FROM_TYPED
    if zero:
        return baseline, moyer_onroad.ZERO_EMISSION, origin
    replacement = None
    if project.get("replacement_nox_g_per_mile") is not None:
        replacement = moyer_onroad.EmissionFactors(
            project["replacement_nox_g_per_mile"],
            project.get("replacement_rog_g_per_mile", Decimal(0)),
            project.get("replacement_pm10_g_per_mile", Decimal(0)),
        )
        origin = origin or FACTORS_FROM_TYPED
    return baseline, replacement, origin


def emission_factors_given(baseline, replacement) -> RuleResult:
    """ "Heavy-Duty Vehicle Replacement under the CMP", paragraph 2: cost-effectiveness needs the NOx, ROG and
    PM10 reductions, i.e. the CMP Guidelines' g/mile emission factors (Appendix D) of both engines."""
    return check(
        "emission_factors",
        baseline is not None and replacement is not None,
        CE_FORMULA,
        ok=_("Emission factors for both engines are available to compute the emission reductions."),
        fail=_(
            "The CMP award cannot be computed yet: staff must enter the CMP Guidelines' g/mile emission factors "
            "(NOx, ROG, PM10) for the existing engine and, unless zero-emission, the replacement engine."
        ),
    )


def nox_benefit(baseline, replacement) -> RuleResult:
    """Contract criteria bullet 3: "annual NOx emissions benefit of at least 15 percent"."""
    if baseline is None or replacement is None:
        return check(
            "nox_benefit",
            False,
            CONTRACT,
            ok="",
            fail=_("The NOx benefit cannot be checked without the engines' emission factors."),
        )
    percent = moyer_onroad.nox_benefit_percent(baseline, replacement).quantize(Decimal("0.01"))
    return at_least(
        "nox_benefit",
        percent,
        MIN_NOX_BENEFIT_PERCENT,
        CONTRACT,
        what=_("The replacement's annual NOx benefit"),
        unit="%",
    )


# ---- mileage and award ----------------------------------------------------------------------


def annual_miles(project: Mapping[str, Any], context: EvaluationContext) -> tuple[int, dict[str, Any]]:
    """Bullet 7: the lower of the two 12-month periods of California miles in the prior 24 months, after
    substituting March 1 - June 1, 2020 low usage with the 3 months before the 24-month window."""
    recent, prior = project["ca_miles_recent_12_months"], project["ca_miles_prior_12_months"]
    figures: dict[str, Any] = {"ca_miles_recent_12_months": recent, "ca_miles_prior_12_months": prior}
    low, substitute = project.get("low_usage_2020_miles"), project.get("substitute_3_month_miles")
    if low is not None and substitute is not None:
        window_start = add_months(context.evaluated_on, -24)
        split = add_months(context.evaluated_on, -12)
        start, end = COVID_LOW_USAGE
        if not (window_start < end and start < context.evaluated_on):
            figures["mileage_substitution"] = "not applied: March 1 - June 1, 2020 is outside the prior 24 months"
        elif end <= split and low <= prior:
            prior = max(prior, prior - low + substitute)
            figures["mileage_substitution"] = "applied to the earlier 12-month period"
        elif end > split and low <= recent:
            recent = max(recent, recent - low + substitute)
            figures["mileage_substitution"] = "applied to the recent 12-month period"
        else:
            figures["mileage_substitution"] = "not applied: the 2020 low-usage miles exceed that period's miles"
    used = min(recent, prior)
    figures["annual_miles_used"] = used
    return used, figures


def award(
    project: Mapping[str, Any],
    context: EvaluationContext,
    baseline,
    replacement,
    edition: moyer_onroad.GuidelinesEdition,
    terms: Terms,
) -> tuple[Decimal, dict[str, Any]]:
    """Paragraph 1: "The award amount shall not exceed the project's incremental cost, applicable funding
    caps and/or cost-effectiveness limit(s)", with paragraph 3's 50% rule for fleets of more than 10 and the
    85% limit on all grants for non-public applicants (OTHER IMPORTANT PROGRAM INFORMATION)."""
    technology = cmp_technology(project)
    cost, taxes = project["replacement_cost"], project["taxes_and_fees"]
    other = project.get("other_public_funding", Decimal("0.00"))
    miles, figures = annual_miles(project, context)
    limits: dict[str, Decimal] = {
        "incremental_cost": cost,
        "award_cap": terms[f"cmp_award_cap_{technology}"],
        "amount_requested": project["amount_requested"],
    }
    if context.application["fleet_size"] >= LARGE_FLEET_MIN_TRUCKS:
        limits["fleet_over_10_half_of_cost_excluding_taxes"] = LARGE_FLEET_SHARE * (cost - taxes)
    share = Decimal(1) if context.application["public_agency"] else NON_PUBLIC_MAX_SHARE
    limits["grants_share_of_cost_less_other_funding"] = share * cost - other
    reduced = None
    if baseline is not None and replacement is not None:
        reduced = moyer_onroad.reductions(baseline, replacement, miles)
        amount, ce_figures = moyer_onroad.limit_amount(
            limit_per_ton=terms[f"cmp_limit_per_ton_{technology}"],
            reduced=reduced,
            edition=edition,
            project_life_years=project["project_life_years"],
        )
        limits["cost_effectiveness_limit_amount"] = amount
        figures.update(ce_figures)
    binding, granted = least_of(limits)
    figures.update({name: money(value) for name, value in limits.items()})
    computed_maximum = (
        min(limits["cost_effectiveness_limit_amount"], limits["award_cap"]).quantize(Decimal("0.01"))
        if "cost_effectiveness_limit_amount" in limits
        else None
    )
    reference = tables_2_3_reference(
        technology, project["existing_engine_model_year"], miles, context.application["fleet_size"], computed_maximum
    )
    figures.update(
        {
            "binding_limit": binding,
            "technology": technology,
            "estimated_maximum_award_tables_2_3": estimated_maximum_award(
                technology, project["existing_engine_model_year"], miles
            ),
            "tables_2_3_reference": reference.as_dict(),
        }
    )
    if reduced is not None:
        crf = ce.capital_recovery_factor(edition.discount_rate, project["project_life_years"])
        figures.update(moyer_onroad.award_figures(granted, crf=crf, weighted_tons_per_year=reduced.weighted))
    return granted, figures


def evaluate(
    project: Mapping[str, Any],
    context: EvaluationContext,
    edition: moyer_onroad.GuidelinesEdition = moyer_onroad.GUIDELINES_2017,
) -> Evaluation:
    terms = context.terms_or(SEED_TERMS)
    baseline, replacement, origin = emission_factors(project, edition, context)
    results = [
        replacement_project(project),
        existing_diesel(project),
        existing_class_4_to_8(project),
        not_a_school_bus(project),
        replacement_not_diesel(project),
        replacement_low_nox_or_zero(project),
        emergency_vehicle_low_nox_or_zero(project),
        engine_model_year_window(project, context, terms),
        no_low_use_exemption(project),
        compliance_deadline(project, context, terms),
        no_compliance_extension(project),
        scab_operation(project),
        projected_scab_operation(project),
        california_registration(project),
        carb_certified(project),
        same_weight_class(project),
        engine_service_class(project),
        *shared_rules(project, context, terms),
        emission_factors_given(baseline, replacement),
        nox_benefit(baseline, replacement),
    ]
    granted, figures = award(project, context, baseline, replacement, edition, terms)
    figures["emission_factors_from"] = origin
    figures["emission_factors_source"] = {
        FACTORS_FROM_OVERRIDE: context.onroad_override_source,
        FACTORS_FROM_TABLE: edition.factors_source,
        FACTORS_FROM_TYPED: "typed on the project",
    }.get(origin, "")
    evaluation = Evaluation(program="PA2022-01", results=results, award=granted, figures=figures, path=PATH)
    if not evaluation.eligible:
        evaluation.award = Decimal("0.00")
    return evaluation
