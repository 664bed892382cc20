"""PA2026-01 Battery Electric Cargo Handling Equipment after the award.

Source: 001_ea26778b00a7e017.txt, Attachment A "Program Announcement #PA2026-01"; sections are that
announcement's. The periods the application-stage rule set already holds (``programs.rules.pa2026_01``:
destruction within 60 days, Certificate of Destruction within 60 days of it) are reused as round terms.
"""

from __future__ import annotations

import datetime as dt

from core.deadlines import DayCount
from programs.rules import pa2026_01 as application

from . import invest_clean
from .base import (
    AfterEvent,
    AreaShare,
    BeforeEvent,
    Event,
    FixedDate,
    ObligationKind,
    ObligationRule,
    OnEvent,
    PostAward,
    Reporting,
    TermRule,
    UsageRequirement,
    date_term,
    percent_term,
    period_term,
    years_from_term,
)

CODE = application.CODE


def _src(section: str):
    return invest_clean.src(CODE, section)


DESTRUCTION = 'Section 2.3 "Required Destruction of Old Equipment (Scrapping)"'

EVENTS = (
    invest_clean.agreement_executed(CODE, "Section 4.3 and Table 1 step 3"),
    Event(
        "delivered",
        "delivery of the new equipment",
        _src('Section 2.3 "Deployment of New BE CHE"; Table 1 steps 4A and 4B'),
    ),
    Event("commissioned", "commissioning of the new equipment", _src("Section 6.1")),
    Event("destruction_planned", "the destruction date given in the notice", _src(DESTRUCTION)),
    Event("destroyed", "destruction of the old equipment and engine", _src(f"{DESTRUCTION}; Table 1 step 4B")),
)

# The destruction and certificate periods and the project term are the rule set's own terms
# (``destroy_old_equipment_days``, ``certificate_of_destruction_days``, ``project_term_years``): one owner each.
TERMS = (
    period_term(
        "destruction_notice_days",
        "Notify South Coast AQMD before the destruction",
        14,
        _src(f'{DESTRUCTION} ("notified within 14 days prior to equipment destruction")'),
    ),
    date_term(
        "final_invoice_deadline",
        "Final invoice due",
        dt.date(2028, 2, 28),
        _src(
            'Section 6.1 ("no later than February 28, 2028 unless extended at the sole discretion of South Coast AQMD")'
        ),
    ),
    percent_term(
        "msa_share_percent",
        "Operation within the two MSAs",
        application.MSA_OPERATION_PERCENT,
        _src('Section 2.3 "WHO" and "Deployment of New BE CHE" (100% for the full project term)'),
        floor=True,
    ),
    invest_clean.report_due_days(CODE, "Table 1 step 6"),
)

DESTROY = AfterEvent("delivered", "destroy_old_equipment_days", DayCount.CALENDAR_DAYS)

OBLIGATIONS = (
    ObligationRule(
        "notify_delivery",
        "Tell South Coast AQMD the new equipment is delivered, for its post-inspection",
        ObligationKind.NOTICE,
        OnEvent("delivered"),
        _src('Section 2.3 "Deployment of New BE CHE"; Table 1 step 4A'),
        done_by="delivered",
    ),
    # "within 14 days prior to equipment destruction ... so that an inspection can be performed": read as at
    # least 14 days before it, the only reading that leaves time to schedule the inspection.
    ObligationRule(
        "destruction_notice",
        "Notify South Coast AQMD before destroying the old equipment",
        ObligationKind.NOTICE,
        BeforeEvent(("destroyed", "destruction_planned"), "destruction_notice_days", DayCount.CALENDAR_DAYS, DESTROY),
        _src(DESTRUCTION),
    ),
    # Counted from delivery as Table 1 step 4B says ("Upon delivery ... 60 days") and the programs rule set does;
    # Section 2.3 says "after the new equipment is received and placed into service".
    ObligationRule(
        "destroy_old_equipment",
        "Destroy the old equipment and engine",
        ObligationKind.DESTRUCTION,
        DESTROY,
        _src(f"{DESTRUCTION}; Table 1 step 4B"),
        done_by="destroyed",
    ),
    ObligationRule(
        "certificate_of_destruction",
        "Give South Coast AQMD the Certificate of Destruction",
        ObligationKind.DOCUMENTATION,
        AfterEvent("destroyed", "certificate_of_destruction_days", DayCount.CALENDAR_DAYS),
        _src("Table 1 step 4B (60 days, over Section 2.3's 90 days for documentation)"),
    ),
    ObligationRule(
        "final_invoice",
        "Submit the final invoice with its supporting documents",
        ObligationKind.INVOICE,
        FixedDate("final_invoice_deadline"),
        _src("Section 6.1; Table 1 step 5"),
    ),
)

POST_AWARD = PostAward(
    code=CODE,
    agreement_noun="rebate agreement",
    events=EVENTS,
    terms=TERMS,
    obligations=OBLIGATIONS,
    term=TermRule(
        "Agreement term (five years from commissioning)",
        "commissioned",
        years_from_term("project_term_years"),
        _src("Section 6.1; Section 2.3"),
    ),
    reporting=Reporting(
        invest_clean.EVERY_SIX_MONTHS,
        "Semi-annual usage report",
        _src("Section 6.3; Table 1 step 6"),
        certification_source=_src('Section 6.12 ("due at the same time as the annual progress reports")'),
    ),
    usage=UsageRequirement(
        "hours operated",
        "hours",
        _src('Section 6.3 ("usage requirements in the agreement"); Table 1 step 6 ("hour usage")'),
        shares=(AreaShare("msa_share_percent", "the two MSAs", _src('Section 2.3 "Deployment of New BE CHE"')),),
    ),
    remedies=invest_clean.remedies(CODE, "Section 6.5"),
    payment_deadline=FixedDate("final_invoice_deadline"),
    notes=(
        "The destruction is due 60 days after delivery (Table 1 step 4B, as the programs rule set counts it); "
        "Section 2.3 counts from the new equipment being received and placed into service.",
        "The Certificate of Destruction is due 60 days after the destruction (Table 1 step 4B, which names the "
        "document) rather than Section 2.3's 90 days for documentation: the more specific passage, and the stricter.",
        'The notice "within 14 days prior to equipment destruction" is read as at least 14 days before it, so that '
        "an inspection can be performed; until a destruction date is given it is due 14 days before the last day "
        "the destruction is allowed.",
        "The agreement term runs five years from commissioning (Section 6.1); usage reports are semi-annual over "
        "it (Section 6.3) and the yearly labor-law certification travels with the report closing each project year "
        "(Section 6.12).",
        "The announcement sets no delivery deadline: Table 1 step 2 leaves delivery milestones to the agreement.",
        "The seed states no annual usage figure: the agreement's (the application's projected annual hours) is used.",
    ),
)
