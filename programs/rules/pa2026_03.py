"""PA2026-03 Charging Infrastructure Deployment Incentive Program (Measure 1).

Source: 001_ea26778b00a7e017.txt, Attachment C of the board letter, "Program Announcement
#PA2026-03". Section names below are that announcement's. One project is one charging location:
"An application can include multiple locations, and a single rebate will be issued per location"
(SECTION III); "'Project' refers to the proposed charging infrastructure at one location" (footnote 1).

County allocation: the seed states no numeric allocation. Locations are "selected for funding in
proportion to each county's Class 4 to 8 MD/HD truck population" (SECTION IV) without giving the
populations or shares, and the "geographic minimum" SECTION IV mentions is never stated (PA2026-01
Section 2.2: none was established). So the method is encoded (``SELECTION``) and the numbers are data:
staff enter each county's truck population on the program's funding page; the site county is
reported in the figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from core.places import COUNTY_CHOICES

from . import invest_clean
from .applicant import APPLICANT_FIELDS
from .base import AttachmentSlot, Criterion, Evaluation, EvaluationContext, RuleResult, RuleSet, Source, check, money
from .common import at_least, month_or_day, rubric_points
from .fields import Field, InputError, Kind
from .i18n import date_in_words, ngettext
from .i18n import gettext as _
from .selection import Order, Selection
from .terms import Term, Terms

CODE = "PA2026-03"
SEED = invest_clean.SEED


def _src(section: str) -> Source:
    return Source(SEED, f"PA2026-03 {section}")


WHEN = _src('SECTION I "WHEN"')
GENERAL = _src('SECTION I "GENERAL PROGRAM INFORMATION" and Table 2 step 4a')
REBATE_AMOUNT = _src('SECTION I "REBATE AMOUNT"')
ELIGIBLE_APPLICANT = _src('SECTION I "ELIGIBLE APPLICANT"')
ELIGIBLE_EQUIPMENT = _src('SECTION I "ELIGIBLE EQUIPMENT AND COST"')
CONNECTORS = _src('SECTION I "ELIGIBLE EQUIPMENT AND COST" and Attachment A "Number of connectors per Charger"')
AGREEMENT = _src('SECTION V "AGREEMENT"')
PROJECT_LIFE_SOURCE = _src('SECTION VI "DEFINITIONS" 2. Project Life')
SCORING = _src('SECTION IV "APPLICATION EVALUATION/AWARDEE SELECTION CRITERIA"')

REBATE_PER_KW = Decimal("700.00")  # "up to $700 per kW", REBATE AMOUNT; PAYMENTS
MIN_CHARGER_RATING_KW = {
    "single": Decimal(250),  # "each connector must support a power output of at least 250 kW"
    "dual": Decimal(500),  # Attachment A: "minimum of 250 kW for single plug and 500 kW for dual plug"
}
"""The charger rating each plug arrangement needs. The general rule (250 kW per connector) and Attachment A's
more specific one (500 kW for a dual-plug charger) agree: 250 kW for each connector of the charger."""
PLUGS = {"single": 1, "dual": 2}
MIN_APPRENTICESHIP_PERCENT = Decimal(60)  # "at least 60 percent of the skilled journeypersons", GENERAL
MIN_WARRANTY_YEARS = Decimal(1)  # "furnish at least one year's manufacturer's warranty", SECTION V
COMMISSIONING_DEADLINE = dt.date(2028, 3, 31)  # "should be commissioned by March 2028", WHEN (end of March)
PROJECT_LIFE_TERM = Term(
    "project_life_years",
    "Project life after commissioning",
    Kind.INTEGER,
    5,
    Source(
        SEED,
        f'{PROJECT_LIFE_SOURCE.section} ("5-year operational period beyond the commissioning date"); '
        'SECTION V ("minimum of five (5) years")',
    ),
    unit="years",
)
PROJECT_LIFE = PROJECT_LIFE_TERM.period

TERMS = (
    Term(
        "commissioning_deadline",
        "Charging station commissioned by",
        Kind.DATE,
        COMMISSIONING_DEADLINE,
        _src('SECTION I "WHEN" ("should be commissioned by March 2028")'),
        help="The announcement names a month; its last day is the deadline.",
    ),
    Term(
        "rebate_per_kw", "Rebate per kW of total power output", Kind.MONEY, REBATE_PER_KW, REBATE_AMOUNT, unit="per kW"
    ),
    invest_clean.deficiency_response_term(_src('Table 2 step 2 ("14 calendar days from a notice of correction")')),
    PROJECT_LIFE_TERM,
)
"""What a re-issued PA2026-03 may change; each default is the seed's value (``programs.rules.terms``)."""
SEED_TERMS = Terms(TERMS)

