"""PA2026-03 (charging infrastructure) rules at, just under and just over every threshold.

Numbers are those of 001_ea26778b00a7e017.txt, Attachment C "Program Announcement #PA2026-03".
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.rules import pa2026_03
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set
from tests.rules.helpers import load_example

CODE = "PA2026-03"
FULL_MARKS = {
    "project_readiness": 20,
    "compliance": 20,
    "location": 20,
    "utilization": 10,
    "measure_2_support": 5,
    "public_access": 15,
    "cost_reasonableness": 10,
}
NO_SCORES = object()


def document(scores=NO_SCORES, **changes):
    doc = load_example(CODE)
    doc["project"].update(changes)
    if scores is not NO_SCORES:
        doc["scores"] = scores
    return doc


def evaluate(scores=NO_SCORES, **changes):
    return evaluate_input(CODE, document(scores, **changes))


def result(evaluation, rule):
    return next(item for item in evaluation.results if item.rule == rule)


def costs(eligible, **changes):
    """Equipment and installation costs adding up to ``eligible``, with room in the total and the request."""
    return {
        "equipment_cost": str(Decimal(eligible) - Decimal("650000.00")),
        "installation_cost": "650000.00",
        "total_project_cost": "9000000.00",
        "amount_requested": "9000000.00",
        **changes,
    }


def test_the_seed_example_10_connectors_of_360_kw_get_2520000():
    """REBATE AMOUNT: "10 charging connections each rated at 360kW ... 3,600 kW ... up to $2,520,000"."""
    evaluation = evaluate()
    assert evaluation.eligible, [item.reason for item in evaluation.failures]
    assert evaluation.figures["connectors"] == 10
    assert evaluation.figures["total_power_output_kw"] == Decimal("3600")
    assert evaluation.figures["rebate_per_kw"] == Decimal("700.00")
    assert evaluation.figures["award_cap"] == Decimal("2520000.00")
    assert evaluation.award == Decimal("2520000.00")
    assert evaluation.figures["binding_limit"] == "award_cap"
    assert all(
        "001_ea26778b00a7e017.txt" in str(item.source) and "PA2026-03" in str(item.source)
        for item in evaluation.results
    )


@pytest.mark.parametrize(
    ("eligible", "award", "binding"),
    [
        ("2519999.99", "2519999.99", "cost_less_other_incentives"),
        ("2520000.00", "2520000.00", "award_cap"),
        ("2520000.01", "2520000.00", "award_cap"),
    ],
)
def test_rebate_is_700_per_kw_or_the_eligible_cost_whichever_is_lower(eligible, award, binding):
    evaluation = evaluate(**costs(eligible))
    assert evaluation.figures["eligible_cost"] == Decimal(eligible)
    assert evaluation.award == Decimal(award)
    assert evaluation.figures["binding_limit"] == binding


def test_indirect_costs_are_not_eligible():
    evaluation = evaluate(**costs("2000000.00", indirect_cost="1000000.00"))
    assert evaluation.figures["eligible_cost"] == Decimal("2000000.00")
    assert evaluation.figures["indirect_cost_not_eligible"] == Decimal("1000000.00")
    assert evaluation.award == Decimal("2000000.00")


def test_other_incentives_reduce_the_rebate_to_the_cost_not_covered():
    evaluation = evaluate(**costs("2600000.00", other_incentives="100000.00"))
    assert evaluation.award == Decimal("2500000.00")
    assert evaluation.figures["binding_limit"] == "cost_less_other_incentives"


def test_the_request_limits_the_rebate():
    evaluation = evaluate(amount_requested="2000000.00")
    assert evaluation.award == Decimal("2000000.00")
    assert evaluation.figures["binding_limit"] == "amount_requested"


def test_load_sharing_pays_on_the_power_all_chargers_provide_together():
    evaluation = evaluate(total_power_output_kw="3000")
    assert evaluation.figures["award_cap"] == Decimal("2100000.00")
    assert evaluation.award == Decimal("2100000.00")


def test_fractional_kilowatts_are_paid_to_the_cent():
    evaluation = evaluate(charger_rating_kw="360.05", total_power_output_kw="3600.5")
    assert evaluation.figures["award_cap"] == Decimal("2520350.00")


def test_dual_plug_chargers_count_their_rating_once():
    evaluation = evaluate(
        charger_count=5, plugs_per_charger="dual", charger_rating_kw="500", total_power_output_kw="2500"
    )
    assert evaluation.eligible
    assert evaluation.figures["connectors"] == 10
    assert evaluation.figures["kw_per_connector"] == Decimal("250")
    assert evaluation.award == Decimal("1750000.00")


@pytest.mark.parametrize(
    ("plugs", "rating", "passes"),
    [
        ("single", "249.99", False),
        ("single", "250", True),
        ("single", "250.01", True),
        ("dual", "499.99", False),
        ("dual", "500", True),
        ("dual", "500.01", True),
    ],
)
def test_every_connector_supports_250_kw_500_kw_for_a_dual_plug_charger(plugs, rating, passes):
    outcome = result(
        evaluate(plugs_per_charger=plugs, charger_rating_kw=rating, total_power_output_kw="2000"), "connector_power"
    )
    assert outcome.passed is passes
    assert ("500 kW" if plugs == "dual" else "250 kW") in outcome.reason


@pytest.mark.parametrize(("percent", "passes"), [("59.99", False), ("60", True), ("60.01", True)])
def test_60_percent_of_journeypersons_are_apprenticeship_graduates(percent, passes):
    outcome = result(evaluate(apprenticeship_graduate_percent=percent), "apprenticeship")
    assert outcome.passed is passes
    assert "60 %" in outcome.reason


def test_an_evitp_certified_electrician_is_on_the_crew():
    outcome = result(evaluate(evitp_electrician=False), "evitp_electrician")
    assert not outcome.passed
    assert "EVITP" in outcome.reason


@pytest.mark.parametrize(("years", "passes"), [("0.99", False), ("1", True), ("1.01", True)])
def test_at_least_one_years_manufacturers_warranty(years, passes):
    assert result(evaluate(warranty_years=years), "warranty").passed is passes


@pytest.mark.parametrize("county", ["Los Angeles", "Orange", "Riverside", "San Bernardino"])
def test_sites_in_the_four_msa_counties_are_eligible(county):
    assert result(evaluate(site_county=county), "site_in_msas").passed


@pytest.mark.parametrize("county", ["Ventura", "Imperial", "San Diego", "Outside California"])
def test_sites_outside_the_msas_are_not(county):
    outcome = result(evaluate(site_county=county), "site_in_msas")
    assert not outcome.passed
    assert "outside the two MSAs" in outcome.reason


@pytest.mark.parametrize(
    ("through", "passes"),
    [
        ("2032-03-30", False),  # a day short of 5 years after commissioning on March 31, 2027
        ("2032-03-31", True),
        ("2032-04-01", True),
    ],
)
def test_lease_covers_the_5_year_project_life_after_commissioning(through, passes):
    outcome = result(evaluate(site_control="lease", site_control_through=through), "site_control")
    assert outcome.passed is passes
    assert "March 31, 2032" in outcome.reason


@pytest.mark.parametrize(("control", "passes"), [("owned", True), ("none", False)])
def test_owned_land_qualifies_and_no_control_does_not(control, passes):
    assert result(evaluate(site_control=control, site_control_through=None), "site_control").passed is passes


@pytest.mark.parametrize(
    ("commissioning", "passes"), [("2028-03-30", True), ("2028-03-31", True), ("2028-04-01", False)]
)
def test_commissioned_by_march_2028(commissioning, passes):
    outcome = result(evaluate(commissioning_date=commissioning), "commissioning_deadline")
    assert outcome.passed is passes


def test_dc_fast_chargers_for_class_4_to_8_only():
    assert not result(evaluate(dc_fast_chargers=False), "dc_fast_chargers").passed
    assert not result(evaluate(supports_class_4_to_8=False), "supports_class_4_to_8").passed


def test_an_ineligible_location_gets_no_award_but_keeps_its_figures():
    evaluation = evaluate(apprenticeship_graduate_percent="50")
    assert not evaluation.eligible
    assert evaluation.award == Decimal("0.00")
    assert evaluation.figures["award_cap"] == Decimal("2520000.00")
    assert [item.rule for item in evaluation.failures] == ["apprenticeship"]


# --- the SECTION IV rubric ---------------------------------------------------------------------------


def test_the_rubric_is_the_seeds_six_criteria_and_the_measure_2_bonus():
    rubric = {criterion.key: (criterion.max_points, criterion.bonus) for criterion in get_rule_set(CODE).rubric}
    assert rubric == {
        "project_readiness": (20, False),
        "compliance": (20, False),
        "location": (20, False),
        "utilization": (10, False),
        "measure_2_support": (5, True),
        "public_access": (15, False),
        "cost_reasonableness": (10, False),
    }
    assert sum(points for points, _ in rubric.values()) == pa2026_03.RUBRIC_TOTAL == 100


def test_the_example_scores_are_totalled():
    evaluation = evaluate()
    assert evaluation.figures["rubric_status"] == "scored"
    assert evaluation.figures["rubric_total"] == 78
    assert evaluation.figures["rubric_max_points"] == 100
    assert evaluation.notes == []


def test_full_marks_are_100_points():
    assert evaluate(scores=FULL_MARKS).figures["rubric_total"] == 100


def test_an_unscored_location_still_reports_eligibility_and_award():
    evaluation = evaluate(scores={})
    assert evaluation.eligible
    assert evaluation.award == Decimal("2520000.00")
    assert evaluation.figures["rubric_status"] == "not yet scored"
    assert evaluation.figures["rubric_total"] is None
    assert "not yet scored" in evaluation.notes[0]


def test_a_partly_scored_location_names_the_criteria_left():
    evaluation = evaluate(scores={"project_readiness": 20, "compliance": 10})
    assert evaluation.figures["rubric_status"] == "partly scored"
    assert evaluation.figures["rubric_total"] == 30
    assert "Location (closes a gap" in evaluation.notes[0] and "Reasonableness of cost" in evaluation.notes[0]
    assert "cost_reasonableness" not in evaluation.notes[0]  # people read the criteria's names, not their keys


def test_the_bonus_is_optional_for_a_complete_score():
    scores = {key: points for key, points in FULL_MARKS.items() if key != "measure_2_support"}
    evaluation = evaluate(scores=scores)
    assert evaluation.figures["rubric_status"] == "scored"
    assert evaluation.figures["rubric_total"] == 95


@pytest.mark.parametrize(("key", "maximum"), [(key, points) for key, points in FULL_MARKS.items()])
def test_each_criterion_scores_0_to_its_maximum(key, maximum):
    assert evaluate(scores={key: 0}).figures["rubric_scores"][key] == 0
    assert evaluate(scores={key: maximum}).figures["rubric_scores"][key] == maximum
    assert evaluate(scores={key: maximum - 1}).figures["rubric_scores"][key] == maximum - 1
    for bad in (maximum + 1, -1):
        with pytest.raises(InputError) as raised:
            evaluate(scores={key: bad})
        assert f"0 to {maximum}" in raised.value.errors[f"scores.{key}"]


@pytest.mark.parametrize("bad", ["12.5", "twelve", True, None, 12.0])
def test_scores_must_be_whole_numbers(bad):
    with pytest.raises(InputError) as raised:
        evaluate(scores={"location": bad})
    assert "whole number" in raised.value.errors["scores.location"]


def test_an_unknown_criterion_is_named():
    with pytest.raises(InputError) as raised:
        evaluate(scores={"readiness": 20})
    assert "not a criterion" in raised.value.errors["scores.readiness"]


@pytest.mark.parametrize(
    ("changes", "allowed"),
    [
        ({"supports_measure_2_trucks": True, "publicly_accessible": False}, True),
        (
            {"supports_measure_2_trucks": True, "publicly_accessible": True, "site_operation_model": "semi_private"},
            False,
        ),
        ({"supports_measure_2_trucks": False, "publicly_accessible": False}, False),
    ],
)
def test_the_5_bonus_points_need_measure_2_trucks_and_no_public_access(changes, allowed):
    if allowed:
        assert evaluate(scores={"measure_2_support": 5}, **changes).figures["rubric_scores"]["measure_2_support"] == 5
    else:
        with pytest.raises(InputError) as raised:
            evaluate(scores={"measure_2_support": 1}, **changes)
        assert "Measure 2" in raised.value.errors["scores.measure_2_support"]
        assert evaluate(scores={"measure_2_support": 0}, **changes).figures["rubric_bonus_allowed"] is False


def test_scores_must_be_an_object():
    with pytest.raises(InputError) as raised:
        evaluate(scores=[20, 20])
    assert "scores" in raised.value.errors


# --- properties ----------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=5_000_000, places=2, allow_nan=False, allow_infinity=False)
kilowatts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(kw=kilowatts, equipment=money, installation=money, other=money, requested=money)
def test_award_never_exceeds_700_per_kw_the_cost_less_incentives_or_the_request(
    kw, equipment, installation, other, requested
):
    evaluation = evaluate(
        charger_rating_kw="10000",
        total_power_output_kw=str(kw),
        equipment_cost=str(equipment),
        installation_cost=str(installation),
        indirect_cost="0",
        total_project_cost="99999999.99",
        other_incentives=str(other),
        amount_requested=str(requested),
    )
    assert Decimal(0) <= evaluation.award <= pa2026_03.REBATE_PER_KW * kw
    assert evaluation.award <= max(equipment + installation - other, Decimal(0))
    assert evaluation.award <= requested


# --- invalid input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("equipment_cost", "-1", "at least 0"),
        ("installation_cost", "-0.01", "at least 0"),
        ("charger_rating_kw", "360 kW", "enter a number in kW"),
        ("total_power_output_kw", "3.6 MW", "enter a number in kW"),
        ("apprenticeship_graduate_percent", "0.65 share", "enter a number in %"),
        ("apprenticeship_graduate_percent", "101", "at most 100"),
        ("charger_count", "0", "at least 1"),
        ("charger_count", "2.5", "whole number"),
        ("plugs_per_charger", "triple", "choose one of"),
        ("commissioning_date", "March 2027", "YYYY-MM-DD"),
        ("charger_power_mw", "3.6", "not a field"),
    ],
)
def test_bad_input_names_the_field(field, value, message):
    with pytest.raises(InputError) as raised:
        evaluate(**{field: value})
    assert message in raised.value.errors[f"project.{field}"]


def test_missing_fields_are_each_named():
    doc = document()
    del doc["project"]["total_power_output_kw"]
    del doc["project"]["site_county"]
    with pytest.raises(InputError) as raised:
        evaluate_input(CODE, doc)
    assert raised.value.errors == {
        "project.site_county": "County of the project site is required",
        "project.total_power_output_kw": "Total power output of the station with all chargers operating is required",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"equipment_delivery_date": "2026-03-14"}, "equipment_delivery_date"),  # before the order
        ({"installation_date": "2026-10-14"}, "installation_date"),  # before delivery
        ({"commissioning_date": "2027-01-28"}, "commissioning_date"),  # before installation
        ({"power_upgrade_date": "2027-04-01"}, "power_upgrade_date"),  # after commissioning
    ],
)
def test_schedule_dates_out_of_order_are_named(changes, field):
    with pytest.raises(InputError) as raised:
        evaluate(**changes)
    assert "before" in raised.value.errors[f"project.{field}"] or "after" in raised.value.errors[f"project.{field}"]


def test_more_kw_than_the_chargers_are_rated_for_is_an_input_error():
    with pytest.raises(InputError) as raised:
        evaluate(total_power_output_kw="3600.01")
    assert "10 x 360 kW = 3600 kW" in raised.value.errors["project.total_power_output_kw"]


def test_a_total_cost_below_its_parts_is_an_input_error():
    with pytest.raises(InputError) as raised:
        evaluate(total_project_cost="3129999.99")
    assert "3,130,000.00" in raised.value.errors["project.total_project_cost"]


def test_a_lease_needs_its_end_date():
    with pytest.raises(InputError) as raised:
        evaluate(site_control="easement", site_control_through=None)
    assert "project.site_control_through" in raised.value.errors


@pytest.mark.parametrize(("model", "public"), [("public", False), ("private", True)])
def test_public_access_must_match_the_operation_model(model, public):
    with pytest.raises(InputError) as raised:
        evaluate(site_operation_model=model, publicly_accessible=public, scores={})
    assert "project.publicly_accessible" in raised.value.errors


# --- periods and attachments --------------------------------------------------------------------------


def test_response_to_a_notice_of_correction_is_due_in_14_calendar_days():
    period = get_rule_set(CODE).deficiency_response
    assert period.due(dt.date(2025, 12, 19)) == dt.date(2026, 1, 2)
    assert "PA2026-03 Table 2 step 2" in period.source


def test_the_project_life_is_5_years_from_commissioning():
    assert evaluate().figures["project_life_ends"] == dt.date(2032, 3, 31)


def test_attachments_follow_the_required_attachments_list():
    slots = {slot.key: slot for slot in get_rule_set(CODE).attachments}
    assert slots["site_control"].required and slots["power_evaluation"].required
    assert not slots["measure_2_documentation"].required
    assert len(slots) == 10
