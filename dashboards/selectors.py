"""Reads for the Board and public dashboards: every figure in a constant number of queries, whatever the number of
applications, projects or ledger entries (``benchmarks/dashboards.py``). The pages read running totals
(``funding.summaries``: the ledger by day and per project; ``dashboards.summaries``: stages, places, obligations,
projects in service, the awards list), brought up to date before each page is read; a period the totals do not hold
(an end date; a start date for the stages) is computed directly, as is everything with ``USE_SUMMARIES = False``.

Money comes from the fund ledger only (``funding.selectors.SUMS``: encumbered = encumbrances and releases, disbursed =
disbursements, available = budget - encumbered), as of the end of the period. A project is *funded* while its net
encumbrance is above zero. Sums per project are taken in the database (a derived table grouped by project, then
grouped again by program and place), never by loading rows into Python.

Stages (``figures.STAGES``) come from the application's status, its agreement's status
(``agreements.Agreement``), a disbursement in the ledger, and the agreement's report obligations
(``agreements.Obligation`` of kind "report" whose reporting period has started).

Usage reported by awardees (miles, hours, kWh) is read in one place, :func:`usage_reported`: the accepted usage
reports of the reporting stage.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, DecimalField, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from agreements.models import Agreement, Obligation, ProjectEvent
from applications.models import Application, Project, Status
from core.db import reporting_connection
from funding.models import (
    CountyShare,
    FundingRound,
    FundSource,
    LedgerDay,
    LedgerEntry,
    ProjectBalance,
    Recommendation,
)
from funding.rules.allocation import Fund
from funding.selectors import SUMS, Balance, capped, selection_terms
from programs.models import Program, Round

from .figures import CENT, TON, ZERO
from .models import AwardTotal, ObligationTotal, PlaceTotal, ServiceTotal, StageTotal

Kind = LedgerEntry.Kind
AWARD = [Kind.ENCUMBRANCE, Kind.RELEASE]
QUANTITY = DecimalField(max_digits=14, decimal_places=4)


# --- The period -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end`` inclusive, in Pacific time; either may be open. Balances are as of the end of
    ``end``; movements (committed, disbursed by month) and applications (by submission) are those within."""

    start: dt.date | None = None
    end: dt.date | None = None

    @staticmethod
    def _midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())

    @property
    def start_at(self) -> dt.datetime | None:
        return self._midnight(self.start) if self.start else None

    @property
    def end_at(self) -> dt.datetime | None:
        """The first moment after the period."""
        return self._midnight(self.end + dt.timedelta(days=1)) if self.end else None

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None


ALL_TIME = Period()

USE_SUMMARIES = True
"""Read the running totals (``dashboards.summaries``) where the period allows: balances to date (no end) for places,
in-service figures and the awards count, every application (no dates) for stages, and always for open obligations.
``False`` computes every figure directly from the data (the tests compare the two)."""


def _summarized(period: Period) -> bool:
    """Whether the ledger's running totals per project (``funding.ProjectBalance``) give the balances of ``period``:
    they hold every entry to date."""
    return USE_SUMMARIES and period.end is None


def _totals_ready(period: Period = ALL_TIME, *, dated: bool = False) -> bool:
    """Whether the dashboards' running totals give the figures for ``period`` (PostgreSQL, whose triggers mark what
    changed; balances to date; ``dated``: stages, which also depend on the period's start), having first brought the
    totals up to date with every change committed (``summaries.catch_up``)."""
    if not (_summarized(period) and not (dated and period.start) and connection.vendor == "postgresql"):
        return False
    if not getattr(_reading, "caught_up", False):
        from .summaries import catch_up

        catch_up()
        _reading.caught_up = getattr(_reading, "active", False)  # once for the page being read, else every time
    return True


_reading = threading.local()


@contextmanager
def one_reading():
    """The figures of one page: the running totals brought up to date once, when the page first reads them, rather
    than by each selector (a constant number of queries whatever changed)."""
    outer = (getattr(_reading, "active", False), getattr(_reading, "caught_up", False))
    if not outer[0]:
        _reading.active, _reading.caught_up = True, False
    try:
        yield
    finally:
        _reading.active, _reading.caught_up = outer


def _up_to(queryset: QuerySet, period: Period, name: str = "at") -> QuerySet:
    return queryset.filter(**{f"{name}__lt": period.end_at}) if period.end else queryset


def _within(queryset: QuerySet, period: Period, name: str) -> QuerySet:
    if period.start:
        queryset = queryset.filter(**{f"{name}__gte": period.start_at})
    return _up_to(queryset, period, name)


def _days_up_to(days: QuerySet[LedgerDay], period: Period) -> QuerySet[LedgerDay]:
    """The ledger's days (``funding.LedgerDay``, Pacific dates) up to the period's end: the entries before the end of
    ``end``, exactly."""
    return days.filter(day__lte=period.end) if period.end else days


