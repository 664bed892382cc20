"""Issue 22: PA2022-01's short eligibility check. The truck is checked under both of the announcement's funding
paths (002_93fe1fbed5faf247.txt, EVALUATION CRITERIA: the Carl Moyer Program and Proposition 1B) with their own
rules, and each path's award is estimated from the announcement's tables (CMP Tables 2 and 3, Prop 1B Table 4),
since the award itself depends on answers the check does not ask."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from applications.eligibility import SESSION_KEY
from programs.rules import pa2022_01_cmp, pa2022_01_prop1b, screening
from programs.rules.base import EvaluationContext
from programs.rules.fields import parse_values
from programs.rules.registry import get_rule_set
from tests.factories import example, open_program

RULE_SET = get_rule_set("PA2022-01")
CHECK = screening.SCREENINGS["PA2022-01"]
DOCUMENT = example("PA2022-01")
EVALUATED_ON = dt.date.fromisoformat(DOCUMENT["evaluated_on"])
# docs/examples/PA2022-01.json: Inland Produce Haulers' 2008 Freightliner Cascadia (80,000 lb, diesel) replaced with
# a zero-emission eCascadia; 32,000 and 30,000 California miles in the last two 12-month periods.
INLAND = {name: DOCUMENT["project"][name] for name in CHECK.questions + CHECK.optional if name in DOCUMENT["project"]}
# The issue's truck: gasoline, 26,000 lb (Class 6), kept in Kern County (outside the South Coast Air Basin), driven
# 8,000 California miles a year.
KERN_GASOLINE = {
    **INLAND,
    "existing_fuel_type": "gasoline",
    "existing_gvwr_lb": 26000,
    "domiciled_in_scab": False,
    "scab_operation_percent": 10,
    "ca_miles_recent_12_months": 8000,
    "ca_miles_prior_12_months": 8000,
}


def screen(answers, today=EVALUATED_ON):
    return screening.screen(RULE_SET, answers, today=today)


def test_the_example_truck_passes_both_paths_with_the_tables_estimates():
    result = screen(INLAND)
    cmp, prop1b = result.paths
    assert (cmp.name, prop1b.name) == ("Carl Moyer Program (CMP)", "Proposition 1B (Prop 1B)")
    assert cmp.eligible and prop1b.eligible and result.eligible
    # Table 3 (ZEV), row 30,000 miles (the lower period), column 2007-2009: $267,657; Table 4 Class 8 ZEV: $200,000.
    assert cmp.award_high == Decimal("267657.00")
    assert prop1b.award_high == Decimal("200000.00")
    assert (result.award_low, result.award_high) == (Decimal("0.00"), Decimal("267657.00"))
    assert "Table 3 (zero-emission) estimates at most this for a 2008 engine driven 30,000 California miles" in (
        cmp.estimate
    )
    assert "Class 8 truck" in prop1b.estimate


def test_each_paths_rules_are_the_full_evaluations_own():
    """The same rule, the same answer and the same reason as each path's evaluation of the whole example."""
    project = parse_values(RULE_SET.project_fields, DOCUMENT["project"])
    context = EvaluationContext(
        evaluated_on=EVALUATED_ON,
        application=parse_values(RULE_SET.application_fields, DOCUMENT["application"]),
    )
    full = {
        pa2022_01_cmp.PATH: pa2022_01_cmp.evaluate(project, context),
        pa2022_01_prop1b.PATH: pa2022_01_prop1b.evaluate(project, context),
    }
    for path in screen(INLAND).paths:
        reasons = {item.rule: (item.passed, item.reason) for item in full[path.path].results}
        assert len(path.results) >= 9
        assert all(reasons[item.rule] == (item.passed, item.reason) for item in path.results), path.path


def test_the_issues_truck_fails_both_paths_with_reasons():
    cmp, prop1b = screen(KERN_GASOLINE).paths
    assert [item.reason for item in cmp.failures] == [
        "The existing truck runs on gasoline; only diesel trucks may be replaced.",
        "Operation within the South Coast Air Basin is 10 %; the program requires at least 75 %.",
        "The truck must be domiciled within the South Coast Air Basin (SCAB).",
    ]
    assert [item.reason for item in prop1b.failures] == [
        "The existing truck runs on gasoline; only diesel trucks may be replaced.",
        "California miles of the existing truck in the most recent 12 months is 8,000 miles; the program requires "
        "at least 10,000 miles.",
        "California miles of the existing truck in the earlier 12 months is 8,000 miles; the program requires at "
        "least 10,000 miles.",
        "The truck must be domiciled within the South Coast Air Basin (SCAB).",
    ]
    assert not screen(KERN_GASOLINE).eligible and screen(KERN_GASOLINE).award_high == Decimal("0.00")


