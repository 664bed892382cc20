"""PA2022-01 under Proposition 1B (goods movement): Class 5-8 diesel truck replacement.

Source: 002_93fe1fbed5faf247.txt, ELIGIBILITY REQUIREMENTS "Eligibility Requirements for Heavy-Duty
Diesel Vehicles under Prop 1B" (bullets numbered below in their order in the seed), Table 1 (weight
class modifications), "Heavy-Duty Vehicle Replacement under the Prop 1B Program" with Table 4 and
its notes. "The Prop 1B program does not utilize cost effectiveness to determine the award amount"
(PROJECT COST): the award is Table 4's amount, limited by cost and co-funding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .base import Evaluation, EvaluationContext, RuleResult, Source, check, money
from .common import at_least, at_most, least_of
from .fields import Kind
from .i18n import gettext as _
from .pa2022_01_common import (
    LOW_NOX_STANDARD_G_BHP_HR,
    NON_PUBLIC_MAX_SHARE,
    TECHNOLOGY_CHOICES,
    existing_is_diesel,
    label,
    replacement_certified_nox_text,
    shared_rules,
    src,
    truck_class,
)
from .pa2022_01_common import (
    TERMS as SHARED_TERMS,
)
from .terms import Term, Terms

PATH = "Prop 1B"


def _bullet(number: int) -> Source:
    return src(
        f'ELIGIBILITY REQUIREMENTS, "Eligibility Requirements for Heavy-Duty Diesel Vehicles under Prop 1B" '
        f"bullet {number}"
    )


HEADING = src(
    'ELIGIBILITY REQUIREMENTS, Prop 1B heading ("used to move goods a majority of the time for the past 2 years")'
)
WHAT = src("WHAT (repower to a natural gas optional low-NOx engine for fleets of 3 trucks or less)")
TABLE_1 = src("Table 1: Prop 1B Heavy-Duty Trucks - Funding Examples for Weight Class Modifications")
TABLE_4 = src("Table 4: Heavy-Duty Trucks - All Fleet Sizes")
TABLE_4_NOTE_2 = src("Table 4 Notes, note 2 (one additional State source; combined funding at most 90%)")
CONTRACT = src('WORK STATEMENT contract criteria, bullet 4 ("within CA for at least 90% of the time (Prop 1B)")')

MIN_GOODS_MOVEMENT_PERCENT = Decimal(50)  # heading: "a majority of the time" (more than half)
MIN_CLASS = 5  # bullet 1: "Class 5 - 8 (Class 4 vehicles are not eligible)"
MIN_CA_OPERATION_PERCENT = Decimal(75)  # bullet 3: "at least 75% operation within California each year"
MIN_PROJECTED_CA_OPERATION_PERCENT = Decimal(90)  # bullet 3: "90% to 100% operation within California"
MIN_CA_MILES = {8: 20_000, 7: 20_000, 6: 10_000, 5: 10_000}  # bullet 4: 20,000 Class 7-8; 10,000 Class 5-6
REPOWER_MAX_FLEET = 3  # bullet 6 and WHAT: "fleet size of 3 trucks or less"
OLD_ENGINE_MODEL_YEARS = (2007, 2009)  # Table 4 "Old Truck Engine Model Year 2007-2009"
MIN_REPLACEMENT_MODEL_YEAR = 2019  # Table 4 "New MY2019+ engine" (row 1 reads "MY2019", an extraction slip)
MAX_OTHER_STATE_SOURCES = 1  # Table 4 note 2: "can only utilize one additional source of State funding"
MAX_COMBINED_SHARE = Decimal("0.90")  # note 2: "combined funding may not exceed 90% of the total eligible cost"
PROJECT_LIFE_YEARS = 5  # "Project life for the replacement truck is five years"


@dataclass(frozen=True)
class WeightClassExample:
    project_type: str
    old_classes: tuple[int, ...]
    replacement_class: int
    funding_class: int


TABLE_1_ROWS = (
    WeightClassExample("replacement", (7,), 8, 7),
    WeightClassExample("replacement", (8,), 7, 7),
    WeightClassExample("replacement", (6,), 5, 5),
    WeightClassExample("replacement_2_for_1", (7, 8), 8, 8),
    WeightClassExample("replacement_2_for_1", (8, 8), 7, 7),
    WeightClassExample("replacement_2_for_1", (6, 6), 7, 6),
    WeightClassExample("replacement_2_for_1", (6, 8), 7, 7),
    WeightClassExample("replacement_2_for_1", (6, 5), 7, 6),
)
"""Table 1, in the seed's row order: project type, old truck class(es), replacement class, funding level."""