def _days_within(days: QuerySet[LedgerDay], period: Period) -> QuerySet[LedgerDay]:
    return _days_up_to(days.filter(day__gte=period.start) if period.start else days, period)


def _day_sum(*kinds: str) -> Sum:
    return Sum("amount", filter=Q(kind__in=kinds), default=ZERO)


DAY_SUMS = {"budget": _day_sum(Kind.BUDGET), "encumbered": _day_sum(*AWARD), "disbursed": _day_sum(Kind.DISBURSEMENT)}
"""``funding.selectors.SUMS`` over the ledger's running totals by day (``funding.summaries``)."""


def _decimal(value, places: Decimal = CENT) -> Decimal:
    """A sum as the database gives it (``Decimal`` on PostgreSQL, a float on SQLite) as an exact ``Decimal``."""
    return Decimal(str(value or 0)).quantize(places)


def _fetch(sql: str, params: list) -> list[dict]:
    with reporting_connection().cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _sql(queryset: QuerySet) -> tuple[str, list]:
    """A queryset's SQL and parameters, to use as a derived table."""
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# --- Programs and funds (portfolio) -----------------------------------------------------------------------------


@dataclass
class FundFigures:
    fund: FundSource
    balance: Balance


@dataclass
class ProgramFigures:
    """A program's money as of the period's end: its funds' balances, and together within its solicitation total."""

    program: Program
    funds: list[FundFigures] = field(default_factory=list)

    @property
    def balance(self) -> Balance:
        return capped(self.program, sum((item.balance for item in self.funds), Balance()))


def programs(program: Program | None = None) -> list[Program]:
    """The announcements, each with its current round's terms (a solicitation total or a DAC floor is one): one
    query."""
    current = Round.objects.filter(program=OuterRef("pk")).order_by("-number")
    found = Program.objects.annotate(current_terms=Subquery(current.values("terms")[:1])).order_by("code")
    return list(found.filter(pk=program.pk) if program else found)


def portfolio(period: Period = ALL_TIME, program: Program | None = None) -> list[ProgramFigures]:
    """Budget, encumbered, disbursed and available for each program and each of its funds (three queries)."""
    if USE_SUMMARIES:  # the ledger's totals by day (``funding.LedgerDay``)
        entries, sums_of = _days_up_to(LedgerDay.objects.all(), period), DAY_SUMS
    else:
        entries, sums_of = _up_to(LedgerEntry.objects.all(), period), SUMS
    funds = FundSource.objects.order_by("program_id", "position", "pk")
    if program is not None:
        entries, funds = entries.filter(fund__program=program), funds.filter(program=program)
    sums = {
        row["fund_id"]: Balance(_decimal(row["budget"]), _decimal(row["encumbered"]), _decimal(row["disbursed"]))
        for row in entries.order_by().values("fund_id").annotate(**sums_of)
    }
    by_program = {item.pk: ProgramFigures(item) for item in programs(program)}
    for fund in funds:
        if fund.program_id in by_program:
            fund.program = by_program[fund.program_id].program
            by_program[fund.program_id].funds.append(FundFigures(fund, sums.get(fund.pk, Balance())))
    return list(by_program.values())


# --- Stages -----------------------------------------------------------------------------------------------------


@dataclass
class StageFigures:
    """Applications in one stage: how many, their evaluated awards (estimates, not committed), and from the ledger
    what is awarded and paid."""

    applications: int = 0
    evaluated: Decimal = ZERO
    awarded: Decimal = ZERO
    disbursed: Decimal = ZERO


def _ledger_by_application(period: Period) -> tuple[str, list]:
    if _summarized(period):  # all entries to date: the ledger's running totals
        return _sql(
            ProjectBalance.objects.order_by()
            .values(application_ref=F("application_id"))
            .annotate(encumbered=Sum("encumbered"), disbursed=Sum("disbursed"))
        )
    entries = _up_to(LedgerEntry.objects.exclude(kind=Kind.BUDGET).filter(application__isnull=False), period)
    return _sql(
        entries.order_by()
        .values(application_ref=F("application_id"))
        .annotate(encumbered=SUMS["encumbered"], disbursed=SUMS["disbursed"])
    )


def _reports_started(today: dt.date | None = None) -> tuple[str, list]:
    """Agreements in their reporting years: a report obligation has fallen due or been filed (the calendar dates
    every report once the term starts, ``agreements.rules.obligations``; the first falls due after the first
    reporting period)."""
    today = today or timezone.localdate()
    started = (
        Obligation.objects.filter(kind=Obligation.Kind.REPORT)
        .filter(Q(done_on__isnull=False) | Q(due__lte=today))
        .exclude(status=Obligation.Status.CANCELLED)
    )
    return _sql(started.order_by().values(agreement_ref=F("agreement_id")).distinct())


