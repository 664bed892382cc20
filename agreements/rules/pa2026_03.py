"""PA2026-03 Charging Infrastructure after the award: one agreement per charging location.

Source: 001_ea26778b00a7e017.txt, Attachment C "Program Announcement #PA2026-03"; sections are that
announcement's. The agreement "establish[es] the milestone schedule" (Table 2 step 3): the dates the
application proposed in Attachment A's PROJECT IMPLEMENTATION SCHEDULE, which are its input fields here.
"""

from __future__ import annotations

from programs.rules import pa2026_03 as application

from . import invest_clean
from .base import (
    AgreementDate,
    Event,
    FixedDate,
    ObligationKind,
    ObligationRule,
    OnEvent,
    PostAward,
    Reporting,
    TermRule,
    UsageRequirement,
    years_from_term,
)

CODE = application.CODE


def _src(section: str):
    return invest_clean.src(CODE, section)


SCHEDULE = _src('Attachment A "PROJECT IMPLEMENTATION SCHEDULE"; Table 2 step 3')

MILESTONES = (
    ("power_upgrade_date", "power_upgraded", "completion of the site power upgrade"),
    ("engineering_design_date", "design_completed", "completion of the engineering design"),
    ("equipment_order_date", "equipment_ordered", "the order for the project equipment"),
    ("equipment_delivery_date", "delivered", "delivery of the charging equipment"),
    ("installation_date", "installed", "construction and installation of the charging station"),
    ("commissioning_date", "commissioned", "commissioning and local government final approval"),
)
"""Each milestone of the schedule: the agreement's date field, the event that fulfils it, the event's label."""

AGREEMENT_FIELDS = tuple(spec for name, _, _ in MILESTONES for spec in application.PROJECT_FIELDS if spec.name == name)

EVENTS = (
    invest_clean.agreement_executed(CODE, 'SECTION V "AGREEMENT"; Table 2 step 3'),
    *(Event(event, label, SCHEDULE) for _, event, label in MILESTONES),
)

# The project life is the rule set's own term (``project_life_years``).
TERMS = (invest_clean.report_due_days(CODE, '"DELIVERABLES"'),)

OBLIGATIONS = (
    *(
        ObligationRule(
            f"milestone_{event}",
            spec.label,
            ObligationKind.MILESTONE,
            AgreementDate(spec.name),
            SCHEDULE,
            done_by=event,
        )
        for (_, event, _), spec in zip(MILESTONES, AGREEMENT_FIELDS, strict=True)
    ),
    ObligationRule(
        "notify_delivery",
        "Tell South Coast AQMD the charging equipment is delivered",
        ObligationKind.NOTICE,
        OnEvent("delivered"),
        _src("Table 2 step 4a"),
        done_by="delivered",
    ),
    ObligationRule(
        "commissioning_deadline",
        "Commission the charging station",
        ObligationKind.MILESTONE,
        FixedDate("commissioning_deadline"),
        application.WHEN,
        done_by="commissioned",
    ),
)

POST_AWARD = PostAward(
    code=CODE,
    agreement_noun="rebate agreement",
    events=EVENTS,
    terms=TERMS,
    obligations=OBLIGATIONS,
    agreement_fields=AGREEMENT_FIELDS,
    term=TermRule(
        "Project life (five years from commissioning)",
        "commissioned",
        years_from_term("project_life_years"),
        _src('SECTION VI DEFINITIONS 1 "Agreement Term" and 2 "Project Life"; SECTION V'),
    ),
    reporting=Reporting(
        invest_clean.EVERY_SIX_MONTHS,
        "Semi-annual report",
        _src('"DELIVERABLES"; Table 2 step 6'),
        certification_source=_src(
            '"COMPLIANCE WITH LABOR LAWS AND OTHER FEDERAL STATUTES" ("due at '
            'the same time as the annual progress reports")'
        ),
        year_end_name="Semi-annual and annual report",
        documents=("proof of property insurance", "energy meter records"),
    ),
    usage=UsageRequirement(
        "energy throughput", "kWh", _src('SECTION V ("the minimum kWh a year throughput as proposed by the applicant")')
    ),
    remedies=invest_clean.remedies(CODE, '"PERFORMANCE"'),
    payment_deadline=None,
    notes=(
        "The milestones are the agreement's dates (Table 2 step 3), by default those the application proposed; "
        "the site power upgrade and the engineering design are milestones only where the agreement dates them.",
        '"Charging stations should be commissioned by March 2028" (WHEN) is read as March 31, 2028, as the '
        "programs rule set does.",
        "PA2026-03 sets no last day for invoices: invoices follow the agreement's milestones (Table 2 step 5).",
        'Reports are semi-annual and annual ("DELIVERABLES"): the report closing each project year is also the '
        "annual report, and the yearly labor-law certification travels with it.",
        "The seed states no throughput figure: the agreement's (the application's proposed minimum annual "
        "throughput, reviewed by staff) is used.",
    ),
)
