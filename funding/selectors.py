"""Reads of the fund ledger: budget, encumbered, disbursed and available per program, fund, county and project,
each in one query whatever the number of entries; and a program's funds and candidates as the allocation sees
them.

Encumbered is the sum of encumbrances and releases (net of their reversals); disbursed, of disbursements;
available = budget - encumbered; outstanding = encumbered - disbursed (awarded, not yet paid).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KT

from applications.models import Application, Project, Status
from core.locks import is_held
from funding.rules.allocation import Candidate, Fund
from programs.models import Program, Round
from programs.rules.registry import get_rule_set
from programs.rules.selection import DAC_GROUP
from programs.rules.terms import Terms

from .models import CountyShare, FundingRound, FundReserve, FundSource, LedgerDay, LedgerEntry, Recommendation

ZERO = Decimal("0.00")
Kind = LedgerEntry.Kind
FUNDED = [Recommendation.Outcome.FULL, Recommendation.Outcome.PARTIAL]


@dataclass(frozen=True)
class Balance:
    budget: Decimal = ZERO
    encumbered: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.budget - self.encumbered

    @property
    def outstanding(self) -> Decimal:
        """Awarded and not yet paid."""
        return self.encumbered - self.disbursed

    def __add__(self, other: Balance) -> Balance:
        return Balance(self.budget + other.budget, self.encumbered + other.encumbered, self.disbursed + other.disbursed)


SUMS = {
    "budget": Sum("amount", filter=Q(kind=Kind.BUDGET), default=ZERO),
    "encumbered": Sum("amount", filter=Q(kind__in=[Kind.ENCUMBRANCE, Kind.RELEASE]), default=ZERO),
    "disbursed": Sum("amount", filter=Q(kind=Kind.DISBURSEMENT), default=ZERO),
}


def _balances(entries: QuerySet[LedgerEntry], *group_by: str) -> dict:
    """Ledger sums grouped by ``group_by`` (one query); keys are the group values (a tuple when several)."""
    rows = entries.order_by().values(*group_by).annotate(**SUMS)
    result = {}
    for row in rows:
        key = tuple(row[name] for name in group_by)
        result[key[0] if len(key) == 1 else key] = Balance(row["budget"], row["encumbered"], row["disbursed"])
    return result


def balances_by_fund(program: Program | None = None) -> dict[int, Balance]:
    entries = LedgerEntry.objects.all() if program is None else LedgerEntry.objects.filter(fund__program=program)
    return _balances(entries, "fund_id")


def balances_by_program() -> dict[int, Balance]:
    """From the ledger's running totals per fund, day and kind (``LedgerDay``, kept in each entry's transaction by
    ``funding.summaries.record``): the home page no longer sums every ledger entry on each request (issue 25)."""
    return _balances(LedgerDay.objects.all(), "fund__program_id")


def balances_by_county(program: Program | None = None, fund: FundSource | None = None) -> dict[str, Balance]:
    """Encumbered and disbursed per project county (budgets have no county)."""
    entries = LedgerEntry.objects.exclude(kind=Kind.BUDGET)
    if program is not None:
        entries = entries.filter(fund__program=program)
    if fund is not None:
        entries = entries.filter(fund=fund)
    return _balances(entries, "county")


def balance_of_fund(fund: FundSource) -> Balance:
    return balances_by_fund(fund.program).get(fund.pk, Balance())


def selection_terms(program: Program) -> Terms:
    """The terms the program's selection reads, as its current round sets them (the seed's without a round).

    ``programs_with_balances`` reads the current round's stored values with the programs (``current_terms``).
    """
    from programs.selectors import terms_over

    stored = getattr(program, "current_terms", None)
    if stored is None:
        current = program.current_round
        stored = current.terms if current else {}
    return terms_over(program.code, stored)


def capped(program: Program, balance: Balance) -> Balance:
    """A program's balance as it can be spent: where a solicitation total caps its funds together (PA2022-01:
    about $35 million from SB 129 and Prop 1B funds holding $57.1 million), the budget is that total."""
    selection = program.rule_set.selection
    if selection is None or selection.solicitation_total is None:
        return balance
    total = selection_terms(program)[selection.solicitation_total.name]
    return Balance(min(balance.budget, total), balance.encumbered, balance.disbursed)


def balance_of_program(program: Program) -> Balance:
    """The program's funds together, within its solicitation total (``capped``)."""
    return capped(program, sum(balances_by_fund(program).values(), Balance()))


