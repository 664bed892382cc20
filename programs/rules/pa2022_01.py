"""PA2022-01 Clean Heavy-Duty Vehicle Replacement Program: Carl Moyer Program and Proposition 1B.

Source: 002_93fe1fbed5faf247.txt. EVALUATION CRITERIA: "if the applicant owns a goods movement truck
with an engine model year 2007-09, the application will be evaluated under both CMP Guidelines and
Prop 1B Guidelines. If a project qualifies for funding under both guidelines, the higher award amount
may be offered." So every project (one truck replacement) runs through both paths and the result is
the higher award's, saying which path and why; the other path's award or failures go in the figures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.deadlines import DayCount, Period

from . import moyer_onroad
from . import pa2022_01_cmp as cmp
from . import pa2022_01_prop1b as prop1b
from .applicant import APPLICANT_FIELDS
from .base import AttachmentSlot, Evaluation, EvaluationContext, RuleSet
from .fields import Field, Kind
from .i18n import gettext as _
from .pa2022_01_common import (
    FUEL_CHOICES,
    PROJECT_TYPE_CHOICES,
    SERVICE_CLASS_CHOICES,
    TECHNOLOGY_CHOICES,
    src,
)
from .pa2022_01_common import (
    TERMS as SHARED_TERMS,
)
from .selection import AWARD, COST_EFFECTIVENESS, AwardLimit, Order, Selection
from .terms import Term

CODE = "PA2022-01"

VEHICLE_TYPE_CHOICES = (  # CMP "On-Road Heavy-Duty Diesel Fueled Vehicles" list; WHAT (school buses)
    ("drayage_truck", "Drayage truck"),
    ("goods_movement_truck", "Other goods movement truck"),
    ("solid_waste", "Solid waste collection vehicle"),
    ("public_agency_utility", "Public agency or utility vehicle"),
    ("transit_shuttle_bus", "Transit or shuttle bus"),
    ("emergency", "Emergency vehicle (California Vehicle Code 165)"),
    ("school_bus", "School bus"),
    ("other", "Other heavy-duty truck"),
)

_FLEET = "Fleet information"
APPLICATION_FIELDS = APPLICANT_FIELDS + (
    Field(
        "fleet_size",
        "Trucks in the fleet",
        Kind.INTEGER,
        group=_FLEET,
        unit="trucks",
        min_value=Decimal(1),
        help="More than 10: the CMP award is at most 50% of the cost excluding taxes; repower only up to 3.",
    ),
    Field("public_agency", "The applicant is a public agency", Kind.BOOLEAN, group=_FLEET),
    Field(
        "fleet_compliant", "The fleet complies with all applicable CARB fleet regulations", Kind.BOOLEAN, group=_FLEET
    ),
)

_PROJECT = "Project"
_EV = "Existing truck"
_OP = "Operation in the prior 24 months"
_TWO = "Second existing truck (2-for-1, Prop 1B only)"
_RV = "Replacement truck"
_COST = "Project cost and vendor"
_EF = "Emission factors (CMP Guidelines Appendix D, entered by staff)"


def _miles(name: str, label: str, group: str, *, required: bool = True, help: str = "") -> Field:
    return Field(name, label, Kind.INTEGER, group=group, unit="miles", required=required, help=help)


def _grams(name: str, label: str) -> Field:
    blank = "; blank for zero-emission" if name.startswith("replacement") else ""
    return Field(
        name,
        f"{label} emission factor (CMP Guidelines Appendix D, entered by staff{blank})",
        Kind.DECIMAL,
        group=_EF,
        unit="g/mile",
        required=False,
    )


PROJECT_FIELDS = (
    Field("project_type", "Project type", Kind.CHOICE, group=_PROJECT, choices=PROJECT_TYPE_CHOICES),
    Field("vehicle_type", "Vehicle type", Kind.CHOICE, group=_PROJECT, choices=VEHICLE_TYPE_CHOICES),
    Field("existing_vin", "VIN", group=_EV, check="vin"),
    Field("existing_make", "Vehicle make", group=_EV),
    Field("existing_model", "Vehicle model", group=_EV),
    Field("existing_license_plate", "License plate", group=_EV),
    Field("existing_gvwr_lb", "GVWR", Kind.INTEGER, group=_EV, unit="lb"),
    Field("existing_fuel_type", "Engine fuel type", Kind.CHOICE, group=_EV, choices=FUEL_CHOICES),
    Field("existing_engine_make", "Engine make", group=_EV),
    Field("existing_engine_model", "Engine model", group=_EV),
    Field("existing_engine_model_year", "Engine model year", Kind.INTEGER, group=_EV, min_value=Decimal(1950)),
    Field("existing_engine_serial_number", "Engine serial number", group=_EV),
    Field("existing_engine_family", "Engine family number", group=_EV),
    Field(
        "existing_engine_executive_order",
        "CARB Executive Order of the engine (if controlled)",
        group=_EV,
        required=False,
    ),
    Field(
        "existing_engine_service_class",
        "Engine intended service class",
        Kind.CHOICE,
        group=_EV,
        choices=SERVICE_CLASS_CHOICES,
    ),
    Field(
        "compliance_deadline",
        "Regulatory compliance deadline (Truck and Bus, Drayage or Public Fleet rule)",
        Kind.DATE,
        group=_EV,
    ),
    Field(
        "specialty_vehicle",
        "Specialty vehicle (engine before 2007 with remaining compliance life)",
        Kind.BOOLEAN,
        group=_EV,
        required=False,
    ),
    Field("low_use_exemption", "Complies through the low-use exemption", Kind.BOOLEAN, group=_EV),
    Field("compliance_extension", "Operates under a regulatory compliance extension", Kind.BOOLEAN, group=_EV),
    Field("california_registration", "California registration or California IRP", Kind.BOOLEAN, group=_EV),
    Field("ownership_start_date", "Owned since", Kind.DATE, group=_EV),
    Field("domiciled_in_scab", "Domiciled in the South Coast Air Basin", Kind.BOOLEAN, group=_EV),
    Field(
        "dac_or_low_income",
        "Domiciled in, or operated mostly in or around, a disadvantaged or low-income community",
        Kind.BOOLEAN,
        group=_EV,
        required=False,
        help="Such projects get priority (PROGRAM ADMINISTRATION); staff confirm with CalEnviroScreen.",
    ),
    _miles("ca_miles_recent_12_months", "California miles, most recent 12 months", _OP),
    _miles("ca_miles_prior_12_months", "California miles, the 12 months before those", _OP),
    _miles(
        "low_usage_2020_miles", "Miles driven March 1 - June 1, 2020 (low usage to substitute)", _OP, required=False
    ),
    _miles(
        "substitute_3_month_miles", "Miles in the 3 months before the 24-month period (substitute)", _OP, required=False
    ),
    Field("scab_operation_percent", "Operation within the South Coast Air Basin", Kind.PERCENT, group=_OP, unit="%"),
    Field(
        "ca_operation_percent_recent_12_months",
        "Operation within California, most recent 12 months",
        Kind.PERCENT,
        group=_OP,
        unit="%",
    ),
    Field(
        "ca_operation_percent_prior_12_months",
        "Operation within California, the 12 months before those",
        Kind.PERCENT,
        group=_OP,
        unit="%",
    ),
    Field("goods_movement_percent", "Share of time moving goods, past 2 years", Kind.PERCENT, group=_OP, unit="%"),
    Field("second_existing_vin", "Second truck VIN", group=_TWO, required=False, check="vin"),
    Field("second_existing_gvwr_lb", "Second truck GVWR", Kind.INTEGER, group=_TWO, unit="lb", required=False),
    Field(
        "second_existing_engine_model_year",
        "Second truck engine model year",
        Kind.INTEGER,
        group=_TWO,
        min_value=Decimal(1950),
        required=False,
    ),
    Field(
        "second_existing_engine_service_class",
        "Second truck engine service class",
        Kind.CHOICE,
        group=_TWO,
        choices=SERVICE_CLASS_CHOICES,
        required=False,
    ),
    _miles(
        "second_existing_ca_miles_recent_12_months",
        "Second truck California miles, most recent 12 months",
        _TWO,
        required=False,
    ),
    _miles(
        "second_existing_ca_miles_prior_12_months",
        "Second truck California miles, the 12 months before",
        _TWO,
        required=False,
    ),
    Field("replacement_make", "Replacement make", group=_RV),
    Field("replacement_model", "Replacement model", group=_RV),
    Field(
        "replacement_model_year",
        "Replacement engine (or zero-emission powertrain) model year",
        Kind.INTEGER,
        group=_RV,
        min_value=Decimal(1950),
    ),
    Field("replacement_gvwr_lb", "Replacement GVWR", Kind.INTEGER, group=_RV, unit="lb"),
    Field("replacement_technology", "Replacement technology", Kind.CHOICE, group=_RV, choices=TECHNOLOGY_CHOICES),
    Field("replacement_fuel_type", "Replacement fuel", Kind.CHOICE, group=_RV, choices=FUEL_CHOICES),
    Field(
        "replacement_engine_nox_g_bhp_hr",
        "Replacement engine certified NOx level (Executive Order)",
        Kind.DECIMAL,
        group=_RV,
        unit="g/bhp-hr",
        required=False,
    ),
    Field(
        "replacement_engine_service_class",
        "Replacement engine intended service class",
        Kind.CHOICE,
        group=_RV,
        choices=SERVICE_CLASS_CHOICES,
        required=False,
    ),
    Field("replacement_executive_order", "Replacement CARB Executive Order number", group=_RV, required=False),
    Field("replacement_carb_certified", "Replacement certified or verified by CARB", Kind.BOOLEAN, group=_RV),
    Field(
        "warranty_verification",
        "Written warranty verification by engine and chassis manufacturer (MHD engine in HHD vehicle)",
        Kind.BOOLEAN,
        group=_RV,
        required=False,
    ),
    Field(
        "vocational_need_approved",
        "Different class approved for a vocational need",
        Kind.BOOLEAN,
        group=_RV,
        required=False,
    ),
    Field("expected_operation_date", "Expected in-operation date", Kind.DATE, group=_RV),
    Field(
        "projected_scab_operation_percent",
        "Committed operation within the South Coast Air Basin",
        Kind.PERCENT,
        group=_RV,
        unit="%",
    ),
    Field("projected_ca_operation_percent", "Committed operation within California", Kind.PERCENT, group=_RV, unit="%"),
    Field(
        "project_life_years",
        "Project life (CMP; also the contract and reporting term)",
        Kind.INTEGER,
        group=_RV,
        unit="years",
        min_value=Decimal(1),
        max_value=Decimal(10),
    ),
    Field(
        "replacement_cost",
        "Total project cost (including sales tax and installation labor)",
        Kind.MONEY,
        group=_COST,
        unit="USD",
    ),
    Field("taxes_and_fees", "Taxes and fees included in the cost", Kind.MONEY, group=_COST, unit="USD"),
    Field("amount_requested", "Amount requested", Kind.MONEY, group=_COST, unit="USD"),
    Field(
        "other_public_funding",
        "Other grants and public funds for this truck",
        Kind.MONEY,
        group=_COST,
        unit="USD",
        required=False,
    ),
    Field(
        "other_state_funding_sources",
        "Number of other State funding sources",
        Kind.INTEGER,
        group=_COST,
        required=False,
    ),
    Field("other_funding_entity", "Other funding sources (names)", group=_COST, required=False),
    Field("vendor_name", "Vendor name", group=_COST),
    Field("vendor_phone", "Vendor phone number", group=_COST, check="phone"),
    Field("quote_date", "Vendor quote date", Kind.DATE, group=_COST),
    _grams("baseline_nox_g_per_mile", "Existing engine NOx"),
    _grams("baseline_rog_g_per_mile", "Existing engine ROG"),
    _grams("baseline_pm10_g_per_mile", "Existing engine PM10"),
    _grams("replacement_nox_g_per_mile", "Replacement engine NOx"),
    _grams("replacement_rog_g_per_mile", "Replacement engine ROG"),
    _grams("replacement_pm10_g_per_mile", "Replacement engine PM10"),
)

_APPLICATION_DOCUMENTS = (
    "form_a1",
    "business_information_forms",
    "compliance_documentation",
    "prop1b_certification",
    "fuel_provider_letter",
)
"""Documents about the applicant or the fleet; the others belong to one truck."""
_DISTRICT_FORMS = ("form_a1", "category_form", "business_information_forms")

ATTACHMENTS = tuple(
    AttachmentSlot(
        key, label, required, per_project=key not in _APPLICATION_DOCUMENTS, district_form=key in _DISTRICT_FORMS
    )
    for key, label, required in (
        # APPLICATION SUBMISSION, forms 1-3
        ("form_a1", "Form A-1: General Application (Checklist and Application Statement)", True),
        ("category_form", "Form B-1: On-Road Heavy-Duty Vehicles, Replacement (or B-3: Emergency Vehicles)", True),
        (
            "business_information_forms",
            "Business Information Forms (Conflict of Interest, Project Cost, Campaign Contribution Disclosure)",
            True,
        ),
        # ELIGIBILITY REQUIREMENTS, CMP bullets 7 and 10-14
        ("proof_of_ownership", "Proof of ownership", True),
        ("california_registration", "California registration or California IRP", True),
        ("mileage_records", "Historical mileage records / operational history for the prior 24 months", True),
        ("vendor_quote", "Vendor quote dated within 90 days of submittal", True),
        (
            "engine_tag_photos",
            "Engine tag photos (serial number, model year, engine family, certification level, "
            "Executive Order) or manufacturer specifications",
            True,
        ),
        # OTHER IMPORTANT PROGRAM INFORMATION, bullet 1
        ("compliance_documentation", "Documentation of regulatory compliance status of the fleet", True),
        # PROPOSITION 1B APPLICANT AGREEMENT CHECKLIST
        ("prop1b_certification", "Proposition 1B Applicant Agreement Checklist (goods movement trucks)", False),
        # WORK STATEMENT: alternative fuel refueling plan; CMP classification paragraph: warranty verification
        ("fuel_provider_letter", "Refueling plan / letter of agreement from the fuel provider", False),
        ("warranty_verification", "Written warranty verification by engine and chassis manufacturer", False),
    )
)

DEFICIENCY_RESPONSE_TERM = Term(
    "deficiency_response_days",
    "Answer to a notice of missing information",
    Kind.INTEGER,
    7,
    src('APPLICATION SUBMISSION "Missing Information" ("seven (7) business days"); PROGRAM ADMINISTRATION'),
    unit="business days",
)
DEFICIENCY_RESPONSE = DEFICIENCY_RESPONSE_TERM.period
REVIEW_TIME = Period(
    30,
    DayCount.BUSINESS_DAYS,
    str(
        src(
            'APPLICATION SUBMISSION "Missing Information" ("Within thirty (30) business days of the application submittal")'
        )
    ),
)
"""Staff's review for completeness: the letter of missing information goes out within 30 business days of submittal."""

