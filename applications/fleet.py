"""A fleet's spreadsheet of vehicles or equipment (CSV or Excel), one row per project (issue 22: "a fleet of thirty
trucks must be typed one truck at a time"; "upload a spreadsheet (CSV or Excel, a template per program)").

The template's columns are the program's Attachment A project fields, headed by their labels in the reader's
language with their units ("GVWR (lb)"); a column may also be headed by the label in English or without its unit.
Each row is read by the same browser form as one project typed by hand (``forms.AttachmentAForm``: types and
ranges, messages naming the field), then the answers the program requires and its cross-checks
(``RuleSet.cross_checks``) are checked, so a row becomes a project only when it could have been saved complete.

An Excel workbook (.xlsx) is read as its first sheet's cell values (openpyxl in read-only mode, the values Excel
last calculated rather than formulas), within bounds checked before it is opened: its size, the size of its parts
once unpacked, rows and columns. A workbook with macros (.xlsm), an older .xls or any file that is not a real .xlsx
is refused with a message saying what to upload instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import override

from core import spreadsheets
from programs import labels
from programs.rules.base import RuleSet
from programs.rules.fields import Field, InputError, Kind, parse_values

from .forms import AttachmentAForm

MAX_ROWS = 500
"""Rows per upload: a large fleet's list, and a bound on the work one request does."""
MAX_BYTES = 2 * 1024 * 1024
MAX_COLUMNS = 120
"""Columns read from a workbook: every program's questions (PA2022-01 asks the most, under 80) and some to spare."""
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
"""An .xlsx is a zip of XML parts: their size once unpacked, so a small file cannot unpack into a huge one."""
MAX_PARTS = 500

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the older .xls (and .xlsm saved as binary): a compound document

_YES = {"yes", "y", "true", "1", "sí", "si", "x"}
_NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class RowError:
    row: int
    """The spreadsheet's row number: the header is row 1, the first vehicle row 2."""
    column: str
    message: str


@dataclass
class Sheet:
    rows: list[tuple[int, dict]]
    """Each valid row's number and its answers, ready for ``services.save_project``."""
    errors: list[RowError]
    count: int


def template(rule_set: RuleSet) -> str:
    """The program's CSV template: one header row, the fields in the order the form asks them."""
    out = io.StringIO()
    spreadsheets.csv_writer(out).writerow([labels.field_label_with_unit(spec) for spec in rule_set.project_fields])
    return out.getvalue()


def xlsx_template(rule_set: RuleSet) -> bytes:
    """The program's Excel template: the same header row, frozen and wide enough to read, and a note on the sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Vehicles")[:31]
    headings = [labels.field_label_with_unit(spec) for spec in rule_set.project_fields]
    for column, (spec, heading) in enumerate(zip(rule_set.project_fields, headings, strict=True), start=1):
        cell = sheet.cell(row=1, column=column, value=heading)
        if spec.kind is Kind.CHOICE:
            cell.comment = Comment(
                _("One of: %(answers)s")
                % {"answers": "; ".join(labels.choice_label(spec, key) for key, _ in spec.choices)},
                "Clean Air Grants",
            )
        sheet.column_dimensions[cell.column_letter].width = max(12, min(40, len(heading) + 2))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _headings(spec: Field) -> set[str]:
    """Every heading that names ``spec``: its label with and without the unit, in the reader's language and English."""
    names = {labels.field_label_with_unit(spec), labels.field_label(spec)}
    with override("en"):
        names |= {labels.field_label_with_unit(spec), labels.field_label(spec)}
    return {name.strip().casefold() for name in names}


def _as_typed(spec: Field, text: str) -> str:
    """A cell as the form reads it: yes/no as true/false, a choice by its label or its value."""
    value = text.strip()
    if spec.kind is Kind.BOOLEAN:
        folded = value.casefold()
        return "true" if folded in _YES else "false" if folded in _NO else value
    if spec.kind is Kind.CHOICE:
        folded = value.casefold()
        for key, label in spec.choices:
            if folded in {key.casefold(), label.casefold(), labels.choice_label(spec, key).casefold()}:
                return key
    if spec.kind in (Kind.MONEY, Kind.DECIMAL, Kind.INTEGER, Kind.PERCENT):
        number = value.replace(",", "").replace("$", "").rstrip("%").strip()
        if spec.kind is Kind.MONEY:  # a workbook's 438500 is $438,500.00, kept as a CSV would give it
            try:
                cents = Decimal(number).quantize(Decimal("0.01"))
            except ArithmeticError:
                return number
            return str(cents) if cents == Decimal(number) else number
        return number
    return value


def _refused(message: str) -> Sheet:
    return Sheet([], [RowError(0, "", message)], 0)


