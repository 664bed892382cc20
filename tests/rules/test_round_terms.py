"""Every dated or amount rule against the seed round and against a re-issued round: the round's value decides.

The seed round's results are the threshold tests' (test_pa20*.py, unchanged); here each term is moved by a
``"round"`` object, as the ``evaluate`` command and ``registry.evaluate_input`` take it.
"""

import datetime as dt
from decimal import Decimal

import pytest

from programs.rules import pa2022_01_cmp, pa2022_01_prop1b, pa2025_04, pa2026_01, pa2026_02, pa2026_03
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set, rule_sets
from programs.rules.terms import Terms
from tests.rules.helpers import load_example

SEEDS = ("001_ea26778b00a7e017.txt", "002_93fe1fbed5faf247.txt", "003_b264a6114e3b8c3f.txt")


def evaluate(code, *, round=None, evaluated_on=None, application=None, **project):
    document = load_example(code)
    document["project"].update(project)
    document["application"].update(application or {})
    if evaluated_on:
        document["evaluated_on"] = evaluated_on
    if round is not None:
        document["round"] = round
    return evaluate_input(code, document)


def result(evaluation, rule):
    """The rule's result; PA2022-01 prefixes each path's rules ("CMP: ...") when neither path is eligible."""
    return next(item for item in evaluation.results if item.rule in (rule, f"CMP: {rule}"))


# ---- the terms themselves -------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(rule_sets()))
def test_each_program_declares_its_terms_with_the_seed_value_and_clause(code):
    terms = get_rule_set(code).terms
    names = [term.name for term in terms]
    assert terms and len(names) == len(set(names))
    assert {"quote_max_age_days", "deficiency_response_days"} <= set(names) or code == "PA2026-03"
    for term in terms:
        assert term.source.file in SEEDS, term
        assert term.label and term.describe(term.default)


def test_seed_values_are_the_constants_other_code_reads():
    seed = {code: Terms(rule_set.terms) for code, rule_set in rule_sets().items()}
    assert seed["PA2026-02"]["deployment_deadline"] == pa2026_02.DEPLOYMENT_DEADLINE == dt.date(2028, 2, 29)
    assert seed["PA2026-02"]["award_cap"] == pa2026_02.AWARD_CAP == Decimal("400000.00")
    assert seed["PA2026-01"]["yard_truck_award_cap"] == pa2026_01.AWARD_CAPS["yard_truck"]
    assert seed["PA2026-03"]["commissioning_deadline"] == dt.date(2028, 3, 31)
    assert seed["PA2026-03"]["rebate_per_kw"] == pa2026_03.REBATE_PER_KW
    assert seed["PA2022-01"]["operational_deadline"] == dt.date(2024, 3, 31)
    assert seed["PA2022-01"]["earliest_compliance_deadline"] == dt.date(2023, 1, 1)
    assert seed["PA2022-01"]["cmp_award_cap_zero_emission"] == pa2022_01_cmp.AWARD_CAPS["zero_emission"]
    assert seed["PA2022-01"]["prop1b_class_6_optional_low_nox_amount"] == Decimal("50000.00")
    assert seed["PA2025-04"]["tier_2_large_fleet_funded_until"] == dt.date(2025, 12, 31)
    assert seed["PA2025-04"]["tier_2_small_fleet_funded_until"] == dt.date(2029, 12, 31)
    dated = {(tier, fleet): until for (tier, fleet), until in pa2025_04.FUNDING_AVAILABLE_UNTIL.items() if until}
    assert len(dated) == 6 == len(pa2025_04.TIER_TERMS)
    assert seed["PA2022-01"]["deficiency_response_days"] == 7
    assert [
        seed[code]["deficiency_response_days"] for code in ("PA2025-04", "PA2026-01", "PA2026-02", "PA2026-03")
    ] == [14, 14, 14, 14]


@pytest.mark.parametrize("code", list(rule_sets()))
def test_without_a_round_the_output_is_the_seed_rounds(code):
    document = load_example(code)
    plain = evaluate_input(code, document).as_dict()
    same = evaluate_input(code, {**document, "round": {}}).as_dict()
    restated = evaluate_input(
        code,
        {
            **document,
            "round": {
                term.name: term.default.isoformat() if isinstance(term.default, dt.date) else str(term.default)
                for term in get_rule_set(code).terms
            },
        },
    ).as_dict()
    assert plain == same == restated
    assert "round" not in plain


