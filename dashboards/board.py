"""The Board dashboard (and one program's page) as sections of tables, each with its chart: what the page, the PDF
board report and the CSV exports show. Figures come from ``dashboards.selectors``; this module only arranges them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import ngettext

from agreements.models import Obligation
from funding.selectors import Balance
from programs.models import Program

from . import charts, selectors
from .figures import (
    AWARDED_STAGES,
    COST_EFFECTIVENESS_BASIS,
    LETTER_ESTIMATE,
    LETTER_ESTIMATE_SOURCE,
    LETTER_PROGRAMS,
    STAGES,
    ZERO,
    FloorCheck,
    cost_effectiveness,
    share,
)
from .selectors import Period
from .tables import COUNT, MONEY, NUMBER, PERCENT, TONS, Column, Table

USAGE_UNITS = {
    "PA2026-01": "hours",
    "PA2026-02": "miles",
    "PA2026-03": "kWh",
    "PA2022-01": "miles",
    "PA2025-04": "hours",
}
"""The usage each program's agreements require and its reports give (``agreements.rules`` ``UsageRequirement``)."""


@dataclass
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class Headline:
    """The answer before the tables (issue 20): money, projects, tons, the communities' share against its floor and
    each program's $/ton, or why it is not stated."""

    budget: Decimal
    awarded: Decimal
    disbursed: Decimal
    available: Decimal
    projects: int
    weighted_tons: Decimal
    communities: list  # (program code, share %, floor % or None, met: True / False / None)
    per_ton: list  # (program code, $ per ton or None, what it is per, what it rests on: "N projects lack ...")

    @property
    def awarded_share(self) -> Decimal | None:
        return share(self.awarded, self.budget)


def headline(money: list[selectors.ProgramFigures], places: list[selectors.PlaceFigures], tables: dict) -> Headline:
    """The headline figures, from the same figures and tables the page shows below them."""
    total = Balance()
    for item in money:
        total += item.balance
    dac, emissions = tables.get("dac"), tables.get("emissions")
    return Headline(
        budget=total.budget,
        awarded=total.encumbered,
        disbursed=total.disbursed,
        available=total.available,
        projects=sum(place.projects for place in places),
        weighted_tons=sum((place.weighted for place in places), ZERO),
        communities=[(row[0], row[4], row[5], {"Yes": True, "Not yet": False}.get(row[6])) for row in dac.rows]
        if dac
        else [],
        per_ton=[(row[0], row[6], row[7], per_ton_text(row[6], row[9] or 0, row[8] or 0)) for row in emissions.rows]
        if emissions
        else [],
    )


@dataclass
class Dashboard:
    period: Period
    program: Program | None
    sections: list[Section]
    today: dt.date
    round: object = None
    headline: Headline | None = None

    def table(self, key: str) -> Table | None:
        return next((table for section in self.sections for table in section.tables if table.key == key), None)


def _month(day: dt.date) -> str:
    return f"{day:%b %Y}"


def _usage_text(code: str, usage: dict[str, Decimal]) -> str:
    if not usage:
        return "No usage reports yet"
    return "; ".join(f"{value:,.0f} {unit}" for unit, value in usage.items())


# --- Portfolio ----------------------------------------------------------------------------------------------------


