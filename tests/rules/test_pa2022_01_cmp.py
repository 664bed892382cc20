"""PA2022-01 Carl Moyer Program path: every threshold of 002_93fe1fbed5faf247.txt and the cost-effectiveness method."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.rules import cost_effectiveness as ce
from programs.rules import moyer_onroad
from programs.rules import pa2022_01_cmp as cmp
from programs.rules.base import EvaluationContext
from programs.rules.registry import get_rule_set, parse_project_input
from tests.rules.helpers import load_example

LOW_NOX = {  # a 0.02 g/bhp-hr natural gas replacement with staff-entered factors (illustrative numbers)
    "replacement_technology": "optional_low_nox",
    "replacement_fuel_type": "natural_gas",
    "replacement_engine_nox_g_bhp_hr": "0.02",
    "replacement_engine_service_class": "HHD",
    "baseline_nox_g_per_mile": "1.0",
    "baseline_rog_g_per_mile": "0",
    "baseline_pm10_g_per_mile": "0",
    "replacement_nox_g_per_mile": "0.1",
    "replacement_rog_g_per_mile": "0",
    "replacement_pm10_g_per_mile": "0",
}


def case(project=None, application=None, evaluated_on=None):
    """Typed project and context from the PA2022-01 example with ``project``/``application`` changes."""
    document = load_example("PA2022-01")
    document["project"].update(project or {})
    document["application"].update(application or {})
    parsed_application, parsed_project = parse_project_input(
        get_rule_set("PA2022-01"), document["application"], document["project"]
    )
    on = evaluated_on or dt.date.fromisoformat(document["evaluated_on"])
    return parsed_project, EvaluationContext(evaluated_on=on, application=parsed_application)


def evaluate(evaluated_on=None, application=None, **project):
    return cmp.evaluate(*case(project, application, evaluated_on))


def result(evaluation, rule):
    return next(item for item in evaluation.results if item.rule == rule)


def test_the_example_truck_qualifies_and_its_limit_reproduces_table_3():
    evaluation = evaluate()
    assert evaluation.eligible, evaluation.failures
    assert evaluation.path == "CMP"
    assert evaluation.figures["binding_limit"] == "cost_effectiveness_limit_amount"
    # the example's factor is back-calculated from Table 3 (EMY 2008, 30,000 miles): the method lands on it
    assert abs(evaluation.award - Decimal(267_657)) < 10
    assert evaluation.figures["estimated_maximum_award_tables_2_3"] == Decimal(267_657)
    assert Decimal("499999.90") <= evaluation.figures["cost_effectiveness_per_ton"] <= Decimal("500000.00")
    assert all("002_93fe1fbed5faf247.txt" in str(item.source) for item in evaluation.results)


# ---- the cost-effectiveness method against worked numbers -------------------------------------

CRF_TABLE = [  # reference "Capital recovery factors" (CMP Guidelines tables D-24 at 1%, D-25 at 2%)
    (1, "1.0100", "1.0200"),
    (2, "0.5075", "0.5150"),
    (3, "0.3400", "0.3468"),
    (4, "0.2563", "0.2626"),
    (5, "0.2060", "0.2122"),
    (6, "0.1725", "0.1785"),
    (7, "0.1486", "0.1545"),
    (8, "0.1307", "0.1365"),
    (9, "0.1167", "0.1225"),
    (10, "0.1056", "0.1113"),
    (11, "0.0965", "0.1022"),
    (12, "0.0888", "0.0946"),
    (15, "0.0721", "0.0778"),
]


@pytest.mark.parametrize(("years", "at_1", "at_2"), CRF_TABLE)
def test_capital_recovery_factor_matches_the_guidelines_table(years, at_1, at_2):
    assert ce.capital_recovery_factor(Decimal("0.01"), years).quantize(Decimal("0.0001")) == Decimal(at_1)
    assert ce.capital_recovery_factor(Decimal("0.02"), years).quantize(Decimal("0.0001")) == Decimal(at_2)


def test_weighted_tons_count_pm10_twenty_times():
    # 90,720 miles x 10 / 1 / 0.1 g/mile = 1 / 0.1 / 0.01 tons (907,200 g per ton): 1 + 0.1 + 20 x 0.01 = 1.3
    tons = moyer_onroad.annual_tons(moyer_onroad.EmissionFactors(Decimal(10), Decimal(1), Decimal("0.1")), 90_720)
    assert (tons.nox, tons.rog, tons.pm10, tons.weighted) == (
        Decimal(1),
        Decimal("0.1"),
        Decimal("0.01"),
        Decimal("1.3"),
    )


def test_limit_amount_is_limit_times_weighted_tons_over_crf():
    reduced = moyer_onroad.TonsPerYear(Decimal(1), Decimal("0.1"), Decimal("0.01"))
    amount, figures = moyer_onroad.limit_amount(
        limit_per_ton=Decimal(200_000), reduced=reduced, edition=moyer_onroad.GUIDELINES_2017, project_life_years=5
    )
    # 200,000 x 1.3 / 0.2060398 = 1,261,892.12
    assert amount.quantize(Decimal("0.01")) == Decimal("1261892.12")
    assert figures["capital_recovery_factor"] == Decimal("0.2060")
    assert figures["weighted_tons_per_year"] == Decimal("1.3000")


@pytest.mark.parametrize(
    ("steps", "reference"),
    [
        ([(30_000, "0.5381", 5)], "78344.41"),  # worked example 9
        ([(30_000, "0.2812", 3), (100_000, "0.0401", 10)], "62790.08"),  # worked example 6, two steps
    ],
)
def test_the_reference_worked_grant_checks(steps, reference):
    """Reference "Two grant checks": L x weighted tons / CRF(1%, n), summed over steps. The reference prints the
    tons rounded to 4 places, so the grant is reproduced to within a few dollars."""
    total = sum(
        ce.max_grant_at_limit(Decimal(limit), Decimal(tons), ce.capital_recovery_factor(Decimal("0.01"), n))
        for limit, tons, n in steps
    )
    assert abs(total - Decimal(reference)) < 5


def test_reduction_is_baseline_minus_replacement_and_nox_benefit_is_its_share():
    baseline = moyer_onroad.EmissionFactors(Decimal(2), Decimal("0.2"), Decimal("0.02"))
    replacement = moyer_onroad.EmissionFactors(Decimal("0.2"), Decimal("0.2"), Decimal("0.01"))
    reduced = moyer_onroad.reductions(baseline, replacement, 45_360)
    assert (reduced.nox, reduced.rog, reduced.pm10) == (Decimal("0.09"), Decimal(0), Decimal("0.0005"))
    assert moyer_onroad.nox_benefit_percent(baseline, replacement) == Decimal(90)


def test_an_edition_with_a_factor_table_is_used_before_staff_entries():
    row = moyer_onroad.EmissionFactors(Decimal("3.0"), Decimal(0), Decimal(0))
    edition = moyer_onroad.GuidelinesEdition(
        name="test edition",
        discount_rate=Decimal("0.01"),
        source="test",
        factors={("HHD", 2008): row},
        factors_source="test table",
    )
    evaluation = cmp.evaluate(*case(), edition=edition)
    assert evaluation.figures["nox_reduced_tons_per_year"] == (Decimal(3) * 30_000 / ce.GRAMS_PER_SHORT_TON).quantize(
        Decimal("0.0001")
    )


def test_tables_2_and_3_price_the_same_emission_change_at_200000_and_500000_per_ton():
    """Reference "Figures gathered": ZEV = 2.5 x (0.02 award) + the 0.02 engine's own emissions at $500,000,
    the same for every engine model year in a mileage row where neither table reached its cap."""
    low, zero = cmp.ESTIMATED_MAXIMUM_AWARD["optional_low_nox"], cmp.ESTIMATED_MAXIMUM_AWARD["zero_emission"]
    for row in range(len(cmp.TABLE_MILEAGES)):
        gaps = {
            zero[row][col] - Decimal("2.5") * low[row][col]
            for col in range(len(cmp.TABLE_MODEL_YEARS))
            if low[row][col] < 160_000 and zero[row][col] < 410_000
        }
        assert not gaps or max(gaps) - min(gaps) <= 2  # whole-dollar rounding in the seed


def test_the_funding_caps_are_the_largest_amounts_of_tables_2_and_3():
    for technology, table in cmp.ESTIMATED_MAXIMUM_AWARD.items():
        assert max(max(row) for row in table) == cmp.AWARD_CAPS[technology]


@pytest.mark.parametrize(
    ("technology", "year", "miles", "estimate"),
    [
        ("optional_low_nox", 2008, 19_999, None),
        ("optional_low_nox", 2007, 20_000, 54_004),
        ("optional_low_nox", 2009, 29_999, 54_004),
        ("optional_low_nox", 2013, 30_000, 142_373),
        ("optional_low_nox", 2015, 40_000, 160_000),
        ("zero_emission", 2010, 20_000, 321_514),
        ("zero_emission", 2015, 30_001, 379_514),
        ("zero_emission", 2008, 99_000, 410_000),
        ("zero_emission", 2016, 50_000, None),
        ("zero_emission", 2006, 50_000, None),
    ],
)
def test_estimate_uses_the_mileage_row_at_or_below_the_miles(technology, year, miles, estimate):
    expected = None if estimate is None else Decimal(estimate)
    assert cmp.estimated_maximum_award(technology, year, miles) == expected


# ---- eligibility thresholds ------------------------------------------------------------------


@pytest.mark.parametrize(("gvwr", "passes"), [(14_000, False), (14_001, True), (14_002, True)])
def test_existing_truck_is_class_4_to_8(gvwr, passes):
    assert result(evaluate(existing_gvwr_lb=gvwr), "existing_class_4_to_8").passed is passes


@pytest.mark.parametrize(
    ("year", "specialty", "passes"),
    [
        (2006, False, False),
        (2006, True, True),
        (2007, False, True),
        (2008, False, True),
        (2010, False, True),
        (2011, False, False),
        (2016, False, False),
    ],
)
def test_engine_model_year_2007_to_2010_under_the_current_guidelines(year, specialty, passes):
    outcome = result(evaluate(existing_engine_model_year=year, specialty_vehicle=specialty), "engine_model_year")
    assert outcome.passed is passes


def test_six_years_of_age_binds_before_2016():
    outcome = result(
        evaluate(evaluated_on=dt.date(2015, 5, 1), existing_engine_model_year=2010, compliance_deadline="2023-01-01"),
        "engine_model_year",
    )
    assert not outcome.passed and "later than 2009" in outcome.reason


@pytest.mark.parametrize(
    ("deadline", "evaluated_on", "passes"),
    [
        ("2022-12-31", dt.date(2022, 5, 2), False),
        ("2023-01-01", dt.date(2022, 5, 2), True),
        ("2023-01-02", dt.date(2022, 5, 2), True),
        ("2023-01-01", dt.date(2023, 1, 1), False),  # no compliance life left: nothing surplus
        ("2024-01-01", dt.date(2023, 1, 1), True),
    ],
)
def test_compliance_deadline_january_1_2023_or_later_and_still_ahead(deadline, evaluated_on, passes):
    outcome = result(
        evaluate(evaluated_on=evaluated_on, compliance_deadline=deadline, quote_date=evaluated_on.isoformat()),
        "compliance_deadline",
    )
    assert outcome.passed is passes


@pytest.mark.parametrize(
    ("field", "rule"),
    [("scab_operation_percent", "scab_operation"), ("projected_scab_operation_percent", "projected_scab_operation")],
)
@pytest.mark.parametrize(("percent", "passes"), [("74.99", False), ("75", True), ("75.01", True)])
def test_seventy_five_percent_in_the_south_coast_air_basin(field, rule, percent, passes):
    assert result(evaluate(**{field: percent}), rule).passed is passes


@pytest.mark.parametrize(("replacement_nox", "passes"), [("0.8501", False), ("0.85", True), ("0.8499", True)])
def test_nox_benefit_at_least_15_percent(replacement_nox, passes):
    outcome = result(evaluate(**{**LOW_NOX, "replacement_nox_g_per_mile": replacement_nox}), "nox_benefit")
    assert outcome.passed is passes


@pytest.mark.parametrize(("certified", "passes"), [("0.021", False), ("0.02", True), ("0.019", True)])
def test_replacement_certified_to_0_02_g_bhp_hr_or_lower(certified, passes):
    outcome = result(evaluate(**{**LOW_NOX, "replacement_engine_nox_g_bhp_hr": certified}), "replacement_0_02_or_zero")
    assert outcome.passed is passes


@pytest.mark.parametrize(
    ("vehicle_type", "technology", "certified", "passes"),
    [
        ("emergency", "optional_low_nox", "0.02", True),
        ("emergency", "optional_low_nox", "0.05", False),
        ("emergency", "zero_emission", None, True),
        ("drayage_truck", "optional_low_nox", "0.05", True),  # the rule is for emergency vehicles only
    ],
)
def test_emergency_vehicles_only_to_0_02_or_cleaner(vehicle_type, technology, certified, passes):
    project = {
        **LOW_NOX,
        "vehicle_type": vehicle_type,
        "replacement_technology": technology,
        "replacement_engine_nox_g_bhp_hr": certified,
    }
    if technology == "zero_emission":
        project.update({f"replacement_{p}_g_per_mile": None for p in ("nox", "rog", "pm10")})
    assert result(evaluate(**project), "emergency_vehicle_0_02").passed is passes


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"project_type": "repower"}, "replacement_project"),
        ({"existing_fuel_type": "natural_gas"}, "existing_diesel"),
        ({"vehicle_type": "school_bus"}, "not_school_bus"),
        ({"replacement_fuel_type": "diesel"}, "replacement_not_diesel"),
        ({"low_use_exemption": True}, "no_low_use_exemption"),
        ({"compliance_extension": True}, "no_compliance_extension"),
        ({"california_registration": False}, "california_registration"),
        ({"replacement_carb_certified": False}, "carb_certified"),
        ({"domiciled_in_scab": False}, "domiciled_in_scab"),
        (
            {"baseline_nox_g_per_mile": None, "baseline_rog_g_per_mile": None, "baseline_pm10_g_per_mile": None},
            "emission_factors",
        ),
    ],
)
def test_each_yes_no_requirement_fails_alone(changes, rule):
    evaluation = evaluate(**changes)
    assert rule in [item.rule for item in evaluation.failures]
    assert evaluation.award == Decimal("0.00")


def test_fleet_must_be_compliant():
    evaluation = evaluate(application={"fleet_compliant": False})
    assert [item.rule for item in evaluation.failures] == ["fleet_compliant"]


@pytest.mark.parametrize(
    ("existing", "replacement", "passes"),
    [
        (19_500, 19_500, True),
        (19_500, 19_501, False),
        (19_501, 33_000, True),
        (33_000, 33_001, False),
        (33_001, 80_000, True),
        (14_001, 19_500, True),
    ],
)
def test_same_weight_class_lhd_mhd_hhd(existing, replacement, passes):
    outcome = result(evaluate(existing_gvwr_lb=existing, replacement_gvwr_lb=replacement), "same_weight_class")
    assert outcome.passed is passes


@pytest.mark.parametrize(
    ("engine", "gvwr", "warranty", "vocational", "passes"),
    [
        ("HHD", 80_000, False, False, True),
        ("MHD", 36_300, True, False, True),
        ("MHD", 36_301, True, False, False),
        ("MHD", 36_299, False, False, False),  # no written warranty verification
        ("HHD", 29_701, False, True, True),
        ("HHD", 29_700, False, True, False),
        ("HHD", 29_702, False, False, False),  # no vocational purpose
        ("MHD", 25_000, False, False, True),
        ("LHD", 25_000, False, False, False),
    ],
)
def test_engine_service_class_with_the_ten_percent_exceptions(engine, gvwr, warranty, vocational, passes):
    outcome = result(
        evaluate(
            **{
                **LOW_NOX,
                "replacement_engine_service_class": engine,
                "replacement_gvwr_lb": gvwr,
                "warranty_verification": warranty,
                "vocational_need_approved": vocational,
            }
        ),
        "engine_service_class",
    )
    assert outcome.passed is passes


@pytest.mark.parametrize(("owned_since", "passes"), [("2020-05-03", False), ("2020-05-02", True), ("2020-05-01", True)])
def test_owned_for_the_two_years_before_application(owned_since, passes):
    assert result(evaluate(ownership_start_date=owned_since), "ownership_two_years").passed is passes


@pytest.mark.parametrize(
    ("quote_date", "passes"), [("2022-01-31", False), ("2022-02-01", True), ("2022-02-02", True), ("2022-05-03", False)]
)
def test_quote_within_90_days_before_submittal(quote_date, passes):
    assert result(evaluate(quote_date=quote_date), "quote_date").passed is passes


@pytest.mark.parametrize(("planned", "passes"), [("2024-03-30", True), ("2024-03-31", True), ("2024-04-01", False)])
def test_in_operation_by_march_31_2024(planned, passes):
    assert result(evaluate(expected_operation_date=planned), "operational_deadline").passed is passes


# ---- mileage ----------------------------------------------------------------------------------


def test_emissions_use_the_lower_of_the_two_12_month_periods():
    evaluation = evaluate(ca_miles_recent_12_months=25_000, ca_miles_prior_12_months=41_000)
    assert evaluation.figures["annual_miles_used"] == 25_000


def test_march_to_june_2020_low_usage_is_replaced_by_the_three_months_before_the_window():
    # applied on May 2, 2022: the window starts May 2, 2020, so the low usage is in the earlier period
    evaluation = evaluate(
        ca_miles_recent_12_months=32_000,
        ca_miles_prior_12_months=24_000,
        low_usage_2020_miles=500,
        substitute_3_month_miles=7_500,
    )
    assert evaluation.figures["mileage_substitution"] == "applied to the earlier 12-month period"
    assert evaluation.figures["annual_miles_used"] == 31_000


def test_substitution_never_lowers_the_miles():
    evaluation = evaluate(ca_miles_prior_12_months=30_000, low_usage_2020_miles=7_000, substitute_3_month_miles=500)
    assert evaluation.figures["annual_miles_used"] == 30_000


def test_substitution_outside_the_24_month_window_is_not_applied():
    evaluation = evaluate(
        evaluated_on=dt.date(2022, 7, 1),
        quote_date="2022-06-01",
        low_usage_2020_miles=100,
        substitute_3_month_miles=9_000,
        ca_miles_prior_12_months=20_000,
    )
    assert evaluation.figures["mileage_substitution"].startswith("not applied")
    assert evaluation.figures["annual_miles_used"] == 20_000


# ---- award limits -----------------------------------------------------------------------------


@pytest.mark.parametrize(("fleet_size", "limited"), [(10, False), (11, True), (12, True)])
def test_fleets_of_more_than_10_get_at_most_half_the_cost_excluding_taxes(fleet_size, limited):
    evaluation = evaluate(application={"fleet_size": fleet_size})
    limit = evaluation.figures.get("fleet_over_10_half_of_cost_excluding_taxes")
    assert (limit is not None) is limited
    if limited:
        assert limit == Decimal("205000.00")  # 50% x (450,000 - 40,000)
        assert evaluation.award == Decimal("205000.00")


@pytest.mark.parametrize(
    ("public", "other", "limit"),
    [(False, "0.00", "382500.00"), (False, "100000.00", "282500.00"), (True, "100000.00", "350000.00")],
)
def test_non_public_applicants_pay_at_least_15_percent(public, other, limit):
    evaluation = evaluate(application={"public_agency": public}, other_public_funding=other)
    assert evaluation.figures["grants_share_of_cost_less_other_funding"] == Decimal(limit)


@pytest.mark.parametrize(("technology_changes", "cap"), [({}, "410000.00"), (LOW_NOX, "160000.00")])
def test_funding_cap_by_technology(technology_changes, cap):
    evaluation = evaluate(
        **technology_changes,
        ca_miles_recent_12_months=200_000,
        ca_miles_prior_12_months=200_000,
        replacement_cost="900000.00",
        amount_requested="900000.00",
    )
    assert evaluation.figures["award_cap"] == Decimal(cap)
    assert evaluation.award == Decimal(cap)
    assert evaluation.figures["binding_limit"] == "award_cap"


money = st.decimals(min_value=0, max_value=1_500_000, places=2, allow_nan=False, allow_infinity=False)
grams = st.decimals(min_value=0, max_value=20, places=4, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(
    cost=money,
    taxes_share=st.integers(0, 100),
    other=money,
    requested=money,
    fleet=st.integers(1, 40),
    public=st.booleans(),
    miles=st.integers(0, 150_000),
    nox=grams,
    pm=grams,
    life=st.integers(1, 10),
    zero=st.booleans(),
)
def test_award_never_exceeds_any_cap_the_cost_or_the_cost_effectiveness_limit(
    cost, taxes_share, other, requested, fleet, public, miles, nox, pm, life, zero
):
    taxes = (cost * taxes_share / 100).quantize(Decimal("0.01"))
    project = {} if zero else dict(LOW_NOX)
    project.update(
        {
            "replacement_cost": str(cost),
            "taxes_and_fees": str(taxes),
            "other_public_funding": str(other),
            "amount_requested": str(requested),
            "ca_miles_recent_12_months": miles,
            "ca_miles_prior_12_months": miles,
            "project_life_years": life,
            "baseline_nox_g_per_mile": str(nox),
            "baseline_pm10_g_per_mile": str(pm),
        }
    )
    evaluation = evaluate(application={"fleet_size": fleet, "public_agency": public}, **project)
    figures = evaluation.figures
    assert Decimal(0) <= evaluation.award
    assert evaluation.award <= cmp.AWARD_CAPS[figures["technology"]]
    assert evaluation.award <= cost
    assert evaluation.award <= requested
    assert evaluation.award <= figures["cost_effectiveness_limit_amount"]
    assert evaluation.award <= max(figures["grants_share_of_cost_less_other_funding"], Decimal(0))
    if fleet > 10:
        assert evaluation.award <= (cost - taxes) / 2
    if evaluation.award > 0 and figures["weighted_tons_per_year"] > 0:
        assert figures["cost_effectiveness_per_ton"] <= cmp.STEP_2_LIMITS[figures["technology"]] + Decimal("0.01")
