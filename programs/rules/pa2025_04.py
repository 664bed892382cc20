"""PA2025-04 Surplus Off-Road Opt-In for NOx (SOON): one piece of off-road equipment per project.

Source: 003_b264a6114e3b8c3f.txt, "SOUTH COAST AQMD PROGRAM ANNOUNCEMENT PA 2025-04"; section names
below are that announcement's. The emissions method is the Carl Moyer Program's (moyer_offroad.py).

The seed calls for Appendix C of the 2024 CMP Guidelines (COST-EFFECTIVENESS EVALUATION DISCUSSION);
the factors, load factors and 1% discount rate available to the portal are the 2017 Guidelines' (tables
D-7, D-8, D-9, D-24 in moyer-cost-effectiveness.md), so the evaluation names that edition in its figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from core.deadlines import add_months

from . import moyer_offroad as offroad
from .applicant import APPLICANT_FIELDS
from .base import CENT, AttachmentSlot, Evaluation, EvaluationContext, RuleResult, RuleSet, Source, check, money
from .common import at_least, least_of, quote_is_recent
from .cost_effectiveness import (
    DISCOUNT_RATE_2017_GUIDELINES,
    capital_recovery_factor,
    cost_effectiveness_per_ton,
    max_grant_at_limit,
)
from .fields import Field, Kind
from .i18n import date_in_words
from .i18n import gettext as _
from .moyer_offroad import Tier
from .selection import COST_EFFECTIVENESS as PER_TON_FIGURE
from .selection import AwardLimit, Order, Selection
from .terms import Term, Terms

CODE = "PA2025-04"
SEED = "003_b264a6114e3b8c3f.txt"


def _src(section: str) -> Source:
    return Source(SEED, f"PA2025-04 {section}")


WHAT = _src('SECTION I "WHAT"')
WHO = _src('SECTION I "WHO"')
GENERAL = _src("GENERAL PROGRAM INFORMATION")
FUNDING_DATES = _src("PROGRAM CRITERIA, potential funding dates table (Tier x fleet size)")
PROGRAM_CRITERIA = _src("PROGRAM CRITERIA")
PROJECT_CRITERIA = _src("PROJECT CRITERIA")
MAXIMUM_FUNDING = _src("MAXIMUM ELIGIBLE FUNDING table")
COST_EFFECTIVENESS = _src("COST-EFFECTIVENESS EVALUATION DISCUSSION; SECTION III PROJECT COST; SECTION IV item 1")
INCREMENTAL_COST = _src('PROJECT CRITERIA first bullet and DEFINITIONS 7 "Incremental Cost"')
SELECTION_CRITERIA = _src("SECTION IV: PROPOSAL EVALUATION/CONTRACTOR SELECTION CRITERIA")

DISTRICT_OPERATION_MIN_PERCENT = Decimal(75)  # "operate a minimum of 75 percent of the time", PROGRAM CRITERIA
QUOTE_MAX_AGE_DAYS = 90  # "All quotes must have been obtained within 90 days of application submittal"
OWNERSHIP_MIN_MONTHS = 24  # "owned each vehicle ... for at least two years", PROJECT CRITERIA
HOUR_METER_MIN_MONTHS = 24  # "at least the most recent two (2) years of hour-meter readings", PROJECT CRITERIA
HORSEPOWER_MAX_PERCENT = Decimal(135)  # "not ... greater than 135 percent of the ... existing engine", PROJECT CRITERIA
FORKLIFT_CLASS = 7  # "Class 7 diesel forklifts are the only diesel forklifts eligible", PROJECT CRITERIA
DAC_MIN_SHARE_PERCENT = Decimal(50)  # "At least 50 percent of the CMP funds ... DAC and/or low-income", SECTION IV

LIMIT_TO_CURRENT_STANDARD = Decimal(60_000)
"""$/ton NOx "for projects that bring diesel engines to the current standard" (SECTION III and IV item 1)."""
LIMIT_BEYOND_CURRENT_STANDARD = Decimal(120_000)
"""$/ton NOx "for projects beyond current standards such as zero-emission" (SECTION III and IV item 1).

The seed gives zero-emission projects this one limit; it describes no two-step split (to Tier 4 Final at
$60,000, then beyond at $120,000), so the whole NOx reduction of a zero-emission project uses $120,000."""

CURRENT_STANDARD = Tier.TIER_4_FINAL  # DEFINITIONS 6 "Current NOx Standard": Tier 4 Final
ELIGIBLE_NEW_TIERS = (Tier.TIER_4_FINAL, Tier.ZERO_EMISSION)  # WHAT; DEFINITIONS 9 "Replacement Project"

# --- Fleet size and the potential funding dates table --------------------------------------------------

FLEET_SIZES = (("large", "Large fleet"), ("medium", "Medium fleet"), ("small", "Small fleet"))
"""The seed's table columns. The seed does not define the classes: they are the In-Use Off-Road
Regulation's (the "Base Rule", DEFINITIONS 2), as shown on the fleet's DOORS Fleet Compliance Snapshot."""

FLEET_SIZE_BY_HORSEPOWER = (("small", 2_500), ("medium", 5_000), ("large", None))
"""Total hp up to which each class runs (Off-Road Regulation, 13 CCR 2449; the seed's "Base Rule",
DEFINITIONS 2). Used only for a note to staff: the regulation classes some fleets by owner, not hp."""

NOT_ALLOWED = None
NO_RESTRICTION = "no restriction"

FUNDING_AVAILABLE_UNTIL = {
    (Tier.TIER_0, "large"): NOT_ALLOWED,
    (Tier.TIER_0, "medium"): NOT_ALLOWED,
    (Tier.TIER_0, "small"): dt.date(2025, 12, 31),
    (Tier.TIER_1, "large"): NOT_ALLOWED,
    (Tier.TIER_1, "medium"): dt.date(2025, 12, 31),
    (Tier.TIER_1, "small"): dt.date(2027, 12, 31),
    (Tier.TIER_2, "large"): dt.date(2025, 12, 31),
    (Tier.TIER_2, "medium"): dt.date(2027, 12, 31),
    (Tier.TIER_2, "small"): dt.date(2029, 12, 31),
}
"""PROGRAM CRITERIA, "Potential Funding" table: the last day each existing Tier may be funded.