def funds_table(figures: list[selectors.ProgramFigures]) -> Table:
    rows, total = [], Balance()
    for item in figures:
        program = item.program
        for fund in item.funds:
            balance = fund.balance
            rows.append(
                [program.code, fund.fund.name, balance.budget, balance.encumbered, balance.disbursed, balance.available]
            )
        if not item.funds:
            rows.append(
                [program.code, "No fund yet (the announcement states no amount; staff add it)", ZERO, ZERO, ZERO, ZERO]
            )
        balance = item.balance
        if len(item.funds) > 1:
            rows.append(
                [
                    program.code,
                    "All funds of the program, within its solicitation total",
                    balance.budget,
                    balance.encumbered,
                    balance.disbursed,
                    balance.available,
                ]
            )
        total += balance
    # Each program on its own scale: its budget is the whole bar, so a $6 million program reads as well as a $35
    # million one (the table beside it gives the dollars).
    chart = charts.bar_chart(
        [item.program.code for item in figures],
        ["Disbursed", "Awarded, not yet paid", "Available"],
        [
            [
                share(item.balance.disbursed, item.balance.budget) or ZERO,
                share(item.balance.outstanding, item.balance.budget) or ZERO,
                share(max(item.balance.available, ZERO), item.balance.budget) or ZERO,
            ]
            for item in figures
        ],
        stacked=True,
        unit="%",
    )
    return Table(
        "funds",
        "Funds by program and fund source",
        [
            Column("Program"),
            Column("Fund source"),
            Column("Budget", MONEY),
            Column("Encumbered", MONEY),
            Column("Disbursed", MONEY),
            Column("Available", MONEY),
        ],
        rows,
        footer=["All programs", "", total.budget, total.encumbered, total.disbursed, total.available],
        note="From the fund ledger as of the end of the period. Available = budget - encumbered; PA2022-01's funds "
        "together are capped by its solicitation total.",
        chart=chart,
        chart_title="Each program's budget, as a share of its own budget: disbursed, awarded and not yet paid, available",
    )


def stages_table(by_program: dict[int, dict[str, selectors.StageFigures]]) -> Table:
    totals = {stage.key: selectors.StageFigures() for stage in STAGES}
    for stages in by_program.values():
        for key, figures in stages.items():
            total = totals[key]
            total.applications += figures.applications
            total.evaluated += figures.evaluated
            total.awarded += figures.awarded
            total.disbursed += figures.disbursed
    rows = [
        [
            stage.label,
            totals[stage.key].applications,
            totals[stage.key].evaluated if stage.key in ("submitted", "under_review") else None,
            totals[stage.key].awarded if stage.key in AWARDED_STAGES else None,
            totals[stage.key].disbursed if stage.key in AWARDED_STAGES else None,
        ]
        for stage in STAGES
    ]
    chart = charts.bar_chart(
        [stage.label for stage in STAGES],
        ["Applications"],
        [[totals[stage.key].applications] for stage in STAGES],
        unit="",
    )
    return Table(
        "stages",
        "Applications by stage",
        [
            Column("Stage"),
            Column("Applications", COUNT),
            Column("Evaluated awards (not committed)", MONEY),
            Column("Awarded (ledger)", MONEY),
            Column("Disbursed (ledger)", MONEY),
        ],
        rows,
        footer=[
            "All stages",
            sum(item.applications for item in totals.values()),
            None,
            sum((totals[key].awarded for key in AWARDED_STAGES), ZERO),
            sum((totals[key].disbursed for key in AWARDED_STAGES), ZERO),
        ],
        note="Applications submitted in the period (drafts are never counted), each in the furthest stage it has "
        "reached: " + "; ".join(f"{stage.label.lower()}: {stage.meaning}" for stage in STAGES) + ".",
        chart=chart,
        chart_title="Applications in each stage",
    )


def stages_by_program_table(programs: list[Program], by_program: dict[int, dict[str, selectors.StageFigures]]) -> Table:
    rows = [
        [
            program.code,
            *(by_program.get(program.pk, {}).get(stage.key, selectors.StageFigures()).applications for stage in STAGES),
        ]
        for program in programs
    ]
    return Table(
        "stages_by_program",
        "Applications by program and stage",
        [Column("Program"), *(Column(stage.label, COUNT) for stage in STAGES)],
        rows,
    )


# --- Communities and places ---------------------------------------------------------------------------------------


def _by(places: list[selectors.PlaceFigures], key) -> dict:
    found: dict = defaultdict(lambda: [0, ZERO, ZERO])
    for place in places:
        bucket = found[key(place)]
        bucket[0] += place.projects
        bucket[1] += place.awarded
        bucket[2] += place.disbursed
    return found


