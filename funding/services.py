"""Writes to the fund ledger and funding rounds. Money moves only here.

Every write that takes money from a fund (approving, reversing a release) or gives it back (reducing,
releasing, disbursing, reversing) first locks the program's row and its fund rows (``select_for_update``,
always in that order) and re-reads the ledger inside the lock, so two approvals at once can never promise
the same dollar. Entries record who, when and why; they are never edited, only reversed.

The interface other stages call:

- ``encumber_award(application, ...)``: an approval's awards (``applications.services.approve`` calls it);
- ``release(project, amount, ...)``: an award reduced, withdrawn or terminated (agreements);
- ``disburse(project, amount, ...)``: a payment (payments);
- ``reverse(entry, ...)``: correct a mistaken entry;
- ``create_fund``, ``adjust_budget``, ``set_reserve``, ``set_county_share``: staff's fund settings;
- ``start_round``, ``run_round``, ``approve_round``: the funding round page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Project, Status
from core.locks import exclusive, is_held
from core.money import usd
from core.queueing import enqueue
from core.workflow import WorkflowError
from funding.rules.allocation import Candidate, Pools, allocate
from programs.models import Program

from . import selectors
from .models import CountyShare, FundingRound, FundReserve, FundSource, LedgerEntry, Recommendation

ZERO = Decimal("0.00")
Kind = LedgerEntry.Kind


class FundingError(WorkflowError):
    """A ledger or funding-round request refused, with a message for the person who asked."""


Offer = selectors.Offer  # where the funding round and the approvals name their offers


# --- Locking and checking -----------------------------------------------------------------------------------


def lock_funds(program: Program) -> list[FundSource]:
    """Lock the program's row, then its fund rows (in id order), for the rest of the transaction."""
    list(Program.objects.select_for_update().filter(pk=program.pk).values_list("pk"))
    return list(FundSource.objects.select_for_update().filter(program=program).order_by("pk"))


def _pools(program: Program, funds: list[FundSource]) -> Pools:
    """What each fund can still give, from the ledger as it stands inside the lock."""
    selection = program.rule_set.selection
    return Pools(selection, selectors.allocation_funds(program, funds), selectors.selection_terms(program))


def _require_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Ledger writes must run inside transaction.atomic() so the fund locks hold.")


def _entry(
    fund: FundSource,
    kind: str,
    amount: Decimal,
    *,
    actor,
    reason: str,
    project: Project | None = None,
    funding_round: FundingRound | None = None,
    reverses: LedgerEntry | None = None,
) -> LedgerEntry:
    facts = {}
    if project is not None:
        facts = {
            "application_id": project.application_id,
            "project": project,
            "county": project.county,
            "msa": project.msa,
            "dac": bool(project.dac),
        }
    return LedgerEntry.objects.create(
        fund=fund,
        kind=kind,
        amount=amount,
        actor=actor,
        reason=reason,
        funding_round=funding_round,
        reverses=reverses,
        **facts,
    )


def _check_consistent(program: Program, projects: Sequence[Project] = ()) -> None:
    """After a write, inside the lock: no fund below zero, no project paid more than it was awarded."""
    for balance in selectors.balances_by_fund(program).values():
        if balance.available < 0 or balance.encumbered < 0:
            raise FundingError(f"That would leave a fund of {program.code} at {usd(balance.available)} available.")
        if balance.disbursed > balance.encumbered:
            raise FundingError("That would leave a fund with more paid out than awarded.")
    for balance in selectors.balances_by_project(projects).values() if projects else ():
        if balance.encumbered < 0 or balance.disbursed > balance.encumbered or balance.disbursed < 0:
            raise FundingError("That would leave a project paid more than its award, or with a negative award.")


# --- Fund settings ------------------------------------------------------------------------------------------


@transaction.atomic
def create_fund(
    program: Program, *, name: str, budget: Decimal, actor, reason: str, source: str = "", pays_path: str = ""
) -> FundSource:
    """A new fund source for a program (e.g. SOON's CMP allocation, which the announcement does not state),
    opened with a budget entry."""
    if budget <= 0:
        raise FundingError("Give the fund's budget, more than $0.00.")
    if not reason.strip():
        raise FundingError("Say where the money comes from.")
    if FundSource.objects.filter(program=program, name=name).exists():
        raise FundingError(f"{program.code} already has a fund named {name}.")
    lock_funds(program)
    position = FundSource.objects.filter(program=program).count() + 1
    fund = FundSource.objects.create(
        program=program, name=name, pays_path=pays_path, source=source or reason, position=position
    )
    _entry(fund, Kind.BUDGET, budget, actor=actor, reason=reason.strip())
    return fund