def balances_by_project(projects: Iterable[Project] | QuerySet[Project]) -> dict[int, Balance]:
    """What each project has been awarded (encumbered) and paid (disbursed)."""
    return _balances(LedgerEntry.objects.filter(project__in=projects), "project_id")


def award_of(application: Application) -> Decimal:
    """The application's approved award: its encumbrances net of releases (what agreements and payments use)."""
    return (
        _balances(LedgerEntry.objects.filter(application=application), "application_id")
        .get(application.pk, Balance())
        .encumbered
    )


@dataclass(frozen=True)
class FundView:
    """A fund with its ledger balance and what it holds for areas, for pages."""

    fund: FundSource
    balance: Balance
    reserves: list[FundReserve]
    shares: list[CountyShare]


def funds_of(program: Program) -> list[FundView]:
    """The program's funds with balances, reserves and county shares: four queries."""
    funds = list(program.fund_sources.all())
    balances = balances_by_fund(program)
    reserves, shares = defaultdict(list), defaultdict(list)
    for reserve in FundReserve.objects.filter(fund__program=program).select_related("set_by"):
        reserves[reserve.fund_id].append(reserve)
    for share in CountyShare.objects.filter(fund__program=program).select_related("set_by"):
        shares[share.fund_id].append(share)
    return [FundView(fund, balances.get(fund.pk, Balance()), reserves[fund.pk], shares[fund.pk]) for fund in funds]


def programs_with_balances() -> list[Program]:
    """Every announcement with ``balance`` (the sum of its funds' ledgers), ``has_funds`` and its current round's
    ``round_number``, ``round_issued_on`` and ``current_terms`` (a solicitation total is a round term): two queries."""
    balances = balances_by_program()
    current = Round.objects.filter(program=OuterRef("pk")).order_by("-number")
    programs = list(
        Program.objects.annotate(
            round_number=Subquery(current.values("number")[:1]),
            round_issued_on=Subquery(current.values("issued_on")[:1]),
            current_terms=Subquery(current.values("terms")[:1]),
        ).order_by("-closes_at", "code")
    )
    for program in programs:
        program.has_funds = program.pk in balances
        program.balance = capped(program, balances.get(program.pk, Balance()))
    return programs


def allocation_funds(program: Program, funds: list[FundSource] | None = None) -> list[Fund]:
    """The program's funds as ``funding.rules.allocation`` sees them: budget, committed (per MSA, county and DAC
    group too), reserves and county shares, read from the ledger (four queries)."""
    funds = list(program.fund_sources.all()) if funds is None else funds
    sums = _balances(LedgerEntry.objects.filter(fund__in=funds), "fund_id", "county", "msa", "dac")
    budget, committed = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    by_area: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for (fund_id, county, msa, dac), balance in sums.items():
        budget[fund_id] += balance.budget
        committed[fund_id] += balance.encumbered
        for area in (county, msa, DAC_GROUP if dac else ""):
            if area:
                by_area[fund_id][area] += balance.encumbered
    reserves, shares = defaultdict(dict), defaultdict(dict)
    for fund_id, area, amount in FundReserve.objects.filter(fund__in=funds).values_list("fund_id", "area", "amount"):
        reserves[fund_id][area] = amount
    for fund_id, county, count in CountyShare.objects.filter(fund__in=funds).values_list(
        "fund_id", "county", "truck_population"
    ):
        shares[fund_id][county] = count
    return [
        Fund(
            key=str(fund.pk),
            label=fund.name,
            budget=budget[fund.pk],
            committed=committed[fund.pk],
            committed_by_area=dict(by_area[fund.pk]),
            reserves=reserves[fund.pk],
            county_shares=shares[fund.pk],
            pays=(fund.pays_path,) if fund.pays_path else (),
            redistribute=fund.redistribute_county_shares,
        )
        for fund in funds
    ]


