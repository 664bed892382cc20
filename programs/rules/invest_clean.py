"""Mechanics the three INVEST CLEAN announcements share (001_ea26778b00a7e017.txt).

PA2026-01 (cargo handling equipment), PA2026-02 (Class 8 trucks) and PA2026-03 (charging
infrastructure) are rebates from one EPA CPRG grant: the same two MSAs, the same quote rules,
the same 14-day answer to a staff request, and the same "never more than the cost" limit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import AttachmentSlot, RuleResult, Source, check
from .common import least_of, quote_is_recent
from .fields import Kind
from .i18n import gettext as _
from .selection import AwardLimit, Order, Selection
from .terms import Term, Terms

SEED = "001_ea26778b00a7e017.txt"

MSA_COUNTIES = ("Los Angeles", "Orange", "Riverside", "San Bernardino")
"""The two MSAs' four counties (PA2026-02 "INTRODUCTION"; PA2026-01 "INTRODUCTION")."""

MSAS = (
    ("Los Angeles-Orange County MSA", ("Los Angeles", "Orange")),
    ("Inland Empire MSA", ("Riverside", "San Bernardino")),
)
"""The two MSAs by the names PA2026-02 Section 3 gives them ("Los Angeles-Orange County MSA and Inland Empire
MSA"); the board letter's Los Angeles-Long Beach-Anaheim and Riverside-San Bernardino-Ontario MSAs, whose four
counties PA2026-01 Section 1 lists."""

QUOTE_MAX_AGE_DAYS = 90
QUOTE_SOURCE = Source(SEED, 'PA2026-01 Section 2 "Vendor quotes must be dated no longer than 90 days prior"')
QUOTE_MAX_AGE = Term(
    "quote_max_age_days",
    "Vendor quote dated at most this long before the application",
    Kind.INTEGER,
    QUOTE_MAX_AGE_DAYS,
    QUOTE_SOURCE,
    unit="calendar days",
)
"""The same 90-day quote rule in all three announcements (PA2026-01 states it; PA2026-02 adopts it)."""


def deficiency_response_term(source: Source) -> Term:
    """The same 14-calendar-day answer to a staff request, cited from the announcement that states it."""
    return Term(
        "deficiency_response_days",
        "Answer to a staff request for information",
        Kind.INTEGER,
        14,
        source,
        unit="calendar days",
    )


DEFICIENCY_RESPONSE = deficiency_response_term(
    Source(SEED, "PA2026-02 Table 1 step 2 and Section 3 (14 calendar days)")
).period


BUSINESS_FORMS = tuple(
    AttachmentSlot(key, label, district_form=True)
    for key, label in (
        ("bir", "Business Information Request (BIR)"),
        ("campaign_disclosure", "Campaign Contribution Disclosure"),
        ("w9", "W-9 Request for Taxpayer Identification Number and Certification"),
        ("direct_deposit", "Direct Deposit Form"),
        ("form_590", "590 Withholding Exemption Certificate"),
        ("debarment_certificate", "Certificate Regarding Debarment, Suspension, and Other Responsibility Matters"),
        ("labor_law_compliance", "Labor Law Compliance form"),
    )
)
"""The signed business forms closing the "REQUIRED ATTACHMENTS" of PA2026-01 and PA2026-02 Attachment A."""


def in_msas(rule: str, county: str, source: Source, *, what: str) -> RuleResult:
    """``what`` is already in the reader's language."""
    place = _(county)  # "Outside California"; county names read the same in every language
    return check(
        rule,
        county in MSA_COUNTIES,
        source,
        ok=_("{what} is in {county} County, inside the two MSAs.").format(what=what, county=place),
        fail=_("{what} is in {county}, outside the two MSAs ({counties} and {last} counties).").format(
            what=what, county=place, counties=", ".join(MSA_COUNTIES[:-1]), last=MSA_COUNTIES[-1]
        ),
    )


def quote_within_max_age(quote_date: dt.date, submitted_on: dt.date, terms: Terms) -> RuleResult:
    """The round's quote age (the seed's 90 days) before the application date."""
    return quote_is_recent(quote_date, submitted_on, terms["quote_max_age_days"], terms.cite("quote_max_age_days"))


def rebate(
    *, award_cap: Decimal, eligible_cost: Decimal, other_incentives: Decimal, amount_requested: Decimal | None
) -> tuple[Decimal, dict]:
    """The rebate: the least of the cap, the eligible cost less other incentives, and the request.

    "in no case may the total grant/rebate funds be greater than 100% of a project's total cost"
    (PA2026-02 Section 1.2; PA2026-01 "FUNDING"; PA2026-03 "REBATE AMOUNT").
    """
    limits = {"award_cap": award_cap, "cost_less_other_incentives": eligible_cost - other_incentives}
    if amount_requested is not None:
        limits["amount_requested"] = amount_requested
    binding, award = least_of(limits)
    figures = {**limits, "eligible_cost": eligible_cost, "other_incentives": other_incentives, "binding_limit": binding}
    return award, figures


def first_come_first_served(
    *, source: Source, partial_funding: Source, county_field: str, limits: tuple[AwardLimit, ...] = ()
) -> Selection:
    """PA2026-01 and PA2026-02: approved as received, by submission date, until the funds are encumbered, with
    funding balanced across the two MSAs "to the extent feasible", for which "some funds may be reserved
    initially" (PA2026-02 Section 3; PA2026-01 Section 2.2 "intent is to allocate project funding equally
    throughout the two MSAs, if feasible"). Staff set and release the per-MSA reserves."""
    return Selection(
        order=Order.SUBMISSION,
        description=(
            "First come, first served: eligible projects are funded in the order their applications were "
            "submitted until the funds are encumbered. To balance funding across the two MSAs, staff may "
            "reserve part of the funds for each MSA and release the reserve later."
        ),
        source=source,
        partial_funding=partial_funding,
        msas=MSAS,
        county_field=county_field,
        limits=limits,
    )
