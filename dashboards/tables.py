"""A dashboard table: what the page shows, what a screen reader reads beside each chart, and what the CSV holds.

Cells keep their typed values (``Decimal`` money and tons, ``int`` counts, dates); the page formats them by the
column's kind and the CSV writes them plain (``1234567.89``), so a spreadsheet sums what the page shows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core import spreadsheets

from .charts import BarChart, LineChart

TEXT, COUNT, MONEY, PERCENT, TONS, NUMBER = "text", "count", "money", "percent", "tons", "number"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass
class Table:
    """``key`` names the table in its CSV's address (``/dashboard/tables/<key>.csv``)."""

    key: str
    title: str
    columns: Sequence[Column]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    note: str = ""
    chart: BarChart | LineChart | None = None
    chart_title: str = ""
    empty: str = "Nothing to show for this period."
    csv_url: str = ""

    @property
    def headers(self) -> list[str]:
        return [column.label for column in self.columns]

    def cells(self, row: list[Any]) -> list[tuple[Column, Any]]:
        return list(zip(self.columns, row, strict=True))

    @property
    def body(self) -> list[list[tuple[Column, Any]]]:
        return [self.cells(row) for row in self.rows]

    @property
    def foot(self) -> list[tuple[Column, Any]] | None:
        return self.cells(self.footer) if self.footer else None

    def csv(self) -> str:
        out = io.StringIO()
        writer = spreadsheets.csv_writer(out)
        writer.writerow(self.headers)
        for row in [*self.rows, *([self.footer] if self.footer else [])]:
            writer.writerow(["" if value is None else value for value in row])
        return out.getvalue()