def waiting_projects(program: Program) -> QuerySet[Project]:
    """Eligible projects of the program's evaluated, complete applications: what a funding round ranks."""
    return Project.objects.filter(
        application__program=program,
        application__status=Status.COMPLETE,
        application__evaluated_at__isnull=False,
        eligible=True,
    )


def _category(program_code: str, data: dict) -> str:
    """The answer that chooses a project's caps and limits (``Selection.category_fields``), or ``""``."""
    selection = get_rule_set(program_code).selection
    fields = selection.category_fields if selection else ()
    return str(data.get(fields[0]) or "") if fields else ""


def candidate(project: Project, submitted_at=None) -> Candidate:
    return Candidate(
        id=str(project.pk),
        submitted_at=submitted_at or project.application.submitted_at,
        award=project.award or ZERO,
        county=project.county,
        dac=bool(project.dac),
        score=project.score,
        cost_effectiveness_per_ton=project.cost_effectiveness_per_ton,
        path=project.path,
        category=_category(project.application.program.code, project.data),
    )


def round_candidates(program: Program) -> Iterator[Candidate]:
    """The waiting projects as allocation candidates, in submission order, streamed (one query)."""
    selection = get_rule_set(program.code).selection
    category = (
        KT(f"data__{selection.category_fields[0]}")
        if selection and selection.category_fields
        else Value("", output_field=CharField())
    )
    rows = (
        waiting_projects(program)
        .annotate(limit_category=category)
        .order_by("application__submitted_at", "application_id", "position")
        .values_list(
            "pk",
            "application__submitted_at",
            "award",
            "county",
            "dac",
            "score",
            "cost_effectiveness_per_ton",
            "path",
            "application_id",
            "position",
            "limit_category",
        )
    )
    code = program.code
    for pk, submitted_at, award, county, dac, score, per_ton, path, application_id, position, kind in rows.iterator(
        chunk_size=5000
    ):
        yield Candidate(
            id=str(pk),
            submitted_at=submitted_at,
            award=award or ZERO,
            county=county,
            dac=bool(dac),
            score=score,
            cost_effectiveness_per_ton=per_ton,
            path=path,
            label=f"{code}-{application_id:05d} #{position}",
            category=kind or "",
        )


def latest_round(program: Program) -> FundingRound | None:
    return program.funding_rounds.select_related("created_by", "approved_by").first()


def round_lines(funding_round: FundingRound) -> QuerySet[Recommendation]:
    return funding_round.lines.select_related("project", "application__program", "fund").order_by("position")


WAITLIST_SHOWN = 50
"""The round page lists the first waitlisted lines, in order (bounded however long the waitlist)."""


def waitlist(funding_round: FundingRound) -> QuerySet[Recommendation]:
    """The round's waitlisted lines in the ranking's order (the order returned money is offered in)."""
    return round_lines(funding_round).filter(action=Recommendation.Action.WAITLIST).select_related("offered_by")


def next_waitlisted(funding_round: FundingRound) -> Recommendation | None:
    """The first waitlisted line not yet funded whose application still waits (complete)."""
    return waitlist(funding_round).filter(offered_at__isnull=True, application__status=Status.COMPLETE).first()


def waitlist_offer(funding_round: FundingRound) -> tuple[Recommendation | None, str]:
    """For the approved round's page: the next waitlisted line and, when the funds cannot pay its award yet, why
    (blank: money has returned and it can be offered). Read without the lock; the offer re-checks inside it."""
    from funding.rules.allocation import Pools

    line = next_waitlisted(funding_round) if funding_round.status == FundingRound.Status.APPROVED else None
    if line is None:
        return None, ""
    program = funding_round.program
    funds = list(program.fund_sources.order_by("pk"))
    pools = Pools(program.rule_set.selection, allocation_funds(program, funds), selection_terms(program))
    _, problem = plan_offers(program, [Offer(line.project, line.award)], funds, pools)
    return line, problem


