"""PA2026-01 Battery Electric Cargo Handling Equipment (CHE) Program (Measure 3).

Source: 001_ea26778b00a7e017.txt, Attachment A of the board letter, "Program Announcement
#PA2026-01". Section references below are that announcement's. One project is one piece of
equipment: one diesel yard truck or top handler scrapped and replaced by a battery-electric one.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.deadlines import add_months
from core.places import COUNTY_CHOICES

from . import invest_clean
from .applicant import APPLICANT_FIELDS
from .base import AttachmentSlot, Evaluation, EvaluationContext, RuleResult, RuleSet, Source, check
from .common import at_least
from .fields import Field, Kind
from .i18n import date_in_words
from .i18n import gettext as _
from .selection import AWARD, AwardLimit
from .terms import Term, Terms

CODE = "PA2026-01"
SEED = invest_clean.SEED


def _src(section: str) -> Source:
    return Source(SEED, f"PA2026-01 {section}")


FUNDING = _src('Section 2.1 "Available Funding", Table 1')
WHO = _src('Section 2.3 "WHO"')
WHAT_EQUIPMENT = _src('Section 2.3 "WHAT EQUIPMENT"')
DEPLOYMENT = _src('Section 2.3 "Deployment of New BE CHE"')
DESTRUCTION = _src('Section 2.3 "Required Destruction of Old Equipment (Scrapping)"')
SUBMISSION = _src('Section 4.1 "Application Submission Requirements"')
WARRANTY = _src('Table 1 step 1 and Section 4.1 ("minimum 3-year warranty")')

AWARD_CAPS = {
    "yard_truck": Decimal("300000.00"),  # "Yard Truck Up to $300,000", Section 2.1 Table 1
    "top_handler": Decimal("400000.00"),  # "Top Handler Up to $400,000", Section 2.1 Table 1
}
"""The rebate cap per piece of eligible equipment; only these two types are eligible (Section 2.3)."""
CAP_TERMS = tuple(
    Term(f"{kind}_award_cap", f"Rebate cap per {kind.replace('_', ' ')}", Kind.MONEY, cap, FUNDING)
    for kind, cap in AWARD_CAPS.items()
)

MIN_OWNERSHIP_MONTHS = 12  # "owned each old/baseline equipment unit for at least one year", Section 4.1
MSA_OPERATION_PERCENT = Decimal(100)  # "operate 100% of the time within one of the two MSA regions", 2.3 WHO
MIN_WARRANTY_YEARS = Decimal(3)  # "Quotes for new equipment must include a minimum 3-year warranty", Table 1
MIN_USAGE_RECORD_MONTHS = 12  # "historical usage records of the existing/baseline equipment for the past 12 months"
PROJECT_TERM_YEARS = 5  # "a five (5) year project term for each new BE CHE", 2.3; Section 6.1
DEFICIENCY_RESPONSE = invest_clean.deficiency_response_term(
    # "South Coast AQMD staff will allow the applicant 14 days" (Table 1 step 2) does not say business days; read as
    # calendar days, as PA2026-02 (Table 1 step 2, Section 3) and PA2026-03 (Table 2 step 2) state it.
    _src('Table 1 step 2 ("14 days", calendar days as in PA2026-02 and PA2026-03)')
)

EQUIPMENT_CHOICES = (
    ("yard_truck", "Yard truck"),
    ("top_handler", "Top handler"),
    ("side_handler", "Side handler"),
    ("forklift", "Forklift"),
    ("rubber_tired_gantry_crane", "Rubber-tired gantry crane"),
    ("other", "Other cargo handling equipment"),
)
FUEL_CHOICES = (
    ("diesel", "Diesel"),
    ("gasoline", "Gasoline"),
    ("propane", "Propane (LPG)"),
    ("natural_gas", "Natural gas"),
    ("electric", "Electric"),
    ("other", "Other"),
)
POWERTRAIN_CHOICES = (
    ("battery_electric", "Battery-electric"),
    ("hydrogen_fuel_cell", "Hydrogen fuel cell"),
    ("hybrid", "Hybrid"),
    ("diesel", "Diesel"),
    ("other", "Other"),
)

_EQ = "Existing equipment"
_EN = "Existing engine"
_OP = "Operation"
_RE = "Replacement equipment"
_COST = "Project cost and vendor"

PROJECT_FIELDS = (
    Field("existing_equipment_type", "Equipment type", Kind.CHOICE, group=_EQ, choices=EQUIPMENT_CHOICES),
    Field("existing_make", "Equipment make", group=_EQ),
    Field("existing_model", "Equipment model", group=_EQ),
    Field(
        "existing_model_year",
        "Equipment model year",
        Kind.INTEGER,
        group=_EQ,
        min_value=Decimal(1950),
        max_value=Decimal(2100),
    ),
    Field("existing_serial_number", "Equipment serial number", group=_EQ),
    Field(
        "existing_owned_since",
        "Owned by the applicant since",
        Kind.DATE,
        group=_EQ,
        help="Proof of ownership for at least one year is a required attachment.",
    ),
    Field("existing_yard_address", "Primary yard address", group=_EQ),
    Field("existing_yard_county", "Primary yard county", Kind.CHOICE, group=_EQ, choices=COUNTY_CHOICES),
    Field("doors_ein", "DOORS EIN (if registered in DOORS)", group=_EQ, required=False),
    Field("existing_fuel_type", "Engine fuel type", Kind.CHOICE, group=_EN, choices=FUEL_CHOICES),
    Field("existing_engine_make", "Engine make", group=_EN),
    Field("existing_engine_model", "Engine model", group=_EN),
    Field(
        "existing_engine_model_year",
        "Engine model year",
        Kind.INTEGER,
        group=_EN,
        min_value=Decimal(1950),
        max_value=Decimal(2100),
    ),
    Field("existing_engine_serial_number", "Engine serial number", group=_EN),
    Field("existing_engine_family", "Engine family number", group=_EN),
    Field("existing_engine_executive_order", "ARB certification engine Executive Order number", group=_EN),
    Field("existing_engine_horsepower", "Engine horsepower", Kind.INTEGER, group=_EN, unit="hp", min_value=Decimal(1)),
    Field("existing_engine_tier", "Engine tier certification (from the Executive Order)", group=_EN),
    Field("msa_operation_percent", "Percent operation in the two MSAs", Kind.PERCENT, group=_OP, unit="%"),
    Field(
        "projected_msa_operation_percent",
        "Projected future percent operation in the two MSAs",
        Kind.PERCENT,
        group=_OP,
        unit="%",
    ),
    Field(
        "projected_annual_hours",
        "Projected future annual usage",
        Kind.INTEGER,
        group=_OP,
        unit="hours",
        max_value=Decimal(8784),
    ),
    Field("current_hour_meter", "Current hour meter reading", Kind.DECIMAL, group=_OP, unit="hours"),
    Field(
        "usage_records_months",
        "Months of usage records provided for the existing equipment",
        Kind.INTEGER,
        group=_OP,
        unit="months",
    ),
    Field(
        "replacement_equipment_type", "Replacement equipment type", Kind.CHOICE, group=_RE, choices=EQUIPMENT_CHOICES
    ),
    Field("replacement_make", "Replacement equipment make", group=_RE),
    Field("replacement_model", "Replacement equipment model", group=_RE),
    Field(
        "replacement_model_year",
        "Replacement equipment model year",
        Kind.INTEGER,
        group=_RE,
        min_value=Decimal(2020),
        max_value=Decimal(2100),
    ),
    Field("replacement_powertrain", "Replacement powertrain", Kind.CHOICE, group=_RE, choices=POWERTRAIN_CHOICES),
    Field("replacement_is_new", "Replacement equipment is new", Kind.BOOLEAN, group=_RE),
    Field(
        "replacement_carb_certified",
        "Certified or verified by CARB for sale in California as zero emission",
        Kind.BOOLEAN,
        group=_RE,
    ),
    Field("replacement_battery_kwh", "Battery capacity", Kind.DECIMAL, group=_RE, unit="kWh", required=False),
    Field("warranty_years", "Warranty in the vendor quote", Kind.DECIMAL, group=_RE, unit="years"),
    Field(
        "replacement_cost", "Replacement equipment cost (including tax and fees)", Kind.MONEY, group=_COST, unit="USD"
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

APPLICATION_FIELDS = APPLICANT_FIELDS
"""Attachment A "APPLICANT INFORMATION"; its "APPLICATION FUNDING SUMMARY" is the sum of the projects."""

ATTACHMENTS = (
    (
        AttachmentSlot(
            "fleet_compliance",
            "Compliance documentation for entire fleet for all applicable regulations "
            "(CHE, WAIRE, Off-Road Diesel Regulation)",
        ),
    )
    + tuple(
        AttachmentSlot(key, label, required, per_project=True)  # each piece of equipment's own documents
        for key, label, required in (
            ("proof_of_ownership", "Proof of Ownership", True),
            ("serial_number_photo", "Photo of existing equipment serial number", True),
            ("emission_label_photo", "Photo of existing engine emission control label", True),
            ("engine_tag_photo", "Photo of existing engine info/serial number tag", True),
            (
                "existing_engine_eo",
                "ARB Certification Engine Executive Order for scrapped engine (if applicable)",
                False,
            ),
            ("hour_meter_photo", "Photo of current hour meter reading", True),
            ("operational_records", "Equipment operational records for past 12 months", True),
            ("equipment_quote", "New equipment quote with 3-year warranty (dated within 90 days)", True),
            (
                "replacement_certification",
                "ARB Certification Executive Order / approval letter for replacement equipment",
                True,
            ),
        )
    )
    + invest_clean.BUSINESS_FORMS
)
"""Attachment A "REQUIRED ATTACHMENTS"."""


def _label(choices: tuple[tuple[str, str], ...], key: str) -> str:
    """A choice's label in the reader's language, e.g. "yard truck"."""
    return _(dict(choices)[key]).lower()


def equipment_type_is_eligible(project: Mapping[str, Any]) -> RuleResult:
    kind = project["replacement_equipment_type"]
    return check(
        "equipment_type",
        kind in AWARD_CAPS,
        WHAT_EQUIPMENT,
        ok=_("The replacement equipment type ({kind}) is eligible.").format(kind=_label(EQUIPMENT_CHOICES, kind)),
        fail=_(
            "The replacement equipment type ({kind}) is not eligible; this program funds yard trucks and "
            "top handlers only."
        ).format(kind=_label(EQUIPMENT_CHOICES, kind)),
    )


def baseline_is_equivalent(project: Mapping[str, Any]) -> RuleResult:
    """ "The equivalent baseline equipment (top handler or yard truck) that will be removed ..." (2.3)."""
    old, new = project["existing_equipment_type"], project["replacement_equipment_type"]
    return check(
        "baseline_equivalent",
        old == new,
        WHAT_EQUIPMENT,
        ok=_("The equipment to be scrapped is the same type ({kind}).").format(kind=_label(EQUIPMENT_CHOICES, old)),
        fail=_(
            "The equipment to be scrapped ({old}) is not the same type as the replacement ({new}); the "
            "scrapped equipment must be the equivalent type."
        ).format(old=_label(EQUIPMENT_CHOICES, old), new=_label(EQUIPMENT_CHOICES, new)),
    )


def existing_equipment_is_diesel(project: Mapping[str, Any]) -> RuleResult:
    fuel = project["existing_fuel_type"]
    return check(
        "existing_equipment_diesel",
        fuel == "diesel",
        WHAT_EQUIPMENT,
        ok=_("The equipment to be scrapped is diesel-fueled."),
        fail=_("The equipment to be scrapped runs on {fuel}; it must be diesel-fueled.").format(
            fuel=_label(FUEL_CHOICES, fuel)
        ),
    )


def owned_at_least_one_year(project: Mapping[str, Any], context: EvaluationContext) -> RuleResult:
    """One calendar year of ownership by the application date: 365 days, or 366 across February 29 (4.1)."""
    since, applied = project["existing_owned_since"], context.evaluated_on
    anniversary = add_months(since, MIN_OWNERSHIP_MONTHS)
    days = (applied - since).days
    words = {"since": date_in_words(since), "days": days, "anniversary": date_in_words(anniversary)}
    return check(
        "owned_one_year",
        anniversary <= applied,
        SUBMISSION,
        ok=_("The equipment has been owned since {since} ({days} days at application), at least one year.").format(
            **words
        ),
        fail=_(
            "The equipment has been owned since {since}, {days} days at application; it must have been "
            "owned for at least one year, which it reaches on {anniversary}."
        ).format(**words),
    )


def existing_equipment_domiciled_in_msas(project: Mapping[str, Any]) -> RuleResult:
    return invest_clean.in_msas(
        "existing_equipment_domiciled",
        project["existing_yard_county"],
        WHO,
        what=_("The existing equipment's primary yard"),
    )


def existing_equipment_msa_operation(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "existing_equipment_msa_operation",
        project["msa_operation_percent"],
        MSA_OPERATION_PERCENT,
        WHO,
        what=_("Operation of the existing equipment within the two MSAs"),
        unit="%",
    )


def future_msa_operation(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "future_msa_operation",
        project["projected_msa_operation_percent"],
        MSA_OPERATION_PERCENT,
        DEPLOYMENT,
        unit="%",
        what=_("Projected operation within the two MSAs for the {years}-year term").format(years=PROJECT_TERM_YEARS),
    )


def usage_records_for_12_months(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "usage_records",
        project["usage_records_months"],
        MIN_USAGE_RECORD_MONTHS,
        SUBMISSION,
        what=_("The period covered by usage records of the existing equipment"),
        unit="months",
    )


def replacement_is_battery_electric(project: Mapping[str, Any]) -> RuleResult:
    powertrain = project["replacement_powertrain"]
    return check(
        "replacement_battery_electric",
        powertrain == "battery_electric",
        WHAT_EQUIPMENT,
        ok=_("The replacement equipment is battery-electric."),
        fail=_(
            "The replacement equipment is {powertrain}; this program replaces diesel equipment with "
            "battery-electric equipment only."
        ).format(powertrain=_label(POWERTRAIN_CHOICES, powertrain)),
    )


def replacement_is_new(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "replacement_new",
        project["replacement_is_new"],
        DEPLOYMENT,
        ok=_("The replacement equipment is new."),
        fail=_("The replacement equipment must be new."),
    )


def replacement_is_certified(project: Mapping[str, Any]) -> RuleResult:
    """ "New battery-electric equipment must be certified/verified for sale in California" (4.1)."""
    return check(
        "replacement_certified",
        project["replacement_carb_certified"],
        SUBMISSION,
        ok=_("The replacement equipment is certified or verified by CARB for sale in California."),
        fail=_("The replacement equipment must be certified or verified by CARB for sale in California."),
    )


def warranty_at_least_3_years(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "warranty",
        project["warranty_years"],
        MIN_WARRANTY_YEARS,
        WARRANTY,
        what=_("The warranty in the vendor quote"),
        unit="years",
    )


PROJECT_RULES = (
    equipment_type_is_eligible,
    baseline_is_equivalent,
    existing_equipment_is_diesel,
    existing_equipment_domiciled_in_msas,
    existing_equipment_msa_operation,
    usage_records_for_12_months,
    replacement_is_battery_electric,
    replacement_is_new,
    replacement_is_certified,
    future_msa_operation,
    warranty_at_least_3_years,
)

DESTROY_OLD_EQUIPMENT_TERM = Term(
    "destroy_old_equipment_days",
    "Destroy the old equipment and engine after the new equipment is delivered",
    Kind.INTEGER,
    60,
    _src(
        'Section 2.3 "Destruction must occur within 60 days after the new equipment is received '
        'and placed into service" and Table 1 step 4B'
    ),
    unit="calendar days",
)
CERTIFICATE_OF_DESTRUCTION_TERM = Term(
    "certificate_of_destruction_days",
    "Certificate of Destruction to South Coast AQMD after the destruction",
    Kind.INTEGER,
    60,
    _src(
        'Table 1 step 4B (Certificate of Destruction "within 60 days of destruction"; Section 2.3 '
        'says "Documentation of the destruction ... within 90 days of destruction": step 4B names '
        "the document and is the stricter, so it is followed)"
    ),
    unit="calendar days",
)
PROJECT_TERM = Term(
    "project_term_years",
    "Project term of the new equipment after delivery",
    Kind.INTEGER,
    PROJECT_TERM_YEARS,
    _src('Section 2.3 "Deployment of New BE CHE" and Section 6.1'),
    unit="years",
)
DESTROY_OLD_EQUIPMENT = DESTROY_OLD_EQUIPMENT_TERM.period
CERTIFICATE_OF_DESTRUCTION = CERTIFICATE_OF_DESTRUCTION_TERM.period
"""Counted from the destruction, not the delivery; reported in the figures."""


TERMS = (
    *CAP_TERMS,
    invest_clean.QUOTE_MAX_AGE,
    DEFICIENCY_RESPONSE,
    DESTROY_OLD_EQUIPMENT_TERM,
    CERTIFICATE_OF_DESTRUCTION_TERM,
    PROJECT_TERM,
)
"""What a re-issued PA2026-01 may change; each default is the seed's value (``programs.rules.terms``)."""
SEED_TERMS = Terms(TERMS)


