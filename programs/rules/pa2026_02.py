"""PA2026-02 Battery Electric Freight Vehicle Deployment Incentive Program (Measure 2.1).

Source: 001_ea26778b00a7e017.txt, Attachment B of the board letter, "Program Announcement
#PA2026-02". Section references below are that announcement's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.places import COUNTY_CHOICES

from . import invest_clean
from .applicant import APPLICANT_FIELDS
from .base import AttachmentSlot, Evaluation, EvaluationContext, RuleResult, RuleSet, Source, check
from .common import at_least, month_or_day
from .fields import Field, Kind
from .i18n import date_in_words
from .i18n import gettext as _
from .selection import AWARD, AwardLimit
from .terms import Term, Terms

CODE = "PA2026-02"
SEED = invest_clean.SEED


def _src(section: str) -> Source:
    return Source(SEED, f"PA2026-02 {section}")


WHAT = _src('"WHAT"')
EXISTING = _src('Section 1.1 "Eligible Existing Vehicle"')
REPLACEMENT = _src('Section 1.1 "Eligible Replacement Vehicle"')
AGREEMENT = _src('Section 4 "AGREEMENT"')

CLASS_8_MIN_GVWR_LB = 33_001  # "Class 8 (GVWR 33,001 pounds or higher)", WHAT
MIN_MILES_PRIOR_12_MONTHS = 7_000  # "minimum of 7,000 miles during the 12 months prior", 1.1
MIN_MSA_OPERATION_PERCENT = Decimal(75)  # "at least 75% within either one or both MSAs", 1.1
DEPLOYMENT_DEADLINE = dt.date(2028, 2, 29)  # "deployed no later than February 2028", 1.1
MIN_WARRANTY_YEARS = Decimal(3)  # "at least a three-year manufacturer's warranty", Section 4
AWARD_CAP = Decimal("400000.00")  # "a rebate amount up to $400,000", Section 1.2
OPERATING_YEARS = 5  # "for a minimum of 5 years after vehicle deployment", 1.1

DEFICIENCY_RESPONSE = invest_clean.deficiency_response_term(_src("Table 1 step 2 and Section 3 (14 calendar days)"))
SURRENDER_TO_DISMANTLER = Term(
    "surrender_to_dismantler_days",
    "Surrender the existing vehicle to an authorized dismantler after delivery",
    Kind.INTEGER,
    90,
    _src("Table 1 step 4b"),
    unit="calendar days",
)
OPERATING_PERIOD = Term(
    "operating_period_years",
    "Operating period of the new vehicle after deployment",
    Kind.INTEGER,
    OPERATING_YEARS,
    _src("Section 1.1 and 4.3"),
    unit="years",
)

TERMS = (
    Term(
        "deployment_deadline",
        "Replacement vehicle deployed no later than",
        Kind.DATE,
        DEPLOYMENT_DEADLINE,
        _src('Section 1.1 "Eligible Replacement Vehicle" ("deployed no later than February 2028")'),
        help="The seed names a month; its last day is the deadline.",
    ),
    Term("award_cap", "Rebate cap per truck", Kind.MONEY, AWARD_CAP, _src('Section 1.2 "ELIGIBLE FUNDING AMOUNT"')),
    invest_clean.QUOTE_MAX_AGE,
    DEFICIENCY_RESPONSE,
    SURRENDER_TO_DISMANTLER,
    OPERATING_PERIOD,
)
"""What a re-issued PA2026-02 may change; each default is the seed's value (``programs.rules.terms``)."""
SEED_TERMS = Terms(TERMS)

FUEL_CHOICES = (
    ("diesel", "Diesel"),
    ("gasoline", "Gasoline"),
    ("natural_gas", "Natural gas"),
    ("other", "Other"),
)
POWERTRAIN_CHOICES = (
    ("battery_electric", "Battery-electric"),
    ("hydrogen_fuel_cell", "Hydrogen fuel cell"),
    ("diesel", "Diesel"),
    ("natural_gas", "Natural gas"),
    ("hybrid", "Hybrid"),
    ("other", "Other"),
)
BUILD_CHOICES = (
    ("new_oem", "New vehicle built by the manufacturer"),
    ("retrofit", "Retrofit"),
    ("repower", "Repower"),
    ("conversion", "Conversion"),
)

_EV = "Existing vehicle"
_EE = "Existing engine"
_OP = "Operation"
_RV = "Replacement vehicle"
_COST = "Project cost and vendor"