def _stage_case(application: str, agreement: str, disbursed: str, reports: str) -> tuple[str, list]:
    """SQL naming each application's stage (``figures.STAGES``), from the most advanced down."""
    executed = Agreement.Status.EXECUTED
    return (
        f"""CASE
        WHEN {application}.status IN (%s, %s) OR {agreement}.status = %s THEN 'withdrawn_rejected'
        WHEN {agreement}.status = %s THEN 'closed'
        WHEN {agreement}.status = %s AND {reports}.agreement_ref IS NOT NULL THEN 'reporting'
        WHEN {agreement}.status = %s AND {disbursed} > 0 THEN 'paid'
        WHEN {agreement}.status = %s THEN 'under_agreement'
        WHEN {application}.status = %s THEN 'approved'
        WHEN {application}.status IN (%s, %s) THEN 'under_review'
        ELSE 'submitted' END""",
        [
            Status.WITHDRAWN,
            Status.REJECTED,
            Agreement.Status.TERMINATED,
            Agreement.Status.CLOSED,
            executed,
            executed,
            executed,
            Status.APPROVED,
            Status.INFO_REQUESTED,
            Status.COMPLETE,
        ],
    )


def stages(period: Period = ALL_TIME, program: Program | None = None) -> dict[int, dict[str, StageFigures]]:
    """Program id -> stage key -> figures, for the applications submitted in the period (drafts never): one query."""
    if _totals_ready(period, dated=True):
        return _stages_summarized(program)
    ledger_sql, ledger_params = _ledger_by_application(period)
    reports_sql, reports_params = _reports_started()
    stage_sql, stage_params = _stage_case("a", "g", "l.disbursed", "r")
    where, where_params = ["a.status <> %s"], [Status.DRAFT]
    if period.start:
        where.append("a.submitted_at >= %s")
        where_params.append(period.start_at)
    if period.end:
        where.append("a.submitted_at < %s")
        where_params.append(period.end_at)
    if program is not None:
        where.append("a.program_id = %s")
        where_params.append(program.pk)
    sql = f"""SELECT a.program_id AS program, {stage_sql} AS stage, COUNT(*) AS applications,
                     SUM(a.award_total) AS evaluated, SUM(l.encumbered) AS awarded, SUM(l.disbursed) AS disbursed
              FROM {_table(Application)} a
              LEFT JOIN {_table(Agreement)} g ON g.application_id = a.id
              LEFT JOIN ({ledger_sql}) l ON l.application_ref = a.id
              LEFT JOIN ({reports_sql}) r ON r.agreement_ref = g.id
              WHERE {" AND ".join(where)}
              GROUP BY 1, 2"""
    found: dict[int, dict[str, StageFigures]] = defaultdict(dict)
    for row in _fetch(sql, [*stage_params, *ledger_params, *reports_params, *where_params]):
        found[row["program"]][row["stage"]] = StageFigures(
            row["applications"], _decimal(row["evaluated"]), _decimal(row["awarded"]), _decimal(row["disbursed"])
        )
    return dict(found)


def _stages_summarized(program: Program | None) -> dict[int, dict[str, StageFigures]]:
    """``stages`` of every application from ``StageTotal``: an executed agreement is reporting once its first report
    has fallen due (``reports_from``, compared with today here), else paid or under agreement."""
    where, params = ("WHERE program_id = %s", [program.pk]) if program is not None else ("", [])
    sql = f"""SELECT program_id AS program,
                     CASE WHEN base IN ('executed', 'executed_paid') AND reports_from <= %s THEN 'reporting'
                          WHEN base = 'executed_paid' THEN 'paid'
                          WHEN base = 'executed' THEN 'under_agreement'
                          ELSE base END AS stage,
                     SUM(applications) AS applications, SUM(evaluated) AS evaluated, SUM(awarded) AS awarded,
                     SUM(disbursed) AS disbursed
              FROM {_table(StageTotal)} {where}
              GROUP BY 1, 2 HAVING SUM(applications) > 0"""
    found: dict[int, dict[str, StageFigures]] = defaultdict(dict)
    for row in _fetch(sql, [timezone.localdate(), *params]):
        found[row["program"]][row["stage"]] = StageFigures(
            int(row["applications"]), _decimal(row["evaluated"]), _decimal(row["awarded"]), _decimal(row["disbursed"])
        )
    return dict(found)


# --- Funded projects by place, with their tons ------------------------------------------------------------------


@dataclass
class PlaceFigures:
    """Funded projects of one program in one county / MSA / DAC group, with what they are awarded and paid, the
    tons they reduce (per year and over their project lives), the annualized cost and tons of those with a $/ton,
    and the kW of charging they install."""

    program_id: int
    county: str
    msa: str
    dac: bool
    projects: int = 0
    awarded: Decimal = ZERO
    disbursed: Decimal = ZERO
    nox: Decimal = ZERO
    weighted: Decimal = ZERO
    nox_over_life: Decimal = ZERO
    weighted_over_life: Decimal = ZERO
    annualized_on_nox: Decimal = ZERO
    nox_with_cost: Decimal = ZERO
    annualized_on_weighted: Decimal = ZERO
    weighted_with_cost: Decimal = ZERO
    kw: Decimal = ZERO