@transaction.atomic
def adjust_budget(fund: FundSource, amount: Decimal, *, actor, reason: str) -> LedgerEntry:
    """Add to (positive) or take from (negative) a fund's budget, never below what it has encumbered."""
    if amount == 0:
        raise FundingError("Give the change to the budget: a positive amount adds, a negative one takes away.")
    if not reason.strip():
        raise FundingError("Say why the budget changes.")
    lock_funds(fund.program)
    entry = _entry(fund, Kind.BUDGET, amount, actor=actor, reason=reason.strip())
    _check_consistent(fund.program)
    return entry


@transaction.atomic
def set_reserve(fund: FundSource, area: str, amount: Decimal, *, actor, reason: str) -> FundReserve:
    """Hold part of a fund for one MSA (PA2026-01 / -02); an amount of zero releases the reserve."""
    selection = fund.program.rule_set.selection
    if area not in selection.reserve_areas:
        raise FundingError(f"{fund.program.code} reserves only for: {', '.join(selection.reserve_areas) or 'none'}.")
    if amount < 0:
        raise FundingError("A reserve cannot be negative; enter $0.00 to release it.")
    if not reason.strip():
        raise FundingError("Say why the reserve is set or released.")
    lock_funds(fund.program)
    others = sum(reserve.amount for reserve in fund.reserves.exclude(area=area))
    budget = selectors.balance_of_fund(fund).budget
    if others + amount > budget:
        raise FundingError(
            f"The reserves would total {usd(others + amount)}, more than the fund's budget {usd(budget)}."
        )
    reserve, _ = FundReserve.objects.update_or_create(
        fund=fund, area=area, defaults={"amount": amount, "reason": reason.strip(), "set_by": actor}
    )
    return reserve


@transaction.atomic
def set_county_share(fund: FundSource, county: str, truck_population: int, *, actor, reason: str) -> CountyShare:
    """A county's Class 4 to 8 truck population for PA2026-03's shares (the announcement gives none)."""
    if not fund.program.rule_set.selection.county_shares:
        raise FundingError(f"{fund.program.code} does not select by county shares.")
    if truck_population < 0:
        raise FundingError("A truck population cannot be negative.")
    if not reason.strip():
        raise FundingError("Say where the truck population comes from.")
    lock_funds(fund.program)
    share, _ = CountyShare.objects.update_or_create(
        fund=fund,
        county=county,
        defaults={"truck_population": truck_population, "reason": reason.strip(), "set_by": actor},
    )
    return share


# --- Awards -------------------------------------------------------------------------------------------------


def encumber(
    program: Program,
    offers: Sequence[Offer],
    *,
    actor,
    reason: str,
    funding_round: FundingRound | None = None,
    locked_funds: list[FundSource] | None = None,
    planned: Sequence[selectors.PlannedCharge] | None = None,
) -> list[LedgerEntry]:
    """Encumber each offer in the fund ledger, after re-checking inside the fund lock that the fund can give it
    (what it has left, less what is held for other MSAs or the DAC floor, within the solicitation total).

    ``locked_funds``: the program's fund rows the caller already locked (``lock_funds``) in this transaction (a
    funding round's approval, issue 25): not locked again. ``planned``: with them, the charges ``approval_figures``
    planned for these offers inside that same lock, the ledger unchanged since (the plan is not made twice)."""
    _require_atomic()
    funds = lock_funds(program) if locked_funds is None else locked_funds
    if not funds:
        raise FundingError(
            f"{program.code} has no fund source yet: add one on the funding page before approving awards."
        )
    if planned is not None and locked_funds is not None:
        charges = list(planned)
    else:
        pools = _pools(program, funds)
        charges, problem = selectors.plan_offers(program, offers, funds, pools)
        if problem:
            raise FundingError(problem)
    plan = []
    for charge in charges:
        if selectors.balances_by_project([charge.project]).get(charge.project.pk, selectors.Balance()).encumbered > 0:
            noun = program.rule_set.project_noun
            raise FundingError(
                f"The {noun} {charge.project.position} of {charge.project.application.reference} already has an "
                "award in the ledger."
            )
        plan.append((charge.fund, charge.project, charge.amount))
    entries = [
        _entry(fund, Kind.ENCUMBRANCE, amount, actor=actor, reason=reason, project=project, funding_round=funding_round)
        for fund, project, amount in plan
    ]
    _check_consistent(program)
    return entries


