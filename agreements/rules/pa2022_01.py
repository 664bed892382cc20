"""PA2022-01 Clean Heavy-Duty Vehicle Replacement after the award: one contract per truck.

Source: 002_93fe1fbed5faf247.txt; sections are the announcement's headings. The project is funded under
one of two paths (EVALUATION CRITERIA): the Carl Moyer Program, whose project life the application chose
for the cost-effectiveness ("The contract term will also be ten years" for a ten-year life, PROJECT COST),
or Proposition 1B, whose project life is five years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.deadlines import DayCount
from programs.rules import pa2022_01_cmp as cmp
from programs.rules import pa2022_01_prop1b as prop1b
from programs.rules.fields import Field, Kind
from programs.rules.pa2022_01_common import src
from programs.rules.terms import Terms

from .base import (
    AfterEvent,
    AreaShare,
    EarlierOf,
    Event,
    FixedDate,
    NotDated,
    ObligationKind,
    ObligationRule,
    PostAward,
    Remedy,
    RemedyKind,
    Reporting,
    TermRule,
    UsageRequirement,
    date_term,
    percent_term,
    period_term,
    report_due_term,
)

CODE = "PA2022-01"

OTHER_INFORMATION = "OTHER IMPORTANT PROGRAM INFORMATION"
IN_OPERATION = src(
    f"{OTHER_INFORMATION}, bullet 2; WORK STATEMENT/SCHEDULE OF DELIVERABLES; WORK STATEMENT contract criteria bullet 5"
)
DELIVERABLES = src("DELIVERABLES")
GUIDELINES = src(
    'EVALUATION CRITERIA ("evaluated based on the criteria set forth in this PA, the CMP Guidelines and '
    'Prop 1B Guidelines")'
)

FUNDING_PATH = Field(
    "path", "Funding path", Kind.CHOICE, choices=((cmp.PATH, "Carl Moyer Program"), (prop1b.PATH, "Proposition 1B"))
)
"""Sets the project life and the area share here, and the co-funding limits in the payment."""

AGREEMENT_FIELDS = (
    FUNDING_PATH,
    Field(
        "project_life_years",
        "Project life in the contract (Carl Moyer Program path)",
        Kind.INTEGER,
        unit="years",
        required=False,
        min_value=Decimal(1),
        max_value=Decimal(10),
    ),
)


def project_life_months(agreement: Mapping[str, Any], terms: Terms) -> int:
    if agreement["path"] == prop1b.PATH:
        return 12 * prop1b.PROJECT_LIFE_YEARS  # "Project life for the replacement truck is five years"
    return 12 * agreement["project_life_years"]


def agreement_checks(agreement: Mapping[str, Any]) -> dict[str, str]:
    if "path" not in agreement:
        return {"path": "give the funding path (CMP or Prop 1B): it sets the project life and the area share"}
    if agreement["path"] == cmp.PATH and "project_life_years" not in agreement:
        return {
            "project_life_years": "give the project life the contract uses (the Carl Moyer Program's reporting "
            "obligation and contract term, PROJECT COST)"
        }
    return {}


EVENTS = (
    Event("agreement_executed", "execution of the contract by both parties", src(f"{OTHER_INFORMATION}, bullet 2")),
    Event("commissioned", "start of operation of the replacement (post-inspection)", src("PAYMENT TERMS")),
    Event("destroyed", "destruction of the engine or vehicle being replaced", src(f"{OTHER_INFORMATION}, last bullet")),
)

TERMS = (
    period_term(
        "operational_months",
        "In operation after contract execution",
        18,
        src(f'{OTHER_INFORMATION}, bullet 2 ("within eighteen (18) months of contract execution")'),
        unit="months",
    ),
    date_term(
        "invoice_deadline",
        "Invoices due",
        dt.date(2024, 3, 31),
        src(
            f'{OTHER_INFORMATION} ("All project invoices must be submitted for payment no later than March 31, '
            '2024. Projects which have not been invoiced by this date may forfeit their funding.")'
        ),
    ),
    percent_term(
        "scab_share_percent",
        "Operation within the South Coast Air Basin (CMP)",
        cmp.MIN_SCAB_OPERATION_PERCENT,
        src('WORK STATEMENT contract criteria, bullet 4 ("within the SCAB for 75% of the time (CMP)")'),
        floor=True,
    ),
    percent_term(
        "california_share_percent",
        "Operation within California (Prop 1B)",
        prop1b.MIN_PROJECTED_CA_OPERATION_PERCENT,
        src('WORK STATEMENT contract criteria, bullet 4 ("within CA for at least 90% of the time (Prop 1B)")'),
        floor=True,
    ),
    report_due_term(src("DELIVERABLES (schedule left to the contract; portal default)")),
)

OBLIGATIONS = (
    ObligationRule(
        "in_operation",
        "Put the replacement in operation",
        ObligationKind.MILESTONE,
        EarlierOf(
            AfterEvent("agreement_executed", "operational_months", DayCount.MONTHS), FixedDate("operational_deadline")
        ),
        IN_OPERATION,
        done_by="commissioned",
    ),
    ObligationRule(
        "destroy_old_equipment",
        "Destroy the engine and/or vehicle being replaced",
        ObligationKind.DESTRUCTION,
        NotDated(
            # The announcement gives no period ("Destruction ... is required for replacement projects").
            "on the date the District sets; verified virtually unless otherwise specified"
        ),
        src(f"{OTHER_INFORMATION}, last bullet"),
        done_by="destroyed",
    ),
    ObligationRule(
        "invoice",
        "Submit the project invoice for payment",
        ObligationKind.INVOICE,
        FixedDate("invoice_deadline"),
        src(OTHER_INFORMATION),
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
        "Contract term (the project life)",
        "commissioned",
        project_life_months,
        src(
            'PROJECT COST ("The contract term will also be ten years"); Prop 1B: "Project life for the '
            'replacement truck is five years"'
        ),
    ),
    reporting=Reporting(
        12,
        "Annual report",
        DELIVERABLES,
        certification_source=src('COMPLIANCE WITH LABOR LAWS ("due at the same time as the annual progress reports")'),
    ),
    usage=UsageRequirement(
        "miles",
        "miles",
        src(
            'DELIVERABLES ("annual miles"); ELIGIBILITY REQUIREMENTS, CMP ("cost effectiveness '
            'will be based on the annual mileage")'
        ),
        shares=(
            AreaShare(
                "scab_share_percent",
                "the South Coast Air Basin",
                src("WORK STATEMENT contract criteria, bullet 4"),
                path=cmp.PATH,
            ),
            AreaShare(
                "california_share_percent",
                "California",
                src("WORK STATEMENT contract criteria, bullet 4"),
                path=prop1b.PATH,
            ),
        ),
    ),
    remedies=(
        Remedy(
            RemedyKind.EXTENSION,
            "Extend the contract (the announcement names no remedy: the CMP and Prop 1B Guidelines apply)",
            GUIDELINES,
        ),
        Remedy(
            RemedyKind.PAYBACK,
            "Partial payback of funds (the announcement names no remedy: the CMP and Prop 1B Guidelines apply)",
            GUIDELINES,
        ),
    ),
    payment_deadline=FixedDate("invoice_deadline"),
    notes=(
        '"Within eighteen (18) months of contract execution or by March 31, 2024, whichever is earlier": until the '
        "contract's execution is recorded, March 31, 2024 is the latest date.",
        "The contract term equals the project life (PROJECT COST) and is counted, with the annual reports, from the "
        'start of operation, over which the project "operate[s] in service for the full project life".',
        "The announcement names no period for the destruction and no remedy for a usage shortfall: both are left to "
        "the contract and the CMP / Prop 1B Guidelines.",
    ),
)