RUBRIC = (
    Criterion(
        "project_readiness",
        "Project readiness (site power capacity for the chargers; site ownership or lease in place)",
        20,
        SCORING,
    ),
    Criterion("compliance", "Demonstrating compliance with Section VI: Legal Updates and Definitions", 20, SCORING),
    Criterion(
        "location", "Location (closes a gap in the charging network for the goods movement industry)", 20, SCORING
    ),
    Criterion(
        "utilization", "Utilization of the charging site (fleet commitment letters, minimum throughput)", 10, SCORING
    ),
    Criterion(
        "measure_2_support",
        "Additional points for supporting INVEST CLEAN Measure 2 truck deployment "
        "(excluding publicly accessible charging projects)",
        5,
        SCORING,
        bonus=True,
    ),
    Criterion(
        "public_access",
        "Public access (limited public access with a minimum of two usage fleet contracts receives fewer points)",
        15,
        SCORING,
    ),
    Criterion("cost_reasonableness", "Reasonableness of cost vs competition and industry average", 10, SCORING),
)
RUBRIC_TOTAL = 100
"""The table's "TOTAL: 100" is the six criteria (95 points) plus the 5 bonus points of utilization's "(+5)".
The seed sets no minimum score: scored locations are "ranked from highest to lowest" (SECTION IV) and
"Applications that meet all eligibility requirements will be approved for funding" (Table 2 step 2), so the
score ranks locations and changes neither eligibility nor the rebate."""
BONUS = "measure_2_support"

SITE_CONTROL_CHOICES = (
    ("owned", "Owned by the applicant"),
    ("lease", "Long-term lease"),
    ("easement", "Easement"),
    ("other_arrangement", "Other legal arrangement"),
    ("none", "None yet"),
)
OPERATION_MODEL_CHOICES = (
    ("public", "No subscription required (fully public access)"),
    ("contract", "Contract/subscription required"),
    ("semi_private", "Semi-private"),
    ("private", "Fully private"),
    ("other", "Other"),
)
PLUG_CHOICES = (("single", "Single-plug"), ("dual", "Dual-plug"))

_SITE = "Project site"
_DESC = "Project description"
_CHG = "Chargers"
_LAB = "Installation workforce"
_COST = "Project cost and funding request"
_SCHED = "Project implementation schedule"

