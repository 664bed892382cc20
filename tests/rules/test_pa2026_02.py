"""PA2026-02 rules at, just under and just over every threshold of 001_ea26778b00a7e017.txt."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.rules import pa2026_02
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set
from tests.rules.helpers import load_example

SUBMITTED = dt.date(2025, 10, 1)


def evaluate(**changes):
    document = load_example("PA2026-02")
    document["evaluated_on"] = SUBMITTED.isoformat()
    document["project"].update({key: value for key, value in changes.items()})
    return evaluate_input("PA2026-02", document)


def result(evaluation, rule):
    return next(item for item in evaluation.results if item.rule == rule)


def test_the_example_truck_is_eligible_for_the_400000_cap():
    evaluation = evaluate()
    assert evaluation.eligible
    assert evaluation.award == Decimal("400000.00")
    assert evaluation.figures["binding_limit"] == "award_cap"
    assert all("001_ea26778b00a7e017.txt" in str(item.source) for item in evaluation.results)


@pytest.mark.parametrize(("gvwr", "passes"), [(33_000, False), (33_001, True), (33_002, True)])
def test_existing_truck_must_be_class_8_gvwr_33001_lb(gvwr, passes):
    assert result(evaluate(existing_gvwr_lb=gvwr), "existing_vehicle_class_8").passed is passes


@pytest.mark.parametrize(("gvwr", "passes"), [(33_000, False), (33_001, True)])
def test_replacement_truck_must_be_class_8(gvwr, passes):
    assert result(evaluate(replacement_gvwr_lb=gvwr), "replacement_class_8").passed is passes


@pytest.mark.parametrize(("miles", "passes"), [(6_999, False), (7_000, True), (7_001, True)])
def test_existing_truck_drove_at_least_7000_miles_in_prior_12_months(miles, passes):
    outcome = result(evaluate(miles_prior_12_months=miles), "existing_vehicle_mileage")
    assert outcome.passed is passes
    assert "7,000 miles" in outcome.reason


@pytest.mark.parametrize(("percent", "passes"), [("74.99", False), ("75", True), ("75.01", True)])
def test_existing_truck_operated_75_percent_in_the_msas(percent, passes):
    assert result(evaluate(msa_operation_percent=percent), "existing_vehicle_msa_operation").passed is passes


@pytest.mark.parametrize(("percent", "passes"), [("74.99", False), ("75", True)])
def test_new_truck_will_operate_75_percent_in_the_msas(percent, passes):
    assert result(evaluate(projected_msa_operation_percent=percent), "future_msa_operation").passed is passes


@pytest.mark.parametrize(
    ("county", "passes"),
    [
        ("Los Angeles", True),
        ("Orange", True),
        ("Riverside", True),
        ("San Bernardino", True),
        ("Ventura", False),
        ("San Diego", False),
        ("Outside California", False),
    ],
)
def test_existing_truck_is_domiciled_in_the_four_msa_counties(county, passes):
    assert result(evaluate(existing_yard_county=county), "existing_vehicle_domiciled").passed is passes


@pytest.mark.parametrize(("fuel", "passes"), [("diesel", True), ("natural_gas", False), ("gasoline", False)])
def test_existing_truck_must_be_diesel(fuel, passes):
    assert result(evaluate(existing_fuel_type=fuel), "existing_vehicle_diesel").passed is passes


@pytest.mark.parametrize(
    ("powertrain", "passes"),
    [
        ("battery_electric", True),
        ("hydrogen_fuel_cell", False),
        ("diesel", False),
        ("natural_gas", False),
        ("hybrid", False),
    ],
)
def test_replacement_must_be_battery_electric(powertrain, passes):
    assert result(evaluate(replacement_powertrain=powertrain), "replacement_battery_electric").passed is passes


@pytest.mark.parametrize(
    ("build", "passes"), [("new_oem", True), ("retrofit", False), ("repower", False), ("conversion", False)]
)
def test_replacement_is_not_a_retrofit_repower_or_conversion(build, passes):
    assert result(evaluate(replacement_build=build), "replacement_not_converted").passed is passes


def test_replacement_must_be_brand_new():
    assert not result(evaluate(replacement_is_new=False), "replacement_new").passed


@pytest.mark.parametrize(("planned", "passes"), [("2028-02-29", True), ("2028-03-01", False)])
def test_deployment_no_later_than_february_2028(planned, passes):
    assert result(evaluate(expected_deployment_date=planned), "deployment_deadline").passed is passes


@pytest.mark.parametrize(
    ("quote_date", "passes"),
    [
        ("2025-07-02", False),  # 91 days before October 1, 2025
        ("2025-07-03", True),  # 90 days
        ("2025-07-04", True),  # 89 days
        ("2025-10-02", False),  # dated after the application
    ],
)
def test_quote_dated_within_90_days_of_submission(quote_date, passes):
    assert result(evaluate(quote_date=quote_date), "quote_date").passed is passes


@pytest.mark.parametrize(("years", "passes"), [("2.99", False), ("3", True), ("3.01", True)])
def test_warranty_at_least_three_years(years, passes):
    assert result(evaluate(warranty_years=years), "warranty").passed is passes


@pytest.mark.parametrize(
    ("cost", "other", "requested", "award", "binding"),
    [
        ("399999.99", "0", "400000.00", "399999.99", "cost_less_other_incentives"),
        ("400000.00", "0", "400000.00", "400000.00", "award_cap"),
        ("400000.01", "0", "400000.00", "400000.00", "award_cap"),
        ("500000.00", "150000.00", "400000.00", "350000.00", "cost_less_other_incentives"),
        ("500000.00", "100000.00", "400000.00", "400000.00", "award_cap"),
        ("500000.00", "0", "250000.00", "250000.00", "amount_requested"),
        ("300000.00", "300000.00", "300000.00", "0.00", "cost_less_other_incentives"),
    ],
)
def test_rebate_is_the_least_of_400000_cost_less_other_incentives_and_request(cost, other, requested, award, binding):
    evaluation = evaluate(replacement_cost=cost, other_incentives=other, amount_requested=requested)
    assert evaluation.award == Decimal(award)
    assert evaluation.figures["binding_limit"] == binding


def test_an_ineligible_truck_gets_no_award_but_keeps_its_figures():
    evaluation = evaluate(miles_prior_12_months=100)
    assert not evaluation.eligible
    assert evaluation.award == Decimal("0.00")
    assert evaluation.figures["award_cap"] == Decimal("400000.00")
    assert [item.rule for item in evaluation.failures] == ["existing_vehicle_mileage"]


money = st.decimals(min_value=0, max_value=2_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(cost=money, other=money, requested=money)
def test_award_never_exceeds_cap_cost_less_incentives_or_request(cost, other, requested):
    evaluation = evaluate(replacement_cost=str(cost), other_incentives=str(other), amount_requested=str(requested))
    assert Decimal(0) <= evaluation.award <= pa2026_02.AWARD_CAP
    assert evaluation.award <= max(cost - other, Decimal(0))
    assert evaluation.award <= requested


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("replacement_cost", "-1", "at least 0"),
        ("miles_prior_12_months", "seven thousand", "enter a number in miles"),
        ("msa_operation_percent", "120", "at most 100"),
        ("quote_date", "10/01/2025", "YYYY-MM-DD"),
        ("existing_fuel_type", "coal", "choose one of"),
        ("replacement_cost", "12.345", "two decimal places"),
        ("existing_gvwr_kg", "15000", "not a field"),
    ],
)
def test_bad_input_names_the_field(field, value, message):
    with pytest.raises(InputError) as raised:
        evaluate(**{field: value})
    assert message in raised.value.errors[f"project.{field}"]


def test_missing_fields_are_each_named():
    document = load_example("PA2026-02")
    del document["project"]["existing_vin"]
    del document["application"]["contact_email"]
    with pytest.raises(InputError) as raised:
        evaluate_input("PA2026-02", document)
    assert raised.value.errors == {
        "application.contact_email": "E-mail address is required",
        "project.existing_vin": "VIN is required",
    }


def test_response_to_a_staff_request_is_due_in_14_calendar_days():
    period = get_rule_set("PA2026-02").deficiency_response
    assert period.due(dt.date(2025, 12, 19)) == dt.date(2026, 1, 2)
    assert "14 calendar days" in period.source


def test_surrender_to_the_dismantler_within_90_days_of_delivery():
    (name, period), *_ = get_rule_set("PA2026-02").deadlines_after_delivery
    assert "dismantler" in name
    assert period.due(dt.date(2027, 1, 15)) == dt.date(2027, 4, 15)
