"""Pure rules: the PM2.5-equivalent formula, the 75 percent boundary, feasibility and penalty tiers."""

from decimal import Decimal as D

import pytest

from ports_agreement import rules


def tpd(nox, sox, pm25) -> rules.Emissions:
    return rules.Emissions(D(nox), D(sox), D(pm25))


@pytest.mark.parametrize(
    ("emissions", "equivalent"),
    [
        (tpd("1", "0", "0"), D("0.07")),  # NOx coefficient, Rule 4001 (c)(6)
        (tpd("0", "1", "0"), D("0.53")),  # SOx coefficient
        (tpd("0", "0", "1"), D("1.0")),  # PM2.5 coefficient
        (tpd("100", "10", "2"), D("14.30")),  # 7.00 + 5.30 + 2.0
        (tpd("46.8", "20.3", "3.15"), D("17.185")),
    ],
)
def test_pm25_equivalent_uses_the_rules_coefficients(emissions, equivalent):
    assert rules.pm25_equivalent(emissions) == equivalent


def test_percent_reduction_from_the_baseline():
    assert rules.percent_reduction(D("14.30"), D("3.575")) == D("75")
    assert rules.percent_reduction(D("20"), D("5")) == D("75")
    assert rules.percent_reduction(D("20"), D("25")) == D("-25")  # emissions above the baseline


def test_percent_reduction_needs_a_positive_baseline():
    with pytest.raises(ValueError, match="greater than zero"):
        rules.percent_reduction(D("0"), D("1"))


@pytest.mark.parametrize("bad", [D("-1"), D("NaN"), 3.5])
def test_emissions_refuse_negative_non_finite_and_float(bad):
    with pytest.raises(ValueError, match="nox"):
        rules.Emissions(bad, D("0"), D("0"))


# Baseline: PM2.5 equivalent exactly 100 tons/day (1000 NOx x 0.07 + 0 + 30 PM2.5).
BASELINE = tpd("1000", "0", "30")


def test_a_reduction_of_75_00_percent_meets_the_target():
    result = rules.determine(BASELINE, tpd("0", "0", "25.00"))
    assert result.percent_reduction == D("75")
    assert result.plan_required is False
    assert "no Emission Reduction Plan is required" in result.reason
    assert "(e)(1)" in result.source


def test_a_reduction_of_74_99_percent_requires_a_plan():
    result = rules.determine(BASELINE, tpd("0", "0", "25.01"))
    assert result.percent_reduction == D("74.99")
    assert result.plan_required is True
    assert "an Emission Reduction Plan is required" in result.reason


def test_74_995_percent_is_below_the_target_and_is_not_shown_as_75():
    result = rules.determine(BASELINE, tpd("0", "0", "25.005"))
    assert result.plan_required is True
    assert result.as_dict()["percent_reduction"] == "74.99"


def test_the_boundary_holds_through_every_coefficient():
    # Baseline 14.30; 75% leaves 3.575 = 0.07 x 25 + 0.53 x 2.5 + 0.5.
    assert not rules.determine(tpd("100", "10", "2"), tpd("25", "2.5", "0.5")).plan_required
    assert rules.determine(tpd("100", "10", "2"), tpd("25", "2.5", "0.5001")).plan_required
    assert rules.determine(tpd("100", "10", "2"), tpd("25.01", "2.5", "0.5")).plan_required
    assert rules.determine(tpd("100", "10", "2"), tpd("25", "2.501", "0.5")).plan_required


@pytest.mark.parametrize(
    ("authority", "nox_pm", "sox", "feasible", "words"),
    [
        (True, D("33000"), D("35000"), True, "Feasible"),
        (True, D("33000.01"), None, False, "Carl Moyer limit"),
        (True, None, D("35000.01"), False, "per ton of SOx exceeds $35,000.00"),
        (False, D("1000"), D("1000"), False, "legal authority"),
        (True, None, None, True, "Feasible"),
    ],
)
def test_feasible_control_strategy(authority, nox_pm, sox, feasible, words):
    result = rules.feasibility(legal_authority=authority, nox_pm_cost_per_ton=nox_pm, sox_cost_per_ton=sox)
    assert result.feasible is feasible
    assert words in result.reason
    assert result.source.endswith("Rule 4001 (c)(5)")


def test_the_applicable_moyer_limit_is_a_parameter():
    result = rules.feasibility(
        legal_authority=True, nox_pm_cost_per_ton=D("34000"), sox_cost_per_ton=None, moyer_limit=D("34000")
    )
    assert result.feasible


def test_penalty_tiers_per_default():
    assert [(tier.name, tier.amount_per_default) for tier in rules.PENALTY_TIERS] == [
        ("Tier I", D("50000")),
        ("Tier II", D("100000")),
        ("Tier III", D("200000")),
    ]


def test_penalty_sums_multiply_per_default():
    tier_1, tier_2, tier_3 = (tier.amount_per_default for tier in rules.PENALTY_TIERS)
    assert rules.penalty_total([(tier_1, 1)]) == D("50000")
    assert rules.penalty_total([(tier_1, 2), (tier_2, 1), (tier_3, 3)]) == D("800000")
    assert rules.penalty_total([]) == D("0")
