"""PA2025-04 SOON rules at, just under and just over every threshold of 003_b264a6114e3b8c3f.txt."""

import datetime as dt
from decimal import ROUND_CEILING, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.rules import pa2025_04 as soon
from programs.rules.cost_effectiveness import DISCOUNT_RATE_2017_GUIDELINES, capital_recovery_factor
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set
from tests.rules.helpers import load_example

EVALUATED_ON = dt.date(2025, 6, 15)


def document(application=None, **changes):
    doc = load_example("PA2025-04")
    doc["evaluated_on"] = EVALUATED_ON.isoformat()
    doc["application"].update(application or {})
    doc["project"].update(changes)
    return doc


def evaluate(evaluated_on=None, application=None, **changes):
    doc = document(application, **changes)
    if evaluated_on is not None:
        doc["evaluated_on"] = evaluated_on.isoformat()
    return evaluate_input("PA2025-04", doc)


def result(evaluation, rule):
    return next(item for item in evaluation.results if item.rule == rule)


def errors_of(**changes):
    with pytest.raises(InputError) as raised:
        evaluate_input("PA2025-04", document(**changes))
    return raised.value.errors


def test_the_example_loader_is_eligible_and_held_to_the_nox_limit():
    evaluation = evaluate()
    assert evaluation.eligible, evaluation.failures
    assert evaluation.award == Decimal("167200.00")
    figures = evaluation.figures
    assert figures["binding_limit"] == "cost_effectiveness_limit_amount"
    assert figures["nox_tons_per_year"] == Decimal("0.5745")
    assert figures["project_life_years"] == 5 and figures["max_funding_percent"] == 80
    assert figures["cost_effectiveness_per_ton"] <= Decimal(60_000)
    assert all("003_b264a6114e3b8c3f.txt" in str(item.source) for item in evaluation.results)
    assert all(item.reason for item in evaluation.results)


def test_the_rule_set_is_registered_with_attachments_and_a_documented_deficiency_period():
    rule_set = get_rule_set("PA2025-04")
    assert rule_set is soon.RULE_SET
    assert {slot.key for slot in rule_set.attachments} >= {
        "vendor_quotes",
        "doors_snapshot",
        "compliance_plan",
        "ownership_proof",
        "hour_meter_readings",
    }
    assert rule_set.deficiency_response.amount == 14
    assert "states no period" in rule_set.deficiency_response.source


# --- PROGRAM CRITERIA: potential funding dates table, every row, on and the day after each date ---------

DATED_CELLS = [(tier, fleet, until) for (tier, fleet), until in soon.FUNDING_AVAILABLE_UNTIL.items() if until]
NOT_ALLOWED_CELLS = [(tier, fleet) for (tier, fleet), until in soon.FUNDING_AVAILABLE_UNTIL.items() if not until]


def test_the_table_has_the_seeds_nine_cells():
    assert soon.FUNDING_AVAILABLE_UNTIL == {
        ("tier_0", "large"): None,
        ("tier_0", "medium"): None,
        ("tier_0", "small"): dt.date(2025, 12, 31),
        ("tier_1", "large"): None,
        ("tier_1", "medium"): dt.date(2025, 12, 31),
        ("tier_1", "small"): dt.date(2027, 12, 31),
        ("tier_2", "large"): dt.date(2025, 12, 31),
        ("tier_2", "medium"): dt.date(2027, 12, 31),
        ("tier_2", "small"): dt.date(2029, 12, 31),
    }


@pytest.mark.parametrize(("tier", "fleet", "until"), DATED_CELLS)
@pytest.mark.parametrize("days_after", [-1, 0, 1])
def test_funding_is_available_until_the_tables_date(tier, fleet, until, days_after):
    on = until + dt.timedelta(days=days_after)
    outcome = result(
        evaluate(
            on,
            {"fleet_size_class": fleet},
            baseline_engine_tier=tier.value,
            quote_date=(on - dt.timedelta(days=10)).isoformat(),
        ),
        "tier_funding_date",
    )
    assert outcome.passed is (days_after <= 0)
    assert f"{until:%B %-d, %Y}" in outcome.reason


