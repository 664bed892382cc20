"""A fleet's spreadsheet of vehicles or equipment (CSV), one row per project (issue 22: "a fleet of thirty trucks must
be typed one truck at a time").

The template's columns are the program's Attachment A project fields, headed by their labels in the reader's
language with their units ("GVWR (lb)"); a column may also be headed by the label in English or without its unit.
Each row is read by the same browser form as one project typed by hand (``forms.AttachmentAForm``: types and
ranges, messages naming the field), then the answers the program requires and its cross-checks
(``RuleSet.cross_checks``) are checked, so a row becomes a project only when it could have been saved complete.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

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
        return value.replace(",", "").replace("$", "").rstrip("%").strip()
    return value


def read(rule_set: RuleSet, upload) -> Sheet:
    """Every row checked; the errors by row and column, in words. A file that is not a CSV is one error."""
    if upload.size > MAX_BYTES:
        return Sheet([], [RowError(0, "", _("The file is larger than 2 MB; split the list in two."))], 0)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return Sheet([], [RowError(0, "", _("Save the spreadsheet as CSV (UTF-8) and upload that file."))], 0)
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        return Sheet([], [RowError(0, "", _("The file is empty; start from the template."))], 0)
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