TABLE_4_AMOUNTS = {
    (8, "zero_emission"): Decimal("200000.00"),
    (8, "hybrid_zero_emission_mile"): Decimal("150000.00"),
    (8, "optional_low_nox"): Decimal("100000.00"),
    (7, "zero_emission"): Decimal("200000.00"),
    (7, "hybrid_zero_emission_mile"): Decimal("150000.00"),
    (7, "optional_low_nox"): Decimal("100000.00"),
    (6, "zero_emission"): Decimal("100000.00"),
    (6, "optional_low_nox"): Decimal("50000.00"),
    (5, "zero_emission"): Decimal("80000.00"),
    (5, "optional_low_nox"): Decimal("40000.00"),
}
"""Table 4 maximum funding by (truck class, replacement technology); Classes 5-6 list no hybrid row."""


def _table_4_term(truck_class: int, technology: str) -> str:
    return f"prop1b_class_{truck_class}_{technology}_amount"


_TABLE_4_ROWS = {
    "zero_emission": "zero-emission truck",
    "hybrid_zero_emission_mile": "hybrid zero-emission-mile truck",
    "optional_low_nox": "optional low-NOx truck",
}
TERMS = tuple(
    Term(
        _table_4_term(number, technology),
        f"Prop 1B Table 4 maximum, Class {number} {_TABLE_4_ROWS[technology]}",
        Kind.MONEY,
        amount,
        TABLE_4,
    )
    for (number, technology), amount in TABLE_4_AMOUNTS.items()
)
"""What a re-issued PA2022-01 may change on the Prop 1B path: Table 4's amounts (``programs.rules.terms``)."""
SEED_TERMS = Terms(SHARED_TERMS + TERMS)


def table_4_maximum(terms: Terms, truck_class: int, technology: str) -> Decimal | None:
    """The round's Table 4 amount, or ``None`` where the table lists none."""
    return terms[_table_4_term(truck_class, technology)] if (truck_class, technology) in TABLE_4_AMOUNTS else None


@dataclass(frozen=True)
class OldTruck:
    """One existing truck (a 2-for-1 project has two)."""

    name: str
    gvwr_lb: int
    engine_model_year: int
    engine_service_class: str
    ca_miles: tuple[int, int]

    @property
    def truck_class(self) -> int | None:
        return truck_class(self.gvwr_lb)


def old_trucks(project: Mapping[str, Any]) -> Iterator[OldTruck]:
    yield OldTruck(
        "existing truck",
        project["existing_gvwr_lb"],
        project["existing_engine_model_year"],
        project["existing_engine_service_class"],
        (project["ca_miles_recent_12_months"], project["ca_miles_prior_12_months"]),
    )
    if project["project_type"] == "replacement_2_for_1":
        yield OldTruck(
            "second existing truck",
            project["second_existing_gvwr_lb"],
            project["second_existing_engine_model_year"],
            project["second_existing_engine_service_class"],
            (project["second_existing_ca_miles_recent_12_months"], project["second_existing_ca_miles_prior_12_months"]),
        )


def _rule(base: str, truck: OldTruck) -> str:
    return base if truck.name == "existing truck" else f"second_{base}"


def _the(truck: OldTruck) -> str:
    """ "the existing truck" or "the second existing truck", in the reader's language."""
    return _("the existing truck") if truck.name == "existing truck" else _("the second existing truck")


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def funding_class(project_type: str, old_classes: tuple[int, ...], replacement_class: int) -> tuple[int, Source]:
    """Table 1's funding level for its rows; otherwise bullet 7's rule: the highest class of the existing
    truck(s) or the replacement's class, whichever is less (the rows follow that rule too)."""
    for number, row in enumerate(TABLE_1_ROWS, start=1):
        if (row.project_type, row.old_classes, row.replacement_class) == (project_type, old_classes, replacement_class):
            return row.funding_class, src(f"Table 1 row {number}")
    return min(max(old_classes), replacement_class), _bullet(7)


# ---- eligibility rules -----------------------------------------------------------------------


def goods_movement(project: Mapping[str, Any]) -> RuleResult:
    """Heading: "used to move goods a majority of the time for the past 2 years"."""
    percent = project["goods_movement_percent"]
    return check(
        "goods_movement",
        percent > MIN_GOODS_MOVEMENT_PERCENT,
        HEADING,
        ok=_("The truck moved goods {percent}% of the time over the past 2 years, a majority.").format(percent=percent),
        fail=_(
            "The truck moved goods {percent}% of the time over the past 2 years; Prop 1B requires more "
            "than half (a majority)."
        ).format(percent=percent),
    )