def counties_table(places: list[selectors.PlaceFigures]) -> Table:
    found = sorted(_by(places, lambda place: place.county or "(no county)").items(), key=lambda item: -item[1][1])
    return Table(
        "counties",
        "Funded projects by county",
        [Column("County"), Column("Projects funded", COUNT), Column("Awarded", MONEY), Column("Disbursed", MONEY)],
        [[county, *values] for county, values in found],
        footer=[
            "All counties",
            sum(v[0] for _, v in found),
            sum((v[1] for _, v in found), ZERO),
            sum((v[2] for _, v in found), ZERO),
        ]
        if found
        else None,
        chart=charts.bar_chart(
            [county for county, _ in found], ["Awarded", "Disbursed"], [[values[1], values[2]] for _, values in found]
        )
        if found
        else None,
        chart_title="Awarded and disbursed by county",
    )


def msas_table(places: list[selectors.PlaceFigures]) -> Table:
    found = sorted(_by([place for place in places if place.msa], lambda place: place.msa).items())
    return Table(
        "msas",
        "INVEST CLEAN funded projects by MSA",
        [Column("MSA"), Column("Projects funded", COUNT), Column("Awarded", MONEY), Column("Disbursed", MONEY)],
        [[msa, *values] for msa, values in found],
        note="The two MSAs of INVEST CLEAN (001_ea26778b00a7e017.txt, PA2026-02 Section 3: Los Angeles-Orange County "
        "MSA and Inland Empire MSA).",
        chart=charts.bar_chart(
            [msa for msa, _ in found], ["Awarded", "Disbursed"], [[values[1], values[2]] for _, values in found]
        )
        if found
        else None,
        chart_title="Awarded and disbursed by MSA",
    )


def dac_table(
    programs: list[Program], places: list[selectors.PlaceFigures], figures: dict[int, selectors.ProgramFigures]
) -> Table:
    rows, checks = [], []
    for program in programs:
        selection = program.rule_set.selection
        if selection is None or not selection.dac_field:
            continue
        mine = [place for place in places if place.program_id == program.pk]
        dac = [place for place in mine if place.dac]
        budget = figures[program.pk].balance.budget if program.pk in figures else ZERO
        check = FloorCheck(
            sum((place.awarded for place in dac), ZERO),
            sum((place.awarded for place in mine), ZERO),
            selectors.selection_floor(program),
            budget,
        )
        checks.append((program, check))
        rows.append(
            [
                program.code,
                sum(place.projects for place in dac),
                check.part,
                check.whole,
                check.percent,
                check.floor_percent,
                {True: "Yes", False: "Not yet", None: "No floor"}[check.met],
                check.still_held if check.floor_percent is not None else None,
            ]
        )
    floors = [check.floor_percent for _, check in checks if check.floor_percent is not None]
    chart = (
        charts.bar_chart(
            [program.code for program, _ in checks],
            ["Share to DAC / low-income projects"],
            [[check.percent or 0] for _, check in checks],
            unit="%",
            marker=(floors[0], f"SOON floor {floors[0]:.0f}%") if floors else None,
        )
        if checks
        else None
    )
    return Table(
        "dac",
        "Disadvantaged and low-income communities",
        [
            Column("Program"),
            Column("DAC / low-income projects", COUNT),
            Column("Awarded to them", MONEY),
            Column("Awarded to all", MONEY),
            Column("Share", PERCENT),
            Column("Floor", PERCENT),
            Column("Floor met"),
            Column("Still held for them under the floor", MONEY),
        ],
        rows,
        note='SOON: "At least 50 percent of the CMP funds must be used for projects that are located and operated '
        'within a DAC and/or low-income community" (003_b264a6114e3b8c3f.txt, SECTION IV); the floor is a term '
        "of the current round. PA2022-01 gives DAC projects priority without a floor.",
        chart=chart,
        chart_title="Share of awards to DAC and low-income projects",
    )