@pytest.mark.parametrize(("tier", "fleet"), NOT_ALLOWED_CELLS)
def test_not_allowed_cells_never_fund(tier, fleet):
    outcome = result(
        evaluate(
            dt.date(2025, 3, 14), {"fleet_size_class": fleet}, baseline_engine_tier=tier.value, quote_date="2025-03-01"
        ),
        "tier_funding_date",
    )
    assert not outcome.passed
    assert "can no longer be funded" in outcome.reason


@pytest.mark.parametrize(
    ("tier", "horsepower"),
    [("tier_3", "353"), ("tier_4_phase_out", "353"), ("tier_4_phase_in", "353"), ("tier_4_interim", "800")],
)
@pytest.mark.parametrize("fleet", ["large", "medium", "small"])
def test_tier_3_and_tier_4_interim_have_no_date_restriction(tier, horsepower, fleet):
    outcome = result(
        evaluate(
            dt.date(2031, 1, 1),
            {"fleet_size_class": fleet},
            baseline_engine_tier=tier,
            baseline_horsepower=horsepower,
            quote_date="2030-12-01",
        ),
        "tier_funding_date",
    )
    assert outcome.passed
    assert "without a date restriction" in outcome.reason


def test_tier_4_final_equipment_is_not_in_the_table():
    outcome = result(
        evaluate(baseline_engine_tier="tier_4_final", new_engine_tier="zero_emission"), "tier_funding_date"
    )
    assert not outcome.passed


# --- MAXIMUM ELIGIBLE FUNDING table: percentage and project life, every row ----------------------------


@pytest.mark.parametrize(
    ("project_type", "new_tier", "equipment", "percent", "life"),
    [
        ("replacement", "tier_4_final", "rubber_tired_loader", 80, 5),
        ("replacement", "tier_4_final", "excavator", 80, 3),
        ("replacement", "tier_4_final", "skid_steer_loader", 80, 3),
        ("replacement", "tier_4_final", "rough_terrain_forklift", 80, 3),
        ("repower", "tier_4_final", "rubber_tired_loader", 85, 7),
        ("repower", "tier_4_final", "excavator", 85, 7),
        ("replacement", "zero_emission", "rubber_tired_loader", 85, 10),
        ("replacement", "zero_emission", "excavator", 85, 10),
        ("repower", "zero_emission", "skid_steer_loader", 85, 10),
    ],
)
def test_funding_percentage_and_project_life(project_type, new_tier, equipment, percent, life):
    evaluation = evaluate(
        project_type=project_type, new_engine_tier=new_tier, equipment_type=equipment, forklift_class=7
    )
    figures = evaluation.figures
    assert (figures["max_funding_percent"], figures["project_life_years"]) == (percent, life)
    assert figures["percent_of_cost"] == Decimal("845000.00") * percent / 100
    assert figures["capital_recovery_factor"] == capital_recovery_factor(DISCOUNT_RATE_2017_GUIDELINES, life).quantize(
        Decimal("0.000001")
    )


@pytest.mark.parametrize(("new_tier", "limit"), [("tier_4_final", 60_000), ("zero_emission", 120_000)])
def test_cost_effectiveness_limit_by_technology(new_tier, limit):
    figures = evaluate(new_engine_tier=new_tier).figures
    assert figures["cost_effectiveness_limit_per_ton"] == limit


# --- Award: least of percentage, incremental cost less incentives, cost less incentives, NOx limit --------


def _limit_amount():
    return evaluate().figures["cost_effectiveness_limit_amount"]


