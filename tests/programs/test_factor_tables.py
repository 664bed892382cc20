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