def read(rule_set: RuleSet, upload) -> Sheet:
    """Every row checked; the errors by row and column, in words. A file that cannot be read is one error."""
    if upload.size > MAX_BYTES:
        return _refused(_("The file is larger than 2 MB; split the list in two."))
    content = upload.read()
    name = (getattr(upload, "name", "") or "").casefold()
    if name.endswith((".xlsm", ".xltm", ".xlsb")):
        return _refused(_("Workbooks with macros are not accepted; save it as an Excel Workbook (.xlsx) or as CSV."))
    if content.startswith(_ZIP_MAGIC) or content.startswith(_OLE_MAGIC) or name.endswith((".xlsx", ".xls")):
        lines = _xlsx_lines(content)
        if isinstance(lines, str):
            return _refused(lines)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _refused(
                _("Save the spreadsheet as CSV (UTF-8) or as an Excel Workbook (.xlsx) and upload that file.")
            )
        lines = list(csv.reader(io.StringIO(text)))
    return _read_lines(rule_set, lines)


def _xlsx_lines(content: bytes) -> list[list[str]] | str:
    """The first sheet's rows as text, or a message saying why the workbook cannot be read."""
    not_xlsx = _("This file is not an Excel Workbook (.xlsx); save it as .xlsx or as CSV (UTF-8) and upload that file.")
    if content.startswith(_OLE_MAGIC):
        return _("This is an older Excel file (.xls); save it as an Excel Workbook (.xlsx) or as CSV and upload that.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in archive.namelist() else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return not_xlsx
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        return _("The workbook is too large once opened; keep only the sheet of vehicles, or save it as CSV.")
    if _MACRO_MAIN.encode() in types or any(part.filename.casefold().endswith("vbaproject.bin") for part in parts):
        return _("Workbooks with macros are not accepted; save it as an Excel Workbook (.xlsx) or as CSV.")
    if _XLSX_MAIN.encode() not in types:
        return not_xlsx
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a damaged workbook; each means the same to the person
        return not_xlsx
    try:
        sheets = workbook.worksheets
        if not sheets:
            return _("The workbook has no sheet; start from the template.")
        rows = sheets[0].iter_rows(min_row=1, max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)
        return [[_cell_text(value) for value in row] for row in rows]
    except Exception:  # a sheet whose XML is damaged: the same message as a damaged file
        return not_xlsx
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A cell as it would read in a CSV: a date as YYYY-MM-DD, yes or no, a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _read_lines(rule_set: RuleSet, lines: list[list[str]]) -> Sheet:
    if not any(any(cell.strip() for cell in line) for line in lines):
        return _refused(_("The file is empty; start from the template."))
    specs = rule_set.project_fields
    by_heading = {heading: spec for spec in specs for heading in _headings(spec)}
    columns: list[Field | None] = []
    errors: list[RowError] = []
    for heading in lines[0]:
        spec = by_heading.get(heading.strip().casefold())
        columns.append(spec)
        if spec is None and heading.strip():
            errors.append(RowError(1, heading, _("This column is not one of the program's; use the template.")))
    body = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(cell.strip() for cell in cells)]
    if not body and not errors:
        return _refused(_("There are no rows below the header row; fill one row for each one to add."))
    if len(body) > MAX_ROWS:
        errors.append(RowError(0, "", _("At most %(count)s rows in one file.") % {"count": MAX_ROWS}))
        return Sheet([], errors, len(body))
    rows = []
    for number, cells in body:
        data = {
            spec.name: _as_typed(spec, cell) for spec, cell in zip(columns, cells, strict=False) if spec is not None
        }
        row_errors = _row_errors(rule_set, specs, data)
        if row_errors:
            errors += [RowError(number, column, message) for column, message in row_errors]
        else:
            rows.append((number, data))
    return Sheet(rows, errors, len(body))


def _row_errors(rule_set: RuleSet, specs, data: dict) -> list[tuple[str, str]]:
    form = AttachmentAForm(data, specs=specs)
    heading = {spec.name: labels.field_label_with_unit(spec) for spec in specs}
    if not form.is_valid():
        return [(heading.get(name, ""), str(message)) for name, messages in form.errors.items() for message in messages]
    values = form.raw_values()
    missing = [
        (heading[spec.name], _("{field}: this is needed.").format(field=heading[spec.name]))
        for spec in specs
        if spec.required and spec.name not in values
    ]
    if missing:
        return missing
    try:
        typed = parse_values(specs, values, strict=False)
    except InputError as error:
        return [(heading.get(name, ""), message) for name, message in error.errors.items()]
    if rule_set.cross_checks:
        return [(heading.get(name, ""), message) for name, message in rule_set.cross_checks(typed).items()]
    return []