def test_a_class_6_low_nox_truck_below_the_tables_mileage():
    """CMP Tables 2 and 3 start at 20,000 miles: the estimate is the CMP cap ($160,000 for 0.02 g/bhp-hr NOx,
    Table 2's largest amount); Prop 1B Table 4, Class 6 optional low-NOx: $50,000 (Class 5-6 need 10,000 miles)."""
    answers = {
        **INLAND,
        "existing_gvwr_lb": 26000,
        "ca_miles_recent_12_months": 15000,
        "ca_miles_prior_12_months": 14000,
        "replacement_technology": "optional_low_nox",
        "replacement_engine_nox_g_bhp_hr": "0.02",
        "existing_engine_model_year": 2009,
    }
    cmp, prop1b = screen(answers).paths
    assert cmp.eligible and cmp.award_high == Decimal("160000.00")
    assert "has no estimate for a 2009 engine driven 14,000 California miles" in cmp.estimate
    assert prop1b.eligible and prop1b.award_high == Decimal("50000.00")
    # A hybrid with no certified NOx level: not a CMP replacement, and Table 4 lists no Class 6 hybrid.
    hybrid = {**answers, "replacement_technology": "hybrid_zero_emission_mile", "replacement_engine_nox_g_bhp_hr": ""}
    cmp, prop1b = screen(hybrid).paths
    assert [item.rule for item in cmp.failures] == ["replacement_0_02_or_zero"]
    assert [item.reason for item in prop1b.failures] == [
        "Table 4 lists no amount for Class 6 (hybrid zero-emission-mile truck)."
    ]
    assert screen(hybrid).award_high == Decimal("0.00")


def test_a_2012_engine_is_past_both_paths_model_years():
    cmp, prop1b = screen({**INLAND, "existing_engine_model_year": 2012}, today=dt.date(2026, 12, 7)).paths
    assert [item.rule for item in cmp.failures] == ["engine_model_year"]
    assert cmp.failures[0].reason.startswith("Engine model year 2012 is later than 2010")
    assert [item.reason for item in prop1b.failures] == [
        "The engine model year of the existing truck is 2012; Prop 1B Table 4 funds 2007-2009 engines."
    ]


def test_a_goods_mover_of_one_third_time_only_fails_prop_1b():
    cmp, prop1b = screen({**INLAND, "goods_movement_percent": 30}).paths
    assert cmp.eligible and cmp.award_high == Decimal("267657.00")
    assert [item.reason for item in prop1b.failures] == [
        "The truck moved goods 30% of the time over the past 2 years; Prop 1B requires more than half (a majority)."
    ]
    assert screen({**INLAND, "goods_movement_percent": 30}).award_high == Decimal("267657.00")


# --- The page -----------------------------------------------------------------------------------------------


def form(answers):
    return {name: ("true" if v is True else "false" if v is False else v) for name, v in answers.items()}


@pytest.mark.django_db
def test_a_stranger_fails_changes_one_answer_and_passes(client):
    open_program("PA2022-01")
    url = reverse("eligibility", args=["PA2022-01"])
    assert url in client.get(reverse("program", args=["PA2022-01"])).content.decode()
    page = client.get(url).content.decode()
    assert "Share of time moving goods, past 2 years (%)" in page and "Engine model year" in page
    failing = client.post(url, form({**INLAND, "existing_fuel_type": "gasoline"})).content.decode()
    assert "These answers fail the program's eligibility rules under each of its funding paths." in failing
    assert failing.count("The existing truck runs on gasoline; only diesel trucks may be replaced.") == 2
    passing = client.post(url, form(INLAND)).content.decode()
    assert "under at least one funding path" in passing
    assert "Carl Moyer Program (CMP): eligible on these answers" in passing
    assert "up to $267,657.00." in passing and "up to $200,000.00." in passing
    assert "from $0.00 to $267,657.00" in passing
    assert "002_93fe" not in passing and "cmp_award_cap" not in passing
    assert client.session[SESSION_KEY]["PA2022-01"]["existing_engine_model_year"] == 2008


@pytest.mark.django_db
def test_the_check_in_spanish(client):
    open_program("PA2022-01")
    with translation.override("es"):
        url = reverse("eligibility", args=["PA2022-01"])
        failing = client.post(url, form(KERN_GASOLINE), HTTP_ACCEPT_LANGUAGE="es").content.decode()
        passing = client.post(url, form(INLAND), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Programa Carl Moyer (CMP)" in failing and "Proposición 1B (Prop 1B)" in failing
    assert "gasolina" in failing
    assert "en al menos una vía de financiamiento" in passing
    assert "Tabla 3 (cero emisiones)" in passing and "$267,657.00" in passing
    for english in ("funding path", "eligible on these answers", "estimates at most", "Table 4 funds"):
        assert english not in passing