def encumber_award(
    application: Application,
    *,
    actor,
    reason: str = "",
    offers: Sequence[Offer] | None = None,
    funding_round: FundingRound | None = None,
    locked_funds: list[FundSource] | None = None,
    planned: Sequence[selectors.PlannedCharge] | None = None,
) -> list[LedgerEntry]:
    """The encumbrances of an application's approval: ``offers`` (a funding round's, possibly partial), or by
    default every eligible project's whole award from the first fund that can pay it."""
    projects = list(application.projects.select_related("application__program").order_by("position"))
    if offers is None:
        offers = [Offer(project, project.award) for project in projects if project.eligible and project.award]
    own = {project.pk for project in projects}
    if any(offer.project.pk not in own for offer in offers):
        raise FundingError("An offer names a project of another application.")
    if not offers:
        raise FundingError("No project in this application is eligible for an award.")
    note = reason.strip() or "Award approved."
    return encumber(
        application.program,
        offers,
        actor=actor,
        reason=note,
        funding_round=funding_round,
        locked_funds=locked_funds,
        planned=planned,
    )


FIGURES_CHECKED = ("total", "charges", "funds")
"""The figures an approval must still match when it is made: the amount, the funds charged and their balances."""


def approval_figures(
    application: Application,
    *,
    offers: Sequence[Offer] | None = None,
    shown=None,
    locked_funds: list[FundSource] | None = None,
    planned: list | None = None,
) -> dict:
    """Inside the approval's transaction: lock the program's funds and compute what the approval charges
    (``selectors.approval_facts``), to be recorded with the decision. When ``shown`` (the figures on the page the
    person approved from) no longer matches the amount, funds or balances, refuse: they decide on what they saw.
    ``locked_funds``: the fund rows the caller already locked in this transaction; ``planned``, a list given with
    them, receives the charges planned here for ``encumber`` (a plan that cannot be made is refused here)."""
    _require_atomic()
    funds = lock_funds(application.program) if locked_funds is None else locked_funds
    facts = selectors.approval_facts(application, offers, funds)
    if planned is not None and locked_funds is not None:
        if not funds:
            raise FundingError(
                f"{application.program.code} has no fund source yet: add one on the funding page before approving "
                "awards."
            )
        if facts.problem:
            raise FundingError(facts.problem)
        planned.extend(facts.charges)
    figures = facts.as_dict()
    if shown is not None and any(shown.get(key) != figures[key] for key in FIGURES_CHECKED):
        raise FundingError(
            "The amount or the funds' balances changed since the page was shown (another approval or a budget "
            "change): look at the figures again before approving."
        )
    return figures


def _project_charges(project: Project) -> list[tuple[FundSource, Decimal, Decimal]]:
    """Per fund charged: (fund, encumbered, disbursed), in the order the funds were charged."""
    rows = selectors._balances(LedgerEntry.objects.filter(project=project), "fund_id")
    funds = {fund.pk: fund for fund in FundSource.objects.filter(pk__in=rows)}
    return [(funds[fund_id], balance.encumbered, balance.disbursed) for fund_id, balance in sorted(rows.items())]


@transaction.atomic
def release(project: Project, amount: Decimal, *, actor, reason: str) -> list[LedgerEntry]:
    """Give back ``amount`` of a project's award to its fund(s): the award reduced, withdrawn or terminated.

    At most what is awarded and not yet paid; from the last fund charged first. Returns the release entries."""
    if amount <= 0:
        raise FundingError("Give the amount to release, more than $0.00.")
    if not reason.strip():
        raise FundingError("Say why the award is reduced, withdrawn or terminated.")
    program = project.application.program
    lock_funds(program)
    charges = _project_charges(project)
    outstanding = sum((encumbered - disbursed for _, encumbered, disbursed in charges), ZERO)
    if amount > outstanding:
        raise FundingError(
            f"Only {usd(outstanding)} of this project's award is not yet paid; {usd(amount)} cannot be released."
        )
    entries, rest = [], amount
    for fund, encumbered, disbursed in reversed(charges):
        part = min(rest, encumbered - disbursed)
        if part > 0:
            entries.append(_entry(fund, Kind.RELEASE, -part, actor=actor, reason=reason.strip(), project=project))
            rest -= part
    _check_consistent(program, [project])
    return entries