def county_shares_table(shares: list[selectors.CountyShareFigures]) -> Table:
    return Table(
        "county_shares",
        "PA2026-03 county shares against funded amounts",
        [
            Column("Fund"),
            Column("County"),
            Column("Class 4 to 8 trucks", COUNT),
            Column("County share", MONEY),
            Column("Funded", MONEY),
            Column("Funded, % of share", PERCENT),
        ],
        [
            [
                item.fund.name,
                item.county,
                item.truck_population,
                item.share,
                item.funded,
                share(item.funded, item.share),
            ]
            for item in shares
        ],
        note='PA2026-03: "funds will be allocated by county based on the population of Class 4 to 8 MD/HD trucks" '
        "(001_ea26778b00a7e017.txt); staff enter the truck populations with their source. Each share is the "
        "fund's budget in proportion.",
        chart=charts.bar_chart(
            [item.county for item in shares], ["County share", "Funded"], [[item.share, item.funded] for item in shares]
        )
        if shares
        else None,
        chart_title="Each county's share of the fund and what is funded there",
        empty="No county shares entered yet.",
    )


# --- Air quality --------------------------------------------------------------------------------------------------


def per_ton_text(per_ton, lacking: int, with_factors: int) -> str:
    """What a program's $/ton rests on when some funded projects lack emission factors (issue 23): "2 projects lack
    emission factors; $ per ton from 3 projects". Empty when none lacks them."""
    if not lacking:
        return ""
    missing = ngettext(
        "%(count)d project lacks emission factors", "%(count)d projects lack emission factors", lacking
    ) % {"count": lacking}
    basis = ngettext("$ per ton from %(count)d project", "$ per ton from %(count)d projects", with_factors) % {
        "count": with_factors
    }
    return f"{missing}; {basis}"


def emissions_table(
    programs: list[Program],
    places: list[selectors.PlaceFigures],
    bases: dict[int, selectors.FactorBasis] | None = None,
) -> Table:
    """Tons and $/ton of funded projects. For a program whose tons rest on the Carl Moyer on-road emission factor
    tables (PA2022-01), the $/ton is computed only from the projects with factors (from the round's Guidelines
    edition or a staff override) and the row says how many lack them (``selectors.emission_factor_basis``)."""
    bases = bases or {}
    rows = []
    for program in programs:
        basis = COST_EFFECTIVENESS_BASIS.get(program.code)
        if basis is None:
            continue
        mine = [place for place in places if place.program_id == program.pk]

        def total(name, mine=mine):
            return sum((getattr(place, name) for place in mine), ZERO)

        projects = sum(place.projects for place in mine)
        factors = bases.get(program.pk)
        if factors is not None:
            per_ton = cost_effectiveness(factors.annualized, factors.tons) if factors.with_factors else None
            with_factors, lacking = factors.with_factors, factors.lacking
        elif program.code in selectors.FACTOR_PROGRAMS:
            per_ton, with_factors, lacking = None, 0, 0  # no funded project yet
        else:
            per_ton = cost_effectiveness(total(f"annualized_on_{basis.tons}"), total(f"{basis.tons}_with_cost"))
            with_factors, lacking = None, None
        rows.append(
            [
                program.code,
                projects,
                total("nox"),
                total("weighted"),
                total("nox_over_life"),
                total("weighted_over_life"),
                per_ton,
                basis.label,
                with_factors,
                lacking,
            ]
        )
    return Table(
        "emissions",
        "Emission reductions of funded projects (Carl Moyer methods)",
        [
            Column("Program"),
            Column("Projects funded", COUNT),
            Column("NOx, tons a year", TONS),
            Column("Weighted, tons a year", TONS),
            Column("NOx over project lives, tons", TONS),
            Column("Weighted over project lives, tons", TONS),
            Column("Cost-effectiveness", MONEY),
            Column("Per"),
            Column("Projects with emission factors", COUNT),
            Column("Projects lacking emission factors", COUNT),
        ],
        rows,
        note="Tons as each project's evaluation computed them (PA2022-01's Carl Moyer path, SOON); over the project "
        "life the contract states (else the evaluation's). Cost-effectiveness of the funded projects together: "
        "their awards' annualized cost (capital recovery factor x award) over the tons a year they reduce. "
        "PA2022-01's is computed only from the projects whose emission factors come from the round's Carl Moyer "
        "Guidelines edition or a staff override; the others are counted as lacking them.",
        chart=charts.bar_chart(
            [row[0] for row in rows],
            ["NOx, tons a year", "Weighted, tons a year"],
            [[row[2], row[3]] for row in rows],
            unit="t",
        )
        if rows
        else None,
        chart_title="Tons reduced a year by funded projects",
    )