def funds_after_decisions(funding_round: FundingRound) -> tuple[list[dict], Decimal]:
    """The ranking's fund totals (``summary["funds"]``) with the lines staff excluded, held or waitlisted set aside
    (issue 21: decisions made with the facts): each fund's "recommended now" less, and "left" more, by what those
    lines were offered; and the total set aside. One query over the decided lines (a handful in a round)."""
    set_aside: dict[str, Decimal] = defaultdict(lambda: ZERO)
    decided = funding_round.lines.filter(outcome__in=FUNDED).exclude(action="")
    for fund_id, funded, charges in decided.values_list("fund_id", "funded", "charges"):
        for key, amount in (charges or {fund_id: funded}).items():
            set_aside[str(key)] += Decimal(str(amount))
    funds = [
        {
            **fund,
            "allocated": Decimal(str(fund["allocated"])) - set_aside[str(fund["key"])],
            "left": Decimal(str(fund["left"])) + set_aside[str(fund["key"])],
        }
        for fund in (funding_round.summary or {}).get("funds", [])
    ]
    return funds, sum(set_aside.values(), ZERO)


def recommended_totals(funding_round: FundingRound) -> dict:
    """How many awards a round recommends, their total and in how many applications (one query)."""
    return funding_round.lines.filter(outcome__in=FUNDED, action="").aggregate(
        count=Count("pk"), total=Sum("funded", default=ZERO), applications=Count("application_id", distinct=True)
    )


def ledger_of(program: Program) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(fund__program=program)
        .select_related("fund", "actor", "application__program", "project")
        .order_by("-at", "-pk")
    )


# --- Rounds whose worker never came or went away (issue 24) --------------------------------------------------------

ROUND_LOCK = "funding.round"  # core.locks namespace: held by the worker ranking a round, per round


def is_stranded(funding_round: FundingRound, *, now, queued_for: dt.timedelta, time_limit: dt.timedelta) -> bool:
    """Whether a round that is not finished has nobody working on it and nothing in the queue that will:

    - waiting: the task queue could not be reached when it was sent;
    - queued, but sent longer than ``queued_for`` ago and still not started (the message was lost, e.g. with the
      broker's data): sending it again is harmless, a second message finds the round done or being ranked;
    - ranking, but no worker holds its lock (the worker was killed; on PostgreSQL the lock goes with its connection),
      or, where locks cannot be seen, started longer than the task's time limit ago.
    """
    Status = FundingRound.Status
    if funding_round.status == Status.WAITING:
        return True
    if funding_round.status == Status.QUEUED:
        return (funding_round.queued_at or funding_round.created_at) < now - queued_for
    if funding_round.status == Status.RANKING:
        held = is_held(ROUND_LOCK, funding_round.pk)
        if held is None:
            return funding_round.started_at is None or funding_round.started_at < now - time_limit
        return not held
    return False


def stranded_rounds(*, now, queued_for: dt.timedelta, time_limit: dt.timedelta) -> list[FundingRound]:
    """Every stranded round (at most one unfinished round per program exists, so this reads a handful of rows)."""
    pending = FundingRound.objects.filter(status__in=FundingRound.PENDING).select_related("program").order_by("pk")
    return [r for r in pending if is_stranded(r, now=now, queued_for=queued_for, time_limit=time_limit)]


# --- An approval's facts: the funds it charges and what each has left before and after --------------------------


@dataclass(frozen=True)
class Offer:
    """Money offered to one project: ``amount`` (at most its evaluated award) from ``fund`` (``None``: the first
    of the program's funds paying the project's path that can pay it all)."""

    project: Project
    amount: Decimal
    fund: FundSource | None = None


