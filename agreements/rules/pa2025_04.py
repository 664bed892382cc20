"""PA2025-04 Surplus Off-Road Opt-In for NOx (SOON) after the award: one contract per piece of equipment.

Source: 003_b264a6114e3b8c3f.txt, "SOUTH COAST AQMD PROGRAM ANNOUNCEMENT PA 2025-04"; sections are that
announcement's. The project life is the MAXIMUM ELIGIBLE FUNDING table's, as the application-stage rule
set holds it (``programs.rules.pa2025_04.MAXIMUM_FUNDING_TABLE``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from programs.rules import pa2025_04 as application
from programs.rules.base import Source
from programs.rules.fields import Field, Kind
from programs.rules.terms import Terms

from .base import (
    AreaShare,
    Event,
    NotDated,
    ObligationKind,
    ObligationRule,
    PostAward,
    Remedy,
    RemedyKind,
    Reporting,
    TermRule,
    UsageRequirement,
    percent_term,
    report_due_term,
)

CODE = application.CODE


def _src(section: str) -> Source:
    return Source(application.SEED, f"PA2025-04 {section}")


PROGRAM_CRITERIA = _src("PROGRAM CRITERIA")
CONTRACT_TERM = _src('DEFINITIONS 4 "Contract Term" and 8 "Project Life"')
LIFE = _src(
    'MAXIMUM ELIGIBLE FUNDING table; PROJECT COST ("the length of their annual reporting obligation and the '
    'length of their contract")'
)

PROJECT_TYPE = Field(
    "project_type",
    "Project type (MAXIMUM ELIGIBLE FUNDING row)",
    Kind.CHOICE,
    choices=tuple((key, row.project) for key, row in application.MAXIMUM_FUNDING_TABLE.items()),
)
"""Sets the project life here and the funding percentage of the invoice in the payment (SECTION V)."""

AGREEMENT_FIELDS = (
    PROJECT_TYPE,
    Field(
        "equipment_type",
        "Equipment type",
        Kind.CHOICE,
        choices=application.EQUIPMENT_TYPES,
        required=False,
        help="Excavators, skid steer loaders and rough terrain forklifts replaced: three years at most.",
    ),
    Field(
        "project_life_years",
        "Project life in the contract, if shorter than the table's maximum",
        Kind.INTEGER,
        unit="years",
        required=False,
        min_value=Decimal(1),
    ),
)


def maximum_project_life_years(agreement: Mapping[str, Any]) -> int:
    row = application.MAXIMUM_FUNDING_TABLE[agreement["project_type"]]
    return row.life_for(agreement.get("equipment_type", ""))


def project_life_months(agreement: Mapping[str, Any], terms: Terms) -> int:
    """The contract's project life ("equivalent to the contract implementation period"), the table's maximum
    unless the contract used a shorter life for the cost-effectiveness."""
    return 12 * agreement.get("project_life_years", maximum_project_life_years(agreement))


def agreement_checks(agreement: Mapping[str, Any]) -> dict[str, str]:
    if "project_type" not in agreement:
        return {"project_type": "give the project type: it sets the project life (MAXIMUM ELIGIBLE FUNDING table)"}
    most = maximum_project_life_years(agreement)
    years = agreement.get("project_life_years", most)
    if years > most:
        row = application.MAXIMUM_FUNDING_TABLE[agreement["project_type"]]
        return {
            "project_life_years": f"{years} years is more than the {most}-year maximum project life of a "
            f"{row.project.lower()} project (MAXIMUM ELIGIBLE FUNDING table)"
        }
    return {}


EVENTS = (
    Event(
        "agreement_executed",
        "execution of the contract by both parties",
        _src('SECTION III PROJECT COST ("no obligation to fund the project until a contract is fully executed")'),
    ),
    Event(
        "commissioned",
        "installation and start of operation (post-inspection confirms it operational)",
        _src("SECTION V: PAYMENT TERMS; DEFINITIONS 4 i"),
    ),
    Event("destroyed", "destruction of the old engine or equipment", PROGRAM_CRITERIA),
)

TERMS = (
    percent_term(
        "district_share_percent",
        "Operation within the South Coast AQMD",
        application.DISTRICT_OPERATION_MIN_PERCENT,
        _src(
            'PROGRAM CRITERIA ("operate a minimum of 75 percent of the time within the boundaries of the '
            'South Coast AQMD jurisdiction")'
        ),
        floor=True,
    ),
    report_due_term(_src("SECTION II DELIVERABLES (schedule left to the contract; portal default)")),
)

OBLIGATIONS = (
    ObligationRule(
        "destroy_old_equipment",
        "Destroy the engine or equipment being repowered or replaced",
        ObligationKind.DESTRUCTION,
        NotDated(
            # The announcement gives no period ("Destruction ... is required").
            "on the date the District sets; a destruction inspection verifies it"
        ),
        PROGRAM_CRITERIA,
        done_by="destroyed",
    ),
)

POST_AWARD = PostAward(
    code=CODE,
    agreement_noun="contract",
    events=EVENTS,
    terms=TERMS,
    obligations=OBLIGATIONS,
    agreement_fields=AGREEMENT_FIELDS,
    agreement_checks=agreement_checks,
    term=TermRule(
        "Project life (the contract implementation period)", "commissioned", project_life_months, CONTRACT_TERM
    ),
    reporting=Reporting(
        12,
        "Annual report",
        _src("REPORTING AND MONITORING; SECTION II DELIVERABLES"),
        certification_source=_src(
            'SECTION VI "COMPLIANCE WITH LABOR LAWS" ("due at the same time as the annual progress reports")'
        ),
        documents=("DOORS Fleet Compliance Snapshot",),
    ),
    usage=UsageRequirement(
        "hours of operation",
        "hours",
        _src(
            'PROGRAM CRITERIA ("The annual hours used to calculate cost-effectiveness will be '
            'included in the contract")'
        ),
        shares=(AreaShare("district_share_percent", "the South Coast AQMD", PROGRAM_CRITERIA),),
    ),
    remedies=(
        Remedy(RemedyKind.EXTENSION, "Extend the contract", PROGRAM_CRITERIA),
        Remedy(RemedyKind.PAYBACK, "Partial payback of funds", PROGRAM_CRITERIA),
    ),
    payment_deadline=None,
    notes=(
        "The contract term is the project completion period (execution to the post-inspection confirming operation) "
        "plus the project life (DEFINITIONS 4); the seed sets no limit on the completion period, so the calendar "
        "counts the project life, and the annual reports, from the start of operation.",
        "The project life is the MAXIMUM ELIGIBLE FUNDING table's (replacement 5 years, 3 for excavators, skid steer "
        "loaders and rough terrain forklifts; repower 7; zero emission 10) unless the contract used a shorter one.",
        "The seed requires the destruction of the old engine or equipment and a destruction inspection but sets no "
        "period, and sets no last day for installation or invoices.",
        '"All equipment must operate in the South Coast AQMD for the full project life" (REPORTING AND MONITORING) '
        'is read with the PROGRAM CRITERIA\'s more specific "minimum of 75 percent of the time" within it.',
    ),
)
