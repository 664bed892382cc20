"""Issue 22: a fleet applies for many vehicles at once from the program's spreadsheet template; each row is read with
the program's field rules, errors shown by row and column, valid rows become projects."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs import labels
from programs.demo import numbered_vin
from programs.rules.registry import get_rule_set
from tests.factories import example

pytestmark = pytest.mark.django_db

SPECS = get_rule_set("PA2026-02").project_fields


def sheet(rows) -> SimpleUploadedFile:
    """The template's columns (their labels) and one row per vehicle, as a spreadsheet saves them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([labels.field_label_with_unit(spec) for spec in SPECS])
    for row in rows:
        writer.writerow(
            [
                "yes" if row.get(s.name) is True else "no" if row.get(s.name) is False else row.get(s.name, "")
                for s in SPECS
            ]
        )
    return SimpleUploadedFile("fleet.csv", out.getvalue().encode(), content_type="text/csv")


def fleet(count=30):
    """Harbor Freight Lines' example truck (docs/examples/PA2026-02.json), thirty times with their own VINs."""
    base = example("PA2026-02")["project"]
    return [{**base, "existing_vin": numbered_vin(base["existing_vin"], 440000 + number)} for number in range(count)]


@pytest.fixture
def draft(fleet_draft):
    return fleet_draft


def test_the_template_has_one_column_per_question(client, applicant):
    response = client.get(reverse("fleet_template", args=["PA2026-02"]))
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len(header) == len(SPECS) == 46
    assert header[:5] == ["VIN", "Vehicle make", "Vehicle model", "Vehicle model year", "GVWR (lb)"]


def test_thirty_trucks_with_three_bad_rows(applicant_client, draft):
    rows = fleet()
    rows[4]["existing_gvwr_lb"] = "heavy"  # row 6
    rows[11]["existing_yard_county"] = "Atlantis"  # row 13
    del rows[20]["quote_date"]  # row 22
    response = applicant_client.post(reverse("applications:fleet_upload", args=[draft.pk]), {"file": sheet(rows)})
    assert response.status_code == 400
    errors = [(error.row, error.column, error.message) for error in response.context["sheet"].errors]
    assert errors == [
        (6, "GVWR (lb)", "GVWR (lb): enter a whole number."),
        (13, "Primary yard county", "Primary yard county: choose one of the listed answers."),
        (22, "Vendor quote date", "Vendor quote date: this is needed."),
    ]
    assert draft.projects.count() == 27
    first = draft.projects.order_by("position").first()
    assert first.data["existing_gvwr_lb"] == 80000 and first.data["goods_movement"] is True
    assert first.data["replacement_cost"] == "438500.00"
    # The three rows fixed and uploaded again: thirty trucks.
    fixed = [
        rows[4] | {"existing_gvwr_lb": 80000},
        rows[11] | {"existing_yard_county": "Los Angeles"},
        rows[20] | {"quote_date": example("PA2026-02")["project"]["quote_date"]},
    ]
    response = applicant_client.post(reverse("applications:fleet_upload", args=[draft.pk]), {"file": sheet(fixed)})
    assert response.status_code == 302
    assert draft.projects.count() == 30


def test_an_unknown_column_and_a_file_that_is_not_csv(applicant_client, draft):
    upload = SimpleUploadedFile("fleet.csv", b"VIN,Colour\n1XKYD49X0MJ440001,red\n", content_type="text/csv")
    response = applicant_client.post(reverse("applications:fleet_upload", args=[draft.pk]), {"file": upload})
    columns = [(error.row, error.column) for error in response.context["sheet"].errors]
    assert (1, "Colour") in columns
    binary = SimpleUploadedFile("fleet.xlsx", b"\xff\xfe\x00PK\x03\x04", content_type="application/octet-stream")
    response = applicant_client.post(reverse("applications:fleet_upload", args=[draft.pk]), {"file": binary})
    assert "This file is not an Excel Workbook (.xlsx)" in response.content.decode()
    assert draft.projects.count() == 0


def test_another_applicant_cannot_upload_to_the_draft(client, draft):
    from tests.factories import PASSWORD, UserFactory

    stranger = UserFactory()
    client.login(username=stranger.username, password=PASSWORD)
    response = client.post(reverse("applications:fleet_upload", args=[draft.pk]), {"file": sheet(fleet(2))})
    assert response.status_code == 404
    assert draft.projects.count() == 0
