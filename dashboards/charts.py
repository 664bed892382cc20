"""Charts drawn on the server as SVG geometry, as the ports' trend chart is (``ports_agreement/charts.py``): no
script, no external library, the same picture on the page and in the PDF. Pure Python: no Django.

Every chart is drawn from a dashboard table and shown beside it (the table is what a screen reader reads), so a chart
only needs its labels, its series and their values:

- ``bar_chart``: horizontal bars, one row per label; several series side by side, or ``stacked`` into one bar; an
  optional ``marker`` line (a floor, a target);
- ``line_chart``: one line per series over a run of months.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

PALETTE = ("#0f5132", "#0d6efd", "#adb5bd", "#fd7e14", "#6f42c1", "#d63384")
"""Dark green, blue, grey, orange, purple, pink: told apart in grey scale by their order and by the legend."""


@dataclass(frozen=True)
class Series:
    label: str
    color: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str


@dataclass(frozen=True)
class Row:
    label: str
    y: float  # the row's label baseline
    rects: tuple[Rect, ...]


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    label: str


@dataclass(frozen=True)
class Key:
    x: float
    series: Series


def _legend(series: tuple[Series, ...], left: float) -> tuple[Key, ...]:
    """Where each series' swatch and label go along the top (about 6.5 px a character at 11 px)."""
    keys, x = [], left
    for item in series:
        keys.append(Key(round(x, 1), item))
        x += 22 + 6.5 * len(item.label)
    return tuple(keys)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: float
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    marker: Marker | None
    legend: tuple[Key, ...]
    kind: str = "bar"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Line:
    series: Series
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    legend: tuple[Key, ...]
    kind: str = "line"


def short(value: Decimal | int | float, unit: str = "$") -> str:
    """A figure as a chart writes it: ``$1.2M``, ``$350K``, ``1,329``, ``48.5%``."""
    number = float(value)
    if unit == "%":
        return f"{number:,.1f}%"
    if unit == "$":
        size = abs(number)
        if size >= 1e9:
            return f"${number / 1e9:,.1f}B"
        if size >= 1e6:
            return f"${number / 1e6:,.1f}M"
        if size >= 1e3:
            return f"${number / 1e3:,.0f}K"
        return f"${number:,.0f}"
    if number and abs(number) < 10:
        return f"{number:,.2f}{' ' + unit if unit else ''}"
    return f"{number:,.0f}{' ' + unit if unit else ''}"


def nice_top(value: float) -> float:
    """The axis end: the next of 1, 2, 2.5, 5 x 10^k at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _series(labels: Sequence[str]) -> tuple[Series, ...]:
    return tuple(Series(label, PALETTE[index % len(PALETTE)]) for index, label in enumerate(labels))


def bar_chart(
    labels: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[Decimal | int]],
    *,
    unit: str = "$",
    stacked: bool = False,
    marker: tuple[Decimal, str] | None = None,
    width: int = 640,
) -> BarChart:
    """Horizontal bars: ``values[row][series]``; side by side, or ``stacked`` (each row's total one bar)."""
    named = _series(series)
    left = int(min(260, 16 + 6.2 * max((len(label) for label in labels), default=0)))
    right, top = width - 24, 28
    band = 22 if stacked or len(series) == 1 else 12 * len(series) + 10
    gap = 10
    totals = [
        sum((Decimal(value or 0) for value in row), Decimal(0))
        if stacked
        else max((Decimal(value or 0) for value in row), default=Decimal(0))
        for row in values
    ]
    end = nice_top(float(max([*totals, marker[0] if marker else 0], default=0)))
    if unit == "%" and float(max(totals, default=0)) <= 101:  # shares of a whole: the axis ends at 100%
        end = 100.0
    if unit == "":  # counts: an axis of whole numbers, four equal steps
        end = max(4, math.ceil(float(max(totals, default=0)) / 4) * 4)
    plot = right - left

    def x_of(value) -> float:
        return round(left + plot * float(value) / end, 1)

    rows, y = [], top
    for label, row in zip(labels, values, strict=True):
        rects, start = [], Decimal(0)
        for index, value in enumerate(row):
            value = Decimal(value or 0)
            title = f"{label}, {named[index].label}: {short(value, unit)}"
            if stacked:
                rects.append(
                    Rect(
                        x_of(start),
                        y,
                        max(round(x_of(start + value) - x_of(start), 1), 0),
                        band,
                        named[index].color,
                        title,
                    )
                )
                start += value
            else:
                height = band if len(series) == 1 else 12
                rects.append(
                    Rect(
                        left,
                        y + index * 12,
                        max(round(x_of(value) - left, 1), 0),
                        height - 2,
                        named[index].color,
                        title,
                    )
                )
        rows.append(Row(label, round(y + band / 2, 1), tuple(rects)))
        y += band + gap
    bottom = y
    ticks = tuple(
        Tick(
            x_of(end * step / 4),
            f"{int(end * step / 4):,}" if unit == "" else short(Decimal(str(end * step / 4)), unit),
        )
        for step in range(5)
    )
    drawn_marker = Marker(x_of(marker[0]), marker[1]) if marker else None
    return BarChart(
        width, int(bottom + 24), left, right, top, bottom, tuple(rows), ticks, named, drawn_marker, _legend(named, left)
    )


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[Decimal | int]],
    *,
    unit: str = "$",
    width: int = 640,
    height: int = 280,
) -> LineChart:
    """One line per series over ``x_labels`` (months): ``values[series][x]``."""
    named = _series(series)
    left, right, top, bottom = 70, width - 20, 30, height - 40
    end = nice_top(float(max((Decimal(value or 0) for line in values for value in line), default=0)))
    count = len(x_labels)

    def x_of(index: int) -> float:
        return round(left + (right - left) * ((index + 0.5) / count if count else 0), 1)

    def y_of(value) -> float:
        return round(bottom - (bottom - top) * float(value) / end, 1)

    lines = tuple(
        Line(
            named[index],
            tuple(
                Point(
                    x_of(position),
                    y_of(Decimal(value or 0)),
                    f"{x_labels[position]}, {named[index].label}: {short(Decimal(value or 0), unit)}",
                )
                for position, value in enumerate(line)
            ),
        )
        for index, line in enumerate(values)
    )
    every = max(1, math.ceil(count / 12))
    x_ticks = tuple(Tick(x_of(index), label) for index, label in enumerate(x_labels) if index % every == 0)
    y_ticks = tuple(Tick(y_of(end * step / 4), short(Decimal(str(end * step / 4)), unit)) for step in range(5))
    return LineChart(width, height, left, right, top, bottom, lines, y_ticks, x_ticks, named, _legend(named, left))
