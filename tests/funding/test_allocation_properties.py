"""Properties of every program's allocation, over generated funds and projects (hypothesis)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from funding.rules.allocation import Candidate, Fund, Limit, Outcome, allocate
from programs.rules.registry import get_rule_set
from programs.rules.selection import DAC_GROUP

CODES = ["PA2026-01", "PA2026-02", "PA2026-03", "PA2022-01", "PA2025-04"]
COUNTIES = ["Los Angeles", "Orange", "Riverside", "San Bernardino", "Kern"]
PATHS = ["CMP", "Prop 1B"]
START = dt.datetime(2025, 8, 15, 19, 0, tzinfo=dt.UTC)

cents = st.integers(min_value=0, max_value=200_000_000).map(lambda n: Decimal(n) / 100)


@st.composite
def funds(draw, selection):
    result = []
    for index in range(draw(st.integers(min_value=1, max_value=3))):
        budget = draw(cents)
        committed = Decimal(draw(st.integers(min_value=0, max_value=int(budget * 100)))) / 100
        reserves = {area: draw(cents) % (budget + 1) for area in selection.reserve_areas if draw(st.booleans())}
        shares = (
            {county: draw(st.integers(min_value=0, max_value=5_000)) for county in COUNTIES[:4]}
            if selection.county_shares and draw(st.booleans())
            else {}
        )
        pays = (draw(st.sampled_from(PATHS)),) if selection.funds_by_path else ()
        areas = [*selection.reserve_areas, *COUNTIES, DAC_GROUP]
        by_area = {
            area: (committed * draw(st.integers(min_value=0, max_value=100)) / 100).quantize(Decimal("0.01"))
            for area in areas
            if draw(st.booleans())
        }
        result.append(
            Fund(
                key=f"f{index}",
                label=f"Fund {index}",
                budget=budget,
                committed=committed,
                committed_by_area=by_area,
                reserves=reserves,
                county_shares=shares,
                pays=pays,
                redistribute=draw(st.booleans()),
            )
        )
    return result


@st.composite
def candidates(draw):
    result = []
    for index in range(draw(st.integers(min_value=0, max_value=25))):
        result.append(
            Candidate(
                id=f"p{index}",
                submitted_at=START + dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=20))),
                award=draw(cents) % Decimal("900000"),
                county=draw(st.sampled_from(COUNTIES)),
                dac=draw(st.booleans()),
                score=draw(st.none() | st.integers(min_value=0, max_value=100)),
                cost_effectiveness_per_ton=draw(st.none() | st.integers(min_value=1, max_value=120_000).map(Decimal)),
                path=draw(st.sampled_from(PATHS)),
            )
        )
    return result


@st.composite
def rounds(draw):
    code = draw(st.sampled_from(CODES))
    selection = get_rule_set(code).selection
    return code, selection, draw(funds(selection)), draw(candidates())


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_no_fund_goes_below_zero_and_awards_never_exceed_the_funds(round_):
    code, selection, fund_list, projects = round_
    allocation = allocate(code, selection, fund_list, projects)
    available = {fund.key: fund.budget - fund.committed for fund in fund_list}
    for totals in allocation.funds:
        assert totals["left"] >= 0
        assert totals["allocated"] <= available[totals["key"]]
    assert allocation.funded_total <= sum(available.values())
    if allocation.solicitation:
        assert allocation.solicitation["allocated"] <= max(
            allocation.solicitation["total"] - allocation.solicitation["committed_before"], 0
        )
    for line in allocation.lines:
        assert Decimal(0) <= line.funded <= line.candidate.award
        assert all(amount > 0 for amount in line.charges.values())
        expected = (
            Outcome.NONE
            if line.funded == 0
            else (Outcome.FULL if line.funded == line.candidate.award else Outcome.PARTIAL)
        )
        assert line.outcome is expected
        assert line.reason and line.place


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_a_better_ranked_project_is_never_funded_less_unless_a_reserve_share_or_fund_explains_it(round_):
    """If a worse-ranked project gets money while a better-ranked one is short, the better one met a reserve (an
    MSA's, or the DAC floor) or a county share, or is paid by another fund (another path)."""
    code, selection, fund_list, projects = round_
    ranked = [line for line in allocate(code, selection, fund_list, projects).lines if line.rank is not None]
    for index, better in enumerate(ranked):
        if better.outcome is Outcome.FULL:
            continue
        for worse in ranked[index + 1 :]:
            if worse.funded == 0:
                continue
            explained = (
                better.limits & {Limit.RESERVE, Limit.SHARE}
                or selection.funds_by_path
                and better.candidate.path != worse.candidate.path
            )
            assert explained, (better, worse)


@settings(max_examples=150, deadline=None)
@given(rounds())
def test_the_dac_floor_holds(round_):
    """SOON: projects outside DAC/low-income communities never use the floor (50% of each fund)."""
    _, selection, fund_list, projects = round_
    selection = get_rule_set("PA2025-04").selection
    fund_list = [Fund(fund.key, fund.label, fund.budget, fund.committed, fund.committed_by_area) for fund in fund_list]
    allocation = allocate("PA2025-04", selection, fund_list, projects)
    for fund in fund_list:
        floor = fund.budget / 2
        others_before = fund.committed - fund.committed_by_area.get(DAC_GROUP, Decimal(0))
        others_now = sum(
            (line.charges.get(fund.key, Decimal(0)) for line in allocation.lines if not line.candidate.dac), Decimal(0)
        )
        assert others_now <= max(fund.budget - floor - others_before, 0) + Decimal("0.01")


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_ranking_is_deterministic_and_ties_follow_submission_time(round_):
    code, selection, fund_list, projects = round_
    first = allocate(code, selection, fund_list, projects)
    again = allocate(code, selection, fund_list, list(projects))
    assert [line.as_dict() for line in first.lines] == [line.as_dict() for line in again.lines]
    ranked = [line.candidate for line in first.lines if line.rank is not None]
    for before, after in zip(ranked, ranked[1:], strict=False):
        same_priority = not selection.dac_first or before.dac == after.dac
        same_criterion = (
            selection.order == "submission"
            or selection.order == "score"
            and before.score == after.score
            or selection.order == "cost_effectiveness"
            and before.cost_effectiveness_per_ton == after.cost_effectiveness_per_ton
        )
        if same_priority and same_criterion:
            assert before.submitted_at <= after.submitted_at