def _figure(column: str, key: str) -> Cast:
    """A number inside a JSON column across a relation, e.g. ``project__figures`` ``total_power_output_kw``."""
    return Cast(KeyTextTransform(key, column), QUANTITY)


def funded_projects(period: Period = ALL_TIME, program: Program | None = None, *, figures: bool = True) -> QuerySet:
    """One row per project with money in the ledger as of the period's end: its program, application, county, MSA
    and DAC flag (as the ledger recorded them), net award and payments, and the typed figures the pages sum
    (tons a year, $/ton, the evaluated award) with its project life (the agreement's, else the evaluation's) and
    the charging kW of its evaluation (``figures=False``: the money only, for the awards list). For use as a derived
    table."""
    life = Coalesce(
        _figure("project__funded__values", "project_life_years"), _figure("project__figures", "project_life_years")
    )
    if _summarized(period):  # all entries to date: the ledger's running totals, one row per project and place
        balances = ProjectBalance.objects.all() if program is None else ProjectBalance.objects.filter(program=program)
        found = balances.order_by().values(
            "project_id",
            "county",
            "msa",
            "dac",
            "encumbered",
            "disbursed",
            program_ref=F("program_id"),
            application_ref=F("application_id"),
        )
        if not figures:
            return found
        return found.annotate(
            award=F("project__award"),
            nox=F("project__nox_tons_per_year"),
            weighted=F("project__weighted_tons_per_year"),
            ce=F("project__cost_effectiveness_per_ton"),
            life=life,
            kw=_figure("project__figures", "total_power_output_kw"),
        )
    entries = _up_to(LedgerEntry.objects.exclude(kind=Kind.BUDGET).filter(project__isnull=False), period)
    if program is not None:
        entries = entries.filter(fund__program=program)
    grouped = (
        entries.order_by()
        .values(
            "project_id", "county", "msa", "dac", program_ref=F("fund__program_id"), application_ref=F("application_id")
        )
        .annotate(encumbered=SUMS["encumbered"], disbursed=SUMS["disbursed"])
    )
    if not figures:
        return grouped
    return grouped.annotate(
        award=Max("project__award"),
        nox=Max("project__nox_tons_per_year"),
        weighted=Max("project__weighted_tons_per_year"),
        ce=Max("project__cost_effectiveness_per_ton"),
        life=Max(life),
        kw=Max(_figure("project__figures", "total_power_output_kw")),
    )


def places(period: Period = ALL_TIME, program: Program | None = None) -> list[PlaceFigures]:
    """Funded projects grouped by program, county, MSA and DAC flag (one query); the pages add them up by county,
    by MSA, by DAC group or by program."""
    tons = ("nox", "weighted", "nox_over_life", "weighted_over_life", "nox_with_cost", "weighted_with_cost", "kw")
    if _totals_ready(period):
        totals = PlaceTotal.objects.filter(projects__gt=0).order_by("program_id", "county", "msa", "dac")
        if program is not None:
            totals = totals.filter(program_id=program.pk)
        return [
            PlaceFigures(
                program_id=row.program_id,
                county=row.county,
                msa=row.msa,
                dac=row.dac,
                projects=row.projects,
                awarded=_decimal(row.awarded),
                disbursed=_decimal(row.disbursed),
                annualized_on_nox=_decimal(row.annualized_on_nox),
                annualized_on_weighted=_decimal(row.annualized_on_weighted),
                **{name: _decimal(getattr(row, name), TON) for name in tons},
            )
            for row in totals
        ]
    inner, params = _sql(funded_projects(period, program))
    costed = "CASE WHEN ce IS NOT NULL AND award > 0 THEN"
    sql = f"""SELECT program_ref AS program, county, msa, dac, COUNT(*) AS projects, SUM(encumbered) AS awarded,
                     SUM(disbursed) AS disbursed, SUM(nox) AS nox, SUM(weighted) AS weighted,
                     SUM(nox * life) AS nox_over_life, SUM(weighted * life) AS weighted_over_life,
                     SUM({costed} ce * nox * encumbered / award END) AS annualized_on_nox,
                     SUM({costed} nox END) AS nox_with_cost,
                     SUM({costed} ce * weighted * encumbered / award END) AS annualized_on_weighted,
                     SUM({costed} weighted END) AS weighted_with_cost,
                     SUM(kw) AS kw
              FROM ({inner}) AS t WHERE encumbered > 0
              GROUP BY program_ref, county, msa, dac"""
    return [
        PlaceFigures(
            program_id=row["program"],
            county=row["county"],
            msa=row["msa"],
            dac=bool(row["dac"]),
            projects=row["projects"],
            awarded=_decimal(row["awarded"]),
            disbursed=_decimal(row["disbursed"]),
            annualized_on_nox=_decimal(row["annualized_on_nox"]),
            annualized_on_weighted=_decimal(row["annualized_on_weighted"]),
            **{name: _decimal(row[name], TON) for name in tons},
        )
        for row in _fetch(sql, params)
    ]