TERMS = SHARED_TERMS + cmp.TERMS + prop1b.TERMS + (DEFICIENCY_RESPONSE_TERM,)
"""What a re-issued PA2022-01 may change, both paths; each default is the seed's value (``programs.rules.terms``)."""

_TWO_FOR_ONE_FIELDS = tuple(
    spec.name for spec in PROJECT_FIELDS if spec.group == _TWO and spec.name != "second_existing_vin"
)
_FACTORS = ("nox", "rog", "pm10")


def cross_checks(project: Mapping[str, Any]) -> dict[str, str]:
    """Input that contradicts itself: dates out of order, parts larger than wholes, half-given groups."""
    errors: dict[str, str] = {}
    labels = {spec.name: _(spec.label) for spec in PROJECT_FIELDS}
    if project["taxes_and_fees"] > project["replacement_cost"]:
        errors["taxes_and_fees"] = _("taxes and fees cannot be more than the total project cost")
    if project["ownership_start_date"] >= project["expected_operation_date"]:
        errors["ownership_start_date"] = _("the owned-since date must be before the replacement's in-operation date")
    if project["quote_date"] > project["expected_operation_date"]:
        errors["quote_date"] = _("the quote must be dated before the replacement's in-operation date")
    if ("low_usage_2020_miles" in project) != ("substitute_3_month_miles" in project):
        missing = "substitute_3_month_miles" if "low_usage_2020_miles" in project else "low_usage_2020_miles"
        errors[missing] = _("give both the 2020 low-usage miles and the substitute 3-month miles, or neither")
    if project["project_type"] == "replacement_2_for_1":
        errors.update(
            {
                name: _("{field}: required for a two-for-one replacement").format(field=labels[name])
                for name in _TWO_FOR_ONE_FIELDS
                if name not in project
            }
        )
    for who in ("baseline", "replacement"):
        names = [f"{who}_{pollutant}_g_per_mile" for pollutant in _FACTORS]
        if any(name in project for name in names) and not all(name in project for name in names):
            errors.update(
                {
                    name: _("{field}: give NOx, ROG and PM10 factors together").format(field=labels[name])
                    for name in names
                    if name not in project
                }
            )
    if project["replacement_technology"] == "zero_emission":
        names = [f"replacement_{pollutant}_g_per_mile" for pollutant in _FACTORS]
        errors.update(
            {
                name: _("{field}: a zero-emission truck emits nothing; leave it blank").format(field=labels[name])
                for name in names
                if project.get(name)
            }
        )
    return errors