The dated cells are round terms (``tier_2_large_fleet_funded_until`` ...). The "Not allowed" cells are not:
CARB's Off-Road Regulation amendments already bar them, and no re-issue can fund them again."""


def _tier_term_name(tier: Tier, fleet: str) -> str:
    return f"{tier.value}_{fleet}_fleet_funded_until"


TIER_TERMS = tuple(
    Term(
        _tier_term_name(tier, fleet),
        f"{offroad.TIER_LABELS[tier]} equipment of a {fleet} fleet funded until",
        Kind.DATE,
        until,
        FUNDING_DATES,
    )
    for (tier, fleet), until in FUNDING_AVAILABLE_UNTIL.items()
    if until is not NOT_ALLOWED
)

UNRESTRICTED_TIERS = (Tier.TIER_3, Tier.TIER_4_INTERIM, Tier.TIER_4_PHASE_OUT, Tier.TIER_4_PHASE_IN)
"""PROGRAM CRITERIA: "Tier 3 and Tier 4 Interim equipment may be replaced or repowered without restriction"."""

# --- Maximum funding and project life -----------------------------------------------------------------

PROJECT_TYPES = (("replacement", "Replacement (new equipment)"), ("repower", "Repower (new engine)"))


@dataclass(frozen=True)
class FundingRow:
    """One row of the MAXIMUM ELIGIBLE FUNDING table."""

    project: str
    max_percent: Decimal
    project_life_years: int
    short_life_years: int | None = None  # excavators, skid steer loaders, rough terrain forklifts

    def life_for(self, equipment_type: str) -> int:
        if self.short_life_years is not None and equipment_type in SHORT_LIFE_EQUIPMENT:
            return self.short_life_years
        return self.project_life_years


MAXIMUM_FUNDING_TABLE = {
    "replacement": FundingRow("Replacement", Decimal(80), 5, short_life_years=3),
    "repower": FundingRow("Repower", Decimal(85), 7),
    "zero_emission": FundingRow("Replacement or Repower to Zero Emission", Decimal(85), 10),
}
"""MAXIMUM ELIGIBLE FUNDING table (the same percentages: DEFINITIONS 7 and SECTION V). The three-year
exception is printed only in the Replacement row, so a zero-emission replacement keeps 10 years."""

SHORT_LIFE_EQUIPMENT = ("excavator", "skid_steer_loader", "rough_terrain_forklift")

FORKLIFTS = ("forklift", "rough_terrain_forklift")

EQUIPMENT_TYPES = tuple(
    (key, offroad.LOAD_FACTORS[key].equipment)
    for key in (
        "excavator",
        "rubber_tired_loader",
        "tractor_loader_backhoe",
        "crane",
        "crawler_tractor",
        "grader",
        "off_highway_truck",
        "rough_terrain_forklift",
        "rubber_tired_dozer",
        "scraper",
        "skid_steer_loader",
        "forklift",
        "other",
    )
)
"""Off-road equipment of a construction fleet (WHO), with its Table D-7 load factor."""

FUEL_TYPES = (
    ("diesel", "Diesel"),
    ("gasoline", "Gasoline"),
    ("lsi", "Propane / natural gas (LSI)"),
    ("other", "Other"),
)

TIER_CHOICES = tuple((tier.value, offroad.TIER_LABELS[tier]) for tier in Tier)

DEFICIENCY_RESPONSE_TERM = Term(
    "deficiency_response_days",
    "Answer to a staff request for information",
    Kind.INTEGER,
    14,
    _src(
        'states no period for supplying missing information (its "Grounds for Rejection" allow rejecting an '
        "incomplete application). Portal choice: 14 calendar days, the district's period in its other 2025-2026 "
        "announcements"
    ),
    unit="calendar days",
)
DEFICIENCY_RESPONSE = DEFICIENCY_RESPONSE_TERM.period