PROJECT_FIELDS = (
    Field("existing_vin", "VIN", group=_EV, check="vin"),
    Field("existing_make", "Vehicle make", group=_EV),
    Field("existing_model", "Vehicle model", group=_EV),
    Field("existing_model_year", "Vehicle model year", Kind.INTEGER, group=_EV, min_value=Decimal(1950)),
    Field("existing_gvwr_lb", "GVWR", Kind.INTEGER, group=_EV, unit="lb"),
    Field("existing_license_plate", "License plate", group=_EV),
    Field("existing_chp_ca_number", "CHP CA number", group=_EV),
    Field("existing_yard_address", "Primary yard address", group=_EV),
    Field("existing_yard_county", "Primary yard county", Kind.CHOICE, group=_EV, choices=COUNTY_CHOICES),
    Field("existing_vocation", "Vocation of the vehicle", group=_EV),
    Field("goods_movement", "Used for goods movement", Kind.BOOLEAN, group=_EV),
    Field("existing_fuel_type", "Engine fuel type", Kind.CHOICE, group=_EE, choices=FUEL_CHOICES),
    Field("existing_engine_make", "Engine make", group=_EE),
    Field("existing_engine_model", "Engine model", group=_EE),
    Field("existing_engine_model_year", "Engine model year", Kind.INTEGER, group=_EE, min_value=Decimal(1950)),
    Field("existing_engine_serial_number", "Engine serial number", group=_EE),
    Field("existing_engine_family", "Engine family number", group=_EE),
    Field("existing_engine_executive_order", "ARB certification Executive Order number", group=_EE),
    Field("miles_prior_12_months", "Total mileage in the prior 12 months", Kind.INTEGER, group=_OP, unit="miles"),
    Field(
        "msa_operation_percent",
        "Operation within the two MSAs in the prior 12 months",
        Kind.PERCENT,
        group=_OP,
        unit="%",
    ),
    Field(
        "projected_msa_operation_percent",
        "Projected future operation within the two MSAs",
        Kind.PERCENT,
        group=_OP,
        unit="%",
    ),
    Field("projected_annual_miles", "Projected future annual mileage", Kind.INTEGER, group=_OP, unit="miles"),
    Field("current_odometer", "Current odometer reading", Kind.INTEGER, group=_OP, unit="miles"),
    Field("replacement_make", "Replacement vehicle make", group=_RV),
    Field("replacement_model", "Replacement vehicle model", group=_RV),
    Field("replacement_model_year", "Replacement vehicle model year", Kind.INTEGER, group=_RV, min_value=Decimal(2020)),
    Field("replacement_gvwr_lb", "Replacement vehicle GVWR", Kind.INTEGER, group=_RV, unit="lb"),
    Field("replacement_yard_address", "Replacement vehicle primary yard address", group=_RV),
    Field("replacement_powertrain", "Replacement powertrain", Kind.CHOICE, group=_RV, choices=POWERTRAIN_CHOICES),
    Field("replacement_build", "How the replacement vehicle is built", Kind.CHOICE, group=_RV, choices=BUILD_CHOICES),
    Field("replacement_is_new", "Replacement vehicle is brand new", Kind.BOOLEAN, group=_RV),
    Field("replacement_motor_make", "Replacement engine/motor make", group=_RV, required=False),
    Field("replacement_motor_model", "Replacement engine/motor model", group=_RV, required=False),
    Field("replacement_executive_order", "Replacement ARB Executive Order number", group=_RV, required=False),
    Field("replacement_odometer", "Odometer reading of replacement vehicle", Kind.INTEGER, group=_RV, unit="miles"),
    Field("expected_deployment_date", "Expected deployment date", Kind.DATE, group=_RV),
    Field("warranty_years", "Manufacturer's warranty", Kind.DECIMAL, group=_RV, unit="years"),
    Field(
        "replacement_cost",
        "Replacement vehicle cost (including tax, FET and delivery)",
        Kind.MONEY,
        group=_COST,
        unit="USD",
    ),
    Field("amount_requested", "Amount requested from South Coast AQMD", Kind.MONEY, group=_COST, unit="USD"),
    Field("other_incentives", "Funding from other sources", Kind.MONEY, group=_COST, unit="USD", required=False),
    Field("other_funding_entity", "Name of other funding entity", group=_COST, required=False),
    Field("vendor_name", "Vendor name", group=_COST),
    Field("vendor_contact_name", "Vendor contact name", group=_COST),
    Field("vendor_phone", "Vendor phone number", group=_COST, check="phone"),
    Field("vendor_address", "Vendor address", group=_COST),
    Field("quote_date", "Vendor quote date", Kind.DATE, group=_COST),
)