@pytest.mark.parametrize(
    ("cents", "binding"), [(-1, "percent_of_cost"), (0, "percent_of_cost"), (1, "cost_effectiveness_limit_amount")]
)
def test_the_nox_limit_binds_only_when_the_percentage_exceeds_it(cents, binding):
    """80% of cost just under, at and just over the limit-based amount ($167,200)."""
    target = _limit_amount() + Decimal(cents) / 100
    cost = (target / Decimal("0.8")).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    evaluation = evaluate(project_cost=str(cost))
    assert evaluation.figures["binding_limit"] == binding
    assert evaluation.award == min(target, _limit_amount())


def test_the_limit_amount_is_rounded_down_to_100():
    figures = evaluate().figures
    assert figures["cost_effectiveness_limit_amount_before_rounding"] == Decimal("167295.35")
    assert figures["cost_effectiveness_limit_amount"] == Decimal("167200.00")


def test_other_incentives_reduce_the_incremental_cost():
    evaluation = evaluate(project_cost="150000.00", other_incentives="20000.00")
    assert evaluation.figures["incremental_cost_less_other_incentives"] == Decimal("100000.00")
    assert evaluation.award == Decimal("100000.00")
    assert evaluation.figures["binding_limit"] == "incremental_cost_less_other_incentives"


def test_other_incentives_above_the_cost_leave_no_award():
    assert evaluate(project_cost="100000.00", other_incentives="100000.00").award == Decimal("0.00")


def test_amount_requested_caps_the_award():
    evaluation = evaluate(amount_requested="50000.00")
    assert evaluation.award == Decimal("50000.00")
    assert evaluation.figures["binding_limit"] == "amount_requested"


def test_soon_counts_nox_only():
    figures = evaluate().figures
    assert figures["nox_tons_per_year"] == figures["reduced_tons_per_year"]["nox"].quantize(Decimal("0.0001"))
    crf = capital_recovery_factor(DISCOUNT_RATE_2017_GUIDELINES, 5)
    nox = Decimal(figures["reduced_tons_per_year"]["nox"])
    assert abs(figures["cost_effectiveness_per_ton"] - Decimal("167200") * crf / nox) < Decimal("0.05")


def test_ineligible_projects_get_no_award_and_no_ranking_figure():
    evaluation = evaluate(applied_in_other_district=True)
    assert not evaluation.eligible
    assert evaluation.award == Decimal("0.00")
    assert evaluation.figures["cost_effectiveness_per_ton"] is None


@pytest.mark.parametrize(("proposed", "expected"), [("1099", "1099"), ("1100", "1100"), ("1101", "1100")])
def test_annual_hours_are_the_proposed_hours_up_to_the_two_year_average(proposed, expected):
    assert evaluate(proposed_annual_hours=proposed).figures["annual_hours"] == Decimal(expected)


# --- PROJECT CRITERIA: 135% horsepower rule ------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_hp", "cost_basis"),
    [("134.99", "project_cost"), ("135", "project_cost"), ("135.01", "cost_within_135_percent")],
)
def test_funding_is_based_on_a_135_percent_engine_above_135_percent(new_hp, cost_basis):
    costs = {"project_cost": "300000.00", "cost_within_135_percent": "250000.00"}
    evaluation = evaluate(baseline_horsepower="100", new_horsepower=new_hp, **costs)
    assert evaluation.figures["eligible_cost"] == Decimal(costs[cost_basis])
    outcome = result(evaluation, "horsepower_135_percent")
    assert outcome.passed
    assert ("over 135%" in outcome.reason) is (cost_basis == "cost_within_135_percent")


def test_above_135_percent_without_a_135_percent_quote_names_the_field():
    errors = errors_of(baseline_horsepower="100", new_horsepower="135.01")
    assert "135" in errors["project.cost_within_135_percent"]


def test_the_135_percent_quote_cannot_exceed_the_cost():
    errors = errors_of(baseline_horsepower="100", new_horsepower="200", cost_within_135_percent="900000.00")
    assert "project.cost_within_135_percent" in errors