PROJECT_FIELDS = (
    Field("site_address", "Project site location (full address)", group=_SITE),
    Field("site_county", "County of the project site", Kind.CHOICE, group=_SITE, choices=COUNTY_CHOICES),
    Field("site_control", "Land ownership or control", Kind.CHOICE, group=_SITE, choices=SITE_CONTROL_CHOICES),
    Field(
        "site_control_through",
        "Lease, easement or arrangement runs through",
        Kind.DATE,
        group=_SITE,
        required=False,
        help="Required unless the applicant owns the land.",
    ),
    Field(
        "project_description",
        "Project description (location, fleet customers, charger count and rate, projected utilization)",
        group=_DESC,
    ),
    Field(
        "construction_activities",
        "Construction activities (ground disturbance, noise, vegetation, water features, light)",
        group=_DESC,
    ),
    Field("environmental_review", "Federal, state or local environmental review already completed", group=_DESC),
    Field("site_operation_model", "Site operation model", Kind.CHOICE, group=_DESC, choices=OPERATION_MODEL_CHOICES),
    Field(
        "publicly_accessible",
        "Charging is publicly accessible (fully or limited public access)",
        Kind.BOOLEAN,
        group=_DESC,
    ),
    Field("supports_measure_2_trucks", "Charges trucks funded by INVEST CLEAN Measure 2", Kind.BOOLEAN, group=_DESC),
    Field(
        "supports_class_4_to_8", "Site supports Class 4 to 8 vehicles (over 14,000 lb GVWR)", Kind.BOOLEAN, group=_DESC
    ),
    Field(
        "projected_annual_throughput_kwh",
        "Proposed minimum annual throughput",
        Kind.INTEGER,
        group=_DESC,
        unit="kWh/year",
    ),
    Field("dc_fast_chargers", "The chargers are DC fast chargers (DCFC)", Kind.BOOLEAN, group=_CHG),
    Field("charger_count", "Number of chargers", Kind.INTEGER, group=_CHG, unit="chargers", min_value=Decimal(1)),
    Field("plugs_per_charger", "Connectors per charger", Kind.CHOICE, group=_CHG, choices=PLUG_CHOICES),
    Field("charger_rating_kw", "Charger rating (each charger)", Kind.DECIMAL, group=_CHG, unit="kW"),
    Field(
        "total_power_output_kw",
        "Total power output of the station with all chargers operating",
        Kind.DECIMAL,
        group=_CHG,
        unit="kW",
        help="Less than the sum of the ratings when chargers share load.",
    ),
    Field("equipment_specification", "Specification of the charging and enabling equipment", group=_CHG),
    Field("enabling_equipment_justification", "Justification for each enabling equipment", group=_CHG),
    Field("warranty_years", "Manufacturer's warranty", Kind.DECIMAL, group=_CHG, unit="years"),
    Field(
        "evitp_electrician",
        "At least one EVITP-certified electrician on the installation crew (more where PUC 740.20 applies)",
        Kind.BOOLEAN,
        group=_LAB,
    ),
    Field(
        "apprenticeship_graduate_percent",
        "Skilled journeypersons who are graduates of a joint labor-management EV infrastructure apprenticeship program",
        Kind.PERCENT,
        group=_LAB,
        unit="%",
    ),
    Field(
        "equipment_cost",
        "Charging and enabling equipment cost (including tax and fees)",
        Kind.MONEY,
        group=_COST,
        unit="USD",
    ),
    Field(
        "installation_cost",
        "Installation cost of the eligible equipment (direct costs only)",
        Kind.MONEY,
        group=_COST,
        unit="USD",
    ),
    Field(
        "indirect_cost",
        "Design, engineering, overhead and other indirect costs (not eligible)",
        Kind.MONEY,
        group=_COST,
        unit="USD",
        required=False,
    ),
    Field("total_project_cost", "Total cost of the charging station project", Kind.MONEY, group=_COST, unit="USD"),
    Field("amount_requested", "Funding request, as supported by vendor quote(s)", Kind.MONEY, group=_COST, unit="USD"),
    Field(
        "other_incentives",
        "Funding from other sources for this location",
        Kind.MONEY,
        group=_COST,
        unit="USD",
        required=False,
    ),
    Field("other_funding_entity", "Name of other funding entity", group=_COST, required=False),
    Field("power_upgrade_date", "Site power upgrade, if needed", Kind.DATE, group=_SCHED, required=False),
    Field("engineering_design_date", "Engineering design, if required", Kind.DATE, group=_SCHED, required=False),
    Field("equipment_order_date", "Place order for project equipment", Kind.DATE, group=_SCHED),
    Field("equipment_delivery_date", "Delivery of charging equipment", Kind.DATE, group=_SCHED),
    Field("installation_date", "Construction and installation of the charging station", Kind.DATE, group=_SCHED),
    Field("commissioning_date", "Commissioning and local government final approval", Kind.DATE, group=_SCHED),
)

APPLICATION_FIELDS = APPLICANT_FIELDS  # Attachment A "APPLICANT INFORMATION"

ATTACHMENTS = tuple(
    AttachmentSlot(
        key,
        label,
        required,
        per_project=key != "business_information_forms",
        district_form=key == "business_information_forms",
    )  # the rest belong to one location
    for key, label, required in (
        ("vendor_quotes", "All vendor quotes and related information supporting the project cost estimate", True),
        ("site_layout", "Site layout with ingress, egress and the location of all chargers and plugs", True),
        ("location_map", "Geographic location: aerial map and street address or GPS coordinates", True),
        (
            "site_control",
            "Proof of land ownership, or an executed lease or property owner's letters of commitment "
            "for the project life",
            True,
        ),
        ("power_evaluation", "Site electricity power evaluation establishing power capacity for the chargers", True),
        (
            "truck_deployment_plan",
            "Truck deployment plan or truck charging service plan (fleet usage, commitments, agreements)",
            True,
        ),
        ("power_timeline", "Documentation that power is being or will be provided in time for the milestones", True),
        ("other_readiness", "Other project readiness documentation (utility power capacity, upgrade schedule)", False),
        (
            "measure_2_documentation",
            "Documentation of charging for INVEST CLEAN Measure 2 vehicles (if applicable)",
            False,
        ),
        # SECTION III "Certifications and Representations": the signed forms "are required to be submitted".
        ("business_information_forms", "South Coast AQMD Business Information Forms (signed)", True),
    )
)
"""Attachment A "REQUIRED ATTACHMENTS" (and SECTION III for the Business Information Forms)."""


