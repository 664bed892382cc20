"""Issue 22, applicants know before they type: the eligibility check on each program page runs the program's own
rules on a handful of answers, reveals nothing and writes nothing, and its answers fill the application."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from applications import services
from applications.eligibility import SESSION_KEY
from applications.models import Application, Project
from programs.rules import screening
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set
from tests.factories import ApplicationFactory, example, open_program

# The issue's truck: "a gasoline, 26,000 lb truck in Kern County" (PA2026-02, Battery Electric Freight Vehicles).
KERN_GASOLINE = {
    "existing_fuel_type": "gasoline",
    "existing_gvwr_lb": "26000",
    "existing_yard_county": "Kern",
    "goods_movement": "true",
    "miles_prior_12_months": "42000",
    "msa_operation_percent": "92",
    "replacement_powertrain": "battery_electric",
}
# docs/examples/PA2026-02.json: Harbor Freight Lines' diesel 80,000 lb truck in Los Angeles County.
HARBOR_DIESEL = {
    **KERN_GASOLINE,
    "existing_fuel_type": "diesel",
    "existing_gvwr_lb": "80000",
    "existing_yard_county": "Los Angeles",
    "replacement_cost": "438500.00",
}


def test_the_issues_truck_fails_three_rules_with_their_reasons_in_words():
    result = screening.screen(get_rule_set("PA2026-02"), KERN_GASOLINE)
    assert not result.eligible
    assert [item.reason for item in result.failures] == [
        "The existing vehicle runs on gasoline; it must be diesel-powered.",
        "The existing vehicle's GVWR is 26,000 lb; the program requires at least 33,001 lb.",
        "The existing vehicle's primary yard is in Kern, outside the two MSAs (Los Angeles, Orange, Riverside and "
        "San Bernardino counties).",
    ]
    assert (result.award_low, result.award_high) == (Decimal("0.00"), Decimal("0.00"))


def test_an_eligible_truck_is_estimated_up_to_the_cap_or_its_cost():
    """PA2026-02 Section 1.2: "a rebate amount up to $400,000", never more than the cost."""
    result = screening.screen(get_rule_set("PA2026-02"), HARBOR_DIESEL)
    assert result.eligible and result.award_high == Decimal("400000.00")
    cheaper = screening.screen(get_rule_set("PA2026-02"), {**HARBOR_DIESEL, "replacement_cost": "350000.00"})
    assert cheaper.award_high == Decimal("350000.00")


def test_a_charging_site_is_estimated_at_700_dollars_per_kw():
    """PA2026-03 REBATE AMOUNT: "up to $700 per kW" of total power output (the example site: 1,500 kW)."""
    answers = {key: example("PA2026-03")["project"][key] for key in screening.SCREENINGS["PA2026-03"].questions}
    result = screening.screen(get_rule_set("PA2026-03"), answers)
    assert result.eligible
    assert result.award_high == Decimal(700) * Decimal(str(answers["total_power_output_kw"]))


def test_soon_is_estimated_at_the_funding_tables_percentage_of_the_cost():
    """PA2025-04 MAXIMUM ELIGIBLE FUNDING table: a replacement is funded up to 80% of its cost ($845,000 example)."""
    answers = {key: example("PA2025-04")["project"][key] for key in screening.SCREENINGS["PA2025-04"].questions}
    result = screening.screen(get_rule_set("PA2025-04"), answers)
    assert result.eligible and result.award_high == Decimal("676000.00")
    assert screening.screen(get_rule_set("PA2025-04"), {**answers, "new_engine_tier": "tier_3"}).failures[0].reason == (
        "The new engine is Tier 3; it must be Tier 4 Final or zero-emission (other technology only case by case, "
        "when the current standard is infeasible)."
    )


@pytest.mark.parametrize("code", [code for code, check in screening.SCREENINGS.items() if check.paths is None])
def test_the_check_gives_the_full_evaluations_verdict_on_the_same_rules(code):
    """The check's rules are the evaluation's own: on the documented example, the same rules with the same results."""
    document = example(code)
    check = screening.SCREENINGS[code]
    answers = {name: document["project"][name] for name in check.questions + check.optional}
    result = screening.screen(get_rule_set(code), answers)
    full = {item.rule: (item.passed, item.reason) for item in evaluate_input(code, document).results}
    assert len(result.results) == len(check.rules) >= 4
    assert all(full[item.rule] == (item.passed, item.reason) for item in result.results)


def test_a_missing_answer_is_named():
    answers = dict(KERN_GASOLINE)
    del answers["existing_gvwr_lb"]
    with pytest.raises(InputError) as caught:
        screening.screen(get_rule_set("PA2026-02"), answers)
    assert list(caught.value.errors) == ["existing_gvwr_lb"]


# --- The page -----------------------------------------------------------------------------------------------


@pytest.fixture
def program(db):
    return open_program("PA2026-02")


def check(client, answers, code="PA2026-02"):
    return client.post(reverse("eligibility", args=[code]), answers)


def test_a_stranger_sees_the_reasons_and_nothing_is_written(client, program):
    counts = (get_user_model().objects.count(), Application.objects.count(), Project.objects.count())
    page = client.get(reverse("program", args=[program.code]))
    assert reverse("eligibility", args=[program.code]) in page.content.decode()
    response = check(client, KERN_GASOLINE)
    text = response.content.decode()
    assert response.status_code == 200
    assert "These answers fail 3 of the program" in text
    assert "The existing vehicle&#x27;s GVWR is 26,000 lb; the program requires at least 33,001 lb." in text
    assert "existing_gvwr_lb" not in text.split('id="eligibility-result"')[1].split("</section>")[0]
    assert (get_user_model().objects.count(), Application.objects.count(), Project.objects.count()) == counts
    passing = check(
        client,
        {
            **KERN_GASOLINE,
            "existing_fuel_type": "diesel",
            "existing_gvwr_lb": "80000",
            "existing_yard_county": "Los Angeles",
        },
    )
    assert "These answers meet the program" in passing.content.decode()
    assert "from $0.00 to $400,000.00" in passing.content.decode()
    assert client.session[SESSION_KEY]["PA2026-02"]["existing_gvwr_lb"] == 80000


def test_every_program_page_links_its_check(client, program):
    """PA2022-01 was the last program whose page kept the whole application as the check."""
    open_program("PA2022-01")
    for code in ("PA2022-01", "PA2026-02"):
        assert reverse("eligibility", args=[code]) in client.get(reverse("program", args=[code])).content.decode()
    assert set(screening.SCREENINGS) == {"PA2022-01", "PA2025-04", "PA2026-01", "PA2026-02", "PA2026-03"}


def test_bad_input_is_named_and_every_answer_kept(client, program):
    response = check(client, {**KERN_GASOLINE, "existing_gvwr_lb": "heavy", "existing_yard_county": ""})
    text = response.content.decode()
    assert response.status_code == 400
    assert "GVWR (lb): enter a whole number." in text
    assert "Primary yard county: this is needed." in text
    assert 'value="42000"' in text  # the mileage typed is still there
    assert SESSION_KEY not in client.session


def test_the_check_in_spanish(client, program):
    with translation.override("es"):
        response = client.post(reverse("eligibility", args=["PA2026-02"]), KERN_GASOLINE, HTTP_ACCEPT_LANGUAGE="es")
    text = response.content.decode()
    assert "Comprobar la elegibilidad antes de solicitar" in text
    assert "gasolina" in text


def test_the_answers_fill_the_application_after_registering(client, program):
    check(client, HARBOR_DIESEL)
    client.post(
        reverse("register"),
        {
            "organization_name": "Harbor Freight Lines LLC",
            "first_name": "Maria",
            "last_name": "Lopez",
            "email": "maria@example.com",
            "username": "mlopez",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    (confirmation,) = mail.outbox  # the account opens, and signs in, from its confirmation link (issue 26)
    client.get(re.search(r"https?://\S+", confirmation.body).group(0))
    assert "fill in the first vehicle" in client.get(reverse("program", args=["PA2026-02"])).content.decode()
    client.post(reverse("applications:start", args=["PA2026-02"]))
    application = Application.objects.get(organization__name="Harbor Freight Lines LLC")
    project = application.projects.get()
    assert project.data["existing_gvwr_lb"] == 80000
    assert project.data["existing_yard_county"] == "Los Angeles"
    assert project.data["replacement_cost"] == "438500.00"
    assert application.details == {
        "applicant_name": "Harbor Freight Lines LLC",
        "contact_name": "Maria Lopez",
        "contact_email": "maria@example.com",
    }
    assert "PA2026-02" not in client.session.get(SESSION_KEY, {})  # used once


def test_the_organizations_eleven_details_fill_its_next_application(applicant_client, applicant, program):
    """Type once: the eleven APPLICANT INFORMATION answers of PA2026-02's example fill the next application."""
    details = example("PA2026-02")["application"]
    earlier = ApplicationFactory(applicant=applicant, program=program, details=details)
    application = services.start_application(applicant=applicant, program=program, organization=earlier.organization)
    assert application.details == details and len(details) == 11
    assert application.county == "Los Angeles"
    assert application.created_at <= timezone.now()


@pytest.mark.parametrize("code", list(screening.SCREENINGS))
def test_each_programs_check_passes_its_documented_example_on_the_page(client, db, code):
    """docs/examples/<code>.json, answered on the page: every rule met, the estimate shown as money."""
    open_program(code)
    answers = {
        name: ("true" if value is True else "false" if value is False else value)
        for name, value in example(code)["project"].items()
        if name in screening.SCREENINGS[code].questions + screening.SCREENINGS[code].optional
    }
    text = check(client, answers, code=code).content.decode()
    assert "These answers meet the program" in text
    expected = screening.screen(get_rule_set(code), answers).award_high
    assert f"to ${expected:,.2f}" in text