def invest_clean_table(
    programs: list[Program], places: list[selectors.PlaceFigures], events: dict, usage: dict[int, dict[str, Decimal]]
) -> Table:
    rows = []
    for program in programs:
        if program.code not in LETTER_PROGRAMS:
            continue
        mine = [place for place in places if place.program_id == program.pk]
        commissioned = events.get((program.pk, "commissioned"), (0, ZERO))
        destroyed = events.get((program.pk, "destroyed"), (0, ZERO))
        charging = program.code == "PA2026-03"
        rows.append(
            [
                program.code,
                sum(place.projects for place in mine),
                commissioned[0],
                None if charging else destroyed[0],
                sum((place.kw for place in mine), ZERO) if charging else None,
                commissioned[1] if charging else None,
                _usage_text(program.code, usage.get(program.pk, {})),
            ]
        )
    return Table(
        "invest_clean",
        "INVEST CLEAN: units, chargers and usage",
        [
            Column("Program"),
            Column("Units or sites funded", COUNT),
            Column("In service", COUNT),
            Column("Old units destroyed", COUNT),
            Column("kW funded", NUMBER),
            Column("kW commissioned", NUMBER),
            Column(f"Usage reported ({', '.join(sorted({USAGE_UNITS[code] for code in LETTER_PROGRAMS}))})"),
        ],
        rows,
        note="In service: the commissioning (PA2026-01, -03) or deployment (PA2026-02) recorded on the agreement; "
        "destroyed: the old unit's destruction or scrapping recorded. Usage comes from the awardees' reports.",
        chart=charts.bar_chart(
            [row[0] for row in rows], ["Funded", "In service"], [[row[1], row[2]] for row in rows], unit=""
        )
        if rows
        else None,
        chart_title="INVEST CLEAN units and sites funded and in service",
    )


def letter_table(usage: dict[int, dict[str, Decimal]]) -> Table:
    reported = "No usage reports yet" if not any(usage.values()) else "See usage reported above"
    return Table(
        "letter_estimate",
        "INVEST CLEAN Measures 1 to 3: the board letter's estimate",
        [Column("Pollutant"), Column("Board letter's estimate, tons a year", TONS), Column("Measured or reported")],
        [[item.pollutant, item.tons_per_year, reported] for item in LETTER_ESTIMATE],
        note=f"The board letter's own estimate for the three measures together, not a measurement: "
        f"{LETTER_ESTIMATE_SOURCE}.",
    )


# --- Timeline -----------------------------------------------------------------------------------------------------


def collapse_quiet_months(found: list[selectors.Month]) -> list[tuple[str, selectors.Month]]:
    """(label, month) with each run of two or more months without money committed or paid as one row
    ("Mar 2023 – Aug 2024, no activity"), so a board member reads the months that moved."""
    rows, run = [], []

    def flush():
        if len(run) == 1:
            rows.append((_month(run[0].month), run[0]))
        elif run:
            rows.append((f"{_month(run[0].month)} – {_month(run[-1].month)}, no activity", run[-1]))
        run.clear()

    for item in found:
        if not item.committed and not item.disbursed:
            run.append(item)
            continue
        flush()
        rows.append((_month(item.month), item))
    flush()
    return rows