@transaction.atomic
def release_remaining(application: Application, *, actor, reason: str) -> list[LedgerEntry]:
    """Release everything awarded to an application and not yet paid (termination, closeout for less)."""
    entries = []
    balances = selectors.balances_by_project(application.projects.all())
    for project in application.projects.order_by("position"):
        outstanding = balances.get(project.pk, selectors.Balance()).outstanding
        if outstanding > 0:
            entries += release(project, outstanding, actor=actor, reason=reason)
    return entries


@transaction.atomic
def disburse(project: Project, amount: Decimal, *, actor, reason: str) -> list[LedgerEntry]:
    """Record a payment of ``amount`` on a project's award: never more than awarded and not yet paid; from the
    first fund charged first. Returns the disbursement entries."""
    if amount <= 0:
        raise FundingError("Give the amount paid, more than $0.00.")
    if not reason.strip():
        raise FundingError("Give the payment's reference.")
    program = project.application.program
    lock_funds(program)
    charges = _project_charges(project)
    outstanding = sum((encumbered - disbursed for _, encumbered, disbursed in charges), ZERO)
    if amount > outstanding:
        raise FundingError(
            f"Only {usd(outstanding)} of this project's award is not yet paid; {usd(amount)} cannot be disbursed."
        )
    entries, rest = [], amount
    for fund, encumbered, disbursed in charges:
        part = min(rest, encumbered - disbursed)
        if part > 0:
            entries.append(_entry(fund, Kind.DISBURSEMENT, part, actor=actor, reason=reason.strip(), project=project))
            rest -= part
    _check_consistent(program, [project])
    return entries


@transaction.atomic
def reverse(entry: LedgerEntry, *, actor, reason: str) -> LedgerEntry:
    """Correct a mistaken entry with one of the opposite amount (the original stays as it was)."""
    if not reason.strip():
        raise FundingError("Say why the entry is reversed.")
    program = entry.fund.program
    lock_funds(program)
    entry = LedgerEntry.objects.select_related("project").get(pk=entry.pk)
    if entry.reverses_id:
        raise FundingError("A reversal is not reversed; record a new entry instead.")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise FundingError("This entry has already been reversed.")
    if entry.kind == Kind.RELEASE and entry.project is not None:  # money taken again: it must still be there
        pools = _pools(program, [entry.fund])
        candidate = selectors.candidate(entry.project, submitted_at=timezone.now())
        usable, limit = pools.usable(str(entry.fund_id), candidate)
        if -entry.amount > usable:
            raise FundingError(
                f"{entry.fund.name} can give this project only {usd(usable)} now; the release of "
                f"{usd(-entry.amount)} cannot be reversed."
            )
    reversal = LedgerEntry.objects.create(
        fund=entry.fund,
        kind=entry.kind,
        amount=-entry.amount,
        application_id=entry.application_id,
        project_id=entry.project_id,
        county=entry.county,
        msa=entry.msa,
        dac=entry.dac,
        funding_round_id=entry.funding_round_id,
        reverses=entry,
        actor=actor,
        reason=reason.strip(),
    )
    _check_consistent(program, [entry.project] if entry.project else ())
    return reversal


# --- Funding rounds -----------------------------------------------------------------------------------------


QUEUED_NOTE = "Waiting for a worker"
WAITING_NOTE = (
    "Waiting for the task queue, which could not be reached; the ranking starts by itself as soon as it is back."
)


def start_round(program: Program, *, actor, queue: bool = True) -> FundingRound:
    """Queue a ranking and allocation of the program's waiting projects (a Celery task, progress on the page).
    ``queue=False`` leaves the running to the caller (``run_round``), e.g. demo data and benchmarks.

    One ranking per program at a time; but one stranded (the task queue was down, or its worker died) is sent again
    and returned instead of refusing (issue 24: never left "already running")."""
    if program.rule_set.selection is None:
        raise FundingError(f"{program.code} has no selection method.")
    pending = FundingRound.objects.filter(program=program, status__in=FundingRound.PENDING).order_by("-pk").first()
    if pending is not None:
        if not queue or not selectors.is_stranded(pending, now=timezone.now(), **recovery_limits()):
            raise FundingError("A ranking of this program is already running; wait for it to finish.")
        transaction.on_commit(partial(requeue_round, pending.pk))
        return pending
    funding_round = FundingRound.objects.create(program=program, created_by=actor, progress_note=QUEUED_NOTE)
    if queue:
        transaction.on_commit(partial(queue_round, funding_round.pk))
    return funding_round


