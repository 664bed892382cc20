"""Issue 26: the inputs the security review found answered with a 500, each now a clear 4xx or form error."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from applications.models import Application
from ports_agreement.models import AnnualReport
from programs.rules.registry import rule_sets
from tests.factories import PASSWORD, UserFactory, example, open_program, superuser
from tests.security.test_bounded_input import NUMERIC, form_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("signed_in", [False, True])
def test_evaluate_with_a_format_suffix_answers_json(client, signed_in):
    """``POST /api/programs/<code>/evaluate.json`` raised a TypeError (the action took no ``format``), for anyone."""
    if signed_in:
        user = get_user_model().objects.create_user("pat", "pat@example.com", PASSWORD)
        client.force_login(user)
    url = reverse("program-evaluate", args=["PA2026-02"]).rstrip("/") + ".json"
    with_suffix = client.post(url, example("PA2026-02"), content_type="application/json")
    plain = client.post(
        reverse("program-evaluate", args=["PA2026-02"]), example("PA2026-02"), content_type="application/json"
    )
    assert with_suffix.status_code == 200 and with_suffix["Content-Type"] == "application/json"
    assert with_suffix.json() == plain.json()
    empty = client.post(url, {}, content_type="application/json")
    assert empty.status_code == 400 and any(name.startswith("project") for name in empty.json()["errors"])
    assert client.get(url).status_code == 405
    assert client.post(url, "[1]", content_type="application/json").json() == {"errors": {"body": "send a JSON object"}}


NOT_NUMBERS = ("NaN", "-Infinity", "abc")  # the first two raised; text shows the same message


@pytest.mark.parametrize("code", list(rule_sets()))
def test_a_non_finite_number_is_a_form_error_naming_the_field(client, code):
    """A percent's label holds "%": Django formatted its "invalid" message with the value and raised (a 500)."""
    client.force_login(UserFactory())
    open_program(code)
    client.post(reverse("applications:start", args=[code]))
    application = Application.objects.get(program__code=code)
    started_with = application.details  # the organization's profile as a new application starts (issue 22)
    rule_set = rule_sets()[code]
    for scope, specs in (("application", rule_set.application_fields), ("project", rule_set.project_fields)):
        for name in (spec.name for spec in specs if spec.kind in NUMERIC):
            for value in NOT_NUMBERS:
                response = client.post(form_url(application, scope), {name: value})
                assert response.status_code == 400, (name, value)
                message = response.context["form"].errors[name][0]
                assert message.endswith(("enter a number.", "enter a whole number.")) and "%%" not in message
    application.refresh_from_db()
    assert application.details == started_with and application.projects.count() == 0


def test_a_non_finite_percent_term_on_the_round_form_is_an_error():
    """The staff round form's percent terms carry "%" in their label too."""
    from django import forms

    from core.forms import SiteVoice
    from programs.forms import term_field
    from programs.rules.base import Source
    from programs.rules.fields import Kind
    from programs.rules.terms import Term

    term = Term("cap", "Cost share cap", Kind.PERCENT, "50", Source("PA2026-02", "Section 4"), unit="%")
    form_class = type("TermForm", (SiteVoice, forms.Form), {"cap": term_field(term)})
    for value in ("NaN", "Infinity", "abc"):
        form = form_class(data={"cap": value})
        assert not form.is_valid() and form.errors["cap"] == ["Cost share cap (%): enter a number."]


@pytest.mark.parametrize(("year", "projected"), [(1, False), (0, False), (2017, True), (99999, False)])
def test_the_admin_refuses_an_annual_report_for_a_year_outside_the_rule(client, year, projected):
    superuser()
    client.login(username="root", password=PASSWORD)
    data = {"calendar_year": year, "nox": "1.0", "sox": "1.0", "pm25": "1.0", "submitted_on": "2020-06-01"}
    if projected:
        data["projected"] = "on"
    response = client.post(reverse("admin:ports_agreement_annualreport_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "calendar_year" in errors, errors
    assert "2014" in " ".join(errors["calendar_year"])
    assert not AnnualReport.objects.exists()