def evaluate(project: Mapping[str, Any], context: EvaluationContext) -> Evaluation:
    terms = context.terms_or(SEED_TERMS)
    results = [rule(project) for rule in PROJECT_RULES]
    results.append(owned_at_least_one_year(project, context))
    results.append(invest_clean.quote_within_max_age(project["quote_date"], context.evaluated_on, terms))
    equipment = project["replacement_equipment_type"]
    award, figures = invest_clean.rebate(
        award_cap=terms[f"{equipment}_award_cap"] if equipment in AWARD_CAPS else Decimal("0.00"),
        eligible_cost=project["replacement_cost"],
        other_incentives=project.get("other_incentives", Decimal("0.00")),
        amount_requested=project["amount_requested"],
    )
    figures = {
        "equipment_type": equipment,
        **figures,
        "days_owned_at_application": (context.evaluated_on - project["existing_owned_since"]).days,
        "quote_age_days": (context.evaluated_on - project["quote_date"]).days,
        "destroy_old_equipment_within": f"{terms.resolve(DESTROY_OLD_EQUIPMENT).describe()} after delivery",
        "certificate_of_destruction_within": f"{terms.resolve(CERTIFICATE_OF_DESTRUCTION).describe()} after destruction",
    }
    evaluation = Evaluation(program=CODE, results=results, award=award, figures=figures)
    if not evaluation.eligible:
        evaluation.award = Decimal("0.00")
    return evaluation