def test_bad_round_values_are_named_with_the_bad_fields_of_the_project():
    with pytest.raises(InputError) as raised:
        evaluate(
            "PA2026-02",
            round={"deployment_deadline": "Feb 2029", "deployment_date": "2029-02-28", "award_cap": "-1"},
            existing_vin="",
        )
    assert set(raised.value.errors) == {
        "round.deployment_deadline",
        "round.deployment_date",
        "round.award_cap",
        "project.existing_vin",
    }
    assert "YYYY-MM-DD" in raised.value.errors["round.deployment_deadline"]
    assert "not a term of this program" in raised.value.errors["round.deployment_date"]
    with pytest.raises(InputError) as raised:
        evaluate("PA2026-02", round=["2029-02-28"])
    assert raised.value.errors == {"round": "must be a JSON object of term names and values"}


def test_the_output_names_what_the_round_changed():
    evaluation = evaluate("PA2026-02", round={"deployment_deadline": "2029-02-28", "award_cap": "400000.00"})
    assert evaluation.as_dict()["round"] == {"deployment_deadline": "2029-02-28"}


# ---- PA2026-02 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "planned", "passes", "words"),
    [
        (None, "2028-02-29", True, "February 2028"),
        (None, "2028-03-01", False, "February 2028"),
        ("2029-02-28", "2029-02-28", True, "February 2029"),
        ("2029-02-28", "2029-03-01", False, "February 2029"),
        ("2029-02-15", "2029-02-16", False, "February 15, 2029"),
    ],
)
def test_pa2026_02_deployment_deadline_is_the_rounds(deadline, planned, passes, words):
    round_ = {"deployment_deadline": deadline} if deadline else None
    outcome = result(evaluate("PA2026-02", round=round_, expected_deployment_date=planned), "deployment_deadline")
    assert outcome.passed is passes
    assert words in outcome.reason
    assert ("changed by the re-issued announcement" in str(outcome.source)) is bool(deadline)
    assert str(outcome.source).startswith("001_ea26778b00a7e017.txt, PA2026-02 Section 1.1")


def test_pa2026_02_award_cap_and_quote_age_are_the_rounds():
    assert evaluate("PA2026-02").award == Decimal("400000.00")
    lower = evaluate("PA2026-02", round={"award_cap": "350000"})
    assert lower.award == Decimal("350000.00") and lower.figures["award_cap"] == Decimal("350000.00")
    # submitted October 1, 2025: a quote of June 1 is 122 days old
    assert not result(evaluate("PA2026-02", quote_date="2025-06-01"), "quote_date").passed
    outcome = result(evaluate("PA2026-02", round={"quote_max_age_days": 180}, quote_date="2025-06-01"), "quote_date")
    assert outcome.passed and "within 180 days" in outcome.reason


def test_pa2026_02_periods_after_delivery_and_for_a_response_are_the_rounds():
    rule_set = get_rule_set("PA2026-02")
    terms = Terms(
        rule_set.terms,
        {"deficiency_response_days": 21, "surrender_to_dismantler_days": 60, "operating_period_years": 7},
    )
    assert rule_set.deficiency_response_in(terms).due(dt.date(2027, 1, 4)) == dt.date(2027, 1, 25)
    assert rule_set.deficiency_response_in(None).due(dt.date(2027, 1, 4)) == dt.date(2027, 1, 18)
    (_, surrender), (_, operating) = rule_set.deadlines_after_delivery_in(terms)
    assert surrender.due(dt.date(2027, 1, 15)) == dt.date(2027, 3, 16)
    assert operating.due(dt.date(2027, 1, 15)) == dt.date(2034, 1, 15)
    assert "changed by the re-issued announcement" in surrender.source
    assert rule_set.deadlines_after_delivery_in(Terms(rule_set.terms)) == rule_set.deadlines_after_delivery


# ---- PA2026-01 -------------------------------------------------------------------------------------


def test_pa2026_01_caps_quote_age_and_destruction_periods_are_the_rounds():
    assert evaluate("PA2026-01").award == Decimal("300000.00")
    changed = evaluate(
        "PA2026-01",
        round={
            "yard_truck_award_cap": "250000",
            "destroy_old_equipment_days": 45,
            "certificate_of_destruction_days": 30,
        },
    )
    assert changed.award == Decimal("250000.00")
    assert changed.figures["destroy_old_equipment_within"] == "45 calendar days after delivery"
    assert changed.figures["certificate_of_destruction_within"] == "30 calendar days after destruction"
    top = {
        "existing_equipment_type": "top_handler",
        "replacement_equipment_type": "top_handler",
        "replacement_cost": "480000.00",
        "amount_requested": "450000.00",
    }
    assert evaluate("PA2026-01", **top).award == Decimal("400000.00")
    assert evaluate("PA2026-01", round={"top_handler_award_cap": "450000"}, **top).award == Decimal("450000.00")
    assert not result(evaluate("PA2026-01", quote_date="2025-06-01"), "quote_date").passed
    assert result(
        evaluate("PA2026-01", round={"quote_max_age_days": 150}, quote_date="2025-06-01"), "quote_date"
    ).passed


