"""Issue 23: the Carl Moyer Guidelines' on-road emission factors as a table staff import once per edition (CSV, every
bad cell named by row and column), which the PA2022-01 evaluation reads instead of factors typed per truck."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from applications import services
from applications.models import Application
from programs.models import FactorTable
from programs.rules.base import EvaluationContext
from programs.rules.moyer_onroad import EmissionFactors, read_factor_rows
from programs.rules.registry import evaluate_input, get_rule_set, parse_project_input
from tests.factories import UserFactory, complete_application

HEADER = "service_class,engine_model_year,nox_g_per_mile,rog_g_per_mile,pm10_g_per_mile\n"
TYPED = ("baseline_nox_g_per_mile", "baseline_rog_g_per_mile", "baseline_pm10_g_per_mile")


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_template_is_read_and_every_bad_cell_named():
    factors, errors = read_factor_rows(rows(HEADER + "HHD,2008,1.7092,0,0\nmhd,2010,0.5,0.01,0.002\n"))
    assert errors == {}
    assert factors[("HHD", 2008)] == EmissionFactors(Decimal("1.7092"), Decimal(0), Decimal(0))
    assert ("MHD", 2010) in factors
    _, errors = read_factor_rows(rows(HEADER + "XHD,20x8,-1,abc,0\nHHD,2008,1,0,0\nHHD,2008,2,0,0\n"))
    assert errors == {
        "row 2, column service_class": "must be one of LHD, MHD, HHD",
        "row 2, column engine_model_year": "'20x8' is not a model year",
        "row 2, column nox_g_per_mile": "'-1' is not a number of grams per mile",
        "row 2, column rog_g_per_mile": "'abc' is not a number of grams per mile",
        "row 4, column engine_model_year": "HHD 2008 is listed twice",
    }
    _, errors = read_factor_rows(rows("class,year\nHHD,2008\n"))
    assert "missing column(s): service_class" in errors["row 1"]


def test_pa2022_01_computes_the_cmp_award_from_the_table_instead_of_typed_factors():
    """The documented example (docs/examples/PA2022-01.json) with its typed HHD 2008 factors gives $267,664.57 under
    the CMP; without them, and with the same figures in an imported table, the same."""
    document = json.loads((Path(settings.BASE_DIR) / "docs" / "examples" / "PA2022-01.json").read_text())
    assert evaluate_input("PA2022-01", document).award == Decimal("267664.57")
    for key in TYPED:
        document["project"].pop(key)
    assert evaluate_input("PA2022-01", document).path == "Prop 1B"  # CMP cannot be computed without factors
    rule_set = get_rule_set("PA2022-01")
    application, project = parse_project_input(rule_set, document["application"], document["project"])
    factors, _ = read_factor_rows(rows(HEADER + "HHD,2008,1.7092,0,0\n"))
    context = EvaluationContext(
        evaluated_on=dt.date.fromisoformat(document["evaluated_on"]),
        application=application,
        onroad_factors=factors,
        onroad_factors_source="2017 Guidelines: Appendix D (imported)",
    )
    evaluation = rule_set.evaluate(project, context)
    assert (evaluation.path, evaluation.award) == ("CMP", Decimal("267664.57"))


@pytest.mark.django_db
def test_staff_import_a_table_in_the_admin_and_the_evaluation_reads_it(client):
    staff = UserFactory(role=Role.STAFF)
    untyped = complete_application("PA2022-01", staff=staff, projects=(dict.fromkeys(TYPED),)).projects.get()
    assert any("emission factors" in note for note in untyped.notes)

    client.force_login(UserFactory(role=Role.STAFF, is_superuser=True))
    url = reverse("admin:programs_factortable_add")
    data = {"edition": "2017 Carl Moyer Program Guidelines", "source": "Appendix D, Table D-6"}
    bad = client.post(url, {**data, "file": upload(HEADER + "HHD,2008,x,0,0\n")})
    assert bad.status_code == 200 and "row 2, column nox_g_per_mile" in bad.content.decode()
    assert not FactorTable.objects.exists()
    assert client.post(url, {**data, "file": upload(HEADER + "HHD,2008,1.7092,0,0\n")}).status_code == 302
    table = FactorTable.objects.get()
    assert (table.row_count, table.rows) == (1, [["HHD", 2008, "1.7092", "0", "0"]])

    services.evaluate_application(untyped.application)
    untyped.refresh_from_db()
    assert not any("emission factors" in note for note in untyped.notes)


def upload(text):
    return SimpleUploadedFile("d6.csv", text.encode(), content_type="text/csv")


def import_table(edition, text, when=None):
    factors, errors = read_factor_rows(rows(HEADER + text))
    assert not errors
    table = FactorTable.objects.create(
        edition=edition,
        source=f"{edition}, Appendix D",
        rows=[[k[0], k[1], str(f.nox), str(f.rog), str(f.pm10)] for k, f in factors.items()],
        row_count=len(factors),
    )
    if when is not None:
        FactorTable.objects.filter(pk=table.pk).update(imported_at=when)
        table.refresh_from_db()
    return table


UNTYPED = (dict.fromkeys(TYPED),)


@pytest.mark.django_db
def test_a_round_reads_the_edition_staff_chose_and_the_newest_by_default(client):
    """Issue 23: "choose the edition a program round uses". The example truck (HHD 2008, zero-emission, 30,000
    miles) gives $267,664.57 with 1.7092 g/mile of NOx; an older edition at 2.0 g/mile gives more."""
    from programs import services as rounds

    staff = UserFactory(role=Role.STAFF, is_superuser=True)
    old = import_table("2011 Guidelines", "HHD,2008,2.0,0,0\n", when=dt.datetime(2024, 1, 5, tzinfo=dt.UTC))
    new = import_table("2017 Guidelines", "HHD,2008,1.7092,0,0\n")
    application = complete_application("PA2022-01", staff=staff, projects=UNTYPED)
    project = application.projects.get()
    # the CMP amount (cost-effectiveness limit or cap; the test's dates leave Prop 1B the offered path)
    assert project.figures["tables_2_3_reference"]["computed"] == "267664.58"  # no choice: the newest
    assert project.figures["emission_factors_from"] == "table"
    assert "2017 Guidelines" in project.figures["emission_factors_source"]

    round_ = application.program.current_round
    Application.objects.filter(pk=application.pk).update(round=round_)
    application.refresh_from_db()
    changes = rounds.change_round(round_, by=staff, reason="Board item 7: contracts under 2011", factor_table=old)
    assert [(change.parameter, change.old_value, change.new_value) for change in changes] == [
        ("factor_table", None, old.pk)
    ]
    services.evaluate_application(application)
    project.refresh_from_db()
    assert (
        project.figures["tables_2_3_reference"]["computed"] == "313204.51"
    )  # 2.0 / 1.7092 of the weighted tons at the same $500,000 limit
    assert "2011 Guidelines" in project.figures["emission_factors_source"]

    client.force_login(staff)
    page = client.get(reverse("admin:programs_round_change", args=[round_.pk])).content.decode()
    assert "2011 Guidelines: 2011 Guidelines, Appendix D (imported January 5, 2024)" in page
    assert "the newest imported edition" in page  # the change's old value in the history
    assert new.edition not in page.split("history of changes")[0]


@pytest.mark.django_db
def test_a_reissued_round_starts_with_the_newest_edition():
    from programs import services as rounds
    from programs.models import Program

    staff = UserFactory(role=Role.STAFF)
    table = import_table("2017 Guidelines", "HHD,2008,1.7092,0,0\n")
    program = Program.objects.get(code="PA2022-01")
    opens = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    round_ = rounds.reissue(program, opens_at=opens, closes_at=opens + dt.timedelta(days=60), by=staff, reason="x")
    assert round_.factor_table == table


@pytest.mark.django_db
def test_staff_override_the_factors_with_a_reason_and_the_review_page_shows_it(
    client, django_capture_on_commit_callbacks
):
    staff = UserFactory(role=Role.STAFF, is_superuser=True)
    import_table("2017 Guidelines", "HHD,2008,1.7092,0,0\n")
    application = complete_application("PA2022-01", staff=staff, projects=UNTYPED)
    project = application.projects.get()
    client.force_login(staff)
    url = reverse("admin:applications_application_factors", args=[application.pk, project.pk])

    refused = client.post(url, {"baseline_nox": "1.2", "baseline_rog": "0", "baseline_pm10": "0", "reason": " "})
    assert refused.status_code == 302 and not project.factor_overrides.exists()
    assert "Say why these emission factors replace" in client.get(refused.url).content.decode()
    assert (
        "enter grams per mile"
        in client.get(client.post(url, {"baseline_nox": "abc", "reason": "x"}).url).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"baseline_nox": "2.0", "baseline_rog": "0", "baseline_pm10": "0", "reason": "ECM download: 2008 HHD"},
        )
    override = project.factor_overrides.get()
    assert (override.set_by, override.reason, override.baseline_nox) == (
        staff,
        "ECM download: 2008 HHD",
        Decimal("2.0"),
    )
    project.refresh_from_db()
    reference = project.figures["tables_2_3_reference"]
    assert (reference["computed"], project.figures["emission_factors_from"]) == ("313204.51", "override")

    page = client.get(reverse("admin:applications_application_review", args=[application.pk])).content.decode()
    assert "ECM download: 2008 HHD" in page and "Staff&#x27;s override" in page
    # Table 3, 2007/08/09 at 30,000 miles: $267,657; the override's $313,204.51 is 17.02% over it
    assert "estimate $267,657.00" in page and "+$45,547.51 (+17.02%)" in page and "Review:" in page

    approve = client.get(reverse("funding:approve_application", args=[application.pk])).content.decode()
    assert 'id="approval-references"' in approve and "+$45,547.51 (+17.02%)" in approve and "Review:" in approve

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"withdraw": "on", "reason": "The ECM reading was of another truck"})
    project.refresh_from_db()
    assert project.figures["emission_factors_from"] == "table" and project.factor_overrides.count() == 2


@pytest.mark.django_db
def test_a_decided_application_keeps_its_factors():
    staff = UserFactory(role=Role.STAFF)
    application = complete_application("PA2022-01", staff=staff)
    Application.objects.filter(pk=application.pk).update(status="rejected")
    with pytest.raises(services.WorkflowError, match="decided application"):
        services.override_emission_factors(
            application.projects.get(), staff, reason="late", baseline={"nox": 1, "rog": 0, "pm10": 0}
        )


def test_the_evaluate_command_takes_an_edition_table_and_an_override_and_names_every_bad_field():
    """docs/evaluate.md's two examples: the table gives the example truck's $267,664.57 (Table 3's $267,657, not
    flagged); staff's 2.0 g/mile override gives $313,204.51, 17.02% over the table, flagged for review."""
    base = Path(settings.BASE_DIR) / "docs" / "examples"
    table = json.loads((base / "PA2022-01-factor-table.json").read_text())
    evaluation = evaluate_input("PA2022-01", table)
    assert (evaluation.award, evaluation.figures["emission_factors_from"]) == (Decimal("267664.57"), "table")
    assert evaluation.figures["tables_2_3_reference"]["flagged"] is False
    override = json.loads((base / "PA2022-01-factor-override.json").read_text())
    evaluation = evaluate_input("PA2022-01", override)
    assert (evaluation.award, evaluation.figures["emission_factors_from"]) == (Decimal("313204.51"), "override")
    reference = evaluation.figures["tables_2_3_reference"]
    assert (reference["estimate"], reference["difference_percent"], reference["flagged"]) == (
        Decimal(267_657),
        Decimal("17.02"),
        True,
    )

    table["emission_factors"]["rows"][0]["nox_g_per_mile"] = "lots"
    override["factor_override"] = {"baseline": {"nox": "-1", "rog": "0"}, "reason": ""}
    with pytest.raises(services.InputError) as bad:
        evaluate_input("PA2022-01", {**table, "factor_override": override["factor_override"]})
    assert bad.value.errors == {
        "emission_factors.rows[0].nox_g_per_mile": "'lots' is not a number of grams per mile",
        "factor_override.reason": "say why these factors replace the Guidelines edition's table",
        "factor_override.baseline.nox": "enter grams per mile, 0 or more",
        "factor_override.baseline.pm10": "enter grams per mile, 0 or more",
    }
    example = json.loads((base / "PA2026-02.json").read_text())
    with pytest.raises(services.InputError) as other:
        evaluate_input("PA2026-02", {**example, "emission_factors": table["emission_factors"]})
    assert other.value.errors == {"emission_factors": "only PA2022-01's Carl Moyer path reads emission factors"}
