"""PA2022-01 as one program: both paths run, the higher award is offered and the result says why."""

import datetime as dt
from decimal import Decimal

import pytest

from programs.rules import pa2022_01
from programs.rules.describe import describe_fields
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set
from tests.rules.helpers import load_example


def evaluate(application=None, **project):
    document = load_example("PA2022-01")
    document["project"].update(project)
    document["application"].update(application or {})
    return evaluate_input("PA2022-01", document)


def test_the_example_qualifies_under_both_and_gets_the_higher_cmp_award():
    evaluation = evaluate()
    assert evaluation.eligible
    assert evaluation.path == "CMP"
    assert evaluation.award == Decimal("267664.57")
    assert evaluation.figures["paths"]["Prop 1B"]["eligible"]
    assert evaluation.figures["paths"]["Prop 1B"]["award"] == Decimal("200000.00")
    assert "qualifies under both" in evaluation.notes[0] and "$200,000.00" in evaluation.notes[0]
    for figure in (
        "weighted_tons_per_year",
        "cost_effectiveness_per_ton",
        "capital_recovery_factor",
        "cost_effectiveness_limit_amount",
        "annualized_cost",
        "nox_reduced_tons_per_year",
    ):
        assert figure in evaluation.figures


def test_prop_1b_is_offered_when_its_table_4_amount_is_higher():
    evaluation = evaluate(baseline_nox_g_per_mile="0.5")  # a smaller reduction: CMP limit about $78,300
    assert evaluation.path == "Prop 1B"
    assert evaluation.award == Decimal("200000.00")
    assert evaluation.figures["paths"]["CMP"]["award"] < Decimal("200000.00")
    assert "higher award (Prop 1B)" in evaluation.notes[0]


def test_equal_awards_go_to_the_cmp():
    evaluation = evaluate(amount_requested="150000.00")
    assert evaluation.path == "CMP"
    assert evaluation.award == Decimal("150000.00")
    assert "same award" in evaluation.notes[0]


def test_only_cmp_when_the_truck_does_not_move_goods():
    evaluation = evaluate(goods_movement_percent="10")
    assert evaluation.path == "CMP"
    assert evaluation.eligible
    assert "Prop 1B does not" in evaluation.notes[0] and "majority" in evaluation.notes[0]
    assert evaluation.figures["paths"]["Prop 1B"]["failures"][0].startswith("goods_movement:")


def test_only_prop_1b_for_a_two_for_one():
    evaluation = evaluate(
        project_type="replacement_2_for_1",
        second_existing_gvwr_lb=80_000,
        second_existing_engine_model_year=2009,
        second_existing_engine_service_class="HHD",
        second_existing_ca_miles_recent_12_months=40_000,
        second_existing_ca_miles_prior_12_months=41_000,
    )
    assert evaluation.path == "Prop 1B"
    assert evaluation.award == Decimal("200000.00")
    assert "CMP does not" in evaluation.notes[0]


def test_neither_path_reports_both_paths_failures():
    evaluation = evaluate(existing_fuel_type="natural_gas")
    assert not evaluation.eligible
    assert evaluation.path == ""
    assert evaluation.award == Decimal("0.00")
    failed = [item.rule for item in evaluation.failures]
    assert failed == ["CMP: existing_diesel", "Prop 1B: existing_diesel"]
    assert "Neither" in evaluation.notes[0]


def test_missing_information_is_due_in_seven_business_days():
    period = get_rule_set("PA2022-01").deficiency_response
    assert period.due(dt.date(2022, 5, 2)) == dt.date(2022, 5, 11)
    assert period.due(dt.date(2022, 6, 30)) == dt.date(2022, 7, 12)  # skips the weekend and July 4
    assert "seven (7) business days" in period.source


def test_required_attachments_from_the_seed():
    keys = {slot.key for slot in pa2022_01.ATTACHMENTS if slot.required}
    assert {
        "form_a1",
        "category_form",
        "proof_of_ownership",
        "mileage_records",
        "vendor_quote",
        "engine_tag_photos",
    } <= keys


def test_fields_are_documented_for_both_paths():
    text = describe_fields(get_rule_set("PA2022-01"))
    for name in (
        "goods_movement_percent",
        "baseline_nox_g_per_mile",
        "second_existing_gvwr_lb",
        "project_life_years",
        "fleet_size",
    ):
        assert f"`{name}`" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("replacement_cost", "-1", "at least 0"),
        ("taxes_and_fees", "-0.01", "at least 0"),
        ("ca_miles_recent_12_months", "42000 miles", "enter a number in miles"),
        ("existing_gvwr_lb", "36 tons", "enter a number in lb"),
        ("scab_operation_percent", "120", "at most 100"),
        ("project_life_years", "11", "at most 10"),
        ("quote_date", "04/15/2022", "YYYY-MM-DD"),
        ("replacement_technology", "diesel", "choose one of"),
        ("existing_gvwr_kg", "36000", "not a field"),
    ],
)
def test_bad_values_name_the_field(field, value, message):
    with pytest.raises(InputError) as raised:
        evaluate(**{field: value})
    assert message in raised.value.errors[f"project.{field}"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ownership_start_date": "2023-07-01"}, "ownership_start_date", "before the replacement's in-operation date"),
        ({"quote_date": "2023-07-01"}, "quote_date", "before the replacement's in-operation date"),
        ({"taxes_and_fees": "450000.01"}, "taxes_and_fees", "cannot be more than the total project cost"),
        ({"low_usage_2020_miles": 500}, "substitute_3_month_miles", "give both"),
        ({"project_type": "replacement_2_for_1"}, "second_existing_gvwr_lb", "required for a two-for-one"),
        ({"baseline_rog_g_per_mile": None}, "baseline_rog_g_per_mile", "together"),
        (
            {
                "replacement_nox_g_per_mile": "0.1",
                "replacement_rog_g_per_mile": "0",
                "replacement_pm10_g_per_mile": "0",
            },
            "replacement_nox_g_per_mile",
            "zero-emission truck emits nothing",
        ),
    ],
)
def test_self_contradicting_input_names_the_field(changes, field, message):
    with pytest.raises(InputError) as raised:
        evaluate(**changes)
    assert message in raised.value.errors[f"project.{field}"]


def test_missing_fields_are_each_named():
    document = load_example("PA2022-01")
    del document["project"]["existing_engine_model_year"]
    del document["application"]["fleet_size"]
    with pytest.raises(InputError) as raised:
        evaluate_input("PA2022-01", document)
    assert raised.value.errors == {
        "application.fleet_size": "Trucks in the fleet is required",
        "project.existing_engine_model_year": "Engine model year is required",
    }