def recovery_limits() -> dict:
    """How long a queued round may wait for a worker, and the ranking task's time limit (settings, issue 24)."""
    return {
        "queued_for": dt.timedelta(minutes=settings.FUNDING_ROUND_REQUEUE_AFTER_MINUTES),
        "time_limit": dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
    }


def queue_round(round_id: int) -> bool:
    """Send the ranking to the task queue (after the commit that saved the round). If the queue cannot be reached the
    round is saved as waiting, not an error page: the sweeper (``tasks.requeue_stranded_rounds``) sends it when the
    queue is back, and staff can send it again from its page."""
    from .tasks import allocate_round_task

    unstarted = FundingRound.objects.filter(
        pk=round_id, status__in=[FundingRound.Status.WAITING, FundingRound.Status.QUEUED]
    )
    if enqueue(allocate_round_task, round_id, what=f"funding round {round_id}"):
        # Only a round no worker has taken yet: one already ranking (or done) keeps its status.
        unstarted.update(status=FundingRound.Status.QUEUED, queued_at=timezone.now(), progress_note=QUEUED_NOTE)
        return True
    unstarted.update(status=FundingRound.Status.WAITING, progress_note=WAITING_NOTE)
    return False


def requeue_round(round_id: int) -> bool:
    """Send a stranded round again: one a dead worker left ranking goes back to queued first."""
    FundingRound.objects.filter(pk=round_id, status=FundingRound.Status.RANKING).update(
        status=FundingRound.Status.QUEUED, progress=0, progress_note=QUEUED_NOTE
    )
    return queue_round(round_id)


def retry_round(funding_round: FundingRound) -> None:
    """Staff's "send it again" on a round that waits: refused once it finished or while a worker ranks it."""
    funding_round.refresh_from_db()
    if not funding_round.is_running:
        raise FundingError(f"This ranking is {funding_round.get_status_display().lower()}; there is nothing to retry.")
    if funding_round.status == FundingRound.Status.RANKING and is_held(selectors.ROUND_LOCK, funding_round.pk):
        raise FundingError("A worker is ranking this round now; its progress shows on this page.")
    transaction.on_commit(partial(requeue_round, funding_round.pk))


def requeue_stranded_rounds() -> list[FundingRound]:
    """Send every stranded round again (the periodic sweeper); returns them."""
    stranded = selectors.stranded_rounds(now=timezone.now(), **recovery_limits())
    for funding_round in stranded:
        requeue_round(funding_round.pk)
    return stranded


def _progress(funding_round: FundingRound, percent: int, note: str) -> None:
    FundingRound.objects.filter(pk=funding_round.pk).update(progress=percent, progress_note=note)


BATCH = 5000


def run_round(funding_round: FundingRound) -> FundingRound:
    """Rank and allocate (the task's body), safe to run twice: one worker at a time holds the round's lock (a second
    delivery of the same message returns at once), and a round already previewed, approved or failed is returned as
    it is. A run a killed worker left half done starts again from the beginning."""
    with exclusive(selectors.ROUND_LOCK, funding_round.pk) as held:
        if not held:
            return funding_round  # another worker is ranking it right now
        claimed = FundingRound.objects.filter(pk=funding_round.pk, status__in=FundingRound.PENDING).update(
            status=FundingRound.Status.RANKING, error="", started_at=timezone.now(), attempts=F("attempts") + 1
        )
        if claimed:
            _rank_and_allocate(funding_round)
    funding_round.refresh_from_db()
    return funding_round