def _summary(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "eligible": evaluation.eligible,
        "award": evaluation.award,
        "binding_limit": evaluation.figures.get("binding_limit"),
        "failures": [f"{item.rule}: {item.reason}" for item in evaluation.failures],
    }


def _prefixed(path: str, evaluation: Evaluation) -> list:
    return [dataclasses.replace(item, rule=f"{path}: {item.rule}") for item in evaluation.results]


def _cmp_reference(evaluation: Evaluation) -> dict[str, Any]:
    """The CMP path's emission factors' origin and its Tables 2 and 3 reference, kept whichever path is offered:
    staff see the announcement's estimate beside the CMP amount, and the dashboards count projects with factors."""
    return {
        name: evaluation.figures[name]
        for name in ("emission_factors_from", "emission_factors_source", "tables_2_3_reference")
        if name in evaluation.figures
    }


def evaluate(project: Mapping[str, Any], context: EvaluationContext) -> Evaluation:
    """Both paths; the higher eligible award wins (EVALUATION CRITERIA), the CMP on a tie (listed first)."""
    edition = moyer_onroad.with_factors(
        moyer_onroad.GUIDELINES_2017, context.onroad_factors, context.onroad_factors_source
    )  # the on-road factor table staff imported, where there is one (issue 23)
    paths = {cmp.PATH: cmp.evaluate(project, context, edition), prop1b.PATH: prop1b.evaluate(project, context)}
    summaries = {path: _summary(evaluation) for path, evaluation in paths.items()}
    eligible = [evaluation for evaluation in paths.values() if evaluation.eligible]
    source = src("EVALUATION CRITERIA")
    if not eligible:
        results = _prefixed(cmp.PATH, paths[cmp.PATH]) + _prefixed(prop1b.PATH, paths[prop1b.PATH])
        return Evaluation(
            program=CODE,
            results=results,
            award=Decimal("0.00"),
            path="",
            figures={**_cmp_reference(paths[cmp.PATH]), "paths": summaries},
            notes=[
                _(
                    "Neither the Carl Moyer Program nor Proposition 1B can fund this project; the reasons for each "
                    "are listed with the rules ({source})."
                ).format(source=source)
            ],
        )
    chosen = max(eligible, key=lambda evaluation: evaluation.award)
    other = paths[prop1b.PATH if chosen.path == cmp.PATH else cmp.PATH]
    words = {
        "chosen": chosen.path,
        "chosen_award": chosen.award,
        "other": other.path,
        "other_award": other.award,
        "source": source,
    }
    if other.eligible:
        why = _(
            "The project qualifies under both; {chosen} offers ${chosen_award:,.2f} and {other} "
            "${other_award:,.2f}, so the higher award ({chosen}) is offered ({source})."
        ).format(**words)
        if other.award == chosen.award:
            why = _(
                "The project qualifies under both with the same award, ${chosen_award:,.2f}; {chosen} is offered "
                "({source})."
            ).format(**words)
    else:
        why = _("Only {chosen} can fund this project (${chosen_award:,.2f}). {other} does not: {reasons}").format(
            reasons="; ".join(item.reason for item in other.failures), **words
        )
    figures = {**chosen.figures, **_cmp_reference(paths[cmp.PATH]), "paths": summaries}
    return Evaluation(
        program=CODE, results=chosen.results, award=chosen.award, figures=figures, path=chosen.path, notes=[why]
    )


