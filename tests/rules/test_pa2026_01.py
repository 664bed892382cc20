"""PA2026-01 (battery-electric cargo handling equipment) rules at, just under and just over every threshold.

Numbers are those of 001_ea26778b00a7e017.txt, Attachment A "Program Announcement #PA2026-01".
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.rules import pa2026_01
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set
from tests.rules.helpers import load_example

CODE = "PA2026-01"
SUBMITTED = dt.date(2025, 10, 1)


def evaluate(evaluated_on=SUBMITTED, **changes):
    document = load_example(CODE)
    document["evaluated_on"] = evaluated_on.isoformat()
    document["project"]["quote_date"] = (evaluated_on - dt.timedelta(days=30)).isoformat()
    document["project"].update(changes)
    return evaluate_input(CODE, document)


def result(evaluation, rule):
    return next(item for item in evaluation.results if item.rule == rule)


def test_the_example_yard_truck_is_eligible_for_the_300000_cap():
    evaluation = evaluate()
    assert evaluation.eligible, [item.reason for item in evaluation.failures]
    assert evaluation.award == Decimal("300000.00")
    assert evaluation.figures["award_cap"] == Decimal("300000.00")
    assert evaluation.figures["binding_limit"] == "award_cap"
    assert all("001_ea26778b00a7e017.txt" in str(item.source) for item in evaluation.results)
    assert all("PA2026-01" in str(item.source) for item in evaluation.results)


def test_the_caps_are_the_seed_table_300000_yard_truck_and_400000_top_handler():
    assert pa2026_01.AWARD_CAPS == {"yard_truck": Decimal("300000.00"), "top_handler": Decimal("400000.00")}


@pytest.mark.parametrize(
    ("equipment", "passes"),
    [
        ("yard_truck", True),
        ("top_handler", True),
        ("side_handler", False),
        ("forklift", False),
        ("rubber_tired_gantry_crane", False),
        ("other", False),
    ],
)
def test_only_yard_trucks_and_top_handlers_are_eligible(equipment, passes):
    evaluation = evaluate(existing_equipment_type=equipment, replacement_equipment_type=equipment)
    outcome = result(evaluation, "equipment_type")
    assert outcome.passed is passes
    if not passes:
        assert "yard trucks and top handlers only" in outcome.reason
        assert evaluation.award == Decimal("0.00")


def test_the_scrapped_equipment_must_be_the_equivalent_type():
    outcome = result(evaluate(existing_equipment_type="top_handler"), "baseline_equivalent")
    assert not outcome.passed
    assert "top handler" in outcome.reason and "yard truck" in outcome.reason


@pytest.mark.parametrize(
    ("fuel", "passes"), [("diesel", True), ("propane", False), ("natural_gas", False), ("electric", False)]
)
def test_the_scrapped_equipment_must_be_diesel(fuel, passes):
    assert result(evaluate(existing_fuel_type=fuel), "existing_equipment_diesel").passed is passes


@pytest.mark.parametrize(
    ("owned_since", "evaluated_on", "passes"),
    [
        ("2024-10-02", SUBMITTED, False),  # 364 days
        ("2024-10-01", SUBMITTED, True),  # 365 days: one year
        ("2024-09-30", SUBMITTED, True),  # 366 days
        # across February 29, 2024 one year is 366 days: 365 days is not yet a year
        ("2023-03-02", dt.date(2024, 3, 1), False),  # 365 days
        ("2023-03-01", dt.date(2024, 3, 1), True),  # 366 days
        # owned since a February 29: the year is complete on February 28 of the next year
        ("2024-02-29", dt.date(2025, 2, 27), False),
        ("2024-02-29", dt.date(2025, 2, 28), True),
        ("2025-10-02", SUBMITTED, False),  # owned after the application date
    ],
)
def test_existing_equipment_owned_at_least_one_year(owned_since, evaluated_on, passes):
    evaluation = evaluate(evaluated_on=evaluated_on, existing_owned_since=owned_since)
    outcome = result(evaluation, "owned_one_year")
    assert outcome.passed is passes
    if not passes:
        assert "at least one year" in outcome.reason


def test_ownership_reason_counts_the_days():
    outcome = result(evaluate(existing_owned_since="2024-10-02"), "owned_one_year")
    assert "364 days" in outcome.reason and "October 2, 2025" in outcome.reason


@pytest.mark.parametrize("county", ["Los Angeles", "Orange", "Riverside", "San Bernardino"])
def test_equipment_domiciled_in_the_four_msa_counties_is_eligible(county):
    assert result(evaluate(existing_yard_county=county), "existing_equipment_domiciled").passed


@pytest.mark.parametrize("county", ["Ventura", "San Diego", "Kern", "Outside California"])
def test_equipment_domiciled_outside_the_msas_is_not(county):
    outcome = result(evaluate(existing_yard_county=county), "existing_equipment_domiciled")
    assert not outcome.passed
    assert "outside the two MSAs" in outcome.reason


@pytest.mark.parametrize(("percent", "passes"), [("99.99", False), ("100", True)])
def test_existing_equipment_operates_100_percent_in_the_msas(percent, passes):
    assert result(evaluate(msa_operation_percent=percent), "existing_equipment_msa_operation").passed is passes


@pytest.mark.parametrize(("percent", "passes"), [("99.99", False), ("100", True)])
def test_new_equipment_will_operate_100_percent_in_the_msas(percent, passes):
    assert result(evaluate(projected_msa_operation_percent=percent), "future_msa_operation").passed is passes


def test_operation_over_100_percent_is_an_input_error():
    with pytest.raises(InputError) as raised:
        evaluate(msa_operation_percent="100.01")
    assert "at most 100" in raised.value.errors["project.msa_operation_percent"]


@pytest.mark.parametrize(("months", "passes"), [(11, False), (12, True), (13, True)])
def test_usage_records_for_the_past_12_months(months, passes):
    assert result(evaluate(usage_records_months=months), "usage_records").passed is passes


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
def test_quote_includes_at_least_a_3_year_warranty(years, passes):
    assert result(evaluate(warranty_years=years), "warranty").passed is passes


@pytest.mark.parametrize(
    ("powertrain", "passes"),
    [("battery_electric", True), ("hydrogen_fuel_cell", False), ("hybrid", False), ("diesel", False)],
)
def test_replacement_is_battery_electric(powertrain, passes):
    assert result(evaluate(replacement_powertrain=powertrain), "replacement_battery_electric").passed is passes


def test_replacement_is_new_and_certified_for_sale_in_california():
    assert not result(evaluate(replacement_is_new=False), "replacement_new").passed
    assert not result(evaluate(replacement_carb_certified=False), "replacement_certified").passed


@pytest.mark.parametrize(
    ("equipment", "cost", "award", "binding"),
    [
        ("yard_truck", "299999.99", "299999.99", "cost_less_other_incentives"),
        ("yard_truck", "300000.00", "300000.00", "award_cap"),
        ("yard_truck", "300000.01", "300000.00", "award_cap"),
        ("top_handler", "399999.99", "399999.99", "cost_less_other_incentives"),
        ("top_handler", "400000.00", "400000.00", "award_cap"),
        ("top_handler", "400000.01", "400000.00", "award_cap"),
    ],
)
def test_rebate_is_up_to_100_percent_of_cost_within_the_cap(equipment, cost, award, binding):
    evaluation = evaluate(
        existing_equipment_type=equipment,
        replacement_equipment_type=equipment,
        replacement_cost=cost,
        amount_requested="999999.99",
    )
    assert evaluation.award == Decimal(award)
    assert evaluation.figures["binding_limit"] == binding


@pytest.mark.parametrize(
    ("other", "award", "binding"),
    [
        ("50000.01", "299999.99", "cost_less_other_incentives"),
        ("50000.00", "300000.00", "award_cap"),
        ("49999.99", "300000.00", "award_cap"),
        ("350000.00", "0.00", "cost_less_other_incentives"),
    ],
)
def test_total_incentives_never_exceed_the_eligible_cost(other, award, binding):
    evaluation = evaluate(replacement_cost="350000.00", other_incentives=other, amount_requested="300000.00")
    assert evaluation.award == Decimal(award)
    assert evaluation.figures["binding_limit"] == binding


def test_the_request_limits_the_rebate():
    evaluation = evaluate(amount_requested="250000.00")
    assert evaluation.award == Decimal("250000.00")
    assert evaluation.figures["binding_limit"] == "amount_requested"


def test_an_ineligible_unit_gets_no_award_but_keeps_its_figures():
    evaluation = evaluate(usage_records_months=6)
    assert not evaluation.eligible
    assert evaluation.award == Decimal("0.00")
    assert evaluation.figures["award_cap"] == Decimal("300000.00")
    assert [item.rule for item in evaluation.failures] == ["usage_records"]


money = st.decimals(min_value=0, max_value=2_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(equipment=st.sampled_from(["yard_truck", "top_handler"]), cost=money, other=money, requested=money)
def test_award_never_exceeds_cap_cost_less_incentives_or_request(equipment, cost, other, requested):
    evaluation = evaluate(
        existing_equipment_type=equipment,
        replacement_equipment_type=equipment,
        replacement_cost=str(cost),
        other_incentives=str(other),
        amount_requested=str(requested),
    )
    assert Decimal(0) <= evaluation.award <= pa2026_01.AWARD_CAPS[equipment]
    assert evaluation.award <= max(cost - other, Decimal(0))
    assert evaluation.award <= requested


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("replacement_cost", "-1", "at least 0"),
        ("other_incentives", "-0.01", "at least 0"),
        ("warranty_years", "36 months", "enter a number in years"),
        ("projected_annual_hours", "9000", "at most 8784 hours"),
        ("existing_owned_since", "05/14/2018", "YYYY-MM-DD"),
        ("replacement_equipment_type", "reach_stacker", "choose one of"),
        ("replacement_cost", "12.345", "two decimal places"),
        ("replacement_cost_eur", "300000", "not a field"),
    ],
)
def test_bad_input_names_the_field(field, value, message):
    with pytest.raises(InputError) as raised:
        evaluate(**{field: value})
    assert message in raised.value.errors[f"project.{field}"]


def test_missing_fields_are_each_named():
    document = load_example(CODE)
    del document["project"]["existing_owned_since"]
    del document["project"]["replacement_cost"]
    del document["application"]["applicant_name"]
    with pytest.raises(InputError) as raised:
        evaluate_input(CODE, document)
    assert raised.value.errors == {
        "application.applicant_name": "Applicant name is required",
        "project.existing_owned_since": "Owned by the applicant since is required",
        "project.replacement_cost": "Replacement equipment cost (including tax and fees) is required",
    }


def test_ownership_before_the_equipment_existed_is_dates_out_of_order():
    with pytest.raises(InputError) as raised:
        evaluate(existing_model_year=2014, existing_owned_since="2012-12-31")
    assert "model year 2014" in raised.value.errors["project.existing_owned_since"]
    assert evaluate(existing_model_year=2014, existing_owned_since="2013-01-01").eligible


def test_response_to_a_staff_request_is_due_in_14_calendar_days():
    period = get_rule_set(CODE).deficiency_response
    assert period.due(dt.date(2025, 12, 19)) == dt.date(2026, 1, 2)
    assert "PA2026-01 Table 1 step 2" in period.source


def test_old_equipment_destroyed_within_60_days_of_delivery_and_5_year_term():
    (destroy_name, destroy), (term_name, term) = get_rule_set(CODE).deadlines_after_delivery
    assert "Destroy" in destroy_name
    assert destroy.due(dt.date(2027, 1, 15)) == dt.date(2027, 3, 16)
    assert "5-year" in term_name
    assert term.due(dt.date(2027, 1, 15)) == dt.date(2032, 1, 15)


def test_certificate_of_destruction_within_60_days_of_destruction():
    assert pa2026_01.CERTIFICATE_OF_DESTRUCTION.due(dt.date(2027, 3, 1)) == dt.date(2027, 4, 30)
    assert evaluate().figures["certificate_of_destruction_within"] == "60 calendar days after destruction"


def test_attachments_follow_the_required_attachments_list():
    slots = {slot.key: slot for slot in get_rule_set(CODE).attachments}
    assert len(slots) == 17
    assert slots["proof_of_ownership"].required
    assert slots["operational_records"].required
    assert not slots["existing_engine_eo"].required