# ---- PA2026-03 -------------------------------------------------------------------------------------


def test_pa2026_03_commissioning_deadline_rate_and_project_life_are_the_rounds():
    late = {"installation_date": "2028-03-01", "commissioning_date": "2028-04-30", "site_control_through": "2038-06-30"}
    assert not result(evaluate("PA2026-03", **late), "commissioning_deadline").passed
    outcome = result(
        evaluate("PA2026-03", round={"commissioning_deadline": "2029-03-31"}, **late), "commissioning_deadline"
    )
    assert outcome.passed and "by March 2029" in outcome.reason
    assert evaluate("PA2026-03").award == Decimal("2520000.00")  # 3,600 kW x $700
    cheaper = evaluate("PA2026-03", round={"rebate_per_kw": "600"})
    assert cheaper.award == Decimal("2160000.00") and cheaper.figures["rebate_per_kw"] == Decimal("600")
    # commissioned March 31, 2027: five years run to March 31, 2032; a lease to 2033 covers five, not seven
    lease = {"site_control_through": "2033-06-30"}
    assert result(evaluate("PA2026-03", **lease), "site_control").passed
    longer = evaluate("PA2026-03", round={"project_life_years": 7}, **lease)
    assert not result(longer, "site_control").passed
    assert "March 31, 2034 (7 years after commissioning)" in result(longer, "site_control").reason
    assert longer.figures["project_life_ends"] == dt.date(2034, 3, 31)


# ---- PA2022-01 -------------------------------------------------------------------------------------

TODAY = "2026-11-23"
REISSUE_2026 = {"operational_deadline": "2029-03-31", "earliest_compliance_deadline": "2028-01-01"}
TRUCK_2026 = {
    "existing_engine_model_year": 2010,
    "compliance_deadline": "2029-01-01",
    "ownership_start_date": "2018-04-02",
    "quote_date": "2026-11-02",
    "expected_operation_date": "2028-06-30",
    "replacement_model_year": 2027,
}


def test_pa2022_01_in_2026_fails_on_the_seed_dates_and_passes_on_a_reissues():
    seed = evaluate("PA2022-01", evaluated_on=TODAY, **TRUCK_2026)
    assert not seed.eligible
    assert not result(seed, "operational_deadline").passed
    reissued = evaluate("PA2022-01", evaluated_on=TODAY, round=REISSUE_2026, **TRUCK_2026)
    assert reissued.eligible, [item.reason for item in reissued.failures]
    assert reissued.path == "CMP"  # a 2010 engine is outside Prop 1B's Table 4 (2007-2009)
    assert "by March 31, 2029" in result(reissued, "operational_deadline").reason


@pytest.mark.parametrize(("deadline", "passes"), [("2027-12-31", False), ("2028-01-01", True)])
def test_pa2022_01_earliest_compliance_deadline_is_the_rounds(deadline, passes):
    outcome = result(
        evaluate(
            "PA2022-01", evaluated_on=TODAY, round=REISSUE_2026, **{**TRUCK_2026, "compliance_deadline": deadline}
        ),
        "compliance_deadline",
    )
    assert outcome.passed is passes
    if not passes:
        assert "compliance deadline of January 1, 2028, or later" in outcome.reason


@pytest.mark.parametrize(
    ("year", "round_", "passes"),
    [
        (2011, {}, False),
        (2011, {"latest_engine_model_year": 2012}, True),
        (2013, {"latest_engine_model_year": 2012}, False),
        (2006, {}, False),
        (2006, {"earliest_engine_model_year": 2005}, True),
        (2018, {"latest_engine_model_year": 2022}, True),
        (2018, {"latest_engine_model_year": 2022, "engine_min_age_years": 10}, False),
    ],
)
def test_pa2022_01_engine_model_year_window_is_the_rounds(year, round_, passes):
    outcome = result(
        evaluate(
            "PA2022-01",
            evaluated_on=TODAY,
            round={**REISSUE_2026, **round_},
            **{**TRUCK_2026, "existing_engine_model_year": year},
        ),
        "engine_model_year",
    )
    assert outcome.passed is passes, outcome.reason