def cross_checks(project: Mapping[str, Any]) -> dict[str, str]:
    """Dates out of order: equipment cannot be owned before it was built (a model year is sold from the year before)."""
    errors = {}
    first_year = project["existing_model_year"] - 1
    if project["existing_owned_since"].year < first_year:
        errors["existing_owned_since"] = _(
            "Owned by the applicant since {since} is before the equipment could have been sold (model year {year}); "
            "check both dates."
        ).format(since=date_in_words(project["existing_owned_since"]), year=project["existing_model_year"])
    return errors


SELECTION = invest_clean.first_come_first_served(
    source=_src(
        'Table 1 step 2 ("approved for funding as received and prioritized by application submission '
        'date"); Section 2.3 "WHEN" ("until Program funds are encumbered"); Section 2.2 "Geographical '
        'Funding Minimum" ("allocate project funding equally throughout the two MSAs, if feasible")'
    ),
    partial_funding=_src('Section 5 ("project applicants may be offered only partial funding")'),
    county_field="existing_yard_county",
    # Section 2.1 Table 1: "Yard Truck Up to $300,000", "Top Handler Up to $400,000".
    limits=(
        AwardLimit(
            AWARD,
            "the announcement's rebate cap",
            {term.name.removesuffix("_award_cap"): term for term in CAP_TERMS},
            category_field="replacement_equipment_type",
        ),
    ),
)

RULE_SET = RuleSet(
    code=CODE,
    title="Battery Electric Cargo Handling Equipment (CHE) Program (Measure 3)",
    project_noun="equipment unit",
    application_fields=APPLICATION_FIELDS,
    project_fields=PROJECT_FIELDS,
    attachments=ATTACHMENTS,
    deficiency_response=DEFICIENCY_RESPONSE.period,
    evaluate=evaluate,
    source=_src("(Attachment A of the board letter)"),
    deadlines_after_delivery=(
        ("Destroy the old equipment and engine", DESTROY_OLD_EQUIPMENT),
        ("End of the 5-year project term", PROJECT_TERM.period),
    ),
    cross_checks=cross_checks,
    terms=TERMS,
    selection=SELECTION,
)
