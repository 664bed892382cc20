"""PA2022-01 Proposition 1B path: every threshold, every row of Tables 1 and 4 of 002_93fe1fbed5faf247.txt."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.rules import pa2022_01_prop1b as prop1b
from tests.rules.test_pa2022_01_cmp import case

GVWR = {5: 18_000, 6: 22_000, 7: 30_000, 8: 80_000}
LOW_NOX = {
    "replacement_technology": "optional_low_nox",
    "replacement_fuel_type": "natural_gas",
    "replacement_engine_nox_g_bhp_hr": "0.02",
    "replacement_engine_service_class": "HHD",
}
ROOMY = {"replacement_cost": "900000.00", "amount_requested": "900000.00"}  # so Table 4 binds


def evaluate(application=None, **project):
    return prop1b.evaluate(*case(project, application))


def result(evaluation, rule):
    return next(item for item in evaluation.results if item.rule == rule)


def test_the_example_truck_qualifies_for_table_4_class_8_zero_emission():
    evaluation = evaluate()
    assert evaluation.eligible, evaluation.failures
    assert evaluation.path == "Prop 1B"
    assert evaluation.award == Decimal("200000.00")
    assert evaluation.figures["binding_limit"] == "table_4_amount"
    assert all("002_93fe1fbed5faf247.txt" in str(item.source) for item in evaluation.results)


@pytest.mark.parametrize(("percent", "passes"), [("50", False), ("50.01", True), ("49.99", False)])
def test_goods_movement_a_majority_of_the_time(percent, passes):
    assert result(evaluate(goods_movement_percent=percent), "goods_movement").passed is passes


@pytest.mark.parametrize(("gvwr", "passes"), [(16_000, False), (16_001, True), (16_002, True), (14_001, False)])
def test_existing_truck_is_class_5_to_8(gvwr, passes):
    assert result(evaluate(existing_gvwr_lb=gvwr), "class_5_to_8").passed is passes


@pytest.mark.parametrize(("year", "passes"), [(2006, False), (2007, True), (2008, True), (2009, True), (2010, False)])
def test_old_engine_model_year_2007_to_2009(year, passes):
    assert result(evaluate(existing_engine_model_year=year), "old_engine_model_year").passed is passes


@pytest.mark.parametrize(("truck_class", "minimum"), [(8, 20_000), (7, 20_000), (6, 10_000), (5, 10_000)])
@pytest.mark.parametrize("period", ["recent", "prior"])
@pytest.mark.parametrize(("offset", "passes"), [(-1, False), (0, True), (1, True)])
def test_california_miles_each_of_the_past_two_years(truck_class, minimum, period, offset, passes):
    evaluation = evaluate(
        existing_gvwr_lb=GVWR[truck_class],
        replacement_gvwr_lb=GVWR[truck_class],
        **{f"ca_miles_{period}_12_months": minimum + offset},
    )
    assert result(evaluation, f"california_miles_{period}").passed is passes


@pytest.mark.parametrize("period", ["recent", "prior"])
@pytest.mark.parametrize(("percent", "passes"), [("74.99", False), ("75", True), ("75.01", True)])
def test_seventy_five_percent_california_operation_each_year(period, percent, passes):
    evaluation = evaluate(**{f"ca_operation_percent_{period}_12_months": percent})
    assert result(evaluation, f"california_operation_{period}").passed is passes


@pytest.mark.parametrize(("percent", "passes"), [("89.99", False), ("90", True), ("90.01", True)])
def test_new_truck_operates_90_percent_in_california(percent, passes):
    assert result(evaluate(projected_ca_operation_percent=percent), "projected_california_operation").passed is passes


@pytest.mark.parametrize(
    ("truck_class", "engine", "passes"),
    [(5, "LHD", True), (6, "LHD", False), (8, "LHD", False), (6, "MHD", True), (8, "HHD", True)],
)
def test_existing_engine_mhd_or_hhd_except_class_5_lhd(truck_class, engine, passes):
    outcome = result(
        evaluate(existing_gvwr_lb=GVWR[truck_class], existing_engine_service_class=engine), "engine_service_class"
    )
    assert outcome.passed is passes


@pytest.mark.parametrize(("fleet_size", "passes"), [(2, True), (3, True), (4, False)])
def test_repower_only_for_fleets_of_3_or_less(fleet_size, passes):
    evaluation = evaluate(application={"fleet_size": fleet_size}, project_type="repower", **LOW_NOX)
    assert result(evaluation, "repower_fleet_size").passed is passes


def test_repower_needs_a_0_02_engine_and_has_no_table_4_amount():
    evaluation = evaluate(application={"fleet_size": 2}, project_type="repower")
    assert not result(evaluation, "replacement_technology").passed  # zero-emission is not a repowered engine
    outcome = result(evaluate(application={"fleet_size": 2}, project_type="repower", **LOW_NOX), "table_4_amount")
    assert not outcome.passed and "repower" in outcome.reason


@pytest.mark.parametrize(("year", "passes"), [(2018, False), (2019, True), (2020, True)])
def test_new_engine_model_year_2019_or_later(year, passes):
    assert result(evaluate(replacement_model_year=year), "replacement_model_year").passed is passes


@pytest.mark.parametrize(("certified", "passes"), [("0.021", False), ("0.02", True), ("0.019", True)])
def test_low_nox_replacement_certified_to_0_02_or_less(certified, passes):
    outcome = result(evaluate(**{**LOW_NOX, "replacement_engine_nox_g_bhp_hr": certified}), "replacement_technology")
    assert outcome.passed is passes


TABLE_4 = [  # the seed's Table 4, row by row: class, technology, maximum funding
    (8, "zero_emission", "200000.00"),
    (8, "hybrid_zero_emission_mile", "150000.00"),
    (8, "optional_low_nox", "100000.00"),
    (7, "zero_emission", "200000.00"),
    (7, "hybrid_zero_emission_mile", "150000.00"),
    (7, "optional_low_nox", "100000.00"),
    (6, "zero_emission", "100000.00"),
    (6, "optional_low_nox", "50000.00"),
    (5, "zero_emission", "80000.00"),
    (5, "optional_low_nox", "40000.00"),
]


def _replacement(technology, truck_class):
    engine = "MHD" if truck_class in (6, 7) and technology != "zero_emission" else "HHD"
    changes = {"replacement_technology": technology, "existing_engine_service_class": engine}
    if technology != "zero_emission":
        changes.update(
            {
                "replacement_fuel_type": "natural_gas" if technology == "optional_low_nox" else "diesel",
                "replacement_engine_nox_g_bhp_hr": "0.02",
                "replacement_engine_service_class": engine,
            }
        )
    if truck_class == 5:
        changes["existing_engine_service_class"] = "MHD"
        changes["replacement_engine_service_class"] = "MHD" if technology != "zero_emission" else None
    return changes


@pytest.mark.parametrize(("truck_class", "technology", "amount"), TABLE_4)
def test_every_table_4_row_is_the_award_when_cost_allows(truck_class, technology, amount):
    evaluation = evaluate(
        existing_gvwr_lb=GVWR[truck_class],
        replacement_gvwr_lb=GVWR[truck_class],
        **_replacement(technology, truck_class),
        **ROOMY,
    )
    assert evaluation.eligible, evaluation.failures
    assert evaluation.award == Decimal(amount)
    assert prop1b.TABLE_4_AMOUNTS[(truck_class, technology)] == Decimal(amount)


@pytest.mark.parametrize("truck_class", [5, 6])
def test_table_4_lists_no_hybrid_for_class_5_and_6(truck_class):
    evaluation = evaluate(
        existing_gvwr_lb=GVWR[truck_class],
        replacement_gvwr_lb=GVWR[truck_class],
        **_replacement("hybrid_zero_emission_mile", truck_class),
    )
    assert [item.rule for item in evaluation.failures] == ["table_4_amount"]


TABLE_1 = [  # the seed's Table 1, row by row: project type, old classes, replacement class, funding level
    ("replacement", (7,), 8, 7),
    ("replacement", (8,), 7, 7),
    ("replacement", (6,), 5, 5),
    ("replacement_2_for_1", (7, 8), 8, 8),
    ("replacement_2_for_1", (8, 8), 7, 7),
    ("replacement_2_for_1", (6, 6), 7, 6),
    ("replacement_2_for_1", (6, 8), 7, 7),
    ("replacement_2_for_1", (6, 5), 7, 6),
]


@pytest.mark.parametrize(("project_type", "old", "new", "level"), TABLE_1)
def test_every_table_1_row_sets_the_funding_level(project_type, old, new, level):
    changes = {
        "project_type": project_type,
        "existing_gvwr_lb": GVWR[old[0]],
        "replacement_gvwr_lb": GVWR[new],
        **ROOMY,
    }
    changes["existing_engine_service_class"] = "HHD" if old[0] in (7, 8) else "MHD"
    if project_type == "replacement_2_for_1":
        changes.update(
            {
                "second_existing_gvwr_lb": GVWR[old[1]],
                "second_existing_engine_model_year": 2009,
                "second_existing_engine_service_class": "HHD" if old[1] in (7, 8) else "MHD",
                "second_existing_ca_miles_recent_12_months": 25_000,
                "second_existing_ca_miles_prior_12_months": 25_000,
            }
        )
    elif old[0] == 6:
        changes["vocational_need_approved"] = True  # a class change of 1-for-1 other than 7 <-> 8 needs it
    else:
        changes.update(LOW_NOX)  # Class 7 <-> 8 needs an HHD engine in both
    evaluation = evaluate(**changes)
    assert evaluation.eligible, evaluation.failures
    assert evaluation.figures["funding_class"] == level
    technology = changes.get("replacement_technology", "zero_emission")
    assert evaluation.award == prop1b.TABLE_4_AMOUNTS[(level, technology)]
    assert prop1b.funding_class(project_type, old, new)[0] == level
    assert "Table 1 row" in evaluation.figures["funding_class_source"]


@pytest.mark.parametrize(("old", "new", "level"), [((8,), 8, 8), ((5,), 5, 5), ((8, 5), 6, 6), ((5, 5), 8, 5)])
def test_funding_level_outside_table_1_is_the_lesser_of_highest_old_and_new(old, new, level):
    project_type = "replacement" if len(old) == 1 else "replacement_2_for_1"
    assert prop1b.funding_class(project_type, old, new)[0] == level


@pytest.mark.parametrize(
    ("changes", "passes"),
    [
        ({"replacement_gvwr_lb": GVWR[7], **LOW_NOX}, True),  # 8 -> 7, HHD engines in both
        ({"replacement_gvwr_lb": GVWR[7], **LOW_NOX, "replacement_engine_service_class": "MHD"}, False),
        ({"replacement_gvwr_lb": GVWR[7]}, False),  # zero-emission: no HHD engine in the new truck
        ({"replacement_gvwr_lb": GVWR[6], **LOW_NOX}, False),
        ({"replacement_gvwr_lb": GVWR[6], **LOW_NOX, "vocational_need_approved": True}, True),
        ({**LOW_NOX, "replacement_engine_service_class": "MHD"}, False),  # same class, different service class
    ],
)
def test_same_weight_and_service_class_unless_an_exception(changes, passes):
    assert result(evaluate(**changes), "weight_class").passed is passes


def test_two_for_one_checks_the_second_truck_too():
    evaluation = evaluate(
        project_type="replacement_2_for_1",
        second_existing_gvwr_lb=15_000,
        second_existing_engine_model_year=2012,
        second_existing_engine_service_class="LHD",
        second_existing_ca_miles_recent_12_months=9_000,
        second_existing_ca_miles_prior_12_months=30_000,
    )
    assert {item.rule for item in evaluation.failures} == {
        "second_class_5_to_8",
        "second_old_engine_model_year",
        "second_california_miles_recent",
        "second_engine_service_class",
    }


@pytest.mark.parametrize(("sources", "passes"), [(0, True), (1, True), (2, False)])
def test_at_most_one_other_state_funding_source(sources, passes):
    assert result(evaluate(other_state_funding_sources=sources), "other_state_sources").passed is passes


@pytest.mark.parametrize(
    ("public", "cost", "other", "award", "binding"),
    [
        # OTHER IMPORTANT PROGRAM INFORMATION: all grants at most 85% of the cost for a non-public applicant
        (False, "200000.00", "0.00", "170000.00", "grants_share_of_cost_less_other_funding"),
        (False, "300000.00", "100000.00", "155000.00", "grants_share_of_cost_less_other_funding"),
        # a public agency's grants may reach the whole cost; Table 4 note 2's 90% binds only a co-funded project
        (True, "190000.00", "0.00", "190000.00", "grants_share_of_cost_less_other_funding"),
        (True, "222222.22", "0.00", "200000.00", "table_4_amount"),
        (True, "300000.00", "100000.00", "170000.00", "combined_funding_90_percent_less_other_funding"),
        (True, "100000.00", "95000.00", "0.00", "combined_funding_90_percent_less_other_funding"),
    ],
)
def test_grants_share_and_the_co_funded_90_percent_of_cost(public, cost, other, award, binding):
    evaluation = evaluate(
        application={"public_agency": public},
        replacement_cost=cost,
        other_public_funding=other,
        taxes_and_fees="0.00",
        amount_requested="900000.00",
    )
    assert evaluation.award == Decimal(award)
    assert evaluation.figures["binding_limit"] == binding


money = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(cost=money, other=money, requested=money, row=st.sampled_from(TABLE_4))
def test_award_never_exceeds_table_4_90_percent_of_cost_or_the_request(cost, other, requested, row):
    truck_class, technology, amount = row
    evaluation = evaluate(
        existing_gvwr_lb=GVWR[truck_class],
        replacement_gvwr_lb=GVWR[truck_class],
        **_replacement(technology, truck_class),
        replacement_cost=str(cost),
        taxes_and_fees="0.00",
        other_public_funding=str(other),
        amount_requested=str(requested),
    )
    assert Decimal(0) <= evaluation.award <= Decimal(amount)
    assert evaluation.award <= max(cost * Decimal("0.85") - other, Decimal(0))  # the example is not a public agency
    assert evaluation.award <= requested