def existing_diesel(project: Mapping[str, Any]) -> RuleResult:
    """Heading: "Eligibility Requirements for Heavy-Duty Diesel Vehicles under Prop 1B"."""
    return existing_is_diesel(project, HEADING)


def class_5_to_8(truck: OldTruck) -> RuleResult:
    """Bullet 1: "The existing vehicle must be Class 5 - 8 (Class 4 vehicles are not eligible)"."""
    number = truck.truck_class
    return check(
        _rule("class_5_to_8", truck),
        number is not None and number >= MIN_CLASS,
        _bullet(1),
        ok=_("{truck} ({gvwr:,} lb GVWR) is Class {number}.").format(
            truck=_capfirst(_the(truck)), gvwr=truck.gvwr_lb, number=number
        ),
        fail=_("{truck} ({gvwr:,} lb GVWR) is {size}; Prop 1B funds Class 5-8 trucks (16,001 lb GVWR or more).").format(
            truck=_capfirst(_the(truck)),
            gvwr=truck.gvwr_lb,
            size=_("Class {number}").format(number=number) if number else _("below Class 4"),
        ),
    )


def old_engine_model_year(truck: OldTruck) -> RuleResult:
    """Table 4: "Old Truck Engine Model Year 2007-2009"."""
    low, high = OLD_ENGINE_MODEL_YEARS
    year = truck.engine_model_year
    return check(
        _rule("old_engine_model_year", truck),
        low <= year <= high,
        TABLE_4,
        ok=_("The engine model year of {truck}, {year}, is within 2007-2009.").format(truck=_the(truck), year=year),
        fail=_("The engine model year of {truck} is {year}; Prop 1B Table 4 funds 2007-2009 engines.").format(
            truck=_the(truck), year=year
        ),
    )


def california_miles(truck: OldTruck) -> list[RuleResult]:
    """Bullet 4: annual California VMT each of the past 2 years, 20,000 (Class 7-8) or 10,000 (Class 5-6)."""
    minimum = MIN_CA_MILES.get(truck.truck_class or 0, MIN_CA_MILES[8])
    return [
        at_least(
            _rule(f"california_miles_{period}", truck),
            miles,
            minimum,
            _bullet(4),
            what=what.format(truck=_the(truck)),
            unit="miles",
        )
        for period, what, miles in (
            ("recent", _("California miles of {truck} in the most recent 12 months"), truck.ca_miles[0]),
            ("prior", _("California miles of {truck} in the earlier 12 months"), truck.ca_miles[1]),
        )
    ]


def old_engine_service_class(truck: OldTruck) -> RuleResult:
    """Bullet 5: "MHD or HHD engine (service class), except Class 5 trucks which may have LHD engines"."""
    engine = truck.engine_service_class
    allowed = engine in ("MHD", "HHD") or (engine == "LHD" and truck.truck_class == 5)
    return check(
        _rule("engine_service_class", truck),
        allowed,
        _bullet(5),
        ok=_("{truck} has an {engine} engine, an eligible service class.").format(
            truck=_capfirst(_the(truck)), engine=engine
        ),
        fail=_(
            "{truck} has an {engine} engine; it must be MHD or HHD (only Class 5 trucks may have LHD engines)."
        ).format(truck=_capfirst(_the(truck)), engine=engine),
    )


def california_operation(project: Mapping[str, Any]) -> list[RuleResult]:
    """Bullet 3: "at least 75% operation within California each year for the past 24 months"."""
    return [
        at_least(
            f"california_operation_{period}",
            project[f"ca_operation_percent_{period}_12_months"],
            MIN_CA_OPERATION_PERCENT,
            _bullet(3),
            what=what,
            unit="%",
        )
        for period, what in (
            ("recent", _("Operation within California in the most recent 12 months")),
            ("prior", _("Operation within California in the earlier 12 months")),
        )
    ]


def projected_california_operation(project: Mapping[str, Any]) -> RuleResult:
    """Bullet 3 and contract criteria: the replacement operates 90% to 100% in California for the project life."""
    return at_least(
        "projected_california_operation",
        project["projected_ca_operation_percent"],
        MIN_PROJECTED_CA_OPERATION_PERCENT,
        _bullet(3),
        what=_("Committed operation of the new truck within California"),
        unit="%",
    )