def site_in_msas(project: Mapping[str, Any]) -> RuleResult:
    return invest_clean.in_msas("site_in_msas", project["site_county"], ELIGIBLE_APPLICANT, what=_("The charging site"))


def site_controlled_for_project_life(project: Mapping[str, Any], terms: Terms) -> RuleResult:
    """Land owned, or controlled by lease, easement or other arrangement for the project life (ELIGIBLE APPLICANT)."""
    control = project["site_control"]
    life = terms.resolve(PROJECT_LIFE)
    if life.amount % 12 == 0:
        years = ngettext("{count} year", "{count} years", life.amount // 12).format(count=life.amount // 12)
    else:
        years = ngettext("{count} month", "{count} months", life.amount).format(count=life.amount)
    life_ends = life.due(project["commissioning_date"])
    if control in ("owned", "none"):
        return check(
            "site_control",
            control == "owned",
            ELIGIBLE_APPLICANT,
            ok=_("The applicant owns the land of the charging site."),
            fail=_(
                "The applicant must own the land of the site or control it through a long-term lease, "
                "easement, or other legal arrangement for the project life."
            ),
        )
    through = project["site_control_through"]
    words = {
        "kind": _(dict(SITE_CONTROL_CHOICES)[control]),
        "through": date_in_words(through),
        "life_ends": date_in_words(life_ends),
        "years": years,
    }
    return check(
        "site_control",
        through >= life_ends,
        ELIGIBLE_APPLICANT,
        ok=_(
            "Site control ({kind}) runs through {through}, covering the project life to {life_ends} "
            "({years} after commissioning)."
        ).format(**words),
        fail=_(
            "Site control ({kind}) runs through {through}; it must cover the project life to {life_ends} "
            "({years} after commissioning)."
        ).format(**words),
    )


def dc_fast_chargers(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "dc_fast_chargers",
        project["dc_fast_chargers"],
        ELIGIBLE_EQUIPMENT,
        ok=_("The chargers are DC fast chargers."),
        fail=_("Funding is available for DC fast chargers (DCFC) only."),
    )


def connector_power(project: Mapping[str, Any]) -> RuleResult:
    plugs = project["plugs_per_charger"]
    return at_least(
        "connector_power",
        project["charger_rating_kw"],
        MIN_CHARGER_RATING_KW[plugs],
        CONNECTORS,
        what=_("The rating of each charger ({plugs}, 250 kW a connector)").format(
            plugs=_(dict(PLUG_CHOICES)[plugs]).lower()
        ),
        unit="kW",
    )


def supports_class_4_to_8(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "supports_class_4_to_8",
        project["supports_class_4_to_8"],
        ELIGIBLE_EQUIPMENT,
        ok=_("The site supports Class 4 to 8 vehicles."),
        fail=_("The site where the chargers are installed must support Class 4 to 8 vehicles."),
    )


def commissioned_by_deadline(project: Mapping[str, Any], terms: Terms) -> RuleResult:
    """The round's commissioning deadline (the seed's "by March 2028")."""
    planned, deadline = project["commissioning_date"], terms["commissioning_deadline"]
    words = {"planned": date_in_words(planned), "by": month_or_day(deadline)}
    return check(
        "commissioning_deadline",
        planned <= deadline,
        terms.cite("commissioning_deadline", WHEN),
        ok=_("Commissioning is planned for {planned}, by {by}.").format(**words),
        fail=_("Commissioning is planned for {planned}; charging stations should be commissioned by {by}.").format(
            **words
        ),
    )


def evitp_electrician(project: Mapping[str, Any]) -> RuleResult:
    return check(
        "evitp_electrician",
        project["evitp_electrician"],
        GENERAL,
        ok=_("The installation crew has at least one EVITP-certified electrician."),
        fail=_(
            "The installation crew must have at least one EVITP-certified electrician (more where PUC "
            "740.20 applies) to be eligible for the rebate."
        ),
    )


def apprenticeship_staffing(project: Mapping[str, Any]) -> RuleResult:
    return at_least(
        "apprenticeship",
        project["apprenticeship_graduate_percent"],
        MIN_APPRENTICESHIP_PERCENT,
        GENERAL,
        what=_("The share of skilled journeypersons who are apprenticeship graduates"),
        unit="%",
    )


def warranty_at_least_1_year(project: Mapping[str, Any]) -> RuleResult:
    years = project["warranty_years"]
    return check(
        "warranty",
        years >= MIN_WARRANTY_YEARS,
        AGREEMENT,
        ok=_("The manufacturer's warranty is {years} years, at least the required one year.").format(years=years),
        fail=_("The manufacturer's warranty is {years} years; at least one year's warranty is required.").format(
            years=years
        ),
    )


SITE_RULES = (site_in_msas,)
EQUIPMENT_RULES = (dc_fast_chargers, connector_power, supports_class_4_to_8)
INSTALLATION_RULES = (evitp_electrician, apprenticeship_staffing, warranty_at_least_1_year)


def bonus_allowed(project: Mapping[str, Any]) -> bool:
    """Measure 2 points go to projects supporting Measure 2 trucks, "excluding publicly accessible charging"."""
    return project["supports_measure_2_trucks"] and not project["publicly_accessible"]


def rubric_figures(project: Mapping[str, Any], scores: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Staff's scores checked against SECTION IV, their total, and a note while criteria are unscored."""
    points = rubric_points(RUBRIC, scores)
    if points.get(BONUS, 0) and not bonus_allowed(project):
        raise InputError(
            {
                f"scores.{BONUS}": (
                    _(
                        "The 5 additional points are only for projects supporting INVEST CLEAN Measure 2 truck deployment that "
                        "are not publicly accessible; this location is publicly accessible."
                    )
                    if project["publicly_accessible"]
                    else _(
                        "The 5 additional points are only for projects supporting INVEST CLEAN Measure 2 truck deployment "
                        "that are not publicly accessible; this location does not support Measure 2 trucks."
                    )
                )
            }
        )
    unscored = [criterion.key for criterion in RUBRIC if not criterion.bonus and criterion.key not in points]
    if not points:
        status = "not yet scored"
    elif unscored:
        status = "partly scored"
    else:
        status = "scored"
    figures = {
        "rubric_status": status,
        "rubric_total": sum(points.values()) if points else None,
        "rubric_max_points": RUBRIC_TOTAL,
        "rubric_scores": {criterion.key: points.get(criterion.key) for criterion in RUBRIC},
        "rubric_bonus_allowed": bonus_allowed(project),
    }
    notes = []
    if unscored:
        waiting = "; ".join(_(criterion.label) for criterion in RUBRIC if criterion.key in unscored)
        template = (
            _(
                "The rubric is not yet scored: staff have yet to score {criteria}. The score ranks locations "
                "for funding; eligibility and the rebate do not depend on it."
            )
            if not points
            else _(
                "The rubric is partly scored: staff have yet to score {criteria}. The score ranks locations for "
                "funding; eligibility and the rebate do not depend on it."
            )
        )
        notes.append(template.format(criteria=waiting))
    return figures, notes


def evaluate(project: Mapping[str, Any], context: EvaluationContext) -> Evaluation:
    terms = context.terms_or(SEED_TERMS)
    rubric, notes = rubric_figures(project, context.scores)
    results = [
        *(rule(project) for rule in SITE_RULES),
        site_controlled_for_project_life(project, terms),
        *(rule(project) for rule in EQUIPMENT_RULES),
        commissioned_by_deadline(project, terms),
        *(rule(project) for rule in INSTALLATION_RULES),
    ]
    total_kw = project["total_power_output_kw"]
    rebate_per_kw = terms["rebate_per_kw"]
    award, figures = invest_clean.rebate(
        award_cap=money(rebate_per_kw * total_kw),
        eligible_cost=project["equipment_cost"] + project["installation_cost"],
        other_incentives=project.get("other_incentives", Decimal("0.00")),
        amount_requested=project["amount_requested"],
    )
    figures = {
        "rebate_per_kw": rebate_per_kw,
        "total_power_output_kw": total_kw,
        "connectors": project["charger_count"] * PLUGS[project["plugs_per_charger"]],
        "kw_per_connector": project["charger_rating_kw"] / PLUGS[project["plugs_per_charger"]],
        **figures,
        "equipment_cost": project["equipment_cost"],
        "installation_cost": project["installation_cost"],
        "indirect_cost_not_eligible": project.get("indirect_cost", Decimal("0.00")),
        "site_county": project["site_county"],
        "project_life_ends": terms.resolve(PROJECT_LIFE).due(project["commissioning_date"]),
        **rubric,
    }
    evaluation = Evaluation(program=CODE, results=results, award=award, figures=figures, notes=notes)
    if not evaluation.eligible:
        evaluation.award = Decimal("0.00")
    return evaluation


_SCHEDULE = ("equipment_order_date", "equipment_delivery_date", "installation_date", "commissioning_date")


def cross_checks(project: Mapping[str, Any]) -> dict[str, str]:
    """Dates out of order, more kW than the chargers are rated for, costs above the total, a missing lease end."""
    labels = {spec.name: _(spec.label) for spec in PROJECT_FIELDS}
    errors: dict[str, str] = {}
    for earlier, later in pairwise(_SCHEDULE):
        if project[later] < project[earlier]:
            errors[later] = _("{later} ({later_date}) is before {earlier} ({earlier_date}).").format(
                later=labels[later],
                later_date=date_in_words(project[later]),
                earlier=labels[earlier],
                earlier_date=date_in_words(project[earlier]),
            )
    for optional in ("power_upgrade_date", "engineering_design_date"):
        if optional in project and project[optional] > project["commissioning_date"]:
            errors[optional] = _("{step} ({date}) is after commissioning ({commissioning}).").format(
                step=labels[optional],
                date=date_in_words(project[optional]),
                commissioning=date_in_words(project["commissioning_date"]),
            )
    rated = project["charger_count"] * project["charger_rating_kw"]
    if project["total_power_output_kw"] > rated:
        errors["total_power_output_kw"] = _(
            "Total power output {total} kW is more than the chargers' combined rating ({count} x {rating} kW = "
            "{rated} kW)."
        ).format(
            total=project["total_power_output_kw"],
            count=project["charger_count"],
            rating=project["charger_rating_kw"],
            rated=rated,
        )
    parts = project["equipment_cost"] + project["installation_cost"] + project.get("indirect_cost", Decimal(0))
    if project["total_project_cost"] < parts:
        errors["total_project_cost"] = _(
            "Total cost ${total:,} is less than equipment, installation and indirect costs together (${parts:,})."
        ).format(total=project["total_project_cost"], parts=parts)
    if project["site_control"] not in ("owned", "none") and "site_control_through" not in project:
        errors["site_control_through"] = _("Give the date the lease, easement or arrangement runs through.")
    model = project["site_operation_model"]
    if (model == "public" and not project["publicly_accessible"]) or (
        model == "private" and project["publicly_accessible"]
    ):
        errors["publicly_accessible"] = _(
            "Publicly accessible is {answer} but the site operation model is {model}."
        ).format(
            answer=_("yes") if project["publicly_accessible"] else _("no"),
            model=_(dict(OPERATION_MODEL_CHOICES)[model]).lower(),
        )
    return errors


SELECTION = Selection(
    order=Order.SCORE,
    description=(
        "Charging locations are ranked by rubric score, highest first, then selected for funding in "
        "proportion to each county's Class 4 to 8 MD/HD truck population; funds a county does not take "
        "may be redistributed to the next locations by score."
    ),
    source=_src(
        'SECTION IV ("ranked from highest to lowest scores ... then selected for funding in proportion to '
        "each county's Class 4 to 8 MD/HD truck population. Funds may be redistributed based on "
        'applications received")'
    ),
    partial_funding=_src('SECTION IV ("Applicants may be offered only partial funding")'),
    county_shares=True,
    county_field="site_county",
    notes=(
        "The announcement gives no truck populations or shares: staff enter each county's Class 4 to 8 MD/HD "
        "truck population on the funding page, and the shares follow in proportion.",
        "Only fully scored locations are ranked: a location whose rubric is not fully scored waits.",
    ),
)

RULE_SET = RuleSet(
    code=CODE,
    title="Charging Infrastructure Deployment Incentive Program (Measure 1)",
    project_noun="charging location",
    application_fields=APPLICATION_FIELDS,
    project_fields=PROJECT_FIELDS,
    attachments=ATTACHMENTS,
    deficiency_response=SEED_TERMS.term("deficiency_response_days").period,
    evaluate=evaluate,
    source=_src("(Attachment C of the board letter)"),
    rubric=RUBRIC,
    # No period runs from delivery: Table 2 step 4a only asks the awardee to inform staff upon delivery; the
    # 5-year project life runs from commissioning (PROJECT_LIFE, reported in the figures).
    cross_checks=cross_checks,
    terms=TERMS,
    selection=SELECTION,
)