# --- County shares (PA2026-03) ------------------------------------------------------------------------------------


@dataclass
class CountyShareFigures:
    fund: FundSource
    county: str
    truck_population: int
    share: Decimal  # the county's part of the fund's budget
    funded: Decimal  # encumbered in that fund for projects in the county


def county_shares(portfolio_figures: list[ProgramFigures], period: Period = ALL_TIME) -> list[CountyShareFigures]:
    """Each fund's county shares (staff's truck populations; PA2026-03 "funds will be allocated by county based on
    the population of Class 4 to 8 MD/HD trucks") against what the fund has encumbered in each county, with the
    budget as of the period's end (two queries)."""
    budgets = {item.fund.pk: item.balance.budget for figures in portfolio_figures for item in figures.funds}
    shares = list(
        CountyShare.objects.filter(fund_id__in=budgets)
        .select_related("fund")
        .order_by("fund__program_id", "fund__position", "county")
    )
    if not shares:
        return []
    funded = {
        (row["fund_id"], row["county"]): row["encumbered"]
        for row in _up_to(
            LedgerEntry.objects.filter(fund_id__in={share.fund_id for share in shares}, kind__in=AWARD), period
        )
        .order_by()
        .values("fund_id", "county")
        .annotate(encumbered=SUMS["encumbered"])
    }
    by_fund: dict[int, dict[str, int]] = defaultdict(dict)
    for share in shares:
        by_fund[share.fund_id][share.county] = share.truck_population
    targets = {
        fund_id: Fund(str(fund_id), "", budgets[fund_id], county_shares=weights).share_targets()
        for fund_id, weights in by_fund.items()
    }
    return [
        CountyShareFigures(
            share.fund,
            share.county,
            share.truck_population,
            targets[share.fund_id][share.county],
            _decimal(funded.get((share.fund_id, share.county))),
        )
        for share in shares
    ]


# --- Air quality: INVEST CLEAN units and kW in service ------------------------------------------------------------


IN_SERVICE_EVENTS = ("commissioned", "destroyed")
"""``agreements.rules`` post-award events: the new equipment, vehicle or charger in service (commissioning or
deployment), and the old unit destroyed or scrapped."""


def in_service(period: Period = ALL_TIME, program: Program | None = None) -> dict[tuple[int, str], tuple[int, Decimal]]:
    """(program id, event) -> (projects, kW of charging) for the projects whose commissioning or destruction is
    recorded by the period's end (corrections applied): one query."""
    if _totals_ready(period):
        totals = ServiceTotal.objects.filter(projects__gt=0)
        if program is not None:
            totals = totals.filter(program_id=program.pk)
        return {(row.program_id, row.key): (row.projects, _decimal(row.kw, TON)) for row in totals}
    events = _up_to(ProjectEvent.objects.filter(corrected_by__isnull=True, key__in=IN_SERVICE_EVENTS), period, "on")
    if program is not None:
        events = events.filter(agreement__program=program)
    rows = (
        events.order_by()
        .values("key", program=F("agreement__program_id"))
        .annotate(
            projects=Count("project_id", distinct=True), kw=Sum(_figure("project__figures", "total_power_output_kw"))
        )
    )
    return {(row["program"], row["key"]): (row["projects"], _decimal(row["kw"], TON)) for row in rows}


def usage_reported(period: Period = ALL_TIME, program: Program | None = None) -> dict[int, dict[str, Decimal]]:
    """Program id -> unit ("miles", "hours", "kWh") -> usage the awardees reported in the period.

    One grouped query over the accepted usage reports (``reporting.models.UsageReport``: the typed, indexed ``usage``
    and ``unit`` columns), by program and unit, for the reporting periods ending within the period; every page and
    export reads the usage from here. Reports not yet accepted by staff are not counted.
    """
    from reporting.models import UsageReport

    reports = UsageReport.objects.filter(status=UsageReport.Status.ACCEPTED, usage__isnull=False)
    if period.start:
        reports = reports.filter(period_end__gte=period.start)
    if period.end:
        reports = reports.filter(period_end__lte=period.end)
    if program is not None:
        reports = reports.filter(program=program)
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in (
        reports.order_by().values("program_id", "unit").annotate(total=Sum("usage")).order_by("program_id", "unit")
    ):
        found[row["program_id"]][row["unit"]] = row["total"]
    return dict(found)


# --- Timeline -----------------------------------------------------------------------------------------------------


@dataclass
class Month:
    month: dt.date
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    committed_to_date: Decimal = ZERO
    disbursed_to_date: Decimal = ZERO