TERMS = (
    *TIER_TERMS,
    Term(
        "quote_max_age_days",
        "Vendor quote obtained at most this long before the application",
        Kind.INTEGER,
        QUOTE_MAX_AGE_DAYS,
        PROGRAM_CRITERIA,
        unit="calendar days",
    ),
    Term(
        "limit_to_current_standard_per_ton",
        "Cost-effectiveness limit, projects to the current standard (Tier 4 Final)",
        Kind.MONEY,
        LIMIT_TO_CURRENT_STANDARD,
        COST_EFFECTIVENESS,
        unit="per ton of NOx",
    ),
    Term(
        "limit_beyond_current_standard_per_ton",
        "Cost-effectiveness limit, projects beyond the current standard (zero-emission)",
        Kind.MONEY,
        LIMIT_BEYOND_CURRENT_STANDARD,
        COST_EFFECTIVENESS,
        unit="per ton of NOx",
        help='"The cost-effectiveness level used for the selection of projects may be lower depending on the '
        'demand for program funds" (PROJECT COST).',
    ),
    DEFICIENCY_RESPONSE_TERM,
)
"""What a re-issued PA2025-04 may change; each default is the seed's value (``programs.rules.terms``)."""
SEED_TERMS = Terms(TERMS)

# --- Fields -------------------------------------------------------------------------------------------

_FLEET = "Fleet"
APPLICATION_FIELDS = APPLICANT_FIELDS + (
    Field(
        "fleet_size_class",
        "Fleet size (as on the DOORS Fleet Compliance Snapshot)",
        Kind.CHOICE,
        group=_FLEET,
        choices=FLEET_SIZES,
        help="Large over 5,000 hp, medium 2,501-5,000 hp, small 2,500 hp or less, with the "
        "Off-Road Regulation's exceptions (e.g. State and federal fleets are large).",
    ),
    Field("fleet_total_hp", "Total statewide fleet horsepower", Kind.INTEGER, group=_FLEET, unit="hp"),
    Field("doors_fleet_id", "DOORS fleet ID", group=_FLEET),
    Field(
        "fleet_in_compliance",
        "Fleet complies with the In-Use Off-Road Diesel-Fueled Fleets Regulation",
        Kind.BOOLEAN,
        group=_FLEET,
    ),
)

_EQ = "Existing equipment and engine"
_USE = "Operation and records"
_NEW = "New engine or equipment"
_COST = "Cost and co-funding"
HOURS_PER_YEAR_MAX = Decimal(8784)  # hours in a leap year: catches minutes or odometer miles entered as hours

PROJECT_FIELDS = (
    Field("doors_ein", "DOORS Equipment Identification Number (EIN)", group=_EQ),
    Field("equipment_type", "Equipment type", Kind.CHOICE, group=_EQ, choices=EQUIPMENT_TYPES),
    Field(
        "forklift_class",
        "Forklift class (forklifts only)",
        Kind.INTEGER,
        group=_EQ,
        required=False,
        min_value=Decimal(1),
        max_value=Decimal(7),
    ),
    Field("equipment_make", "Equipment make", group=_EQ),
    Field("equipment_model", "Equipment model", group=_EQ),
    Field("baseline_fuel_type", "Existing engine fuel", Kind.CHOICE, group=_EQ, choices=FUEL_TYPES),
    Field("baseline_engine_make", "Existing engine make", group=_EQ),
    Field("baseline_engine_serial_number", "Existing engine serial number", group=_EQ),
    Field("baseline_executive_order", "Existing engine CARB Executive Order number", group=_EQ),
    Field(
        "baseline_engine_tier",
        "Existing engine tier (from its Executive Order)",
        Kind.CHOICE,
        group=_EQ,
        choices=tuple(choice for choice in TIER_CHOICES if choice[0] != Tier.ZERO_EMISSION),
    ),
    Field(
        "baseline_engine_model_year",
        "Existing engine model year",
        Kind.INTEGER,
        group=_EQ,
        min_value=Decimal(1950),
        max_value=Decimal(2100),
    ),
    Field(
        "baseline_horsepower",
        "Existing engine rated horsepower",
        Kind.DECIMAL,
        group=_EQ,
        unit="hp",
        min_value=Decimal(25),
        help="The off-road tables (D-8, D-9) start at 25 hp.",
    ),
    Field("ownership_start_date", "Date the applicant took ownership", Kind.DATE, group=_EQ),
    Field("hour_meter_records_from", "Date of the earliest hour-meter reading provided", Kind.DATE, group=_USE),
    Field("hour_meter_records_to", "Date of the latest hour-meter reading provided", Kind.DATE, group=_USE),
    Field(
        "hours_prior_year",
        "Hours of operation, earlier of the two most recent years",
        Kind.DECIMAL,
        group=_USE,
        unit="hours",
        max_value=HOURS_PER_YEAR_MAX,
    ),
    Field(
        "hours_most_recent_year",
        "Hours of operation, most recent year",
        Kind.DECIMAL,
        group=_USE,
        unit="hours",
        max_value=HOURS_PER_YEAR_MAX,
    ),
    Field(
        "proposed_annual_hours",
        "Annual hours to be written into the contract",
        Kind.DECIMAL,
        group=_USE,
        unit="hours",
        max_value=HOURS_PER_YEAR_MAX,
    ),
    Field("domiciled_in_district", "Domiciled in the South Coast AQMD", Kind.BOOLEAN, group=_USE),
    Field(
        "district_operation_percent",
        "Share of operation within the South Coast AQMD",
        Kind.PERCENT,
        group=_USE,
        unit="%",
    ),
    Field(
        "dac_or_low_income",
        "Domiciled in, or operated mostly in, a disadvantaged or low-income community",
        Kind.BOOLEAN,
        group=_USE,
        help="CalEnviroScreen 4.0 (SECTION IV items 2 and 3).",
    ),
    Field(
        "applied_in_other_district",
        "Funding for this equipment requested in another air district",
        Kind.BOOLEAN,
        group=_USE,
    ),
    Field("project_type", "Project type", Kind.CHOICE, group=_NEW, choices=PROJECT_TYPES),
    Field("new_engine_tier", "New engine tier", Kind.CHOICE, group=_NEW, choices=TIER_CHOICES),
    Field("new_make", "New engine or equipment make", group=_NEW),
    Field("new_model", "New engine or equipment model", group=_NEW),
    Field("new_executive_order", "New engine CARB Executive Order number", group=_NEW, required=False),
    Field(
        "new_engine_carb_certified",
        "New engine certified (or equipment approved) by CARB for sale in California",
        Kind.BOOLEAN,
        group=_NEW,
    ),
    Field(
        "new_horsepower",
        "New engine rated horsepower (motor rating for zero-emission)",
        Kind.DECIMAL,
        group=_NEW,
        unit="hp",
        min_value=Decimal(1),
    ),
    Field("expected_operational_date", "Date the new engine or equipment starts operating", Kind.DATE, group=_NEW),
    Field(
        "project_cost",
        "Cost: equipment, or engine plus installation parts and labor",
        Kind.MONEY,
        group=_COST,
        unit="USD",
    ),
    Field(
        "cost_within_135_percent",
        "Quoted cost of an engine or equipment within 135% of the existing hp",
        Kind.MONEY,
        group=_COST,
        unit="USD",
        required=False,
    ),
    Field(
        "other_incentives",
        "Other incentives that reduce the price (tax credits, grants)",
        Kind.MONEY,
        group=_COST,
        unit="USD",
        required=False,
    ),
    Field("other_incentive_sources", "Sources of co-funding", group=_COST, required=False),
    Field("amount_requested", "Amount requested", Kind.MONEY, group=_COST, unit="USD", required=False),
    Field("vendor_name", "Vendor name", group=_COST),
    Field("quote_date", "Vendor quote date", Kind.DATE, group=_COST),
)

