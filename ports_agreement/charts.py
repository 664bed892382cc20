"""The Rule 4001 trend chart, drawn on the server as SVG geometry (the board's browsers need no scripts)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .selectors import Trend

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: Decimal
    meets_target: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    polyline: str
    target_y: float
    baseline_y: float
    y_ticks: list[tuple[float, str]]
    x_axis_y: float
    left: int
    right: int


def trend_chart(trend: Trend) -> Chart:
    """PM2.5 equivalent per report (y, tons/day, from 0 to the baseline) against the 75% target line."""
    top = max([trend.baseline.pm25_equivalent, *(point.pm25_equivalent for point in trend.points)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * (1 - float(value / top)), 1) if top else TOP + plot_h

    count = len(trend.points)
    points = [
        Point(
            round(LEFT + plot_w * (index + 0.5) / count, 1),
            y(point.pm25_equivalent),
            f"{point.report.calendar_year}{' (proj.)' if point.report.projected else ''}",
            point.pm25_equivalent,
            point.meets_target,
        )
        for index, point in enumerate(trend.points)
    ]
    ticks = [(y(top * step / 4), f"{top * step / 4:.2f}") for step in range(5)]
    return Chart(
        WIDTH,
        HEIGHT,
        points,
        " ".join(f"{p.x},{p.y}" for p in points),
        y(trend.target),
        y(trend.baseline.pm25_equivalent),
        ticks,
        TOP + plot_h,
        LEFT,
        WIDTH - RIGHT,
    )
