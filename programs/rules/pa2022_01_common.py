"""What PA2022-01's two paths (Carl Moyer Program and Proposition 1B) share.

Source: 002_93fe1fbed5faf247.txt, "SOUTH COAST AQMD PROGRAM ANNOUNCEMENT For CLEAN HEAVY-DUTY
VEHICLE REPLACEMENT PROGRAM PA2022-01". Section names below are that announcement's headings.
The rules here come from sections that govern every application (DEFINITIONS, PROJECT COST,
contract criteria of the WORK STATEMENT); each path adds its own in pa2022_01_cmp.py and
pa2022_01_prop1b.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from core.deadlines import add_months

from .base import EvaluationContext, RuleResult, Source, check
from .common import quote_is_recent
from .fields import Kind
from .i18n import date_in_words
from .i18n import gettext as _
from .terms import Term, Terms

NON_PUBLIC_MAX_SHARE = Decimal("0.85")
"""All grants and other funds at most 85% of the total project cost for non-public agency applicants (OTHER
IMPORTANT PROGRAM INFORMATION, "leveraged with other funding sources" bullet), on both paths."""
SEED = "002_93fe1fbed5faf247.txt"


def src(section: str) -> Source:
    return Source(SEED, section)


DEFINITIONS_REPLACEMENT = src('DEFINITIONS "Equipment Replacement"')
PROJECT_COST = src('PROJECT COST ("vendor quotes must be dated within 90 days")')
CONTRACT_CRITERIA = src('WORK STATEMENT, "At a minimum, any contract ... must meet the following criteria"')
COMPLIANCE_WITH_LAWS = src("COMPLIANCE WITH APPLICABLE LAWS")

QUOTE_MAX_AGE_DAYS = 90  # "All quotes must have been obtained within 90 days prior to the application submittal date"
OWNERSHIP_MONTHS = 24  # "owned and operated the old equipment in California for the previous two years"
OPERATIONAL_DEADLINE = dt.date(2024, 3, 31)  # "in operation ... by March 31, 2024, whichever is earlier"
LOW_NOX_STANDARD_G_BHP_HR = Decimal("0.02")  # WHAT: "emitting 0.02g/bhp-hr of NOx or lower"

TERMS = (
    Term(
        "operational_deadline",
        "Every vehicle in operation by (or within 18 months of contract execution, if earlier)",
        Kind.DATE,
        OPERATIONAL_DEADLINE,
        src('WORK STATEMENT/SCHEDULE OF DELIVERABLES and OTHER IMPORTANT PROGRAM INFORMATION ("by March 31, 2024")'),
    ),
    Term(
        "quote_max_age_days",
        "Vendor quote dated at most this long before the application",
        Kind.INTEGER,
        QUOTE_MAX_AGE_DAYS,
        PROJECT_COST,
        unit="calendar days",
    ),
)
"""The terms both paths rest on; pa2022_01_cmp.py and pa2022_01_prop1b.py add their own (``programs.rules.terms``)."""

FUEL_CHOICES = (
    ("diesel", "Diesel"),
    ("gasoline", "Gasoline"),
    ("natural_gas", "Natural gas (CNG or LNG)"),
    ("propane", "Propane (LPG)"),
    ("electric", "Electricity (battery-electric)"),
    ("hydrogen", "Hydrogen (fuel cell)"),
    ("other", "Other"),
)
TECHNOLOGY_CHOICES = (
    ("zero_emission", "Zero-emission truck (battery-electric or fuel cell)"),
    ("hybrid_zero_emission_mile", "Hybrid zero-emission-mile truck"),
    ("optional_low_nox", "Optional low-NOx engine (0.02 g/bhp-hr NOx or less)"),
    ("other", "Other engine"),
)
SERVICE_CLASS_CHOICES = (
    ("LHD", "Light heavy-duty (LHD)"),
    ("MHD", "Medium heavy-duty (MHD)"),
    ("HHD", "Heavy heavy-duty (HHD)"),
)
PROJECT_TYPE_CHOICES = (
    ("replacement", "Replacement (1 for 1)"),
    ("replacement_2_for_1", "Replacement (2 for 1, Prop 1B only)"),
    ("repower", "Repower (Prop 1B only, fleets of 3 trucks or less)"),
)

TRUCK_CLASSES = (
    (4, 14_001, 16_000),
    (5, 16_001, 19_500),
    (6, 19_501, 26_000),
    (7, 26_001, 33_000),
    (8, 33_001, None),
)
"""GVWR weight classes (pounds). The seed names the classes but not every boundary: 14,001 lb
(WHO, "Class 4, 5, 6, 7 or 8"), 19,501 and 33,001 lb (CMP classification table: LHD Class 4-5,
MHD Class 6-7, HHD Class 8) come from it; 16,001 (Class 5) and 26,001 (Class 7) are the federal
GVWR classes those seed boundaries belong to."""


def truck_class(gvwr_lb: int) -> int | None:
    """The weight class (4-8) of a GVWR, or ``None`` below 14,001 lb (not heavy-duty)."""
    for number, low, high in TRUCK_CLASSES:
        if gvwr_lb >= low and (high is None or gvwr_lb <= high):
            return number
    return None


def label(choices: tuple[tuple[str, str], ...], key: str | None) -> str:
    """A choice's label in the reader's language."""
    return _(dict(choices).get(key, "not given")) if key else _("not given")


def is_low_nox_or_zero(project: Mapping[str, Any]) -> bool:
    """Zero-emission, or an engine certified to 0.02 g/bhp-hr NOx or lower (WHAT; DEFINITIONS)."""
    if project["replacement_technology"] == "zero_emission":
        return True
    if project["replacement_technology"] == "other":
        return False
    certified = project.get("replacement_engine_nox_g_bhp_hr")
    return certified is not None and certified <= LOW_NOX_STANDARD_G_BHP_HR


def replacement_certified_nox_text(project: Mapping[str, Any]) -> str:
    if project["replacement_technology"] == "zero_emission":
        return _("zero-emission")
    certified = project.get("replacement_engine_nox_g_bhp_hr")
    if certified is None:
        technology = label(TECHNOLOGY_CHOICES, project["replacement_technology"]).lower()
        return _("{technology} with no certified NOx level given").format(technology=technology)
    return _("certified to {level} g/bhp-hr NOx").format(level=certified)


def quote_within_max_age(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> RuleResult:
    """PROJECT COST: "The vendor quotes must be dated within 90 days of the application submittal date"."""
    return quote_is_recent(
        project["quote_date"], context.evaluated_on, terms["quote_max_age_days"], terms.cite("quote_max_age_days")
    )


def owned_two_years(project: Mapping[str, Any], context: EvaluationContext) -> RuleResult:
    """DEFINITIONS "Equipment Replacement": owned and operated in California for the previous two years."""
    since = project["ownership_start_date"]
    needed = add_months(context.evaluated_on, -OWNERSHIP_MONTHS)
    return check(
        "ownership_two_years",
        since <= needed,
        DEFINITIONS_REPLACEMENT,
        ok=_("The truck has been owned since {since}, at least two years before the application.").format(
            since=date_in_words(since)
        ),
        fail=_(
            "The truck has been owned since {since}; it must have been owned and operated in California for the "
            "two years before the application (since {needed} or earlier)."
        ).format(since=date_in_words(since), needed=date_in_words(needed)),
    )


def in_operation_by_deadline(project: Mapping[str, Any], terms: Terms) -> RuleResult:
    """Contract criteria and OTHER IMPORTANT PROGRAM INFORMATION: in operation by the round's date (the seed's
    March 31, 2024). The 18 months from contract execution is checked when the contract is executed."""
    planned, deadline = project["expected_operation_date"], terms["operational_deadline"]
    return check(
        "operational_deadline",
        planned <= deadline,
        terms.cite("operational_deadline", CONTRACT_CRITERIA),
        ok=_("The replacement is planned to be in operation on {planned}, by {deadline}.").format(
            planned=date_in_words(planned), deadline=date_in_words(deadline)
        ),
        fail=_(
            "The replacement is planned to be in operation on {planned}; every vehicle must be in operation "
            "within 18 months of contract execution or by {deadline}, whichever is earlier."
        ).format(planned=date_in_words(planned), deadline=date_in_words(deadline)),
    )


def domiciled_in_scab(project: Mapping[str, Any]) -> RuleResult:
    """Contract criteria: "Project equipment must be domiciled within the boundaries of the SCAB"."""
    return check(
        "domiciled_in_scab",
        project["domiciled_in_scab"],
        CONTRACT_CRITERIA,
        ok=_("The truck is domiciled in the South Coast Air Basin."),
        fail=_("The truck must be domiciled within the South Coast Air Basin (SCAB)."),
    )


def fleet_compliant(context: EvaluationContext) -> RuleResult:
    """COMPLIANCE WITH APPLICABLE LAWS; CMP "Fleets must be fully compliant with all applicable fleet regulations"."""
    return check(
        "fleet_compliant",
        context.application["fleet_compliant"],
        COMPLIANCE_WITH_LAWS,
        ok=_("The fleet is compliant with all applicable fleet regulations."),
        fail=_("The fleet must be fully compliant with all applicable CARB fleet regulations before it can be funded."),
    )


def existing_is_diesel(project: Mapping[str, Any], source: Source) -> RuleResult:
    fuel = project["existing_fuel_type"]
    return check(
        "existing_diesel",
        fuel == "diesel",
        source,
        ok=_("The existing truck is diesel-fueled."),
        fail=_("The existing truck runs on {fuel}; only diesel trucks may be replaced.").format(
            fuel=label(FUEL_CHOICES, fuel).lower()
        ),
    )


def shared_rules(project: Mapping[str, Any], context: EvaluationContext, terms: Terms) -> list[RuleResult]:
    """The rules every PA2022-01 application meets, whichever path funds it."""
    return [
        fleet_compliant(context),
        owned_two_years(project, context),
        domiciled_in_scab(project),
        quote_within_max_age(project, context, terms),
        in_operation_by_deadline(project, terms),
    ]