def repower_only_small_fleets(project: Mapping[str, Any], context: EvaluationContext) -> RuleResult:
    """Bullet 6 and WHAT: "The Engine Repower option is available only ... for fleet size of 3 trucks or less"."""
    if project["project_type"] != "repower":
        return check("repower_fleet_size", True, _bullet(6), fail="", ok=_("The project is not a repower."))
    return at_most(
        "repower_fleet_size",
        context.application["fleet_size"],
        REPOWER_MAX_FLEET,
        _bullet(6),
        what=_("For a repower, the fleet size"),
        unit="trucks",
    )


def replacement_technology(project: Mapping[str, Any]) -> RuleResult:
    """Table 4 rows: zero-emission, hybrid zero-emission-mile, or optional low-NOx (0.02 g/bhp-hr or less);
    bullet 6: a repowered engine "must meet the optional low NOx standard of 0.02 g/bhp-hr"."""
    technology = project["replacement_technology"]
    certified = project.get("replacement_engine_nox_g_bhp_hr")
    if project["project_type"] == "repower":
        passed = technology == "optional_low_nox" and certified is not None and certified <= LOW_NOX_STANDARD_G_BHP_HR
    else:
        passed = technology in ("zero_emission", "hybrid_zero_emission_mile") or (
            technology == "optional_low_nox" and certified is not None and certified <= LOW_NOX_STANDARD_G_BHP_HR
        )
    return check(
        "replacement_technology",
        passed,
        TABLE_4,
        ok=_("The replacement technology ({technology}) is a Table 4 technology.").format(
            technology=label(TECHNOLOGY_CHOICES, technology).lower()
        ),
        fail=_(
            "The replacement is {nox}; Prop 1B funds zero-emission, hybrid zero-emission-mile, or "
            "optional low-NOx (0.02 g/bhp-hr NOx or less) trucks, and a repower only to a 0.02 g/bhp-hr "
            "engine."
        ).format(nox=replacement_certified_nox_text(project)),
    )


def replacement_model_year(project: Mapping[str, Any]) -> RuleResult:
    """Table 4: "New MY2019+ engine"."""
    return at_least(
        "replacement_model_year",
        project["replacement_model_year"],
        MIN_REPLACEMENT_MODEL_YEAR,
        TABLE_4,
        what=_("The new engine's model year"),
    )


def weight_and_service_class(project: Mapping[str, Any], trucks: list[OldTruck]) -> RuleResult:
    """Bullet 7: the same weight class (5, 6, 7 or 8) and service class (HHD or MHD) as the existing truck,
    except a 2-for-1, a vocational need approved by South Coast AQMD, or Class 7 <-> Class 8 with HHD engines
    in both. A zero-emission replacement has no engine service class; its GVWR class is compared."""
    old, new = trucks[0], truck_class(project["replacement_gvwr_lb"])
    new_engine = project.get("replacement_engine_service_class")
    if project["project_type"] == "replacement_2_for_1":
        return check(
            "weight_class",
            new is not None and new >= MIN_CLASS,
            _bullet(7),
            fail="",
            ok=_("A two-for-one replacement may change weight class (replacement Class {new}).").format(new=new),
        )
    if project.get("vocational_need_approved"):
        return check(
            "weight_class",
            new is not None and new >= MIN_CLASS,
            _bullet(7),
            fail="",
            ok=_("South Coast AQMD approved the replacement for a vocational need."),
        )
    same_service = project["replacement_technology"] == "zero_emission" or new_engine == old.engine_service_class
    if new == old.truck_class and same_service:
        return check(
            "weight_class",
            True,
            _bullet(7),
            fail="",
            ok=_("The replacement is the same weight class (Class {new}) and service class.").format(new=new),
        )
    both_hhd = old.engine_service_class == "HHD" and new_engine == "HHD"
    if {old.truck_class, new} == {7, 8} and both_hhd:
        return check(
            "weight_class",
            True,
            _bullet(7),
            fail="",
            ok=_("A Class 7 and Class 8 swap with HHD engines in both is allowed, funded at the Class 7 level."),
        )
    return check(
        "weight_class",
        False,
        _bullet(7),
        ok="",
        fail=_(
            "The existing truck is Class {old} with an {old_engine} engine and the replacement is Class {new} with "
            "engine service class {new_engine}; they must match unless it is a two-for-one, an approved vocational need, "
            "or a Class 7/8 swap with HHD engines in both."
        ).format(
            old=old.truck_class, old_engine=old.engine_service_class, new=new, new_engine=new_engine or _("not given")
        ),
    )