_FLEET_DOCUMENTS = ("doors_snapshot", "compliance_plan", "business_information_forms")
"""Documents about the whole fleet or the applicant; the others belong to one piece of equipment."""

ATTACHMENTS = tuple(
    AttachmentSlot(
        key, label, required, per_project=key not in _FLEET_DOCUMENTS, district_form=key == "business_information_forms"
    )
    for key, label, required in (
        ("vendor_quotes", "Vendor quotes, obtained within 90 days of submittal (PROGRAM CRITERIA)", True),
        (
            "quote_within_135_percent",
            "Quote for an engine/equipment within 135% of existing hp (PROJECT CRITERIA)",
            False,
        ),
        ("doors_snapshot", "DOORS Fleet Compliance Snapshot (PROJECT CRITERIA)", True),
        ("compliance_plan", "Compliance plan: DOORS Fleet Average or SOON fleet calculator (PROGRAM CRITERIA)", True),
        ("ownership_proof", "Proof of ownership for at least two years (PROJECT CRITERIA)", True),
        ("hour_meter_readings", "Most recent two years of hour-meter readings (PROJECT CRITERIA)", True),
        (
            "engine_records",
            "Existing engine records: engine label photos, manufacturer statements (PROJECT CRITERIA)",
            True,
        ),
        ("existing_engine_eo", "CARB Executive Order for the existing engine (PROJECT CRITERIA)", True),
        ("new_engine_eo", "CARB Executive Order / certification for the new engine (WHAT; PROJECT CRITERIA)", True),
        ("forklift_classification", "Forklift classification documentation (PROJECT CRITERIA)", False),
        ("dac_operation_records", "Records of operation in a DAC/low-income community (SECTION IV item 3)", False),
        ("business_information_forms", "Signed Business Information Forms (Certifications and Representations)", True),
    )
)

# --- Derived values -----------------------------------------------------------------------------------


def funding_row(project: Mapping[str, Any]) -> FundingRow:
    if project["new_engine_tier"] == Tier.ZERO_EMISSION:
        return MAXIMUM_FUNDING_TABLE["zero_emission"]
    return MAXIMUM_FUNDING_TABLE[project["project_type"]]


def project_life_years(project: Mapping[str, Any]) -> int:
    return funding_row(project).life_for(project["equipment_type"])


def horsepower_percent(project: Mapping[str, Any]) -> Decimal:
    return project["new_horsepower"] / project["baseline_horsepower"] * 100


def exceeds_135_percent(project: Mapping[str, Any]) -> bool:
    return horsepower_percent(project) > HORSEPOWER_MAX_PERCENT


def eligible_cost(project: Mapping[str, Any]) -> Decimal:
    """PROJECT CRITERIA: above 135%, funding is based on the quote for an engine within 135%."""
    return project["cost_within_135_percent"] if exceeds_135_percent(project) else project["project_cost"]