def _month_start(value) -> dt.date:
    day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months(period: Period = ALL_TIME, program: Program | None = None) -> list[Month]:
    """Committed (encumbrances net of releases) and disbursed each month of the period, with the running totals
    (two queries: the months, and what came before the period)."""
    if USE_SUMMARIES:  # the ledger's totals by day (``funding.LedgerDay``): any period, exactly
        days = LedgerDay.objects.exclude(kind=Kind.BUDGET)
        if program is not None:
            days = days.filter(fund__program=program)
        rows = list(
            _days_within(days, period)
            .annotate(month=TruncMonth("day"))
            .order_by()
            .values("month")
            .annotate(committed=DAY_SUMS["encumbered"], disbursed=DAY_SUMS["disbursed"])
            .order_by("month")
        )
        before = (
            days.filter(day__lt=period.start).aggregate(
                **{name: DAY_SUMS[name] for name in ("encumbered", "disbursed")}
            )
            if period.start
            else {}
        )
    else:
        entries = LedgerEntry.objects.exclude(kind=Kind.BUDGET)
        if program is not None:
            entries = entries.filter(fund__program=program)
        rows = list(
            _within(entries, period, "at")
            .annotate(month=TruncMonth("at"))
            .order_by()
            .values("month")
            .annotate(committed=SUMS["encumbered"], disbursed=SUMS["disbursed"])
            .order_by("month")
        )
        before = (
            entries.filter(at__lt=period.start_at).aggregate(
                **{name: SUMS[name] for name in ("encumbered", "disbursed")}
            )
            if period.start
            else {}
        )
    committed, disbursed = _decimal(before.get("encumbered")), _decimal(before.get("disbursed"))
    by_month = {_month_start(row["month"]): row for row in rows}
    if not by_month:
        return []
    first = _month_start(period.start) if period.start else min(by_month)
    last = _month_start(period.end) if period.end else max(max(by_month), _month_start(timezone.localdate()))
    found, day = [], first
    while day <= last:
        row = by_month.get(day, {})
        month = Month(day, _decimal(row.get("committed")), _decimal(row.get("disbursed")))
        committed += month.committed
        disbursed += month.disbursed
        month.committed_to_date, month.disbursed_to_date = committed, disbursed
        found.append(month)
        day = _next_month(day)
    return found


# --- Obligations --------------------------------------------------------------------------------------------------


def _open_obligations(program: Program | None) -> QuerySet[Obligation]:
    found = Obligation.objects.filter(
        status__in=Obligation.OPEN, due__isnull=False, agreement__status=Agreement.Status.EXECUTED
    )
    return found.filter(agreement__program=program) if program is not None else found


@dataclass(frozen=True)
class OpenObligations:
    """Open obligations of executed agreements as of a day: overdue, falling due within 30 days (a report whose
    period has ended: reports are due 30 days after their period, ``report_due_days``), within 90 days, later."""

    overdue: int = 0
    within_30_days: int = 0
    within_90_days: int = 0
    later: int = 0


def obligations(
    program: Program | None = None, *, today: dt.date | None = None
) -> dict[tuple[int, str], OpenObligations]:
    """(program id, obligation kind) -> the open obligations of executed agreements by when they fall due, as of
    today; overdue by the date whatever the stored status says (as ``agreements.selectors.upcoming_and_overdue``):
    one query."""
    today = today or timezone.localdate()
    in_30, in_90 = today + dt.timedelta(days=30), today + dt.timedelta(days=90)
    if _totals_ready():  # ``ObligationTotal``: open obligations of executed agreements by program, kind and due date
        totals = ObligationTotal.objects.filter(obligations__gt=0)
        if program is not None:
            totals = totals.filter(program_id=program.pk)
        counts = {
            name: Sum("obligations", filter=condition, default=0)
            for name, condition in (
                ("late", Q(due__lt=today)),
                ("soon", Q(due__gte=today, due__lte=in_30)),
                ("coming", Q(due__gt=in_30, due__lte=in_90)),
                ("after", Q(due__gt=in_90)),
            )
        }
        rows = totals.order_by().values("kind", program=F("program_id")).annotate(**counts)
    else:
        rows = (
            _open_obligations(program)
            .order_by()
            .values("kind", program=F("agreement__program_id"))
            .annotate(
                late=Count("pk", filter=Q(due__lt=today)),
                soon=Count("pk", filter=Q(due__gte=today, due__lte=in_30)),
                coming=Count("pk", filter=Q(due__gt=in_30, due__lte=in_90)),
                after=Count("pk", filter=Q(due__gt=in_90)),
            )
        )
    return {
        (row["program"], row["kind"]): OpenObligations(row["late"], row["soon"], row["coming"], row["after"])
        for row in rows
    }