def test_pa2022_01_cmp_caps_and_limits_are_the_rounds():
    plain = evaluate("PA2022-01")  # the example: zero-emission, the CMP award held by the cost-effectiveness limit
    capped = evaluate("PA2022-01", round={"cmp_award_cap_zero_emission": "250000"})
    assert capped.path == "CMP" and capped.award == Decimal("250000.00")
    assert capped.figures["award_cap"] == Decimal("250000.00")
    limited = evaluate("PA2022-01", round={"cmp_limit_per_ton_zero_emission": "100000"})
    assert limited.figures["paths"]["CMP"]["award"] < plain.award
    assert limited.figures["paths"]["CMP"]["binding_limit"] == "cost_effectiveness_limit_amount"


def test_pa2022_01_table_4_amounts_are_the_rounds():
    cheaper_cmp = {"amount_requested": "150000.00"}
    assert evaluate("PA2022-01", **cheaper_cmp).figures["paths"]["Prop 1B"]["award"] == Decimal("150000.00")
    lower = evaluate("PA2022-01", round={"prop1b_class_8_zero_emission_amount": "120000"}, **cheaper_cmp)
    assert lower.figures["paths"]["Prop 1B"]["award"] == Decimal("120000.00")
    assert lower.figures["paths"]["Prop 1B"]["binding_limit"] == "table_4_amount"
    assert pa2022_01_prop1b.TABLE_4_AMOUNTS[(8, "zero_emission")] == Decimal("200000.00")  # the seed's, unchanged


def test_pa2022_01_quote_age_and_seven_business_days_are_the_rounds():
    assert not result(evaluate("PA2022-01", quote_date="2022-01-31"), "quote_date").passed
    assert result(
        evaluate("PA2022-01", round={"quote_max_age_days": 100}, quote_date="2022-01-31"), "quote_date"
    ).passed
    rule_set = get_rule_set("PA2022-01")
    period = rule_set.deficiency_response_in(Terms(rule_set.terms, {"deficiency_response_days": 10}))
    assert period.due(dt.date(2022, 6, 30)) == dt.date(2022, 7, 15)  # ten business days, skipping July 4


# ---- PA2025-04 -------------------------------------------------------------------------------------

LOADER_2026 = {
    "hour_meter_records_from": "2024-10-31",
    "hour_meter_records_to": "2026-10-31",
    "quote_date": "2026-11-02",
    "expected_operational_date": "2027-06-01",
}


@pytest.mark.parametrize(
    ("until", "passes"), [(None, False), ("2027-12-31", True), ("2026-11-22", False), ("2026-11-23", True)]
)
def test_pa2025_04_a_large_fleets_tier_2_loader_is_funded_until_the_rounds_date(until, passes):
    round_ = {"tier_2_large_fleet_funded_until": until} if until else None
    evaluation = evaluate("PA2025-04", evaluated_on=TODAY, round=round_, **LOADER_2026)
    outcome = result(evaluation, "tier_funding_date")
    assert outcome.passed is passes
    assert evaluation.eligible is passes, [item.reason for item in evaluation.failures]
    if until is None:
        assert "until December 31, 2025" in outcome.reason


def test_pa2025_04_not_allowed_cells_stay_closed_whatever_the_round():
    outcome = result(
        evaluate(
            "PA2025-04",
            evaluated_on=TODAY,
            baseline_engine_tier="tier_1",
            round={"tier_1_medium_fleet_funded_until": "2030-12-31"},
            **LOADER_2026,
        ),
        "tier_funding_date",
    )
    assert not outcome.passed and "can no longer be funded" in outcome.reason


def test_pa2025_04_cost_effectiveness_limit_and_quote_age_are_the_rounds():
    seed = evaluate("PA2025-04")
    lower = evaluate("PA2025-04", round={"limit_to_current_standard_per_ton": "30000"})
    assert seed.award == Decimal("167200.00")
    assert lower.figures["cost_effectiveness_limit_per_ton"] == Decimal("30000")
    assert lower.award < seed.award and lower.figures["binding_limit"] == "cost_effectiveness_limit_amount"
    assert "changed by the re-issued announcement" in str(result(lower, "nox_reduction").source)
    assert not result(evaluate("PA2025-04", quote_date="2025-03-01"), "quote_date").passed
    assert result(
        evaluate("PA2025-04", round={"quote_max_age_days": 120}, quote_date="2025-03-01"), "quote_date"
    ).passed


def test_the_documented_reissued_example_is_eligible_only_with_its_round():
    document = load_example("PA2025-04-reissued")  # docs/rounds.md
    evaluation = evaluate_input("PA2025-04", document)
    assert evaluation.eligible and evaluation.award == Decimal("167200.00")
    assert evaluation.as_dict()["round"] == {"tier_2_large_fleet_funded_until": "2027-12-31"}
    without = evaluate_input("PA2025-04", {key: value for key, value in document.items() if key != "round"})
    assert [item.rule for item in without.failures] == ["tier_funding_date"]
