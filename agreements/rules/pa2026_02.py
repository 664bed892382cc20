"""PA2026-02 Battery Electric Class 8 trucks after the award.

Source: 001_ea26778b00a7e017.txt, Attachment B "Program Announcement #PA2026-02"; sections are that
announcement's. The surrender period the application-stage rule set already holds
(``programs.rules.pa2026_02.RULE_SET.deadlines_after_delivery``: 90 days after delivery) is reused.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.deadlines import DayCount
from programs.rules import pa2026_02 as application
from programs.rules.fields import Kind
from programs.rules.terms import Term

from . import invest_clean
from .base import (
    AfterEvent,
    AreaShare,
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


SCRAPPING = 'Section 4.2 "SCRAPPING REQUIREMENTS"'
AGREEMENT = 'Section 4 "AGREEMENT"'
SURRENDER = application.RULE_SET.deadlines_after_delivery[0][1]
"""90 days after delivery to surrender the old vehicle. The rule set's second period, the operating period, is
counted from deployment here (the rule set's ``operating_period_years``)."""

EVENTS = (
    invest_clean.agreement_executed(CODE, "Section 4 and Table 1 step 3"),
    Event("delivered", "delivery of the new vehicle", _src('Table 1 "New equipment is delivered to site" and step 4b')),
    Event(
        "commissioned",
        "deployment of the new vehicle (post-inspection confirms it operational)",
        _src('Section 1.1 "Eligible Replacement Vehicle"; DEFINITIONS 1 "Agreement Term"'),
    ),
    Event("dismantler_receipt", "the dismantler's receipt for the old vehicle", _src(SCRAPPING)),
    Event("destroyed", "scrapping of the old vehicle", _src(SCRAPPING)),
)

# The surrender period and the operating period are the rule set's own terms (``surrender_to_dismantler_days``,
# ``operating_period_years``).
TERMS = (
    period_term(
        "scrapping_days",
        "Scrap the old vehicle after the dismantler's receipt",
        90,
        _src(f'{SCRAPPING} ("within ninety (90) days of the dismantler\'s receipt")'),
    ),
    # "by February 2028": the last day of that month, February 29 (2028 is a leap year).
    date_term(
        "payment_request_deadline",
        "Payment requests due",
        dt.date(2028, 2, 29),
        _src('SECTION 5 "PAYMENT TERMS" ("All payment requests must be submitted by February 2028")'),
    ),
    Term(
        "minimum_annual_miles",
        "Miles a year, at least",
        Kind.INTEGER,
        application.MIN_MILES_PRIOR_12_MONTHS,
        _src(f'{AGREEMENT} ("a minimum of 7,000 miles a year ... for the entire operating period")'),
        unit="miles",
        floor=True,
    ),
    percent_term(
        "msa_share_percent",
        "Miles within the two MSAs",
        Decimal(application.MIN_MSA_OPERATION_PERCENT),
        _src(f'{AGREEMENT} ("75% of which must be within the two MSAs"); Section 1.1'),
        floor=True,
    ),
    invest_clean.report_due_days(CODE, 'Section 4.4 "DELIVERABLES"'),
)

OBLIGATIONS = (
    ObligationRule(
        "notify_delivery",
        "Tell South Coast AQMD the new vehicle is delivered, for its inspection",
        ObligationKind.NOTICE,
        OnEvent("delivered"),
        _src('Table 1 "New equipment is delivered to site" and step 4a'),
        done_by="delivered",
    ),
    ObligationRule(
        "deploy_new_vehicle",
        "Deploy the new vehicle",
        ObligationKind.MILESTONE,
        FixedDate("deployment_deadline"),
        _src('Section 1.1 "Eligible Replacement Vehicle" ("deployed no later than February 2028")'),
        done_by="commissioned",
    ),
    ObligationRule(
        "surrender_to_dismantler",
        "Drive the old vehicle to an approved dismantler",
        ObligationKind.DESTRUCTION,
        AfterEvent("delivered", "surrender_to_dismantler_days", DayCount.CALENDAR_DAYS),
        _src(f"Table 1 step 4b; {SCRAPPING}"),
        done_by="dismantler_receipt",
    ),
    ObligationRule(
        "scrap_old_vehicle",
        "Have the old vehicle scrapped",
        ObligationKind.DESTRUCTION,
        AfterEvent("dismantler_receipt", "scrapping_days", DayCount.CALENDAR_DAYS),
        _src(SCRAPPING),
        done_by="destroyed",
    ),
    ObligationRule(
        "payment_request",
        "Submit the payment request",
        ObligationKind.INVOICE,
        FixedDate("payment_request_deadline"),
        _src('SECTION 5 "PAYMENT TERMS"'),
    ),
)

POST_AWARD = PostAward(
    code=CODE,
    agreement_noun="rebate agreement",
    events=EVENTS,
    terms=TERMS,
    obligations=OBLIGATIONS,
    term=TermRule(
        "Operating period (five years from deployment)",
        "commissioned",
        years_from_term("operating_period_years"),
        _src('Section 1.1; Section 4.3; DEFINITIONS 1 "Agreement Term" ii'),
    ),
    reporting=Reporting(
        invest_clean.EVERY_SIX_MONTHS,
        "Semi-annual report",
        _src('Section 4.4 "DELIVERABLES"; Table 1 step 6'),
        certification_source=_src(
            'Section 6.7 ("yearly certification ... due at the same time as the semi-annual progress reports")'
        ),
        documents=("vehicle registration", "vehicle insurance"),
    ),
    usage=UsageRequirement(
        "miles",
        "miles",
        _src(AGREEMENT),
        annual_term="minimum_annual_miles",
        shares=(AreaShare("msa_share_percent", "the two MSAs", _src(AGREEMENT)),),
    ),
    remedies=invest_clean.remedies(CODE, 'Section 4.5 "PERFORMANCE"'),
    payment_deadline=FixedDate("payment_request_deadline"),
    notes=(
        '"All payment requests must be submitted by February 2028" and "deployed no later than February 2028" '
        "are read as the last day of that month, February 29, 2028.",
        "The 5-year operating period runs from deployment, when the post-inspection confirms the vehicle operational "
        "(DEFINITIONS 1: the implementation period equals the operating period); the programs rule set lists it "
        "among the periods after delivery, which is the same day when the vehicle is deployed on delivery.",
        'The yearly labor-law certification is "due at the same time as the semi-annual progress reports" '
        "(Section 6.7): being yearly, it travels with the report closing each project year.",
        'Section 4.2 asks for the evidence of destruction "per the Agreement terms" without a period: it is '
        "part of the payment request (SECTION 5).",
    ),
)
