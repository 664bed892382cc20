"""Issue 22: the fleet's spreadsheet as an Excel workbook (.xlsx), read with the same per-row rules as the CSV; the
program's Excel template; and workbooks that are hostile or odd (macros, formulas, dates where text belongs, an
empty sheet, huge dimensions, a zip that unpacks into gigabytes, a file that only claims to be .xlsx) each get a
message, never a 500."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from applications import fleet as fleet_sheet
from programs import labels
from programs.rules.fields import Kind
from tests.applications.test_fleet_upload import SPECS, fleet
from tests.factories import example

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(fleet_draft):
    return fleet_draft


XLSX = fleet_sheet.XLSX_CONTENT_TYPE


def cell(spec, value):
    """A value as Excel keeps it: dates as dates, yes/no as booleans, numbers as numbers."""
    if value is None or value == "":
        return None
    if spec.kind is Kind.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if spec.kind in (Kind.MONEY, Kind.DECIMAL) and isinstance(value, str):
        return float(value)
    return value


def workbook(rows, *, headings=None, extra=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headings or [labels.field_label_with_unit(spec) for spec in SPECS])
    for row in rows:
        sheet.append([cell(spec, row.get(spec.name)) for spec in SPECS])
    if extra:
        extra(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, application, content: bytes, name="fleet.xlsx"):
    return client.post(
        reverse("applications:fleet_upload", args=[application.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def only_message(response) -> str:
    errors = response.context["sheet"].errors
    assert len(errors) == 1 and errors[0].row == 0, errors
    return errors[0].message


def test_the_excel_template_has_the_csv_header_and_notes_the_answers(client):
    response = client.get(reverse("fleet_template_xlsx", args=["PA2026-02"]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="PA2026-02-fleet-template.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert len(header) == 46
    assert header[:5] == ["VIN", "Vehicle make", "Vehicle model", "Vehicle model year", "GVWR (lb)"]
    assert sheet.max_row == 1 and sheet.freeze_panes == "A2"
    county = sheet.cell(row=1, column=header.index("Primary yard county") + 1)
    assert "Los Angeles" in county.comment.text
    # The upload page links both templates.


def test_the_upload_page_offers_both_templates(applicant_client, draft):
    page = applicant_client.get(reverse("applications:fleet_upload", args=[draft.pk])).content.decode()
    assert f'href="{reverse("fleet_template_xlsx", args=["PA2026-02"])}"' in page
    assert f'href="{reverse("fleet_template", args=["PA2026-02"])}"' in page
    assert 'accept=".csv,text/csv,.xlsx,' in page


def test_the_excel_template_in_spanish(client):
    response = client.get(reverse("fleet_template_xlsx", args=["PA2026-02"]), HTTP_ACCEPT_LANGUAGE="es")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["VIN (número de identificación del vehículo)", "Marca del vehículo"]
    assert header[4] == "GVWR (peso bruto vehicular) (lb)" and sheet.title == "Vehículos"


def test_thirty_trucks_in_a_workbook_with_three_bad_rows_then_fixed(applicant_client, draft):
    rows = fleet()
    rows[4]["existing_gvwr_lb"] = "heavy"  # row 6
    rows[11]["existing_yard_county"] = "Atlantis"  # row 13
    del rows[20]["quote_date"]  # row 22
    response = upload(applicant_client, draft, workbook(rows))
    assert response.status_code == 400
    errors = [(error.row, error.column, error.message) for error in response.context["sheet"].errors]
    assert errors == [
        (6, "GVWR (lb)", "GVWR (lb): enter a whole number."),
        (13, "Primary yard county", "Primary yard county: choose one of the listed answers."),
        (22, "Vendor quote date", "Vendor quote date: this is needed."),
    ]
    assert response.context["created"] == 27 and draft.projects.count() == 27
    first = draft.projects.order_by("position").first()
    assert first.data["existing_gvwr_lb"] == 80000 and first.data["goods_movement"] is True
    assert first.data["replacement_cost"] == "438500.00" and first.data["quote_date"] == "2025-08-20"
    assert first.data["existing_vin"] == rows[0]["existing_vin"]
    fixed = [
        rows[4] | {"existing_gvwr_lb": 80000},
        rows[11] | {"existing_yard_county": "Los Angeles"},
        rows[20] | {"quote_date": example("PA2026-02")["project"]["quote_date"]},
    ]
    response = upload(applicant_client, draft, workbook(fixed))
    assert response.status_code == 302
    assert draft.projects.count() == 30


def test_formulas_and_dates_in_the_wrong_cells_are_named_by_row_and_column(applicant_client, draft):
    rows = fleet(3)
    gvwr = [spec.name for spec in SPECS].index("existing_gvwr_lb") + 1
    vin = [spec.name for spec in SPECS].index("existing_vin") + 1

    def odd(sheet):
        sheet.cell(row=2, column=gvwr, value="=40000*2")  # a formula Excel never calculated: no value to read
        sheet.cell(row=3, column=vin, value=dt.datetime(2024, 1, 1))  # a date where the VIN belongs

    response = upload(applicant_client, draft, workbook(rows, extra=odd))
    assert response.status_code == 400
    errors = [(error.row, error.column) for error in response.context["sheet"].errors]
    assert errors == [(2, "GVWR (lb)"), (3, "VIN")]
    messages = [error.message for error in response.context["sheet"].errors]
    assert messages[0] == "GVWR (lb): this is needed."
    assert messages[1].startswith("VIN:")
    assert draft.projects.count() == 1


@pytest.mark.parametrize(
    ("build", "name", "expected"),
    [
        (lambda: workbook([], headings=[""]), "fleet.xlsx", "The file is empty; start from the template."),
        (lambda: workbook([]), "fleet.xlsx", "There are no rows below the header row"),
        (lambda: workbook([]), "fleet.xlsm", "Workbooks with macros are not accepted"),
        (lambda: b"PK\x03\x04 not really a zip", "fleet.xlsx", "This file is not an Excel Workbook (.xlsx)"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "fleet.xls", "older Excel file (.xls)"),
    ],
    ids=["empty-sheet", "header-only", "xlsm-name", "fake-zip", "old-xls"],
)
def test_a_workbook_that_cannot_be_read_gets_a_message(applicant_client, draft, build, name, expected):
    response = upload(applicant_client, draft, build(), name)
    assert response.status_code == 400
    assert expected in only_message(response)
    assert expected.split("(")[0] in response.content.decode()
    assert draft.projects.count() == 0


def rezipped(content: bytes, add: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, (replace or {}).get(item.filename, source.read(item.filename)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def test_macros_inside_an_xlsx_a_zip_bomb_and_a_word_file_are_refused(applicant_client, draft):
    good = workbook(fleet(1))
    macro = rezipped(good, {"xl/vbaProject.bin": b"\x00" * 64})
    assert "Workbooks with macros are not accepted" in only_message(upload(applicant_client, draft, macro))
    types = zipfile.ZipFile(io.BytesIO(good)).read("[Content_Types].xml")
    macro_type = types.replace(b"spreadsheetml.sheet.main+xml", b"spreadsheetml.sheet.main+xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    declared = rezipped(good, {}, {"[Content_Types].xml": macro_type})
    assert "Workbooks with macros are not accepted" in only_message(upload(applicant_client, draft, declared))
    bomb = rezipped(good, {"xl/media/padding.bin": bytes(60 * 1024 * 1024)})
    assert len(bomb) < fleet_sheet.MAX_BYTES
    assert "too large once opened" in only_message(upload(applicant_client, draft, bomb))
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as document:
        document.writestr("[Content_Types].xml", b"<Types><Override ContentType='wordprocessingml'/></Types>")
        document.writestr("word/document.xml", b"<w:document/>")
    assert "not an Excel Workbook" in only_message(upload(applicant_client, draft, word.getvalue()))
    broken = rezipped(good, {}, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c"})
    assert "not an Excel Workbook" in only_message(upload(applicant_client, draft, broken))
    assert draft.projects.count() == 0


def test_huge_dimensions_read_only_the_bounded_rows_and_columns(applicant_client, draft):
    def far(sheet):
        sheet.cell(row=1_048_576, column=16_384, value="x")  # the sheet claims A1:XFD1048576

    response = upload(applicant_client, draft, workbook(fleet(2), extra=far))
    assert response.status_code == 302
    assert draft.projects.count() == 2


def test_more_rows_than_one_upload_takes(applicant_client, draft):
    rows = fleet(fleet_sheet.MAX_ROWS + 1)
    response = upload(applicant_client, draft, workbook(rows))
    assert response.status_code == 400
    assert [(e.row, e.message) for e in response.context["sheet"].errors] == [(0, "At most 500 rows in one file.")]
    assert draft.projects.count() == 0