def due_by_month(
    program: Program | None = None, *, today: dt.date | None = None, ahead: int = 12
) -> list[tuple[dt.date, int, int]]:
    """(month, obligations falling due, of which reports) for this month and the ``ahead - 1`` after: one query."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    last = first
    for _ in range(ahead):
        last = _next_month(last)
    if _totals_ready():
        totals = ObligationTotal.objects.filter(obligations__gt=0, due__gte=today, due__lt=last)
        if program is not None:
            totals = totals.filter(program_id=program.pk)
        found_rows = (
            totals.annotate(month=TruncMonth("due"))
            .order_by()
            .values("month")
            .annotate(
                count=Sum("obligations"), reports=Sum("obligations", filter=Q(kind=Obligation.Kind.REPORT), default=0)
            )
        )
    else:
        found_rows = (
            _open_obligations(program)
            .filter(due__gte=today, due__lt=last)
            .annotate(month=TruncMonth("due"))
            .order_by()
            .values("month")
            .annotate(count=Count("pk"), reports=Count("pk", filter=Q(kind=Obligation.Kind.REPORT)))
        )
    rows = {_month_start(row["month"]): row for row in found_rows}
    found, day = [], first
    while day < last:
        row = rows.get(day, {})
        found.append((day, row.get("count", 0), row.get("reports", 0)))
        day = _next_month(day)
    return found


# --- The program's funding round ----------------------------------------------------------------------------------


def round_outcome(program: Program) -> tuple[FundingRound | None, dict[str, dict]]:
    """The program's latest approved funding round (else its latest preview) and its lines by outcome: how many,
    their evaluated awards and what was recommended (two queries)."""
    funding_round = (
        program.funding_rounds.filter(status=FundingRound.Status.APPROVED).first()
        or program.funding_rounds.filter(status=FundingRound.Status.PREVIEW).first()
    )
    if funding_round is None:
        return None, {}
    rows = (
        funding_round.lines.order_by()
        .values("outcome")
        .annotate(projects=Count("pk"), award=Sum("award", default=ZERO), funded=Sum("funded", default=ZERO))
    )
    return funding_round, {row["outcome"]: row for row in rows}


OUTCOMES = Recommendation.Outcome


# --- Public awards list -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    """One funded project as a Public Records Act release shows it: the awardee organization, the program, the
    county, the award and where it stands. Never a person's name or e-mail address."""

    reference: str
    awardee: str
    program: str
    program_title: str
    county: str
    award: Decimal
    paid: Decimal
    stage: str


def _awards_sql(period: Period) -> tuple[str, list]:
    from accounts.models import Organization

    inner, inner_params = _sql(funded_projects(period, figures=False))
    reports_sql, reports_params = _reports_started()
    stage_sql, stage_params = _stage_case("a", "g", "t.disbursed", "r")
    return (
        f"""SELECT a.id AS application, p.code AS program, p.title AS program_title, o.name AS awardee,
                       t.project_id AS project, pr.position AS position, t.county AS county,
                       t.encumbered AS award, t.disbursed AS paid, {stage_sql} AS stage
                FROM ({inner}) AS t
                JOIN {_table(Application)} a ON a.id = t.application_ref
                JOIN {_table(Organization)} o ON o.id = a.organization_id
                JOIN {_table(Program)} p ON p.id = a.program_id
                JOIN {_table(Project)} pr ON pr.id = t.project_id
                LEFT JOIN {_table(Agreement)} g ON g.application_id = a.id
                LEFT JOIN ({reports_sql}) r ON r.agreement_ref = g.id
                WHERE t.encumbered > 0 AND a.status = %s""",
        [*stage_params, *inner_params, *reports_params, Status.APPROVED],
    )


def _awards_page_sql(offset: int, limit: int) -> tuple[str, list]:
    """One page of the awards list from ``AwardTotal`` (its partial index holds the list's order, so the page is
    read from the index), then each award's money and stage for that page's rows only."""
    stage_sql, stage_params = _stage_case("a", "g", "t.disbursed", "r")
    today = timezone.localdate()
    sql = f"""SELECT w.application_id AS application, p.code AS program, p.title AS program_title,
                     w.awardee AS awardee, w.project_id AS project, w.position AS position, w.county AS county,
                     t.encumbered AS award, t.disbursed AS paid, {stage_sql} AS stage
              FROM (SELECT * FROM {_table(AwardTotal)} WHERE awards > 0
                    ORDER BY program_code, awardee, application_id, position LIMIT %s OFFSET %s) w
              JOIN {_table(Program)} p ON p.code = w.program_code
              JOIN {_table(Application)} a ON a.id = w.application_id
              JOIN {_table(ProjectBalance)} t ON t.project_id = w.project_id AND t.application_id = w.application_id
                   AND t.county = w.county AND t.msa = w.msa AND t.dac = w.dac
              LEFT JOIN {_table(Agreement)} g ON g.application_id = a.id
              LEFT JOIN LATERAL (SELECT o.agreement_id AS agreement_ref FROM {_table(Obligation)} o
                                 WHERE o.agreement_id = g.id AND o.kind = %s AND o.status <> %s
                                       AND (o.done_on IS NOT NULL OR o.due <= %s) LIMIT 1) r ON TRUE
              ORDER BY w.program_code, w.awardee, w.application_id, w.position"""
    return sql, [*stage_params, limit, offset, Obligation.Kind.REPORT, Obligation.Status.CANCELLED, today]


