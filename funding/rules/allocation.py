"""Rank one program's evaluated projects and allocate its funds, by the program's selection method.

The method is data of the program's rule set (``programs.rules.selection.Selection``, cited there);
this module applies it. The ``allocate`` command, the funding round's Celery task and the fund
ledger's approval check all use it: :func:`allocate` for a whole round, :class:`Pools` for what a
fund can still give one project.

How a round is allocated:

1. Rank: projects in disadvantaged or low-income communities first where the program gives them
   priority, then by the program's order (submission time, rubric score highest first, or $/ton
   lowest first); ties by submission time, then by the order given. Projects the order cannot place
   (a rubric not fully scored, no $/ton figure, no award) are listed unranked and not funded.
2. Charge each ranked project, in turn, to a fund that pays its path: the first one that can pay the
   whole award, else the one that can pay most. What a fund can give one project is what it has left,
   less what is still held for other areas (staff reserves per MSA; SOON's DAC floor), less the
   county share already taken (PA2026-03, first pass), within the solicitation total (PA2022-01).
3. When less is left than the award, the project is offered the rest: partial funding, said so in
   the reason; the next projects get nothing from that pool.
4. PA2026-03: a second pass in rank order gives what counties did not take of their shares to the
   projects still short ("Funds may be redistributed based on applications received").

Pure Python: no Django imports. Money is ``Decimal`` to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from enum import StrEnum
from operator import itemgetter
from typing import Any, cast
from zoneinfo import ZoneInfo

from core.money import usd
from programs.rules.selection import AWARD, DAC_GROUP, Order, Selection
from programs.rules.terms import Terms

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
PACIFIC = ZoneInfo("America/Los_Angeles")


def when(moment: dt.datetime) -> str:
    """``June 3, 2026, 10:15:07 AM PT``: submission times to the second, as the ranking compares them."""
    local = moment.astimezone(PACIFIC)
    return f"{local:%B} {local.day}, {local.year}, {local:%-I:%M:%S %p} PT"


class Outcome(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"full": "Full funding", "partial": "Partial funding", "none": "Not funded"}[self.value]


class Limit(StrEnum):
    """What kept a project from its whole award."""

    FUND = "fund"
    RESERVE = "reserve"
    SHARE = "share"
    CAP = "cap"
    NO_FUND = "no_fund"
    NOT_RANKED = "not_ranked"
    OVER_LIMIT = "over_limit"


@dataclass(frozen=True)
class Fund:
    """A fund source as the allocation sees it: its budget and what the ledger has already committed.

    ``committed_by_area`` is the committed money by MSA, county and (SOON) the DAC group, so reserves and
    shares count what their area already holds. ``reserves`` are staff's per-MSA reserves; ``county_shares``
    staff's county weights (PA2026-03: Class 4 to 8 truck population); ``pays`` the paths it pays (empty:
    every path).
    """

    key: str
    label: str
    budget: Decimal
    committed: Decimal = ZERO
    committed_by_area: Mapping[str, Decimal] = field(default_factory=dict)
    reserves: Mapping[str, Decimal] = field(default_factory=dict)
    county_shares: Mapping[str, int] = field(default_factory=dict)
    pays: tuple[str, ...] = ()
    redistribute: bool = True

    def pays_for(self, path: str) -> bool:
        return not self.pays or path in self.pays

    def share_targets(self) -> dict[str, Decimal]:
        """Each county's share of the budget in proportion to its weight, rounded down to the cent."""
        weight = sum(self.county_shares.values())
        if not weight:
            return {}
        return {
            county: (self.budget * count / weight).quantize(CENT, rounding=ROUND_DOWN)
            for county, count in self.county_shares.items()
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """One evaluated, eligible project waiting for a funding decision."""

    id: str
    submitted_at: dt.datetime
    award: Decimal
    county: str = ""
    dac: bool = False
    score: int | None = None
    cost_effectiveness_per_ton: Decimal | None = None
    path: str = ""
    label: str = ""
    category: str = ""
    """The answer that chooses its limits (``Selection.category_fields``: SOON's new engine tier, PA2022-01's
    replacement technology, PA2026-01's equipment type); empty when unknown (the highest limit then applies)."""

    @property
    def name(self) -> str:
        return self.label or str(self.id)


@dataclass(slots=True)
class Line:
    """One project's place in the ranking and what it is offered."""

    candidate: Candidate
    rank: int | None
    place: str
    outcome: Outcome = Outcome.NONE
    charges: dict[str, Decimal] = field(default_factory=dict)
    """Fund key -> amount charged; usually one fund, several only when no single fund could pay more."""
    reason: str = ""
    limit: Limit | None = None
    """What kept it from its whole award (``None`` when fully funded)."""
    limits: set[Limit] = field(default_factory=set)
    """Every limit it met, in either pass (a county share in the first explains a later project's funding)."""
    redistributed: Decimal = ZERO
    cumulative: Decimal | None = None

    @property
    def funded(self) -> Decimal:
        return sum(self.charges.values(), ZERO)

    @property
    def fund(self) -> str | None:
        """The fund charged (the first, where several are)."""
        return next(iter(self.charges), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "id": self.candidate.id,
            "submitted_at": self.candidate.submitted_at.isoformat(),
            "county": self.candidate.county,
            "dac": self.candidate.dac,
            "award": str(self.candidate.award),
            "funded": str(self.funded),
            "outcome": self.outcome.value,
            "fund": self.fund,
            **(
                {"charges": {key: str(amount) for key, amount in self.charges.items()}} if len(self.charges) > 1 else {}
            ),
            "cumulative": None if self.cumulative is None else str(self.cumulative),
            "place": self.place,
            "reason": self.reason,
        }


@dataclass
class Allocation:
    """The ranked lines with their offers, and the totals per fund, county and group."""

    program: str
    selection: Selection
    lines: list[Line]
    funds: list[dict[str, Any]]
    counties: dict[str, dict[str, Any]]
    notes: list[str]
    solicitation: dict[str, Any] | None = None
    dac: dict[str, Any] | None = None

    @property
    def cut_rank(self) -> int | None:
        """The rank of the first project not fully funded: where the money runs out."""
        return next(
            (line.rank for line in self.lines if line.rank is not None and line.outcome is not Outcome.FULL), None
        )

    @property
    def funded_total(self) -> Decimal:
        return sum((line.funded for line in self.lines), ZERO)

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "method": self.selection.description,
            "source": str(self.selection.source),
            "cut_line_before_rank": self.cut_rank,
            "ranking": [line.as_dict() for line in self.lines],
            "funds": [_jsonable(item) for item in self.funds],
            "counties": _jsonable(self.counties),
            **({"solicitation": _jsonable(self.solicitation)} if self.solicitation else {}),
            **({"dac": _jsonable(self.dac)} if self.dac else {}),
            "notes": self.notes,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


# --- What a fund can give ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Charge:
    """What one charge took from which funds and, when short, the fund and limit that stopped it (with what that
    limit allowed) and every limit met on the way."""

    charges: dict[str, Decimal]
    fund: Fund | None = None
    limit: Limit | None = None
    allowed: Decimal = ZERO
    limits: set[Limit] = field(default_factory=set)


class Pools:
    """What each fund has left, what it holds for areas, and the solicitation total, as projects are charged.

    ``usable`` answers "how much can this fund give this project now, and what limits it"; ``take`` charges
    it. The fund ledger builds one from its sums, inside the fund-row lock, to re-check an approval.
    """

    def __init__(self, selection: Selection, funds: Sequence[Fund], terms: Terms | None = None):
        terms = terms if terms is not None else Terms(selection.terms)
        self.selection = selection
        self.terms = terms
        self.funds = {fund.key: fund for fund in funds}
        self.left = {fund.key: fund.budget - fund.committed for fund in funds}
        self.held: dict[str, dict[str, Decimal]] = {}
        self.share_left: dict[str, dict[str, Decimal]] = {}
        self.floor_percent: Decimal | None = terms[selection.dac_floor.name] if selection.dac_floor else None
        for fund in funds:
            held = {area: amount for area, amount in fund.reserves.items() if area in selection.reserve_areas}
            if self.floor_percent is not None:
                held[DAC_GROUP] = (fund.budget * self.floor_percent / 100).quantize(CENT, rounding=ROUND_UP)
            self.held[fund.key] = {
                area: max(amount - fund.committed_by_area.get(area, ZERO), ZERO) for area, amount in held.items()
            }
            if selection.county_shares:
                self.share_left[fund.key] = {
                    county: max(target - fund.committed_by_area.get(county, ZERO), ZERO)
                    for county, target in fund.share_targets().items()
                }
        self.total: Decimal | None = None
        self.cap_left: Decimal | None = None
        if selection.solicitation_total is not None:
            self.total = terms[selection.solicitation_total.name]
            self.cap_left = self.total - sum((fund.committed for fund in funds), ZERO)

    def area_of(self, candidate: Candidate) -> str:
        """The reserve area a project belongs to: its MSA, or the DAC group (SOON), or none."""
        if self.selection.msas:
            return self.selection.msa_of(candidate.county)
        if self.floor_percent is not None and candidate.dac:
            return DAC_GROUP
        return ""

    def funds_for(self, candidate: Candidate, *, redistributing: bool = False) -> list[Fund]:
        """The funds that may pay this project (its path's); when redistributing, only those that redistribute."""
        return [
            fund
            for fund in self.funds.values()
            if (not self.selection.funds_by_path or fund.pays_for(candidate.path))
            and (fund.redistribute or not redistributing)
        ]

    def usable(self, key: str, candidate: Candidate, *, within_share: bool = False) -> tuple[Decimal, Limit]:
        """The most fund ``key`` can give ``candidate`` now, and what sets that figure."""
        area = self.area_of(candidate)
        held_elsewhere = sum((amount for name, amount in self.held[key].items() if name != area), ZERO)
        ceilings = [(self.left[key], Limit.FUND), (self.left[key] - held_elsewhere, Limit.RESERVE)]
        shares = self.share_left.get(key)
        if within_share and shares:
            ceilings.append((shares.get(candidate.county, ZERO), Limit.SHARE))
        if self.cap_left is not None:
            ceilings.append((self.cap_left, Limit.CAP))
        amount, limit = min(ceilings, key=lambda ceiling: ceiling[0])
        return max(amount, ZERO), limit

    def charge(
        self, candidate: Candidate, wanted: Decimal, *, within_share: bool = False, redistributing: bool = False
    ) -> Charge:
        """Charge up to ``wanted``: to the first fund that can pay it all, else to the funds that can pay most,
        in turn."""
        funds = self.funds_for(candidate, redistributing=redistributing)
        if not funds:
            return Charge({}, None, Limit.NO_FUND, ZERO, {Limit.NO_FUND})
        options = [(fund, *self.usable(fund.key, candidate, within_share=within_share)) for fund in funds]
        whole = next((fund for fund, amount, _ in options if amount >= wanted), None)
        if whole is not None:
            self.take(whole.key, candidate, wanted, within_share=within_share)
            return Charge({whole.key: wanted})
        options.sort(key=lambda option: option[1], reverse=True)
        stop, allowed, limit = options[0]
        if allowed <= 0:  # nothing left for this project in any of its funds
            return Charge({}, stop, limit, ZERO, {option_limit for _, _, option_limit in options})
        charges: dict[str, Decimal] = {}
        rest = wanted
        for fund, _, _ in options:
            amount = min(self.usable(fund.key, candidate, within_share=within_share)[0], rest)  # after earlier takes
            if amount > 0:
                self.take(fund.key, candidate, amount, within_share=within_share)
                charges[fund.key] = amount
                rest -= amount
        return Charge(charges, stop, limit, allowed, {option_limit for _, _, option_limit in options})

    @property
    def exhausted(self) -> bool:
        """Nothing is left anywhere (every fund spent, or the solicitation total reached)."""
        return (self.cap_left is not None and self.cap_left <= 0) or all(left <= 0 for left in self.left.values())

    def take(self, key: str, candidate: Candidate, amount: Decimal, *, within_share: bool = False) -> None:
        self.left[key] -= amount
        area = self.area_of(candidate)
        if area in self.held[key]:
            self.held[key][area] -= min(self.held[key][area], amount)
        shares = self.share_left.get(key)
        if within_share and shares and candidate.county in shares:
            shares[candidate.county] -= amount
        if self.cap_left is not None:
            self.cap_left -= amount

    def why_short(self, fund: Fund | None, candidate: Candidate, limit: Limit | None, amount: Decimal) -> str:
        """The limit in words, e.g. "the rest of the fund is reserved for the Inland Empire MSA"."""
        if fund is None:
            if not self.funds:
                return "no fund source is set up for this program"
            return f"no fund pays the {candidate.path or 'chosen'} path"
        left = usd(amount)
        if limit is Limit.CAP:
            assert self.total is not None  # the cap is the solicitation total
            return f"the solicitation total of {usd(self.total)} is reached ({left} left of it)"
        if limit is Limit.SHARE:
            weight = fund.county_shares.get(candidate.county, 0)
            if not weight:
                return f"{candidate.county or 'this'} County has no share of {fund.label} (no truck population entered)"
            return (
                f"{candidate.county} County's share of {fund.label} (truck population {weight:,} of "
                f"{sum(fund.county_shares.values()):,}) has {left} left"
            )
        if limit is Limit.RESERVE:
            area = self.area_of(candidate)
            others = [name for name, held in self.held[fund.key].items() if name != area and held > 0]
            if others == [DAC_GROUP]:
                return (
                    f"the rest of {fund.label} is the floor kept for projects in disadvantaged or low-income "
                    f"communities ({self.floor_percent}% of the fund; {left} usable by this project)"
                )
            return f"the rest of {fund.label} is reserved for the {' and '.join(others)} ({left} usable here)"
        return f"{fund.label} has {left} left" if amount > 0 else f"{fund.label} has no money left"


# --- Limits and caps (issue 23) ---------------------------------------------------------------------------------


def over_limit(selection: Selection, candidate: Candidate, terms: Terms) -> str | None:
    """Why the announcement forbids funding ``candidate`` at all: its award above a funding cap or its dollars per
    ton above a cost-effectiveness limit (``Selection.limits``), naming the figure, the limit and its clause;
    ``None`` when it is within every one. The portal's evaluation already holds awards to these; the check keeps
    the ``allocate`` input and the ledger from accepting what the evaluation would not."""
    for limit in selection.limits:
        if limit.path and candidate.path != limit.path:
            continue
        figure = candidate.award if limit.figure == AWARD else candidate.cost_effectiveness_per_ton
        if figure is None:
            continue
        term = limit.term_for(candidate.category, terms)
        ceiling = terms[term.name]
        if figure > ceiling:
            # SOON's limits are per ton of NOx, PA2022-01's CMP limits per weighted ton (NOx + ROG + 20 x PM10)
            what = "award" if limit.figure == AWARD else "cost-effectiveness"
            what = f"NOx {what}" if limit.figure != AWARD and "NOx" in term.unit else what
            unit = "" if limit.figure == AWARD else f" {term.unit}"
            return (
                f"its {what} of {usd(figure)}{unit} is above {limit.label} of {term.describe(ceiling)} "
                f"({term.label}: {terms.cite(term.name)})"
            )
    return None


# --- Ranking ---------------------------------------------------------------------------------------------------


def _ordinal_key(selection: Selection, candidate: Candidate):
    """A ranked candidate's criterion (unranked ones lack it: ``_unranked_reason``)."""
    if selection.order is Order.SCORE:
        return -cast(int, candidate.score)
    if selection.order is Order.COST_EFFECTIVENESS:
        return candidate.cost_effectiveness_per_ton
    return 0


def _unranked_reason(selection: Selection, candidate: Candidate) -> str | None:
    if candidate.award <= 0:
        return "Not ranked: no award to fund."
    if selection.order is Order.SCORE and candidate.score is None:
        return "Not ranked: the rubric is not fully scored yet."
    if selection.order is Order.COST_EFFECTIVENESS and candidate.cost_effectiveness_per_ton is None:
        return "Not ranked: no NOx cost-effectiveness figure (dollars per ton) was computed."
    return None


def _criterion(selection: Selection, candidate: Candidate) -> str:
    if selection.order is Order.SCORE:
        return f"rubric score {candidate.score} of 100"
    if selection.order is Order.COST_EFFECTIVENESS:
        return f"{usd(cast(Decimal, candidate.cost_effectiveness_per_ton))} per ton of NOx reduced"
    return f"submitted {when(candidate.submitted_at)}"


def rank(selection: Selection, candidates: Iterable[Candidate]) -> list[Line]:
    """Every candidate in funding order with the reason for its place; unplaceable ones last, unranked."""
    ranked: list[Candidate] = []
    unranked: list[Candidate] = []
    for candidate in candidates:
        (unranked if _unranked_reason(selection, candidate) else ranked).append(candidate)

    def criterion_key(candidate: Candidate) -> tuple:
        priority = (not candidate.dac,) if selection.dac_first else ()
        return (*priority, _ordinal_key(selection, candidate))

    keyed = sorted(
        (
            (criterion_key(candidate), candidate.submitted_at, index, candidate)
            for index, candidate in enumerate(ranked)
        ),
        key=itemgetter(0, 1, 2),
    )  # ties: time, then order
    lines = []
    for index, (key, submitted_at, _, candidate) in enumerate(keyed):
        parts = []
        if selection.dac_first:
            parts.append(
                "In or around a disadvantaged or low-income community: considered first"
                if candidate.dac
                else "Not in a disadvantaged or low-income community: considered after those that are"
            )
        parts.append(_criterion(selection, candidate))
        if selection.order is not Order.SUBMISSION:
            tied = [
                other
                for other_key, _, _, other in keyed[max(index - 1, 0) : index + 2]
                if other is not candidate and other_key == key
            ]
            if tied:
                parts.append(
                    f"tied with {', '.join(other.name for other in tied)}, so the earlier submission ranks "
                    f"first (submitted {when(submitted_at)})"
                )
        place = "; ".join(parts)
        lines.append(Line(candidate=candidate, rank=index + 1, place=place[0].upper() + place[1:] + "."))
    lines += [
        Line(
            candidate=candidate,
            rank=None,
            place=_unranked_reason(selection, candidate) or "",
            limit=Limit.NOT_RANKED,
            reason="Not funded: not ranked.",
        )
        for candidate in unranked
    ]
    return lines


# --- Allocation ------------------------------------------------------------------------------------------------


def allocate(
    code: str,
    selection: Selection,
    funds: Sequence[Fund],
    candidates: Iterable[Candidate],
    terms: Terms | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Allocation:
    """Rank ``candidates`` and offer each full, partial or no funding from ``funds`` (see the module docstring)."""
    pools = Pools(selection, funds, terms)
    within, refused = [], []
    for candidate in candidates:
        why = over_limit(selection, candidate, pools.terms) if selection.limits else None
        if why is None:
            within.append(candidate)
        else:
            refused.append(
                Line(
                    candidate=candidate,
                    rank=None,
                    place="Not ranked: above the announcement's limit.",
                    limit=Limit.OVER_LIMIT,
                    limits={Limit.OVER_LIMIT},
                    reason=f"Not funded: {why}.",
                )
            )
    lines = rank(selection, within) + refused
    ranked = [line for line in lines if line.rank is not None]
    shares = selection.county_shares and any(fund.county_shares for fund in funds)
    total = len(ranked)
    nothing_left: dict[tuple, tuple] = {}
    for done, line in enumerate(ranked, start=1):
        if pools.exhausted:  # the long tail of a large round: the same reason, worked out once per fund
            _not_funded(pools, line, nothing_left)
        else:
            _charge(pools, line, within_share=shares)
        if progress and done % 10_000 == 0:
            progress(done, total)
    redistributed = ZERO
    if shares:
        for line in ranked:
            if pools.exhausted:
                break
            redistributed += _redistribute(pools, line)
    running = {fund.key: fund.committed for fund in funds}
    for line in ranked:
        for key, amount in line.charges.items():
            running[key] += amount
            line.cumulative = running[key]
    if progress:
        progress(total, total)
    return Allocation(
        program=code,
        selection=selection,
        lines=lines,
        funds=_fund_totals(pools, funds, ranked),
        counties=_county_totals(lines, funds if shares else ()),
        notes=_notes(selection, funds, redistributed),
        solicitation=_solicitation(pools, ranked),
        dac=_dac_totals(pools, funds, ranked),
    )


def _charge(pools: Pools, line: Line, *, within_share: bool) -> None:
    charge = pools.charge(line.candidate, line.candidate.award, within_share=within_share)
    line.charges = dict(charge.charges)
    _settle(pools, line, charge)


def _not_funded(pools: Pools, line: Line, cache: dict[tuple, tuple]) -> None:
    """Once every fund is spent: no funding, for the reason of the first fund that could have paid it."""
    funds = pools.funds_for(line.candidate)
    fund = funds[0] if funds else None
    limit = (
        Limit.NO_FUND
        if fund is None
        else (Limit.CAP if pools.cap_left is not None and pools.cap_left <= 0 else Limit.FUND)
    )
    key = (fund.key if fund else None, limit)
    if key not in cache:
        cache[key] = (limit, f"Not funded: {pools.why_short(fund, line.candidate, limit, ZERO)}.")
    line.limit, line.reason = cache[key]
    line.limits.add(line.limit)


def _redistribute(pools: Pools, line: Line) -> Decimal:
    """Second pass (PA2026-03): give a project still short what counties did not take of their shares."""
    wanted = line.candidate.award - line.funded
    if wanted <= 0:
        return ZERO
    charge = pools.charge(line.candidate, wanted, redistributing=True)
    if not charge.charges:
        return ZERO
    for key, amount in charge.charges.items():
        line.charges[key] = line.charges.get(key, ZERO) + amount
    line.redistributed = sum(charge.charges.values(), ZERO)
    _settle(pools, line, charge)
    return line.redistributed


def _settle(pools: Pools, line: Line, charge: Charge) -> None:
    """Record the outcome and, while the pools still show why, the reason in words."""
    candidate, fund, limit, allowed = line.candidate, charge.fund, charge.limit, charge.allowed
    funded = line.funded
    if funded <= 0:
        line.outcome = Outcome.NONE
    else:
        line.outcome = Outcome.FULL if funded == candidate.award else Outcome.PARTIAL
    full = line.outcome is Outcome.FULL
    line.limit = None if full else limit
    line.limits |= charge.limits
    source = (
        " and ".join(f"{pools.funds[key].label} ({usd(amount)})" for key, amount in line.charges.items())
        if len(line.charges) > 1
        else (pools.funds[line.fund].label if line.fund else "")
    )
    extra = ""
    if line.redistributed > 0:
        extra = f" ({usd(line.redistributed)} of it redistributed from county shares other counties did not take)"
    if full:
        line.reason = f"Full funding: {usd(funded)} from {source}{extra}."
        return
    short = pools.why_short(fund, candidate, limit, allowed)
    if len(line.charges) > 1:
        short = f"the funds that pay it had {usd(funded)} left between them"
    if line.outcome is Outcome.PARTIAL:
        line.reason = (
            f"Partial funding: {usd(funded)} of the {usd(candidate.award)} award from {source}{extra}, "
            f"because {short}. The offer says it is partial ({pools.selection.partial_funding})."
        )
    else:
        line.reason = f"Not funded: {short}."


def _fund_totals(pools: Pools, funds: Sequence[Fund], ranked: list[Line]) -> list[dict[str, Any]]:
    allocated = {fund.key: ZERO for fund in funds}
    for line in ranked:
        for key, amount in line.charges.items():
            allocated[key] += amount
    return [
        {
            "key": fund.key,
            "label": fund.label,
            "budget": fund.budget,
            "committed_before": fund.committed,
            "allocated": allocated[fund.key],
            "left": pools.left[fund.key],
            "held": {area: amount for area, amount in pools.held[fund.key].items() if amount > 0},
            **({"share_targets": fund.share_targets()} if fund.county_shares and pools.selection.county_shares else {}),
        }
        for fund in funds
    ]


def _county_totals(lines: list[Line], share_funds: Iterable[Fund]) -> dict[str, dict[str, Any]]:
    counties: dict[str, dict[str, Any]] = {}
    for line in lines:
        county = line.candidate.county or "(no county)"
        totals = counties.setdefault(county, {"projects": 0, "funded_projects": 0, "requested": ZERO, "funded": ZERO})
        totals["projects"] += 1
        totals["requested"] += line.candidate.award
        totals["funded"] += line.funded
        totals["funded_projects"] += line.funded > 0
    for fund in share_funds:
        for county, target in fund.share_targets().items():
            counties.setdefault(county, {"projects": 0, "funded_projects": 0, "requested": ZERO, "funded": ZERO})
            counties[county]["share_target"] = counties[county].get("share_target", ZERO) + target
    return dict(sorted(counties.items()))


def _solicitation(pools: Pools, ranked: list[Line]) -> dict[str, Any] | None:
    if pools.total is None or pools.cap_left is None:  # both set together (Pools)
        return None
    allocated = sum((line.funded for line in ranked), ZERO)
    return {
        "total": pools.total,
        "committed_before": pools.total - pools.cap_left - allocated,
        "allocated": allocated,
        "left": pools.cap_left,
    }


def _dac_totals(pools: Pools, funds: Sequence[Fund], ranked: list[Line]) -> dict[str, Any] | None:
    if pools.floor_percent is None:
        return None
    budget = sum((fund.budget for fund in funds), ZERO)
    dac = sum((fund.committed_by_area.get(DAC_GROUP, ZERO) for fund in funds), ZERO)
    dac += sum((line.funded for line in ranked if line.candidate.dac), ZERO)
    return {
        "floor_percent": pools.floor_percent,
        "budget": budget,
        "dac_funded": dac,
        "dac_share_of_budget_percent": (dac / budget * 100).quantize(CENT) if budget else ZERO,
        "held_for_dac": sum((pools.held[fund.key].get(DAC_GROUP, ZERO) for fund in funds), ZERO),
    }


def _notes(selection: Selection, funds: Sequence[Fund], redistributed: Decimal) -> list[str]:
    notes = [f"Method: {selection.description} ({selection.source})", *selection.notes]
    if not funds:
        notes.append("No fund source is set up, so nothing can be funded.")
    if selection.county_shares and not any(fund.county_shares for fund in funds):
        notes.append("No county shares are entered yet: locations are funded by score alone.")
    if redistributed > 0:
        notes.append(
            f"{usd(redistributed)} that counties did not take of their shares was redistributed to the "
            "next locations by score."
        )
    return notes