def annual_hours(project: Mapping[str, Any]) -> Decimal:
    """The contract's annual hours (PROGRAM CRITERIA), never more than the two years' hour-meter average.

    The seed asks for two years of hour-meter readings (PROJECT CRITERIA) and puts the cost-effectiveness
    hours in the contract, but does not say how they relate: the portal uses the lesser of the proposed
    hours and the average of the two recorded years, so no award rests on hours never yet achieved.
    """
    recorded = (project["hours_prior_year"] + project["hours_most_recent_year"]) / 2
    return min(project["proposed_annual_hours"], recorded)


def offroad_project(project: Mapping[str, Any]) -> offroad.OffRoadProject:
    return offroad.OffRoadProject(
        baseline_tier=Tier(project["baseline_engine_tier"]),
        baseline_horsepower=project["baseline_horsepower"],
        baseline_model_year=project["baseline_engine_model_year"],
        new_tier=Tier(project["new_engine_tier"]),
        new_horsepower=project["new_horsepower"],  # actual hp, as in the reference's worked example 3
        load_factor=offroad.LOAD_FACTORS[project["equipment_type"]].value,
        annual_hours=annual_hours(project),
        project_life_years=project_life_years(project),
        first_project_year=project["expected_operational_date"].year,
    )


def cost_effectiveness_limit_term(project: Mapping[str, Any]) -> str:
    """The round term of the $/ton NOx limit: beyond the current standard for zero-emission, to it otherwise."""
    beyond = project["new_engine_tier"] == Tier.ZERO_EMISSION
    return "limit_beyond_current_standard_per_ton" if beyond else "limit_to_current_standard_per_ton"


# --- Input checks (errors name the field) ---------------------------------------------------------------