# --- PROJECT CRITERIA: forklifts, ownership, hour-meter records; PROGRAM CRITERIA thresholds ---------------


@pytest.mark.parametrize(
    ("equipment", "forklift_class", "passes"),
    [
        ("forklift", 6, False),
        ("forklift", 7, True),
        ("rough_terrain_forklift", 7, True),
        ("rough_terrain_forklift", 5, False),
        ("excavator", None, True),
    ],
)
def test_only_class_7_diesel_forklifts(equipment, forklift_class, passes):
    changes = {"equipment_type": equipment}
    if forklift_class is not None:
        changes["forklift_class"] = forklift_class
    assert result(evaluate(**changes), "forklift_class_7").passed is passes


def test_a_forklift_without_its_class_names_the_field():
    assert "project.forklift_class" in errors_of(equipment_type="forklift")


@pytest.mark.parametrize(("owned_since", "passes"), [("2023-06-14", True), ("2023-06-15", True), ("2023-06-16", False)])
def test_replacements_need_two_years_of_ownership(owned_since, passes):
    outcome = result(evaluate(ownership_start_date=owned_since), "ownership_two_years")
    assert outcome.passed is passes


def test_repowers_are_not_held_to_the_ownership_rule():
    assert result(evaluate(project_type="repower", ownership_start_date="2025-01-01"), "ownership_two_years").passed


@pytest.mark.parametrize(
    ("first", "last", "passes"),
    [
        ("2023-05-31", "2025-05-30", False),
        ("2023-05-31", "2025-05-31", True),
        ("2023-05-31", "2025-06-01", True),
        ("2023-06-01", "2025-05-31", False),
    ],
)
def test_two_years_of_hour_meter_readings(first, last, passes):
    outcome = result(evaluate(hour_meter_records_from=first, hour_meter_records_to=last), "hour_meter_two_years")
    assert outcome.passed is passes


@pytest.mark.parametrize(("percent", "passes"), [("74.99", False), ("75", True), ("75.01", True)])
def test_operates_75_percent_within_the_district(percent, passes):
    assert result(evaluate(district_operation_percent=percent), "district_operation").passed is passes


@pytest.mark.parametrize(
    ("quote_date", "passes"), [("2025-03-16", False), ("2025-03-17", True), ("2025-03-18", True), ("2025-06-16", False)]
)
def test_quotes_within_90_days_of_submittal(quote_date, passes):
    assert result(evaluate(quote_date=quote_date), "quote_date").passed is passes


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"baseline_fuel_type": "lsi"}, "baseline_diesel"),
        ({"new_engine_tier": "tier_3"}, "new_engine_tier"),
        ({"new_engine_carb_certified": False}, "new_engine_certified"),
        ({"domiciled_in_district": False}, "domiciled_in_district"),
        ({"applied_in_other_district": True}, "no_double_dipping"),
        ({"proposed_annual_hours": "0"}, "nox_reduction"),
    ],
)
def test_each_bar_fails_with_a_reason(changes, rule):
    evaluation = evaluate(**changes)
    outcome = result(evaluation, rule)
    assert not outcome.passed and outcome.reason
    assert evaluation.award == Decimal("0.00")


def test_a_fleet_out_of_compliance_is_ineligible():
    assert not result(evaluate(application={"fleet_in_compliance": False}), "fleet_in_compliance").passed


@pytest.mark.parametrize(("hp", "noted"), [(5000, True), (5001, False)])
def test_a_fleet_size_that_its_horsepower_contradicts_is_noted_for_staff(hp, noted):
    assert bool(evaluate(application={"fleet_total_hp": hp}).notes) is noted


@pytest.mark.parametrize(
    ("dac", "total", "passes"),
    [("4999", "10000", False), ("5000", "10000", True), ("5001", "10000", True), ("0", "0", False)],
)
def test_at_least_half_of_the_funds_go_to_dac_and_low_income_projects(dac, total, passes):
    assert soon.dac_share_met(Decimal(dac), Decimal(total)).passed is passes