def table_4_amount(project: Mapping[str, Any], level: int, terms: Terms) -> RuleResult:
    """Table 4 lists replacement amounts only (none for a repower, none for Class 5-6 hybrids)."""
    technology = project["replacement_technology"]
    amount = table_4_maximum(terms, level, technology)
    if project["project_type"] == "repower":
        return check(
            "table_4_amount",
            False,
            TABLE_4,
            ok="",
            fail=_(
                "Table 4 gives no funding amount for a repower; staff set it from the Prop 1B Guidelines, so this "
                "portal cannot offer a repower award."
            ),
        )
    words = {"level": level, "technology": label(TECHNOLOGY_CHOICES, technology).lower(), "amount": amount or 0}
    return check(
        "table_4_amount",
        amount is not None,
        TABLE_4,
        ok=_("Table 4 funds Class {level} ({technology}) up to ${amount:,.0f}.").format(**words),
        fail=_("Table 4 lists no amount for Class {level} ({technology}).").format(**words),
    )


def one_other_state_source(project: Mapping[str, Any]) -> RuleResult:
    """Table 4 note 2 (more specific than the applicant certification's "will not apply ... from any other
    CARB incentive program", it governs trucks): at most one additional State funding source."""
    return at_most(
        "other_state_sources",
        project.get("other_state_funding_sources", 0),
        MAX_OTHER_STATE_SOURCES,
        TABLE_4_NOTE_2,
        what=_("Other State funding sources"),
        unit="",
    )


# ---- award ------------------------------------------------------------------------------------


def award(project: Mapping[str, Any], level: int, terms: Terms, public_agency: bool) -> tuple[Decimal, dict[str, Any]]:
    """Least of the Table 4 amount, the request, the share of the cost all grants may reach (the whole cost for a
    public agency, 85% for others: OTHER IMPORTANT PROGRAM INFORMATION, "leveraged with other funding sources"
    bullet, which governs both paths) less other funding, and, for a co-funded project only, 90% of the eligible
    cost less that funding (Table 4 note 2: "Co-funded projects can only utilize one additional source of State
    funding and the combined funding may not exceed 90% of the total eligible project cost"). Note 1 names only State
    programs as co-funding, so other public funding on the application is taken as State funding, as the
    ``payment`` command takes it when its input does not say."""
    cost = project["replacement_cost"]
    other = project.get("other_public_funding", Decimal("0.00"))
    share = Decimal(1) if public_agency else NON_PUBLIC_MAX_SHARE
    limits = {
        "table_4_amount": table_4_maximum(terms, level, project["replacement_technology"]) or Decimal("0.00"),
        "amount_requested": project["amount_requested"],
        "grants_share_of_cost_less_other_funding": share * cost - other,
    }
    if other > 0:
        limits["combined_funding_90_percent_less_other_funding"] = MAX_COMBINED_SHARE * cost - other
    binding, granted = least_of(limits)
    figures: dict[str, Any] = {name: money(value) for name, value in limits.items()}
    figures.update(
        {
            "funding_class": level,
            "eligible_cost": cost,
            "other_public_funding": other,
            "binding_limit": binding,
            "project_life_years": PROJECT_LIFE_YEARS,
        }
    )
    return granted, figures


def evaluate(project: Mapping[str, Any], context: EvaluationContext) -> Evaluation:
    terms = context.terms_or(SEED_TERMS)
    trucks = list(old_trucks(project))
    results = [goods_movement(project), existing_diesel(project)]
    for truck in trucks:
        results += [
            class_5_to_8(truck),
            old_engine_model_year(truck),
            *california_miles(truck),
            old_engine_service_class(truck),
        ]
    level, level_source = funding_class(
        project["project_type"],
        tuple(t.truck_class or 0 for t in trucks),
        truck_class(project["replacement_gvwr_lb"]) or 0,
    )
    results += [
        *california_operation(project),
        projected_california_operation(project),
        repower_only_small_fleets(project, context),
        replacement_technology(project),
        replacement_model_year(project),
        weight_and_service_class(project, trucks),
        table_4_amount(project, level, terms),
        one_other_state_source(project),
        *shared_rules(project, context, terms),
    ]
    granted, figures = award(project, level, terms, context.application["public_agency"])
    figures["funding_class_source"] = str(level_source)
    evaluation = Evaluation(program="PA2022-01", results=results, award=granted, figures=figures, path=PATH)
    if not evaluation.eligible:
        evaluation.award = Decimal("0.00")
    return evaluation