def cross_checks(project: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if project["hour_meter_records_to"] <= project["hour_meter_records_from"]:
        errors["hour_meter_records_to"] = _("the latest hour-meter reading must be dated after the earliest one")
    if project["expected_operational_date"] <= project["ownership_start_date"]:
        errors["expected_operational_date"] = _("the new equipment must start operating after the ownership date")
    if project["baseline_engine_model_year"] > project["expected_operational_date"].year:
        errors["baseline_engine_model_year"] = _("the existing engine's model year is after the project's start year")
    if project["equipment_type"] in FORKLIFTS and "forklift_class" not in project:
        errors["forklift_class"] = _("give the forklift class (1-7) for a forklift")
    if exceeds_135_percent(project):
        within = project.get("cost_within_135_percent")
        limit = project["baseline_horsepower"] * HORSEPOWER_MAX_PERCENT / 100
        if within is None:
            errors["cost_within_135_percent"] = _(
                "the new engine is over 135% of the existing horsepower; give the quoted cost of an engine or "
                "equipment of no more than {limit:.2f} hp"
            ).format(limit=limit)
        elif within > project["project_cost"]:
            errors["cost_within_135_percent"] = _("the 135% quote cannot exceed the project cost")
    for field, tier, horsepower, year in (
        (
            "baseline_engine_tier",
            project["baseline_engine_tier"],
            project["baseline_horsepower"],
            project["baseline_engine_model_year"],
        ),
        (
            "new_engine_tier",
            project["new_engine_tier"],
            project["new_horsepower"],
            project["expected_operational_date"].year,
        ),
    ):
        try:
            offroad.emission_factors(Tier(tier), horsepower, year)
        except offroad.NoEmissionFactor as error:
            errors.setdefault(
                field, _("{problem}; check the tier on the engine's Executive Order").format(problem=error)
            )
    return errors


# --- Rules --------------------------------------------------------------------------------------------


def _date(day: dt.date) -> str:
    return date_in_words(day)


def _tier(tier: Tier) -> str:
    return _(offroad.TIER_LABELS[tier])


def baseline_is_diesel(project: Mapping[str, Any]) -> RuleResult:
    fuel = project["baseline_fuel_type"]
    return check(
        "baseline_diesel",
        fuel == "diesel",
        GENERAL,
        ok=_("The existing engine is diesel, subject to the Off-Road Regulation."),
        fail=_(
            "The existing engine runs on {fuel}; SOON funds only projects replacing or repowering a diesel engine."
        ).format(fuel=_(dict(FUEL_TYPES)[fuel]).lower()),
    )


def new_engine_tier_4_final_or_zero_emission(project: Mapping[str, Any]) -> RuleResult:
    tier = Tier(project["new_engine_tier"])
    return check(
        "new_engine_tier",
        tier in ELIGIBLE_NEW_TIERS,
        WHAT,
        ok=_("The new engine or equipment is {tier}.").format(tier=_tier(tier)),
        fail=_(
            "The new engine is {tier}; it must be Tier 4 Final or zero-emission (other technology only "
            "case by case, when the current standard is infeasible)."
        ).format(tier=_tier(tier)),
    )


def new_engine_certified(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "new_engine_certified",
        project["new_engine_carb_certified"],
        WHAT,
        ok=_("The new engine or equipment is CARB-certified for sale in California."),
        fail=_("The new engine must be CARB-certified (or the equipment CARB-approved) for sale in California."),
    )


def tier_funding_date(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> RuleResult:
    """The Tier x fleet size table (the round's dates), as of the evaluation date; Tier 3 and 4 Interim without
    restriction."""
    tier = Tier(project["baseline_engine_tier"])
    fleet = context.application["fleet_size_class"]
    words = {"tier": _tier(tier), "fleet": _(dict(FLEET_SIZES)[fleet]).lower()}
    if tier in UNRESTRICTED_TIERS:
        return check(
            "tier_funding_date",
            True,
            FUNDING_DATES,
            fail="",
            ok=_("{tier} equipment may be replaced or repowered without a date restriction.").format(**words),
        )
    if (tier, fleet) not in FUNDING_AVAILABLE_UNTIL:
        return check(
            "tier_funding_date",
            False,
            FUNDING_DATES,
            ok="",
            fail=_(
                "{tier} equipment already meets the current NOx standard; the table funds Tier 0-2 (until "
                "their dates) and Tier 3 / Tier 4 Interim equipment."
            ).format(**words),
        )
    if FUNDING_AVAILABLE_UNTIL[tier, fleet] is NOT_ALLOWED:
        return check(
            "tier_funding_date",
            False,
            FUNDING_DATES,
            ok="",
            fail=_("{tier} equipment of a {fleet} can no longer be funded.").format(**words),
        )
    name = _tier_term_name(tier, fleet)
    until = terms[name]
    return check(
        "tier_funding_date",
        context.evaluated_on <= until,
        terms.cite(name),
        ok=_("{tier} equipment of a {fleet} can be funded until {until}.").format(until=_date(until), **words),
        fail=_("{tier} equipment of a {fleet} could be funded only until {until}.").format(until=_date(until), **words),
    )


def fleet_in_compliance(context: EvaluationContext) -> RuleResult:
    return check(
        "fleet_in_compliance",
        context.application["fleet_in_compliance"],
        WHO,
        ok=_("The fleet complies with CARB's Off-Road Regulation."),
        fail=_("The fleet must demonstrate compliance with CARB's Off-Road Regulation throughout the contract."),
    )


def domiciled_in_district(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "domiciled_in_district",
        project["domiciled_in_district"],
        PROGRAM_CRITERIA,
        ok=_("The equipment is domiciled in the South Coast AQMD."),
        fail=_("The equipment must be domiciled within the South Coast AQMD."),
    )


def operates_in_district(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "district_operation",
        project["district_operation_percent"],
        DISTRICT_OPERATION_MIN_PERCENT,
        PROGRAM_CRITERIA,
        what=_("Operation within the South Coast AQMD"),
        unit="%",
    )


def not_funded_in_another_district(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "no_double_dipping",
        not project["applied_in_other_district"],
        PROGRAM_CRITERIA,
        ok=_("No other air district has been asked to fund this equipment."),
        fail=_("The same equipment may not be submitted for funding in another air district."),
    )


def forklift_is_class_7(project: Mapping[str, Any]) -> RuleResult:
    if project["equipment_type"] not in FORKLIFTS:
        return check("forklift_class_7", True, PROJECT_CRITERIA, fail="", ok=_("The equipment is not a forklift."))
    forklift_class = project["forklift_class"]
    return check(
        "forklift_class_7",
        forklift_class == FORKLIFT_CLASS,
        PROJECT_CRITERIA,
        ok=_("The forklift is Class 7, the only diesel forklift class SOON funds."),
        fail=_("The forklift is Class {number}; only Class 7 diesel forklifts are eligible.").format(
            number=forklift_class
        ),
    )


def owned_two_years(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> RuleResult:
    """Replacement projects only: the seed asks for two years' ownership "for a replacement vehicle"."""
    if funding_row(project) is MAXIMUM_FUNDING_TABLE["repower"]:
        return check(
            "ownership_two_years",
            True,
            PROJECT_CRITERIA,
            fail="",
            ok=_("Two years' ownership is asked of replacement projects; this is a repower."),
        )
    since = project["ownership_start_date"]
    due = add_months(since, OWNERSHIP_MIN_MONTHS)
    words = {"since": _date(since), "applied": _date(context.evaluated_on), "due": _date(due)}
    return check(
        "ownership_two_years",
        due <= context.evaluated_on,
        PROJECT_CRITERIA,
        ok=_("Owned since {since}: at least two years by {applied}.").format(**words),
        fail=_(
            "Owned since {since}: two years of ownership are reached only on {due}; a replacement needs "
            "at least two years."
        ).format(**words),
    )


def hour_meter_two_years(project: Mapping[str, Any]) -> RuleResult:
    start, end = project["hour_meter_records_from"], project["hour_meter_records_to"]
    words = {"start": _date(start), "end": _date(end)}
    return check(
        "hour_meter_two_years",
        add_months(start, HOUR_METER_MIN_MONTHS) <= end,
        PROJECT_CRITERIA,
        ok=_("Hour-meter readings from {start} to {end} cover at least two years.").format(**words),
        fail=_("Hour-meter readings from {start} to {end} cover less than the two years required.").format(**words),
    )


def quote_within_max_age(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> RuleResult:
    """PROGRAM CRITERIA: "All quotes must have been obtained within 90 days of application submittal"."""
    return quote_is_recent(
        project["quote_date"], context.evaluated_on, terms["quote_max_age_days"], terms.cite("quote_max_age_days")
    )


def horsepower_within_135_percent(project: Mapping[str, Any]) -> RuleResult:
    """Not a bar: above 135% the funding is based on the quote within 135%, and the applicant pays the rest."""
    percent = horsepower_percent(project)
    if not exceeds_135_percent(project):
        return check(
            "horsepower_135_percent",
            True,
            PROJECT_CRITERIA,
            fail="",
            ok=_("The new engine is {percent:.2f}% of the existing horsepower, within 135%.").format(percent=percent),
        )
    return check(
        "horsepower_135_percent",
        True,
        PROJECT_CRITERIA,
        fail="",
        ok=_(
            "The new engine is {percent:.2f}% of the existing horsepower, over 135%: funding is based on the ${quote:,} "
            "quote for an engine within 135%; the applicant pays the rest."
        ).format(percent=percent, quote=project["cost_within_135_percent"]),
    )


def reduces_nox(nox_tons: Decimal, amount: Decimal, crf: Decimal, limit: Decimal, source: Source) -> RuleResult:
    """NOx only; the award is held to the cost-effectiveness limit, so a project reducing NOx meets it."""
    if nox_tons <= 0:
        return check(
            "nox_reduction",
            False,
            source,
            ok="",
            fail=_("The project does not reduce NOx, the only pollutant SOON counts."),
        )
    per_ton = cost_effectiveness_per_ton(amount, crf, nox_tons)
    return check(
        "nox_reduction",
        True,
        source,
        fail="",
        ok=_(
            "The project reduces NOx by {tons:.4f} tons per year; at ${amount:,} that is ${per_ton:,.2f} per ton, within "
            "the ${limit:,} per ton limit."
        ).format(tons=nox_tons, amount=amount, per_ton=per_ton, limit=limit),
    )


PROJECT_RULES = (
    baseline_is_diesel,
    new_engine_tier_4_final_or_zero_emission,
    new_engine_certified,
    domiciled_in_district,
    operates_in_district,
    not_funded_in_another_district,
    forklift_is_class_7,
    hour_meter_two_years,
    horsepower_within_135_percent,
)
CONTEXT_RULES = (tier_funding_date, owned_two_years, quote_within_max_age)


def dac_share_met(dac_funds: Decimal, total_funds: Decimal) -> RuleResult:
    """Program-level (not per project): at least 50% of the CMP funds to DAC/low-income projects."""
    share = dac_funds / total_funds * 100 if total_funds else Decimal(0)
    return at_least(
        "dac_share",
        share.quantize(Decimal("0.01")),
        DAC_MIN_SHARE_PERCENT,
        SELECTION_CRITERIA,
        what=_("The share of funds awarded to projects in DAC and low-income communities"),
        unit="%",
    )


# --- Award --------------------------------------------------------------------------------------------


def award(project: Mapping[str, Any], nox_tons: Decimal, crf: Decimal, terms: Terms) -> tuple[Decimal, dict[str, Any]]:
    """The least of the funding percentage, the incremental cost less other incentives, the cost less other
    incentives, the amount the NOx cost-effectiveness limit allows (rounded down to $100) and the request.

    INCREMENTAL_COST: the grant is "no greater than a project's incremental cost", which is the table's
    percentage of the actual cost (DEFINITIONS 7), "reduced by the value of any current financial incentive".
    That more specific passage is stricter than "percentage of cost" or "cost less other incentives" alone;
    all three are listed so staff see each. It also keeps a private applicant's own share at 15% or more
    (GENERAL PROGRAM INFORMATION), since no percentage exceeds 85%.
    """
    row = funding_row(project)
    cost = eligible_cost(project)
    other = project.get("other_incentives", Decimal("0.00"))
    limit = terms[cost_effectiveness_limit_term(project)]
    at_limit = max_grant_at_limit(limit, nox_tons, crf)
    percent_of_cost = (cost * row.max_percent / 100).quantize(CENT, rounding=ROUND_DOWN)  # a cap: never round up
    limits = {
        "percent_of_cost": percent_of_cost,
        "incremental_cost_less_other_incentives": percent_of_cost - other,
        "cost_less_other_incentives": cost - other,
        "cost_effectiveness_limit_amount": offroad.round_down_to_grant_step(at_limit),
    }
    if "amount_requested" in project:
        limits["amount_requested"] = project["amount_requested"]
    binding, amount = least_of(limits)
    figures = {
        **limits,
        "binding_limit": binding,
        "eligible_cost": cost,
        "other_incentives": other,
        "funding_row": row.project,
        "max_funding_percent": row.max_percent,
        "discount_rate": DISCOUNT_RATE_2017_GUIDELINES,
        "capital_recovery_factor": crf.quantize(Decimal("0.000001")),
        "cost_effectiveness_limit_per_ton": limit,
        "cost_effectiveness_limit_amount_before_rounding": money(at_limit),
    }
    return amount, figures


def fleet_size_note(application: Mapping[str, Any]) -> list[str]:
    """A note for staff when the stated fleet size differs from the one its horsepower suggests."""
    total_hp, stated = application["fleet_total_hp"], application["fleet_size_class"]
    by_hp = next(size for size, up_to in FLEET_SIZE_BY_HORSEPOWER if up_to is None or total_hp <= up_to)
    if by_hp == stated:
        return []
    sizes = dict(FLEET_SIZES)
    return [
        _(
            "The fleet is stated as a {stated} but its {hp:,} hp suggests a {by_hp}; verify on the DOORS Fleet "
            "Compliance Snapshot (the regulation has exceptions, e.g. State and federal fleets are large)."
        ).format(stated=_(sizes[stated]).lower(), hp=total_hp, by_hp=_(sizes[by_hp]).lower())
    ]


def evaluate(project: Mapping[str, Any], context: EvaluationContext) -> Evaluation:
    equipment = offroad_project(project)
    reduction = offroad.emission_reduction(equipment)
    nox_tons = reduction.nox_tons_per_year
    crf = capital_recovery_factor(DISCOUNT_RATE_2017_GUIDELINES, equipment.project_life_years)
    terms = context.terms_or(SEED_TERMS)
    results = [rule(project) for rule in PROJECT_RULES]
    results += [rule(project, context, terms) for rule in CONTEXT_RULES]
    results.append(fleet_in_compliance(context))
    amount, figures = award(project, nox_tons, crf, terms)
    results.append(
        reduces_nox(
            nox_tons,
            amount,
            crf,
            figures["cost_effectiveness_limit_per_ton"],
            terms.cite(cost_effectiveness_limit_term(project)),
        )
    )
    evaluation = Evaluation(program=CODE, results=results, award=amount, notes=fleet_size_note(context.application))
    if not evaluation.eligible:
        evaluation.award = Decimal("0.00")
    per_ton = cost_effectiveness_per_ton(evaluation.award, crf, nox_tons) if evaluation.award > 0 else None
    evaluation.figures = {
        "nox_tons_per_year": nox_tons.quantize(Decimal("0.0001")),
        "cost_effectiveness_per_ton": money(per_ton) if per_ton is not None else None,
        "project_life_years": equipment.project_life_years,
        "ranking_figure": "cost_effectiveness_per_ton (NOx $/ton, lowest first; SECTION IV)",
        "dac_or_low_income": project["dac_or_low_income"],
        "annual_hours": annual_hours(project),
        "load_factor": offroad.LOAD_FACTORS[project["equipment_type"]].value,
        "load_factor_source": offroad.LOAD_FACTORS[project["equipment_type"]].source,
        "horsepower_percent": horsepower_percent(project).quantize(Decimal("0.01")),
        "method_edition": offroad.EDITION,
        **figures,
        **reduction.figures(),
    }
    return evaluation


_TERMS_BY_NAME = {term.name: term for term in TERMS}

SELECTION = Selection(
    order=Order.COST_EFFECTIVENESS,
    # SECTION IV item 1: "All projects must meet ... the cost-effectiveness limit of $60,000/ton ... and $120,000/ton
    # ... for project beyond current standards such as zero-emission" (also SECTION III, PROJECT COST).
    limits=(
        AwardLimit(
            PER_TON_FIGURE,
            "the announcement's NOx cost-effectiveness limit",
            {
                Tier.ZERO_EMISSION.value: _TERMS_BY_NAME["limit_beyond_current_standard_per_ton"],
                "": _TERMS_BY_NAME["limit_to_current_standard_per_ton"],
            },
            category_field="new_engine_tier",
        ),
    ),
    dac_first=True,
    dac_floor=Term(
        "dac_min_share_percent",
        "Share of the CMP funds for projects in a DAC and/or low-income community",
        Kind.PERCENT,
        DAC_MIN_SHARE_PERCENT,
        SELECTION_CRITERIA,
        unit="%",
        floor=True,
    ),
    description=(
        "Projects located or operated in a disadvantaged and/or low-income community are considered first, "
        "most cost-effective first, and at least half of the CMP funds is kept for them; all other "
        "projects are ranked by NOx cost-effectiveness, lowest dollars per ton first, until the remainder "
        "of the funds is exhausted."
    ),
    source=_src(
        'SECTION IV ("At least 50 percent of the CMP funds must be used for projects that are located and '
        "operated within a DAC and/or low-income community ... All other projects will be ranked according "
        'to NOx cost-effectiveness, with the most cost-effective projects considered first")'
    ),
    partial_funding=_src('SECTION IV ("project Applicants may be offered only partial funding")'),
    dac_field="dac_or_low_income",
    notes=(
        'SECTION IV ranks "for each funding category" but names no amount per category: the categories '
        "(replacement, repower, zero-emission) share one ranking and the fund sources staff enter.",
        "Half of each CMP fund is held for DAC and low-income projects even when they ask for less: the floor "
        "is a minimum, so what they do not take is not given to other projects.",
    ),
)

RULE_SET = RuleSet(
    code=CODE,
    title="Surplus Off-Road Opt-In for NOx (SOON)",
    project_noun="equipment unit",
    application_fields=APPLICATION_FIELDS,
    project_fields=PROJECT_FIELDS,
    attachments=ATTACHMENTS,
    deficiency_response=DEFICIENCY_RESPONSE,
    evaluate=evaluate,
    source=_src("(South Coast AQMD Program Announcement PA 2025-04)"),
    cross_checks=cross_checks,
    terms=TERMS,
    selection=SELECTION,
)