_FLEET = "Fleet information"
APPLICATION_FIELDS = APPLICANT_FIELDS + (
    Field("fleet_size", "Current fleet size", Kind.INTEGER, group=_FLEET, unit="vehicles", min_value=Decimal(1)),
    Field("trucrs_registered", "Registered in TRUCRS", Kind.BOOLEAN, group=_FLEET),
    Field("trucrs_id", "TRUCRS ID (NA if not applicable)", group=_FLEET),
    Field(
        "other_application_numbers",
        "Other applications in this solicitation (CHE, infrastructure)",
        group=_FLEET,
        required=False,
    ),
)

ATTACHMENTS = (
    (AttachmentSlot("fleet_compliance", "Compliance documentation for entire fleet for all applicable regulations"),)
    + tuple(
        AttachmentSlot(key, label, per_project=True)  # each truck's own documents
        for key, label in (
            ("vehicle_title", "Vehicle title for vehicle to be scrapped"),
            ("vin_photo", "Photo of VIN label"),
            ("gvwr_photo", "Photo of GVWR label"),
            ("emission_label_photo", "Photo of engine emission control label"),
            ("engine_tag_photo", "Photo of engine info/serial number tag"),
            ("existing_engine_eo", "ARB certification Executive Order for existing engine"),
            ("odometer_photo", "Photo of current odometer reading"),
            ("insurance_12_months", "Insurance for the past 12 months"),
            ("registration_12_months", "Registration for the past 12 months"),
            ("operational_records", "Odometer/operational/GPS records for past 12 months"),
            ("vehicle_quote", "New vehicle quote"),
            ("replacement_engine_eo", "ARB certification Executive Order for replacement engine"),
        )
    )
    + invest_clean.BUSINESS_FORMS
)


def existing_vehicle_is_diesel(project: Mapping[str, Any]) -> RuleResult:
    fuel = project["existing_fuel_type"]
    return check(
        "existing_vehicle_diesel",
        fuel == "diesel",
        EXISTING,
        ok=_("The existing vehicle is diesel-powered."),
        fail=_("The existing vehicle runs on {fuel}; it must be diesel-powered.").format(
            fuel=_(dict(FUEL_CHOICES)[fuel]).lower()
        ),
    )


def existing_vehicle_is_class_8(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "existing_vehicle_class_8",
        project["existing_gvwr_lb"],
        CLASS_8_MIN_GVWR_LB,
        WHAT,
        what=_("The existing vehicle's GVWR"),
        unit="lb",
    )


def existing_vehicle_domiciled_in_msas(project: Mapping[str, Any]) -> RuleResult:
    return invest_clean.in_msas(
        "existing_vehicle_domiciled",
        project["existing_yard_county"],
        EXISTING,
        what=_("The existing vehicle's primary yard"),
    )


def existing_vehicle_mileage(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "existing_vehicle_mileage",
        project["miles_prior_12_months"],
        MIN_MILES_PRIOR_12_MONTHS,
        EXISTING,
        what=_("Mileage in the 12 months before application"),
        unit="miles",
    )


def existing_vehicle_msa_operation(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "existing_vehicle_msa_operation",
        project["msa_operation_percent"],
        MIN_MSA_OPERATION_PERCENT,
        EXISTING,
        what=_("Operation within the two MSAs in the prior 12 months"),
        unit="%",
    )


def used_for_goods_movement(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "goods_movement",
        project["goods_movement"],
        WHAT,
        ok=_("The truck is used for goods movement."),
        fail=_("Only Class 8 goods movement trucks are eligible; this truck is not used for goods movement."),
    )


def replacement_is_new(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "replacement_new",
        project["replacement_is_new"],
        REPLACEMENT,
        ok=_("The replacement vehicle is brand new."),
        fail=_("The replacement vehicle must be brand new."),
    )


def replacement_is_battery_electric(project: Mapping[str, Any]) -> RuleResult:
    powertrain = project["replacement_powertrain"]
    return check(
        "replacement_battery_electric",
        powertrain == "battery_electric",
        REPLACEMENT,
        ok=_("The replacement vehicle is battery-electric."),
        fail=_(
            "The replacement vehicle is {powertrain}; it must be battery-electric, not powered by hydrogen "
            "or any fossil fuel."
        ).format(powertrain=_(dict(POWERTRAIN_CHOICES)[powertrain]).lower()),
    )


def replacement_is_not_converted(project: Mapping[str, Any]) -> RuleResult:
    build = project["replacement_build"]
    return check(
        "replacement_not_converted",
        build == "new_oem",
        REPLACEMENT,
        ok=_("The replacement vehicle is not a retrofit, repower, or conversion."),
        fail=_("The replacement vehicle is a {build}; retrofits, repowers and conversions are not eligible.").format(
            build=_(dict(BUILD_CHOICES)[build]).lower()
        ),
    )


def replacement_is_class_8(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "replacement_class_8",
        project["replacement_gvwr_lb"],
        CLASS_8_MIN_GVWR_LB,
        WHAT,
        what=_("The replacement vehicle's GVWR"),
        unit="lb",
    )


