"""CSV and Excel exports whose text cells cannot run as formulas (CSV/formula injection, OWASP).

An organization name such as ``=cmd|' /C calc'!A0`` is accepted at registration (a name is the applicant's to
choose) and went raw into the staff CSV export and the public awards CSV, where a spreadsheet would run it
(issue 26). Every CSV and Excel export writes through this module:

- CSV: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe,
  so a spreadsheet shows it as text (the OWASP "CSV Injection" advice). A number written as text (``-12.50``) is
  left alone: it is not a formula, and the accounting system reads it as the number it is.
- Excel: the same cells are written as text cells with Excel's "quote prefix", so the workbook shows and keeps the
  exact text, and editing the cell does not turn it into a formula; openpyxl would otherwise store ``=...`` as one.

JSON is written elsewhere and unchanged: the open data gives the name as it was entered.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def starts_a_formula(value: Any) -> bool:
    """Whether a spreadsheet could read this cell as a formula (a text cell with a formula prefix, not a number)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(value)


def neutralized(value: Any) -> Any:
    """The cell for a CSV: a leading apostrophe before a formula prefix; anything else as it is."""
    return "'" + value if starts_a_formula(value) else value


class _Echo:
    """A file whose ``write`` returns what it was given: a CSV writer over it gives each line to stream."""

    def write(self, value):
        return value


class SafeWriter:
    """``csv.writer`` whose rows have their text cells neutralized."""

    def __init__(self, file=None, **options):
        self._writer = csv.writer(_Echo() if file is None else file, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralized(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


def csv_writer(file=None, **options) -> SafeWriter:
    """A CSV writer over ``file``, or, without one, whose ``writerow`` returns the line (for a streamed response)."""
    return SafeWriter(file, **options)


def xlsx_row(sheet, row: Iterable[Any]) -> list[Any]:
    """A row for an openpyxl (write-only) sheet: a text cell with a formula prefix as a quote-prefixed text cell."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        if starts_a_formula(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl had made "=..." a formula
            cell.quotePrefix = True
            value = cell
        cells.append(value)
    return cells