def _rank_and_allocate(funding_round: FundingRound) -> None:
    """Progress is saved as it goes (each update commits), the lines in batches; the round is a preview only once
    every line is saved."""
    program = funding_round.program
    _progress(funding_round, 1, "Reading the evaluated projects")
    candidates = list(selectors.round_candidates(program))
    funds = selectors.allocation_funds(program)
    _progress(funding_round, 10, f"Ranking {len(candidates):,} projects")
    selection = program.rule_set.selection

    def allocating(done: int, total: int) -> None:
        _progress(funding_round, 10 + 40 * done // max(total, 1), f"Allocated {done:,} of {total:,} projects")

    allocation = allocate(
        program.code, selection, funds, candidates, selectors.selection_terms(program), progress=allocating
    )
    Recommendation.objects.filter(funding_round=funding_round).delete()
    application_of = dict(selectors.waiting_projects(program).values_list("pk", "application_id"))
    lines = allocation.lines
    for start in range(0, len(lines), BATCH):
        Recommendation.objects.bulk_create(
            _recommendation(funding_round, position, line, application_of)
            for position, line in enumerate(lines[start : start + BATCH], start)
        )
        done = min(start + BATCH, len(lines))
        _progress(funding_round, 50 + 50 * done // max(len(lines), 1), f"Saved {done:,} of {len(lines):,} lines")
    summary = allocation.as_dict()
    del summary["ranking"]
    FundingRound.objects.filter(program=program, status=FundingRound.Status.PREVIEW).exclude(
        pk=funding_round.pk
    ).update(status=FundingRound.Status.SUPERSEDED)
    FundingRound.objects.filter(pk=funding_round.pk).update(
        status=FundingRound.Status.PREVIEW,
        progress=100,
        progress_note="Preview ready",
        projects=len(lines),
        summary=summary,
    )


def _recommendation(funding_round: FundingRound, position: int, line, application_of: dict) -> Recommendation:
    candidate: Candidate = line.candidate
    return Recommendation(
        funding_round=funding_round,
        position=position,
        rank=line.rank,
        project_id=int(candidate.id),
        application_id=application_of[int(candidate.id)],
        award=candidate.award,
        funded=line.funded,
        outcome=line.outcome.value,
        fund_id=int(line.fund) if line.fund else None,
        charges={key: str(amount) for key, amount in line.charges.items()} if len(line.charges) > 1 else {},
        cumulative=line.cumulative,
        place=line.place,
        reason=line.reason,
    )


def fail_round(funding_round: FundingRound, error: str) -> None:
    """The ranking stopped on an error that trying again would repeat: say so on the round (staff preview again)."""
    FundingRound.objects.filter(pk=funding_round.pk, status__in=FundingRound.PENDING).update(
        status=FundingRound.Status.FAILED, error=error[:2000], progress_note="Failed"
    )


def offer_text(noun: str, lines: Sequence[Recommendation]) -> str:
    """The offer in words, for the approval the applicant sees: each project's funding, partial said so."""
    parts = []
    for line in lines:
        what = f"{noun.capitalize()} {line.project.position}"
        if line.outcome == Recommendation.Outcome.PARTIAL:
            parts.append(
                f"{what}: partial funding, {usd(line.funded)} of the {usd(line.award)} award (the funds "
                "left were less than the award)."
            )
        else:
            parts.append(f"{what}: {usd(line.funded)}.")
    return " ".join(parts)


@transaction.atomic
def approve_round(funding_round: FundingRound, *, actor, reason: str) -> list[Application]:
    """Approve every recommended award of a previewed round in one action: each application with money becomes
    an approval (``applications.services.approve``) with its ledger entries; all or nothing. Lines staff excluded,
    held or waitlisted (``decide_line``) are left out, and every applicant not selected is told why."""
    from applications.services import approve

    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    if funding_round.status != FundingRound.Status.PREVIEW:
        raise FundingError(
            f"Only a previewed round can be approved; this one is {funding_round.get_status_display().lower()}."
        )
    program = funding_round.program
    lines = list(selectors.round_lines(funding_round).filter(outcome__in=selectors.FUNDED, action=""))
    by_application: dict[int, list[Recommendation]] = defaultdict(list)
    for line in lines:
        by_application[line.application_id].append(line)
    # Applications first, then the program and its funds: the order a single approval takes them in.
    locked = {
        application.pk: application
        for application in Application.objects.select_for_update()
        .filter(pk__in=by_application)
        .select_related("program")
        .order_by("pk")
    }
    locked_funds = lock_funds(program)
    funds = {fund.pk: fund for fund in locked_funds}
    # The program read once inside its lock, with its current round's terms (``selectors.selection_terms``), and
    # shared by every line's approval instead of each reading them again (issue 25).
    program = Program.objects.get(pk=program.pk)
    current = program.current_round
    program.current_terms = current.terms if current is not None else {}
    noun = program.rule_set.project_noun
    approved = []
    for application_id, application_lines in by_application.items():
        application = locked[application_id]
        application.program = program
        if application.status != Status.COMPLETE:
            raise FundingError(
                f"{application.reference} is now {application.get_status_display().lower()}: preview again."
            )
        offers = [
            Offer(line.project, Decimal(amount), funds[int(fund_id)])
            for line in application_lines
            for fund_id, amount in (line.charges or {line.fund_id: line.funded}).items()
        ]
        note = f"{reason.strip()} Funding round {funding_round.pk}: {offer_text(noun, application_lines)}".strip()
        try:
            approve(
                application,
                actor,
                note,
                offers=offers,
                funding_round=funding_round,
                first_approver=funding_round.created_by,
                locked_funds=locked_funds,
            )
        except WorkflowError as error:
            raise FundingError(f"{application.reference}: {error} Preview again.") from None
        approved.append(application)
    funding_round.status = FundingRound.Status.APPROVED
    funding_round.approved_by = actor
    funding_round.approved_at = timezone.now()
    funding_round.approval_reason = reason.strip()
    funding_round.save(update_fields=["status", "approved_by", "approved_at", "approval_reason"])
    from .notices import tell_not_selected

    tell_not_selected(funding_round)
    return approved


# --- Staff's decisions on a round's lines and its waitlist (issue 21) ---------------------------------------------

Action = Recommendation.Action


@transaction.atomic
def decide_line(line: Recommendation, action: str, *, actor, reason: str) -> Recommendation:
    """Exclude, hold or waitlist one line of a previewed round, or select it again (``action`` blank), with the
    reason recorded (who, when, why). The round and the line are locked and their state re-checked."""
    if action and action not in Action.values:
        raise FundingError(_("Choose exclude, hold, waitlist or select again."))
    if not reason.strip():
        raise FundingError(_("Say why (the reason is kept with the decision and told to the applicant)."))
    funding_round = FundingRound.objects.select_for_update().get(pk=line.funding_round_id)
    if funding_round.status != FundingRound.Status.PREVIEW:
        raise FundingError(
            _("Only a previewed round's lines can be changed; this round is %(status)s.")
            % {"status": funding_round.get_status_display().lower()}
        )
    line = Recommendation.objects.select_for_update().get(pk=line.pk)
    if line.action == action:
        raise FundingError(_("This line already has that decision."))
    line.action = action
    line.action_reason = reason.strip()
    line.action_by = actor
    line.action_at = timezone.now()
    line.save(update_fields=["action", "action_reason", "action_by", "action_at"])
    return line


@transaction.atomic
def offer_to_waitlist(line: Recommendation, *, actor, reason: str = "") -> Application:
    """Staff confirm that returned money (a reduction, a termination, a closeout for less) goes to the next
    waitlisted project of an approved round: its whole evaluated award is approved and encumbered
    (``applications.services.approve`` through ``encumber``, which re-checks the funds inside their lock). Only the
    first waitlisted line not yet funded, in the ranking's order, may be offered."""
    from applications.services import approve

    funding_round = FundingRound.objects.select_for_update().get(pk=line.funding_round_id)
    if funding_round.status != FundingRound.Status.APPROVED:
        raise FundingError(_("The waitlist is offered money only after the round is approved."))
    line = Recommendation.objects.select_for_update().select_related("project", "application").get(pk=line.pk)
    following = selectors.next_waitlisted(funding_round)
    if line.action != Action.WAITLIST or line.offered_at is not None or following is None or following.pk != line.pk:
        raise FundingError(_("Only the next project on the waitlist, in order, can be offered the money."))
    application = Application.objects.select_for_update().get(pk=line.application_id)
    note = _("Funding round %(round)s waitlist: money returned to the fund is offered to this project.") % {
        "round": funding_round.pk
    }
    try:
        approve(
            application,
            actor,
            f"{reason.strip()} {note}".strip(),
            offers=[Offer(line.project, line.award)],
            funding_round=funding_round,
        )
    except WorkflowError as error:
        raise FundingError(str(error)) from None
    line.offered_by = actor
    line.offered_at = timezone.now()
    line.save(update_fields=["offered_by", "offered_at"])
    return application
