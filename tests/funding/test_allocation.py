"""Each program's selection method, as its seed states it, applied by ``funding.rules.allocation``."""

import datetime as dt
from decimal import Decimal

import pytest

from funding.rules.allocation import Candidate, Fund, Limit, Outcome, Pools, allocate
from programs.rules.registry import get_rule_set
from programs.rules.selection import DAC_GROUP
from programs.rules.terms import Terms

START = dt.datetime(2025, 8, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
LA, IE = "Los Angeles-Orange County MSA", "Inland Empire MSA"


def d(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def project(ident, award, *, minutes=0, **facts) -> Candidate:
    return Candidate(id=str(ident), submitted_at=START + dt.timedelta(minutes=minutes), award=d(award), **facts)


def run(code, funds, projects, **terms):
    selection = get_rule_set(code).selection
    return allocate(code, selection, funds, projects, Terms(selection.terms, terms))


def outcomes(allocation):
    return [(line.candidate.id, line.outcome.value, line.funded) for line in allocation.lines]


# --- PA2026-01 / PA2026-02: first come, first served, MSA reserves -------------------------------------------


def test_first_come_first_served_by_submission_time_with_partial_funding_of_the_last_that_fits():
    fund = Fund("cprg", "CPRG Measure 2.1", d(28_000_000), committed=d(27_000_000))
    projects = [
        project("late", 400_000, minutes=9, county="Orange"),
        project("first", 400_000, minutes=1, county="Los Angeles"),
        project("second", 400_000, minutes=2, county="Riverside"),
        project("third", 400_000, minutes=3, county="San Bernardino"),
    ]
    allocation = run("PA2026-02", [fund], projects)
    assert outcomes(allocation) == [
        ("first", "full", d(400_000)),
        ("second", "full", d(400_000)),
        ("third", "partial", d(200_000)),
        ("late", "none", d(0)),
    ]
    assert [line.rank for line in allocation.lines] == [1, 2, 3, 4]
    assert allocation.cut_rank == 3
    assert [line.cumulative for line in allocation.lines[:3]] == [d(27_400_000), d(27_800_000), d(28_000_000)]
    third = allocation.lines[2]
    assert third.reason.startswith("Partial funding: $200,000.00 of the $400,000.00 award from CPRG Measure 2.1")
    assert "applicants may be offered partial funding" in third.reason
    assert allocation.lines[0].place == "Submitted August 15, 2025, 12:01:00 PM PT."
    assert allocation.lines[3].reason == "Not funded: CPRG Measure 2.1 has no money left."


def test_same_submission_second_keeps_the_order_given():
    projects = [project("a", 300_000), project("b", 300_000)]
    allocation = run("PA2026-01", [Fund("cprg", "CPRG", d(400_000))], projects)
    assert outcomes(allocation) == [("a", "full", d(300_000)), ("b", "partial", d(100_000))]


def test_msa_reserve_keeps_money_for_the_inland_empire_until_staff_release_it():
    """PA2026-02 Section 3: "Some funds may be reserved initially to ensure the funds are available to both MSAs"."""
    projects = [
        project("la-1", 400_000, minutes=1, county="Los Angeles"),
        project("la-2", 400_000, minutes=2, county="Orange"),
        project("ie-1", 400_000, minutes=3, county="Riverside"),
    ]
    reserved = Fund("cprg", "CPRG", d(1_000_000), reserves={IE: d(500_000)})
    allocation = run("PA2026-02", [reserved], projects)
    assert outcomes(allocation) == [
        ("la-1", "full", d(400_000)),
        ("la-2", "partial", d(100_000)),
        ("ie-1", "full", d(400_000)),
    ]
    assert allocation.lines[1].limit is Limit.RESERVE
    assert "reserved for the Inland Empire MSA" in allocation.lines[1].reason
    released = Fund("cprg", "CPRG", d(1_000_000))
    assert outcomes(run("PA2026-02", [released], projects)) == [
        ("la-1", "full", d(400_000)),
        ("la-2", "full", d(400_000)),
        ("ie-1", "partial", d(200_000)),
    ]


def test_a_reserve_counts_what_its_msa_already_holds():
    fund = Fund(
        "cprg",
        "CPRG",
        d(1_400_000),
        committed=d(1_000_000),
        reserves={IE: d(600_000)},
        committed_by_area={IE: d(500_000), LA: d(500_000)},
    )
    allocation = run("PA2026-01", [fund], [project("la", 400_000, county="Los Angeles")])
    assert outcomes(allocation) == [("la", "partial", d(300_000))]  # $100,000 of the reserve is still held


# --- PA2026-03: rubric score, county shares, redistribution ----------------------------------------------------


def shares_fund(**changes):
    values = {
        "key": "cprg",
        "label": "CPRG Measure 1",
        "budget": d(10_000_000),
        "county_shares": {"Los Angeles": 600, "Orange": 100, "Riverside": 150, "San Bernardino": 150},
    }
    return Fund(**{**values, **changes})


def test_rubric_ranking_highest_score_first_ties_by_submission_time():
    projects = [
        project("low", 1_000, minutes=1, score=70, county="Los Angeles"),
        project("tie-late", 1_000, minutes=5, score=88, county="Los Angeles"),
        project("top", 1_000, minutes=9, score=95, county="Los Angeles"),
        project("tie-early", 1_000, minutes=3, score=88, county="Los Angeles"),
        project("unscored", 1_000, minutes=0, county="Los Angeles"),
    ]
    allocation = run("PA2026-03", [shares_fund()], projects)
    assert [line.candidate.id for line in allocation.lines] == ["top", "tie-early", "tie-late", "low", "unscored"]
    assert [line.rank for line in allocation.lines] == [1, 2, 3, 4, None]
    assert "tied with tie-late, so the earlier submission ranks first" in allocation.lines[1].place
    assert allocation.lines[4].place == "Not ranked: the rubric is not fully scored yet."
    assert allocation.lines[4].outcome is Outcome.NONE


def test_county_shares_in_proportion_to_truck_population_then_redistribution():
    """SECTION IV: selected "in proportion to each county's Class 4 to 8 MD/HD truck population"; funds "may be
    redistributed based on applications received"."""
    projects = [
        project("la-92", 5_000_000, minutes=1, score=92, county="Los Angeles"),
        project("la-90", 2_000_000, minutes=2, score=90, county="Los Angeles"),
        project("or-80", 500_000, minutes=3, score=80, county="Orange"),
        project("rv-60", 3_000_000, minutes=4, score=60, county="Riverside"),
    ]
    allocation = run("PA2026-03", [shares_fund()], projects)
    # Shares of $10M: LA $6M, Orange $1M, Riverside $1.5M, San Bernardino $1.5M.
    # First pass: la-92 $5M, la-90 $1M (LA share), or-80 $0.5M, rv-60 $1.5M (Riverside share) = $8M.
    # Second pass, by score: la-90 +$1M; rv-60 gets what is left: $1M (Orange's and San Bernardino's unused shares).
    assert outcomes(allocation) == [
        ("la-92", "full", d(5_000_000)),
        ("la-90", "full", d(2_000_000)),
        ("or-80", "full", d(500_000)),
        ("rv-60", "partial", d(2_500_000)),
    ]
    assert allocation.lines[1].redistributed == d(1_000_000)
    assert "redistributed from county shares" in allocation.lines[1].reason
    assert allocation.counties["Los Angeles"]["share_target"] == d(6_000_000)
    assert allocation.funds[0]["left"] == d(0)


def test_without_redistribution_a_county_keeps_its_share():
    projects = [project("la", 8_000_000, score=92, county="Los Angeles")]
    allocation = run("PA2026-03", [shares_fund(redistribute=False)], projects)
    assert outcomes(allocation) == [("la", "partial", d(6_000_000))]
    assert allocation.lines[0].limit is Limit.SHARE
    assert "Los Angeles County's share of CPRG Measure 1 (truck population 600 of 1,000)" in allocation.lines[0].reason


def test_shares_count_what_each_county_already_holds():
    fund = shares_fund(committed=d(5_500_000), committed_by_area={"Los Angeles": d(5_500_000)}, redistribute=False)
    allocation = run(
        "PA2026-03",
        [fund],
        [
            project("la", 1_000_000, score=90, county="Los Angeles"),
            project("sb", 1_000_000, score=80, county="San Bernardino"),
        ],
    )
    assert outcomes(allocation) == [("la", "partial", d(500_000)), ("sb", "full", d(1_000_000))]


# --- PA2025-04 SOON: DAC first, then NOx cost-effectiveness; the 50 percent floor ------------------------------


def soon(ident, award, per_ton, *, dac=False, minutes=0):
    return project(ident, award, minutes=minutes, dac=dac, cost_effectiveness_per_ton=d(per_ton))


def test_soon_funds_dac_projects_first_then_lowest_dollars_per_ton():
    projects = [
        soon("cheap", 300_000, 9_000),
        soon("dac-dear", 200_000, 55_000, dac=True),
        soon("dac-cheap", 200_000, 20_000, dac=True),
        soon("mid", 300_000, 15_000),
    ]
    allocation = run("PA2025-04", [Fund("cmp", "CMP", d(800_000))], projects)
    assert outcomes(allocation) == [
        ("dac-cheap", "full", d(200_000)),
        ("dac-dear", "full", d(200_000)),
        ("cheap", "full", d(300_000)),
        ("mid", "partial", d(100_000)),
    ]
    assert allocation.lines[0].place.startswith("In or around a disadvantaged or low-income community")
    assert "$20,000.00 per ton of NOx reduced" in allocation.lines[0].place


def test_soon_floor_keeps_half_of_the_cmp_funds_for_dac_projects():
    """SECTION IV: "At least 50 percent of the CMP funds must be used for projects ... within a DAC"."""
    projects = [soon("dac", 100_000, 30_000, dac=True), soon("best", 900_000, 5_000)]
    allocation = run("PA2025-04", [Fund("cmp", "CMP", d(1_000_000))], projects)
    assert outcomes(allocation) == [("dac", "full", d(100_000)), ("best", "partial", d(500_000))]
    assert allocation.lines[1].limit is Limit.RESERVE
    assert "floor kept for projects in disadvantaged or low-income communities (50% of the fund" in (
        allocation.lines[1].reason
    )
    assert allocation.dac["held_for_dac"] == d(400_000)
    assert allocation.dac["dac_funded"] == d(100_000)


def test_soon_dac_projects_may_use_the_whole_fund():
    projects = [
        soon("dac-1", 600_000, 30_000, dac=True),
        soon("dac-2", 300_000, 40_000, dac=True),
        soon("other", 300_000, 1_000),
    ]
    allocation = run("PA2025-04", [Fund("cmp", "CMP", d(1_000_000))], projects)
    assert outcomes(allocation) == [
        ("dac-1", "full", d(600_000)),
        ("dac-2", "full", d(300_000)),
        ("other", "partial", d(100_000)),
    ]
    assert allocation.dac["dac_share_of_budget_percent"] == d(90)


def test_soon_floor_follows_the_round_term_and_counts_committed_dac_money():
    fund = Fund("cmp", "CMP", d(1_000_000), committed=d(300_000), committed_by_area={DAC_GROUP: d(300_000)})
    allocation = run("PA2025-04", [fund], [soon("other", 1_000_000, 5_000)], dac_min_share_percent="60")
    # 60% floor = $600,000, of which DAC projects already hold $300,000: $300,000 held, $400,000 usable.
    assert outcomes(allocation) == [("other", "partial", d(400_000))]


def test_soon_projects_without_a_cost_effectiveness_figure_are_not_ranked():
    allocation = run(
        "PA2025-04",
        [Fund("cmp", "CMP", d(1_000_000))],
        [project("none", 100_000, dac=True), soon("ok", 100_000, 1_000)],
    )
    assert [(line.candidate.id, line.rank) for line in allocation.lines] == [("ok", 1), ("none", None)]


# --- PA2022-01: DAC priority, order received, fund per path, solicitation total ------------------------------


def pa2022_funds(cmp_committed=0, prop1b_committed=0):
    return [
        Fund("cmp", "SB 129 / Carl Moyer", d(32_100_000), committed=d(cmp_committed), pays=("CMP",)),
        Fund("prop1b", "Proposition 1B", d(25_000_000), committed=d(prop1b_committed), pays=("Prop 1B",)),
    ]


def test_pa2022_01_charges_each_award_to_the_fund_of_its_path():
    projects = [project("cmp", 200_000, minutes=1, path="CMP"), project("p1b", 100_000, minutes=2, path="Prop 1B")]
    allocation = run("PA2022-01", pa2022_funds(), projects)
    assert [(line.candidate.id, line.fund) for line in allocation.lines] == [("cmp", "cmp"), ("p1b", "prop1b")]
    assert [(fund["key"], fund["allocated"]) for fund in allocation.funds] == [
        ("cmp", d(200_000)),
        ("prop1b", d(100_000)),
    ]


def test_pa2022_01_a_spent_fund_does_not_stop_the_other_path():
    projects = [project("cmp", 200_000, minutes=1, path="CMP"), project("p1b", 100_000, minutes=2, path="Prop 1B")]
    allocation = run("PA2022-01", pa2022_funds(cmp_committed=32_000_000), projects)
    assert outcomes(allocation) == [("cmp", "partial", d(100_000)), ("p1b", "full", d(100_000))]


def test_pa2022_01_solicitation_total_caps_both_funds():
    """About $35 million for the solicitation, though SB 129 ($32.1M) and Prop 1B ($25M) hold more together."""
    # (the Prop 1B award within Table 4's largest amount, $200,000: issue 23)
    projects = [project("p1b", 200_000, minutes=1, path="Prop 1B"), project("cmp", 100_000, minutes=2, path="CMP")]
    allocation = run("PA2022-01", pa2022_funds(cmp_committed=20_000_000, prop1b_committed=14_850_000), projects)
    assert outcomes(allocation) == [("p1b", "partial", d(150_000)), ("cmp", "none", d(0))]
    assert allocation.lines[1].limit is Limit.CAP
    assert "the solicitation total of $35,000,000.00 is reached" in allocation.lines[1].reason
    assert allocation.solicitation == {
        "total": d(35_000_000),
        "committed_before": d(34_850_000),
        "allocated": d(150_000),
        "left": d(0),
    }


def test_pa2022_01_dac_projects_first_in_order_received():
    projects = [
        project("early", 100_000, minutes=1, path="CMP"),
        project("dac-late", 100_000, minutes=9, path="CMP", dac=True),
    ]
    allocation = run("PA2022-01", pa2022_funds(cmp_committed=32_000_000), projects)
    assert outcomes(allocation) == [("dac-late", "full", d(100_000)), ("early", "none", d(0))]


def test_no_fund_for_a_path_is_said_in_words():
    allocation = run("PA2022-01", pa2022_funds()[:1], [project("p1b", 100_000, path="Prop 1B")])
    assert allocation.lines[0].reason == "Not funded: no fund pays the Prop 1B path."
    assert run("PA2026-02", [], [project("x", 1)]).lines[0].reason == (
        "Not funded: no fund source is set up for this program."
    )


# --- The ledger's check uses the same pools ----------------------------------------------------------------------


@pytest.mark.parametrize(("county", "usable"), [("Los Angeles", d(300_000)), ("Riverside", d(800_000))])
def test_pools_say_what_a_fund_can_give_one_project(county, usable):
    selection = get_rule_set("PA2026-02").selection
    pools = Pools(selection, [Fund("cprg", "CPRG", d(1_000_000), committed=d(200_000), reserves={IE: d(500_000)})])
    assert pools.usable("cprg", project("x", 1, county=county))[0] == usable


# --- Limits and caps (issue 23): a project above the announcement's is refused, with the figure and clause -------


def test_soon_projects_above_the_cost_effectiveness_limit_are_not_funded():
    """PA2025-04 SECTION IV item 1: $60,000/ton to the current standard, $120,000/ton beyond it (zero-emission)."""
    fund = Fund("cmp", "CMP", d(1_000_000))
    allocation = run(
        "PA2025-04",
        [fund],
        [
            soon("unknown-130k", 100_000, 130_000),
            project("t4f-90k", 100_000, cost_effectiveness_per_ton=d(90_000), category="tier_4_final"),
            project("ze-90k", 100_000, cost_effectiveness_per_ton=d(90_000), category="zero_emission"),
            soon("unknown-110k", 100_000, 110_000),
        ],
    )
    assert outcomes(allocation) == [
        ("ze-90k", "full", d(100_000)),
        ("unknown-110k", "full", d(100_000)),  # no tier given: held to the highest limit, $120,000
        ("unknown-130k", "none", d(0)),
        ("t4f-90k", "none", d(0)),
    ]
    refused = {line.candidate.id: line for line in allocation.lines if line.limit is Limit.OVER_LIMIT}
    assert refused["unknown-130k"].rank is None
    assert "NOx cost-effectiveness of $130,000.00 per ton of NOx" in refused["unknown-130k"].reason
    assert "limit of $120,000.00 per ton of NOx" in refused["unknown-130k"].reason
    assert "limit of $60,000.00 per ton of NOx" in refused["t4f-90k"].reason
    assert "SECTION IV item 1" in refused["t4f-90k"].reason


def test_a_round_that_lowers_the_soon_limit_holds_projects_to_it():
    allocation = run(
        "PA2025-04",
        [Fund("cmp", "CMP", d(1_000_000))],
        [soon("ok", 100_000, 90_000), soon("over", 100_000, 100_000)],
        limit_beyond_current_standard_per_ton="95000",
    )
    assert outcomes(allocation) == [("ok", "full", d(100_000)), ("over", "none", d(0))]
    assert "changed by the re-issued announcement" in allocation.lines[1].reason


@pytest.mark.parametrize(
    ("code", "facts", "award", "cap"),
    [
        ("PA2026-02", {}, 400_000.01, "$400,000.00"),
        ("PA2026-01", {"category": "yard_truck"}, 300_000.01, "$300,000.00"),
        ("PA2022-01", {"path": "CMP", "category": "optional_low_nox"}, 160_000.01, "$160,000.00"),
    ],
)
def test_an_award_above_the_announcements_cap_is_not_funded(code, facts, award, cap):
    funds = [Fund("f", "Fund", d(10_000_000), pays=("CMP", "Prop 1B") if code == "PA2022-01" else ())]
    allocation = run(
        code, funds, [project("over", award, **facts), project("at", float(cap[1:].replace(",", "")), **facts)]
    )
    assert outcomes(allocation)[0] == ("at", "full", d(cap[1:].replace(",", "")))
    [over] = [line for line in allocation.lines if line.candidate.id == "over"]
    assert over.outcome is Outcome.NONE and over.limit is Limit.OVER_LIMIT
    assert f"award of ${d(award):,} is above the announcement's" in over.reason and cap in over.reason


def test_a_pa2022_01_cmp_project_above_its_limit_is_refused_per_weighted_ton_not_per_ton_of_nox():
    """002_93fe1fbed5faf247.txt, "Heavy-Duty Vehicle Replacement under the CMP" paragraph 1: the Step 2 limit is
    $500,000 per weighted ton for a zero-emission truck (NOx + ROG + 20 x PM10), not per ton of NOx."""
    fund = Fund("cmp", "CMP", d(1_000_000), pays=("CMP",))
    allocation = run(
        "PA2022-01",
        [fund],
        [
            project("ze-600k", 100_000, path="CMP", category="zero_emission", cost_effectiveness_per_ton=d(600_000)),
            project("ze-450k", 100_000, path="CMP", category="zero_emission", cost_effectiveness_per_ton=d(450_000)),
        ],
    )
    refused = {line.candidate.id: line for line in allocation.lines if line.limit is Limit.OVER_LIMIT}
    assert list(refused) == ["ze-600k"]
    assert refused["ze-600k"].reason.startswith(
        "Not funded: its cost-effectiveness of $600,000.00 per weighted ton is above the announcement's CMP "
        "cost-effectiveness limit of $500,000.00 per weighted ton (CMP Step 2 cost-effectiveness limit, zero-emission: "
        '002_93fe1fbed5faf247.txt, "Heavy-Duty Vehicle Replacement under the CMP", paragraph 1)'
    )