def _award(row: dict) -> Award:
    return Award(
        reference=f"{row['program']}-{row['application']:05d} #{row['position']}",
        awardee=row["awardee"],
        program=row["program"],
        program_title=row["program_title"],
        county=row["county"],
        award=_decimal(row["award"]),
        paid=_decimal(row["paid"]),
        stage=row["stage"],
    )


def award_count(period: Period = ALL_TIME) -> int:
    if _totals_ready(period):  # the funded projects of approved applications, counted by place (``PlaceTotal``)
        return PlaceTotal.objects.aggregate(count=Sum("awards", default=0))["count"]
    sql, params = _awards_sql(period)
    return _fetch(f"SELECT COUNT(*) AS count FROM ({sql}) AS awards", params)[0]["count"]


def awards(period: Period = ALL_TIME, *, offset: int = 0, limit: int | None = None) -> list[Award]:
    """Funded projects of approved applications, by program, awardee and reference (one query)."""
    if limit is not None and _totals_ready(period):
        return [_award(row) for row in _fetch(*_awards_page_sql(offset, limit))]
    sql, params = _awards_sql(period)
    sql += " ORDER BY p.code, o.name, a.id, pr.position"
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params += [limit, offset]
    return [_award(row) for row in _fetch(sql, params)]


def iter_awards(period: Period = ALL_TIME, *, chunk: int = 2000):
    """Every award, streamed from one query (the open-data export)."""
    sql, params = _awards_sql(period)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY p.code, o.name, a.id, pr.position", params)
        names = [column[0] for column in cursor.description]
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                yield _award(dict(zip(names, row, strict=True)))


def selection_floor(program: Program) -> Decimal | None:
    """The program's DAC floor as its current round sets it (SOON: 50 percent, a round term), or ``None``."""
    floor = program.rule_set.selection.dac_floor if program.rule_set.selection else None
    return selection_terms(program)[floor.name] if floor is not None else None


@dataclass(frozen=True)
class FactorBasis:
    """A Carl Moyer on-road program's funded projects split by whether their tons rest on emission factors (issue 23):
    those from the round's Guidelines edition table or a staff override (``with_factors``) and the rest
    (``lacking``: typed with no record of where they come from, or none). The $/ton is stated only from the first:
    the annualized awards and the weighted tons a year of those projects alone."""

    with_factors: int
    lacking: int
    annualized: Decimal
    tons: Decimal


FACTOR_PROGRAMS = ("PA2022-01",)
"""The programs whose tons rest on the Carl Moyer on-road emission factor tables (PA2022-01's CMP path)."""


def emission_factor_basis(period: Period = ALL_TIME, program: Program | None = None) -> dict[int, FactorBasis]:
    """{program id: FactorBasis} of the funded projects of ``FACTOR_PROGRAMS`` in the period (one query). A project
    counts as with factors when its evaluation recorded them from a Guidelines table or a staff override and
    computed its weighted tons and $/ton."""
    from programs.rules.pa2022_01_cmp import FACTORS_FROM_TABLE_OR_OVERRIDE

    funded = funded_projects(period, program).annotate(
        origin=KeyTextTransform("emission_factors_from", "project__figures"),
        code=F("project__application__program__code"),
    )
    inner, params = _sql(funded)
    placeholders = ", ".join(["%s"] * len(FACTORS_FROM_TABLE_OR_OVERRIDE))
    codes = ", ".join(["%s"] * len(FACTOR_PROGRAMS))
    good = f"origin IN ({placeholders}) AND weighted IS NOT NULL AND ce IS NOT NULL AND award > 0"
    sql = f"""SELECT program_ref AS program,
                     COUNT(*) FILTER (WHERE {good}) AS with_factors,
                     COUNT(*) FILTER (WHERE NOT ({good}) OR origin IS NULL OR weighted IS NULL OR ce IS NULL
                                      OR award IS NULL OR award <= 0) AS lacking,
                     SUM(CASE WHEN {good} THEN ce * weighted * encumbered / award END) AS annualized,
                     SUM(CASE WHEN {good} THEN weighted END) AS tons
              FROM ({inner}) AS t WHERE encumbered > 0 AND code IN ({codes})
              GROUP BY program_ref"""
    values = [*FACTORS_FROM_TABLE_OR_OVERRIDE]
    # in the order of the placeholders: "good" four times in the SELECT list, then the derived table, then the codes
    parameters = [*values, *values, *values, *values, *params, *FACTOR_PROGRAMS]
    return {
        row["program"]: FactorBasis(
            with_factors=row["with_factors"],
            lacking=row["lacking"],
            annualized=_decimal(row["annualized"]),
            tons=_decimal(row["tons"], TON),
        )
        for row in _fetch(sql, parameters)
    }