# --- Invalid input: errors name the field, never a traceback -----------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"baseline_horsepower": None}, "project.baseline_horsepower"),
        ({"project_cost": "-1.00"}, "project.project_cost"),
        ({"project_cost": "12.345"}, "project.project_cost"),
        ({"hours_prior_year": "90000"}, "project.hours_prior_year"),
        ({"baseline_horsepower": "20"}, "project.baseline_horsepower"),
        ({"district_operation_percent": "0.95x"}, "project.district_operation_percent"),
        ({"quote_date": "06/01/2025"}, "project.quote_date"),
        ({"hour_meter_records_to": "2023-05-30"}, "project.hour_meter_records_to"),
        ({"expected_operational_date": "2015-01-01"}, "project.expected_operational_date"),
        ({"baseline_engine_model_year": 2027}, "project.baseline_engine_model_year"),
        ({"baseline_engine_tier": "tier_3", "baseline_horsepower": "800"}, "project.baseline_engine_tier"),
        ({"new_engine_tier": "tier_4_interim"}, "project.new_engine_tier"),
        ({"equipment_type": "yard_truck"}, "project.equipment_type"),
        ({"annual_hours": "1000"}, "project.annual_hours"),
    ],
)
def test_invalid_input_names_the_field(changes, field):
    errors = errors_of(**changes)
    assert field in errors
    assert errors[field]


def test_invalid_application_field_and_evaluation_date():
    with pytest.raises(InputError) as raised:
        evaluate_input("PA2025-04", document(application={"fleet_size_class": "huge"}))
    assert "application.fleet_size_class" in raised.value.errors
    doc = document()
    doc["evaluated_on"] = "15/06/2025"
    with pytest.raises(InputError) as raised:
        evaluate_input("PA2025-04", doc)
    assert "evaluated_on" in raised.value.errors


# --- Properties: the award never exceeds a cap, the cost, or the cost-effectiveness limit ------------------

money_values = st.decimals(min_value=Decimal("0"), max_value=Decimal("2000000"), places=2)


@settings(max_examples=150, deadline=None)
@given(
    cost=money_values,
    other=money_values,
    hours=st.integers(min_value=0, max_value=3000),
    new_hp=st.decimals(min_value=Decimal("100"), max_value=Decimal("600"), places=2),
    project_type=st.sampled_from(["replacement", "repower"]),
    new_tier=st.sampled_from(["tier_4_final", "zero_emission"]),
    baseline_tier=st.sampled_from(["tier_0", "tier_1", "tier_2", "tier_3"]),
)
def test_award_never_exceeds_any_limit(cost, other, hours, new_hp, project_type, new_tier, baseline_tier):
    changes = {
        "project_cost": str(cost),
        "other_incentives": str(other),
        "proposed_annual_hours": hours,
        "new_horsepower": str(new_hp),
        "project_type": project_type,
        "new_engine_tier": new_tier,
        "baseline_engine_tier": baseline_tier,
        "baseline_horsepower": "353",
    }
    if new_hp > Decimal("476.55"):
        changes["cost_within_135_percent"] = str((cost * Decimal("0.9")).quantize(Decimal("0.01")))
    evaluation = evaluate(application={"fleet_size_class": "small"}, **changes)
    figures = evaluation.figures
    award = evaluation.award
    eligible_cost = figures["eligible_cost"]
    percent = figures["max_funding_percent"]
    assert award >= 0
    assert award <= eligible_cost * percent / 100
    assert award <= max(eligible_cost * percent / 100 - other, Decimal(0))
    assert award <= max(eligible_cost - other, Decimal(0))
    assert award <= figures["cost_effectiveness_limit_amount"]
    if award > 0:
        assert figures["cost_effectiveness_per_ton"] <= figures["cost_effectiveness_limit_per_ton"]