def deployed_by_deadline(project: Mapping[str, Any], terms: Terms) -> RuleResult:
    """The round's deployment deadline (the seed's "no later than February 2028")."""
    planned, deadline = project["expected_deployment_date"], terms["deployment_deadline"]
    words = {"planned": date_in_words(planned), "by": month_or_day(deadline)}
    return check(
        "deployment_deadline",
        planned <= deadline,
        terms.cite("deployment_deadline", REPLACEMENT),
        ok=_("Deployment is planned for {planned}, no later than {by}.").format(**words),
        fail=_("Deployment is planned for {planned}; it must be no later than {by}.").format(**words),
    )


def future_msa_operation(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "future_msa_operation",
        project["projected_msa_operation_percent"],
        MIN_MSA_OPERATION_PERCENT,
        REPLACEMENT,
        what=_("Projected operation within the two MSAs for {years} years").format(years=OPERATING_YEARS),
        unit="%",
    )


def future_annual_mileage(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "future_annual_mileage",
        project["projected_annual_miles"],
        MIN_MILES_PRIOR_12_MONTHS,
        AGREEMENT,
        what=_("Projected annual mileage of the new truck"),
        unit="miles",
    )


def warranty_at_least_3_years(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "warranty",
        project["warranty_years"],
        MIN_WARRANTY_YEARS,
        AGREEMENT,
        what=_("The manufacturer's warranty"),
        unit="years",
    )


def quote_is_recent(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> RuleResult:
    """PA2026-02 names no quote age itself; INVEST CLEAN's 90-day rule (PA2026-01 Section 2) applies."""
    return invest_clean.quote_within_max_age(project["quote_date"], context.evaluated_on, terms)


PROJECT_RULES = (
    existing_vehicle_is_diesel,
    existing_vehicle_is_class_8,
    existing_vehicle_domiciled_in_msas,
    existing_vehicle_mileage,
    existing_vehicle_msa_operation,
    used_for_goods_movement,
    replacement_is_new,
    replacement_is_battery_electric,
    replacement_is_not_converted,
    replacement_is_class_8,
)
COMMITMENT_RULES = (future_msa_operation, future_annual_mileage, warranty_at_least_3_years)
"""What the awardee commits to after deployment (Section 1.1 and Section 4), checked after the deadline."""


def evaluate(project: Mapping[str, Any], context: EvaluationContext) -> Evaluation:
    terms = context.terms_or(SEED_TERMS)
    results = [
        *(rule(project) for rule in PROJECT_RULES),
        deployed_by_deadline(project, terms),
        *(rule(project) for rule in COMMITMENT_RULES),
        quote_is_recent(project, context, terms),
    ]
    award, figures = invest_clean.rebate(
        award_cap=terms["award_cap"],
        eligible_cost=project["replacement_cost"],
        other_incentives=project.get("other_incentives", Decimal("0.00")),
        amount_requested=project["amount_requested"],
    )
    evaluation = Evaluation(program=CODE, results=results, award=award, figures=figures)
    if not evaluation.eligible:
        evaluation.award = Decimal("0.00")
    return evaluation


SELECTION = invest_clean.first_come_first_served(
    source=_src(
        'Table 1 step 2 ("approved for funding ... with priority determined by the application submittal '
        'date"); Section 3 ("funding is balanced across the two Metropolitan Statistical Areas ... Some funds '
        'may be reserved initially to ensure the funds are available to both MSAs")'
    ),
    partial_funding=_src(
        'Section 3 ("applicants may be offered partial funding and not all eligible applications may be funded")'
    ),
    county_field="existing_yard_county",
    # Section 1.2 "ELIGIBLE FUNDING AMOUNT": "a rebate amount up to $400,000".
    limits=(AwardLimit(AWARD, "the announcement's rebate cap", {"": next(t for t in TERMS if t.name == "award_cap")}),),
)

RULE_SET = RuleSet(
    code=CODE,
    title="Battery Electric Freight Vehicle Deployment Incentive Program (Measure 2.1)",
    project_noun="vehicle",
    application_fields=APPLICATION_FIELDS,
    project_fields=PROJECT_FIELDS,
    attachments=ATTACHMENTS,
    deficiency_response=DEFICIENCY_RESPONSE.period,
    evaluate=evaluate,
    source=_src("(Attachment B of the board letter)"),
    deadlines_after_delivery=(
        ("Surrender the existing vehicle to an authorized dismantler", SURRENDER_TO_DISMANTLER.period),
        ("End of the 5-year operating period", OPERATING_PERIOD.period),
    ),
    terms=TERMS,
    selection=SELECTION,
)
