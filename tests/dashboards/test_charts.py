"""The SVG geometry of the dashboards' charts (pure Python)."""

from decimal import Decimal

import pytest

from dashboards import charts


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1.0), (7, 10), (12, 20), (230, 250), (4_100_000, 5_000_000), (178_500_000, 200_000_000)]
)
def test_the_axis_ends_at_the_next_round_number(value, top):
    assert charts.nice_top(value) == top


def test_a_stacked_bar_spans_its_row_total_and_each_segment_its_value():
    chart = charts.bar_chart(
        ["PA2026-02", "PA2025-04"],
        ["Disbursed", "Awarded, not yet paid", "Available"],
        [[Decimal(150_000), Decimal(650_000), Decimal(1_200_000)], [0, 0, Decimal(500_000)]],
        stacked=True,
    )
    plot = chart.right - chart.left  # the axis ends at $2,000,000
    first = chart.rows[0].rects
    assert [rect.width for rect in first] == [round(plot * 0.075, 1), round(plot * 0.325, 1), round(plot * 0.6, 1)]
    assert first[1].x == round(chart.left + plot * 0.075, 1)
    assert first[0].title == "PA2026-02, Disbursed: $150K"
    assert [tick.label for tick in chart.ticks] == ["$0", "$500K", "$1.0M", "$1.5M", "$2.0M"]


def test_a_marker_line_stands_at_its_value():
    chart = charts.bar_chart(
        ["PA2025-04"], ["Share"], [[Decimal("77.57")]], unit="%", marker=(Decimal(50), "SOON floor 50%")
    )
    assert chart.marker.x == round(chart.left + (chart.right - chart.left) * 0.5, 1)
    assert chart.rows[0].rects[0].title == "PA2025-04, Share: 77.6%"


def test_a_line_chart_puts_each_month_in_its_own_column_and_values_on_the_scale():
    chart = charts.line_chart(["Jan 2026", "Feb 2026"], ["Committed to date"], [[Decimal(0), Decimal(800_000)]])
    points = chart.lines[0].points
    assert points[0].y == chart.bottom and points[1].y == round(chart.bottom - (chart.bottom - chart.top) * 0.8, 1)
    assert points[0].x < points[1].x
    assert chart.lines[0].polyline == f"{points[0].x},{points[0].y} {points[1].x},{points[1].y}"