@dataclass(frozen=True)
class PlannedCharge:
    """One offer's charge to one fund, with what that fund could give the project and what sets that figure."""

    fund: FundSource
    project: Project
    amount: Decimal
    usable: Decimal
    limit: str


def plan_offers(program: Program, offers, funds: list[FundSource], pools) -> tuple[list[PlannedCharge], str]:
    """The fund each offer would be charged to (the one named, else the first of the project's funds that can pay it
    all), checked against what that fund can give (``Pools.usable``); or the reason it cannot be charged.

    The fund ledger calls this inside the fund lock to encumber; the approve page calls it without the lock to show
    what the approval would do."""
    from django.utils import timezone

    from core.citations import public
    from core.money import usd
    from funding.rules.allocation import over_limit

    by_pk = {fund.pk: fund for fund in funds}
    noun = program.rule_set.project_noun
    plan = []
    for offer in offers:
        project = offer.project
        what = f"{noun} {project.position} of {project.application.reference}"
        if not project.eligible or offer.amount <= 0:
            return plan, f"The {what} has no award to approve."
        if offer.amount > (project.award or ZERO):
            return plan, (
                f"The offer {usd(offer.amount)} for the {what} is more than its evaluated award "
                f"{usd(project.award or ZERO)}; the evaluation changed since the offer was made."
            )
        entrant = candidate(project, submitted_at=timezone.now())
        if (why := over_limit(pools.selection, entrant, pools.terms)) is not None:
            return plan, f"The {what} cannot be funded: {public(why)}."
        if offer.fund is not None:
            fund = by_pk.get(offer.fund.pk)
            if fund is None:
                return plan, f"{offer.fund} is not a fund of {program.code}."
        else:
            choices = pools.funds_for(entrant)
            whole = [by_pk[int(c.key)] for c in choices if pools.usable(c.key, entrant)[0] >= offer.amount]
            fund = (whole or [by_pk[int(c.key)] for c in choices] or [None])[0]
            if fund is None:
                return plan, f"No fund of {program.code} pays the {project.path or 'project'}'s path."
        usable, limit = pools.usable(str(fund.pk), entrant)
        why = pools.why_short(pools.funds[str(fund.pk)], entrant, limit, usable)
        if offer.amount > usable:
            return plan, (
                f"The award {usd(offer.amount)} for the {what} exceeds what {fund.name} can give it: "
                f"{usd(usable)} ({why})."
            )
        pools.take(str(fund.pk), entrant, offer.amount)
        plan.append(PlannedCharge(fund, project, offer.amount, usable, why))
    return plan, ""


@dataclass(frozen=True)
class FundEffect:
    """A fund an approval charges: available before, charged, available after (budget less encumbered)."""

    fund: FundSource
    before: Decimal
    charged: Decimal

    @property
    def after(self) -> Decimal:
        return self.before - self.charged


@dataclass(frozen=True)
class ProjectLimit:
    """The limit that set a project's evaluated award (``figures["binding_limit"]`` of its rule set) and its
    amount."""

    project: Project
    award: Decimal
    key: str
    amount: Decimal | None


@dataclass(frozen=True)
class Place:
    """Where the application stands in the program's order among the complete applications waiting for funds."""

    number: int
    waiting: int
    order: str


@dataclass(frozen=True)
class ApprovalFacts:
    """What approving an application would do, as shown to the person approving and recorded with the decision."""

    total: Decimal
    charges: list[PlannedCharge]
    funds: list[FundEffect]
    limits: list[ProjectLimit]
    place: Place | None
    problem: str

    def as_dict(self) -> dict:
        """The figures as kept on the decision (JSON: amounts as strings)."""
        return {
            "total": str(self.total),
            "charges": [
                {
                    "fund": charge.fund.name,
                    "project": charge.project.position,
                    "amount": str(charge.amount),
                    "usable": str(charge.usable),
                }
                for charge in self.charges
            ],
            "funds": [
                {"fund": e.fund.name, "before": str(e.before), "charged": str(e.charged), "after": str(e.after)}
                for e in self.funds
            ],
            "limits": [
                {"project": limit.project.position, "binding_limit": limit.key, "amount": str(limit.amount or "")}
                for limit in self.limits
            ],
            "place": None
            if self.place is None
            else {"number": self.place.number, "waiting": self.place.waiting, "order": self.place.order},
            "problem": self.problem,
        }


