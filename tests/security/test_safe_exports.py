"""Issue 26: no CSV or Excel export carries a cell a spreadsheet would run as a formula; JSON keeps the value.

On main, the organization name ``=cmd|' /C calc'!A0`` (accepted at registration) went raw into the staff CSV export
and the public awards CSV.
"""

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Organization
from accounts.roles import Role
from agreements.models import Agreement
from core import spreadsheets
from dashboards.tables import Column, Table
from tests.factories import PASSWORD, UserFactory, complete_application, executed_agreement

pytestmark = pytest.mark.django_db

HOSTILE = "=cmd|' /C calc'!A0"


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1+1", "'+1+1"),
        ("-1+cmd", "'-1+cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.50", "-12.50"),  # a number written as text is no formula
        ("Harbor Freight Lines LLC", "Harbor Freight Lines LLC"),
        (Decimal("-5.00"), Decimal("-5.00")),
        (None, None),
    ],
)
def test_a_text_cell_with_a_formula_prefix_gets_an_apostrophe(value, written):
    assert spreadsheets.neutralized(value) == written


def test_the_staff_csv_and_excel_exports_carry_no_formula(client):
    staff = UserFactory(role=Role.STAFF)
    application = complete_application(staff=staff)
    Organization.objects.filter(pk=application.organization_id).update(name=HOSTILE)
    client.login(username=staff.username, password=PASSWORD)

    rows = list(
        csv.reader(io.StringIO(body(client.get(reverse("admin:applications_application_export", args=["csv"])))))
    )
    assert rows[1][:2] == [application.reference, "'" + HOSTILE]

    response = client.get(reverse("admin:applications_application_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Applications"]
    cell = sheet["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE, "s", True)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_the_public_awards_csv_is_neutralized_and_the_json_unchanged(client):
    staff = UserFactory(role=Role.STAFF)
    agreement = executed_agreement(staff=staff)
    Agreement.objects.filter(pk=agreement.pk).update(awardee_name=HOSTILE)
    Organization.objects.filter(pk=agreement.application.organization_id).update(name=HOSTILE)
    rows = list(csv.reader(io.StringIO(body(client.get(reverse("dashboards:awards_csv"))))))
    assert rows[1][1] == "'" + HOSTILE
    records = json.loads(body(client.get(reverse("dashboards:awards_json"))))["awards"]
    assert records[0]["awardee"] == HOSTILE


def test_a_dashboard_table_csv_is_neutralized():
    table = Table("programs", "Programs", [Column("Program"), Column("Award", "money")], [[HOSTILE, Decimal("-5.00")]])
    assert list(csv.reader(io.StringIO(table.csv())))[1] == ["'" + HOSTILE, "-5.00"]


def test_every_export_writes_through_the_shared_helper():
    """A new export with a bare csv.writer or openpyxl append would bring formula cells back."""
    root = Path(__file__).resolve().parents[2]
    bare = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("tests/", "benchmarks/", ".venv/", "build/")) or relative == "core/spreadsheets.py":
            continue
        text = path.read_text()
        if re.search(r"csv\.(writer|DictWriter)\(|\.append\(row\)", text):
            bare.append(relative)
    assert bare == []