def months_table(found: list[selectors.Month]) -> Table:
    shown = collapse_quiet_months(found)
    return Table(
        "months",
        "Committed and disbursed by month",
        [
            Column("Month"),
            Column("Committed", MONEY),
            Column("Disbursed", MONEY),
            Column("Committed to date", MONEY),
            Column("Disbursed to date", MONEY),
        ],
        [
            [label, item.committed, item.disbursed, item.committed_to_date, item.disbursed_to_date]
            for label, item in shown
        ],
        note="Committed: awards encumbered, less releases; disbursed: payments. From the fund ledger. Runs of months "
        "with nothing committed or paid are one row.",
        chart=charts.line_chart(
            [label.split(",")[0].split(" – ")[-1] for label, _ in shown],
            ["Committed to date", "Disbursed to date"],
            [[item.committed_to_date for _, item in shown], [item.disbursed_to_date for _, item in shown]],
        )
        if shown
        else None,
        chart_title="Committed and disbursed to date, month by month",
    )


def obligations_table(programs: list[Program], found: dict[tuple[int, str], selectors.OpenObligations]) -> Table:
    labels = dict(Obligation.Kind.choices)
    codes = {program.pk: program.code for program in programs}
    rows = [
        [
            codes[program_id],
            str(labels.get(kind, kind)),
            item.overdue,
            item.within_30_days,
            item.within_90_days,
            item.later,
        ]
        for (program_id, kind), item in sorted(found.items(), key=lambda pair: (codes.get(pair[0][0], ""), pair[0][1]))
        if program_id in codes
    ]
    per_program = defaultdict(lambda: [0, 0, 0])
    for code, _, overdue, within_30, within_90, _later in rows:
        per_program[code][0] += overdue
        per_program[code][1] += within_30
        per_program[code][2] += within_90
    return Table(
        "obligations",
        "Obligations of executed agreements, overdue and falling due",
        [
            Column("Program"),
            Column("Obligation"),
            Column("Overdue", COUNT),
            Column("Due within 30 days", COUNT),
            Column("Due in 31 to 90 days", COUNT),
            Column("Due later", COUNT),
        ],
        rows,
        footer=["All", "", *(sum(row[index] for row in rows) for index in range(2, 6))] if rows else None,
        note="As of today; overdue by the due date, whatever the day's status update has done.",
        chart=charts.bar_chart(
            list(per_program),
            ["Overdue", "Due within 30 days", "Due in 31 to 90 days"],
            list(per_program.values()),
            stacked=True,
            unit="",
        )
        if rows
        else None,
        chart_title="Open obligations by program: overdue and falling due within 90 days",
        empty="No open obligation.",
    )


def reports_table(programs: list[Program], found: dict[tuple[int, str], selectors.OpenObligations]) -> Table:
    rows = []
    for program in programs:
        item = found.get((program.pk, Obligation.Kind.REPORT), selectors.OpenObligations())
        rows.append([program.code, item.within_30_days, item.overdue, item.within_30_days + item.overdue])
    return Table(
        "reports",
        "Reports outstanding",
        [
            Column("Program"),
            Column("Period ended, due within 30 days", COUNT),
            Column("Overdue", COUNT),
            Column("Outstanding", COUNT),
        ],
        rows,
        footer=["All", *(sum(row[index] for row in rows) for index in range(1, 4))],
        note="Semi-annual (INVEST CLEAN) and annual (PA2022-01, SOON) reports of executed agreements whose period has "
        "ended and which are not yet filed, as of today (each is due 30 days after its period).",
    )


def due_table(found: list[tuple[dt.date, int, int]]) -> Table:
    return Table(
        "due_by_month",
        "Obligations falling due in the next twelve months",
        [Column("Month"), Column("Obligations due", COUNT), Column("Of which reports", COUNT)],
        [[_month(month), count, reports] for month, count, reports in found],
        chart=charts.bar_chart(
            [_month(month) for month, _, _ in found],
            ["Obligations due", "Of which reports"],
            [[count, reports] for _, count, reports in found],
            unit="",
        )
        if found
        else None,
        chart_title="Obligations falling due each month",
    )