def place_in_order(application: Application) -> Place | None:
    """The application's place among the program's complete, evaluated applications with an eligible project, in the
    order its selection considers them (submission time, rubric score or dollars per ton; 001_ea26778b00a7e017.txt
    PA2026-01/-02 "first-come, first-served"; 003_b264a6114e3b8c3f.txt ranking by cost-effectiveness): two counts.

    Ranked by the application's first eligible project; ties are broken by submission time, as the allocation does."""
    from programs.rules.selection import Order

    selection = application.program.rule_set.selection
    if selection is None or application.submitted_at is None:
        return None
    mine = next((p for p in application.projects.all() if p.eligible), None)
    waiting = waiting_projects(application.program).exclude(application=application)
    earlier = Q(application__submitted_at__lt=application.submitted_at)
    ahead = earlier
    if mine is not None and selection.order is Order.SCORE and mine.score is not None:
        ahead = Q(score__gt=mine.score) | (Q(score=mine.score) & earlier)
    elif mine is not None and selection.order is Order.COST_EFFECTIVENESS and mine.cost_effectiveness_per_ton:
        per_ton = mine.cost_effectiveness_per_ton
        ahead = Q(cost_effectiveness_per_ton__lt=per_ton) | (Q(cost_effectiveness_per_ton=per_ton) & earlier)
    if selection.dac_first and mine is not None:  # projects in a DAC or low-income community come first
        ahead = Q(dac=True) & ahead if mine.dac else Q(dac=True) | (~Q(dac=True) & ahead)
    counts = waiting.aggregate(
        ahead=Count("application", filter=ahead, distinct=True), others=Count("application", distinct=True)
    )
    return Place(counts["ahead"] + 1, counts["others"] + 1, selection.order.value)


def approval_facts(application: Application, offers=None, funds: list[FundSource] | None = None) -> ApprovalFacts:
    """What approving ``application`` would charge (``offers``, default each eligible project's whole award), to which
    funds, each fund's available balance before and after, the limit that set each award and the application's place
    in the program's order; ``problem`` says why it cannot be approved as it stands. A fixed number of queries."""
    from funding.rules.allocation import Pools

    program = application.program
    projects = list(application.projects.select_related("application__program").order_by("position"))
    if offers is None:
        offers = [Offer(project, project.award) for project in projects if project.eligible and project.award]
    funds = list(program.fund_sources.order_by("pk")) if funds is None else funds
    limits = [
        ProjectLimit(
            project,
            project.award or ZERO,
            project.figures.get("binding_limit") or "",
            _money(project.figures.get(project.figures.get("binding_limit") or "")),
        )
        for project in projects
        if project.eligible and project.award
    ]
    place = place_in_order(application)
    total = sum((offer.amount for offer in offers), ZERO)
    if not funds:
        problem = f"{program.code} has no fund source yet: add one on the funding page before approving awards."
        return ApprovalFacts(total, [], [], limits, place, problem)
    pools = Pools(program.rule_set.selection, allocation_funds(program, funds), selection_terms(program))
    charges, problem = plan_offers(program, offers, funds, pools)
    balances = balances_by_fund(program)
    charged: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for charge in charges:
        charged[charge.fund.pk] += charge.amount
    effects = [
        FundEffect(fund, balances.get(fund.pk, Balance()).available, charged[fund.pk])
        for fund in funds
        if fund.pk in charged
    ]
    return ApprovalFacts(total, charges, effects, limits, place, problem)


def _money(value) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError, TypeError):
        return None
