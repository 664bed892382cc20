"""The Board's figures as a board member reads them (issue 20): runs of months without money collapse into one row,
counts sit on whole-number axes, and a $/ton resting on emission factors the Guidelines' tables do not hold is not
stated: the page says how many projects lack them."""

import datetime as dt
from decimal import Decimal

from dashboards import charts
from dashboards.board import collapse_quiet_months, per_ton_text
from dashboards.selectors import Month

ZERO = Decimal("0.00")


def month(day, committed="0", disbursed="0"):
    return Month(dt.date.fromisoformat(day), Decimal(committed), Decimal(disbursed), ZERO, ZERO)


def test_runs_of_quiet_months_are_one_row():
    found = [
        month("2025-01-01", "100"),
        month("2025-02-01"),
        month("2025-03-01"),
        month("2025-04-01"),
        month("2025-05-01", disbursed="50"),
        month("2025-06-01"),
        month("2025-07-01", "10"),
    ]
    labels = [label for label, _ in collapse_quiet_months(found)]
    assert labels == ["Jan 2025", "Feb 2025 – Apr 2025, no activity", "May 2025", "Jun 2025", "Jul 2025"]


def test_counts_are_drawn_on_a_whole_number_axis():
    chart = charts.bar_chart(["A", "B"], ["Projects"], [[1], [3]], unit="")
    assert [tick.label for tick in chart.ticks] == ["0", "1", "2", "3", "4"]


def test_a_per_ton_without_the_guidelines_factors_says_how_many_projects_lack_them():
    """Issue 23: the $/ton is stated from the projects with factors, and the Board reads how many lack them."""
    assert per_ton_text(None, 4, 0) == "4 projects lack emission factors; $ per ton from 0 projects"
    assert per_ton_text(Decimal("60000.00"), 1, 2) == "1 project lacks emission factors; $ per ton from 2 projects"
    assert per_ton_text(Decimal("59983.62"), 2, 1) == "2 projects lack emission factors; $ per ton from 1 project"
    assert per_ton_text(Decimal("59983.62"), 0, 11) == ""