def round_table(funding_round, outcomes: dict) -> Table:
    order = [selectors.OUTCOMES.FULL, selectors.OUTCOMES.PARTIAL, selectors.OUTCOMES.NONE]
    rows = [
        [
            str(outcome.label),
            outcomes.get(outcome, {}).get("projects", 0),
            outcomes.get(outcome, {}).get("award", ZERO),
            outcomes.get(outcome, {}).get("funded", ZERO),
        ]
        for outcome in order
    ]
    note = ""
    if funding_round is not None:
        note = (
            f"Funding round {funding_round.pk}: {funding_round.get_status_display().lower()}"
            + (f" on {funding_round.approved_at:%B %-d, %Y}" if funding_round.approved_at else "")
            + "."
        )
    return Table(
        "round",
        "Ranking and funding-round outcome",
        [Column("Outcome"), Column("Projects", COUNT), Column("Evaluated awards", MONEY), Column("Recommended", MONEY)],
        rows if funding_round else [],
        note=note,
        chart=charts.bar_chart([row[0] for row in rows], ["Projects"], [[row[1]] for row in rows], unit="")
        if funding_round
        else None,
        chart_title="Projects by funding-round outcome",
        empty="No funding round yet.",
    )


# --- The dashboard ------------------------------------------------------------------------------------------------


def dashboard(period: Period, program: Program | None = None, *, today: dt.date | None = None) -> Dashboard:
    """Every section of the Board dashboard (or of one program's page)."""
    with selectors.one_reading():
        return _dashboard(period, program, today=today)


def _dashboard(period: Period, program: Program | None = None, *, today: dt.date | None = None) -> Dashboard:
    from django.utils import timezone

    today = today or timezone.localdate()
    money = selectors.portfolio(period, program)
    programs = [item.program for item in money]
    by_program = {item.program.pk: item for item in money}
    stages = selectors.stages(period, program)
    places = selectors.places(period, program)
    usage = selectors.usage_reported(period, program)
    open_obligations = selectors.obligations(program, today=today)
    portfolio = Section(
        "portfolio",
        "Portfolio",
        "Where every program's money and applications stand.",
        [funds_table(money), stages_table(stages)],
    )
    if program is None:
        portfolio.tables.append(stages_by_program_table(programs, stages))
    communities = Section(
        "communities",
        "Communities and places",
        "Where the money goes: counties, the INVEST CLEAN MSAs, disadvantaged and low-income "
        "communities, and PA2026-03's county shares.",
        [counties_table(places)],
    )
    codes = {item.code for item in programs}
    if codes & set(LETTER_PROGRAMS):
        communities.tables.append(msas_table(places))
    if any(item.rule_set.selection and item.rule_set.selection.dac_field for item in programs):
        communities.tables.append(dac_table(programs, places, by_program))
    if any(item.rule_set.selection and item.rule_set.selection.county_shares for item in programs):
        communities.tables.append(county_shares_table(selectors.county_shares(money, period)))
    air = Section(
        "air-quality",
        "Air quality",
        "Emission reductions where the program's rules compute them; for "
        "INVEST CLEAN, units, chargers and usage beside the board letter's own estimate.",
    )
    if codes & set(COST_EFFECTIVENESS_BASIS):
        air.tables.append(emissions_table(programs, places, selectors.emission_factor_basis(period, program)))
    if codes & set(LETTER_PROGRAMS):
        air.tables += [
            invest_clean_table(programs, places, selectors.in_service(period, program), usage),
            letter_table(usage),
        ]
    timeline = Section(
        "timeline",
        "Timeline",
        "Money committed and paid month by month, and what the awardees owe.",
        [
            months_table(selectors.months(period, program)),
            obligations_table(programs, open_obligations),
            reports_table(programs, open_obligations),
            due_table(selectors.due_by_month(program, today=today)),
        ],
    )
    sections = [portfolio, communities, air, timeline]
    funding_round = None
    if program is not None:
        funding_round, outcomes = selectors.round_outcome(program)
        sections.insert(
            1,
            Section(
                "round",
                "Ranking and funding round",
                program.rule_set.selection.description if program.rule_set.selection else "",
                [round_table(funding_round, outcomes)],
            ),
        )
    tables = {table.key: table for section in sections for table in section.tables}
    return Dashboard(
        period,
        program,
        [section for section in sections if section.tables],
        today,
        funding_round,
        headline(money, places, tables),
    )