_CMP_TERMS = {term.name: term for term in cmp.TERMS}

SELECTION = Selection(
    order=Order.SUBMISSION,
    dac_first=True,
    # The CMP caps and Step 2 limits ("FUNDING TABLES" Tables 2 and 3) by replacement technology; Prop 1B's Table 4
    # maximum depends on the truck class too, so a round holds a Prop 1B award to the table's highest amount.
    limits=(
        AwardLimit(
            AWARD,
            "the announcement's CMP funding cap",
            {tech: _CMP_TERMS[f"cmp_award_cap_{tech}"] for tech in cmp.AWARD_CAPS},
            category_field="replacement_technology",
            path=cmp.PATH,
        ),
        AwardLimit(
            COST_EFFECTIVENESS,
            "the announcement's CMP cost-effectiveness limit",
            {tech: _CMP_TERMS[f"cmp_limit_per_ton_{tech}"] for tech in cmp.STEP_2_LIMITS},
            category_field="replacement_technology",
            path=cmp.PATH,
        ),
        AwardLimit(
            AWARD,
            "the announcement's Prop 1B Table 4 maximum",
            {term.name: term for term in prop1b.TERMS},
            category_field="replacement_technology",
            path=prop1b.PATH,
        ),
    ),
    funds_by_path=True,
    paths=(cmp.PATH, prop1b.PATH),
    description=(
        "In the order the applications are received until the funds are depleted, with priority for "
        "projects in or around disadvantaged and low-income communities (considered first, in order "
        "received). Each award is charged to the fund of the path that pays it (Carl Moyer Program or "
        "Proposition 1B), and the solicitation total caps both."
    ),
    source=src(
        'PROGRAM ADMINISTRATION ("evaluated in the order the applications are received until the funds are '
        "depleted. Priority is given to the projects that reduce emissions in and around Disadvantage "
        'Communities"); EVALUATION CRITERIA; BACKGROUND (SB 129 $32.1 million, Prop. 1B about $25 million)'
    ),
    partial_funding=src(
        'PROGRAM ADMINISTRATION ("reserves the right to allocate incentive funds ... to specific '
        'projects"); the PA does not mention partial funding, so an offer that is partial says so'
    ),
    solicitation_total=Term(
        "solicitation_total",
        "Program funds for this solicitation",
        Kind.MONEY,
        Decimal("35000000.00"),
        src('Introduction ("About $35 million in Program funds are available for this solicitation") and WHEN'),
        unit="USD",
    ),
    dac_field="dac_or_low_income",
    notes=(
        "The announcement says which fund pays which path but not how much of the $35 million comes from each: both "
        "funds are capped by the solicitation total.",
    ),
)

RULE_SET = RuleSet(
    code=CODE,
    title="Clean Heavy-Duty Vehicle Replacement Program: Carl Moyer Program and Proposition 1B",
    project_noun="truck replacement",
    application_fields=APPLICATION_FIELDS,
    project_fields=PROJECT_FIELDS,
    attachments=ATTACHMENTS,
    deficiency_response=DEFICIENCY_RESPONSE,
    review_time=REVIEW_TIME,
    evaluate=evaluate,
    source=src("Program Announcement PA2022-01"),
    cross_checks=cross_checks,
    terms=TERMS,
    paths=((cmp.PATH, "Carl Moyer Program (CMP)"), (prop1b.PATH, "Proposition 1B (Prop 1B)")),
    selection=SELECTION,
)
