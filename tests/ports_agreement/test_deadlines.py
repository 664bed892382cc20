"""Every deadline of the Cooperative Agreement and Rule 4001, from its trigger date, with its clause."""

import datetime as dt

import pytest

from core.deadlines import DayCount
from ports_agreement import rules

D = dt.date

CASES = [
    # name, trigger, due, period, clause
    ("term_ends_on", D(2025, 11, 7), D(2030, 11, 7), "60 months", "Agreement Term and Exit Clause: 5-year term"),
    ("term_ends_on", D(2024, 2, 29), D(2029, 2, 28), "60 months", "5-year term"),
    ("exit_effective_on", D(2026, 1, 15), D(2026, 3, 1), "45 calendar days", "45-day notice to parties"),
    ("exit_effective_on", D(2028, 1, 15), D(2028, 2, 29), "45 calendar days", "45-day notice"),
    ("projected_report_due", D(2014, 1, 1), D(2014, 11, 1), "10 months", "Rule 4001 (d)(1)"),
    ("annual_report_due", D(2015, 1, 1), D(2015, 7, 1), "6 months", "Rule 4001 (d)(2)"),
    ("determination_due", D(2015, 7, 1), D(2015, 7, 31), "30 calendar days", "Rule 4001 (e)(1)"),
    ("determination_due", D(2014, 11, 1), D(2014, 12, 1), "30 calendar days", "Rule 4001 (e)(1)"),
    ("plan_due", D(2015, 7, 31), D(2016, 1, 27), "180 calendar days", "Rule 4001 (f)"),
    ("plan_due", D(2015, 12, 1), D(2016, 5, 29), "180 calendar days", "Rule 4001 (f)"),  # through Feb 29, 2016
    ("plan_due", D(2014, 12, 1), D(2015, 5, 30), "180 calendar days", "Rule 4001 (f)"),
    ("public_meeting_by", D(2016, 3, 1), D(2016, 1, 1), "-60 calendar days", "Rule 4001 (f)(1)(E)(i)"),
    ("plan_decision_due", D(2016, 1, 27), D(2016, 3, 12), "45 calendar days", "Rule 4001 (f)(2)"),
    ("revised_plan_due", D(2016, 3, 10), D(2016, 5, 9), "60 calendar days", "Rule 4001 (f)(2)(C)(ii)"),
    ("revised_plan_due_after_appeal", D(2016, 6, 15), D(2016, 8, 14), "60 calendar days", "Rule 4001 (f)(2)(C)(iii)"),
    ("revised_plan_decision_due", D(2016, 5, 9), D(2016, 6, 23), "45 calendar days", "Rule 4001 (f)(2)(F)"),
    ("implementation_due", D(2016, 3, 12), D(2017, 9, 12), "18 months", "Rule 4001 (f), (f)(1)(B)(i)(a)"),
    ("implementation_due", D(2016, 8, 31), D(2018, 2, 28), "18 months", "Rule 4001 (f)"),
    ("extended_implementation_due", D(2016, 8, 31), D(2019, 2, 28), "30 months", "Rule 4001 (f)(1)(B)(i)(b)"),
    ("extended_implementation_due", D(2017, 8, 31), D(2020, 2, 29), "30 months", "Rule 4001 (f)(1)(B)(i)(b)"),
    ("appeal_period_starts", D(2016, 3, 10), D(2016, 3, 13), "3 calendar days", "Rule 4001 (f)(2)(E)(iv)"),
    ("appeal_period_starts", D(2016, 2, 27), D(2016, 3, 1), "3 calendar days", "Rule 4001 (f)(2)(E)(iv)"),
    ("appeal_due", D(2016, 3, 13), D(2016, 3, 23), "10 calendar days", "Rule 216(b)"),
]


@pytest.mark.parametrize(("name", "trigger", "due", "period", "clause"), CASES)
def test_each_deadline_from_its_trigger(name, trigger, due, period, clause):
    deadline = rules.deadline(name, trigger)
    assert deadline.due == due
    assert deadline.period.describe() == period
    assert clause in deadline.period.source


def test_every_deadline_in_the_table_is_tested():
    assert {case[0] for case in CASES} == set(rules.DEADLINES)


def test_every_deadline_names_its_seed_file():
    for rule in rules.DEADLINES.values():
        assert rule.period.source.startswith(("000_5a27d03f56223f7e.txt", "004_af983ba73b5d80a4.txt"))
        assert rule.period.unit in (DayCount.CALENDAR_DAYS, DayCount.MONTHS)


@pytest.mark.parametrize(
    ("year", "projected", "due"),
    [
        (2014, True, D(2014, 11, 1)),
        (2014, False, D(2015, 7, 1)),
        (2016, False, D(2017, 7, 1)),
        (2019, False, D(2020, 7, 1)),
    ],
)
def test_report_due_dates(year, projected, due):
    assert rules.report_due(year, projected=projected).due == due


@pytest.mark.parametrize(("year", "projected"), [(2013, False), (2020, False), (2015, True)])
def test_no_report_outside_the_rules_years(year, projected):
    with pytest.raises(ValueError, match="Rule 4001 \\(d\\)"):
        rules.report_due(year, projected=projected)


def test_the_appeal_window_chains_from_the_mailing():
    starts = rules.deadline("appeal_period_starts", D(2016, 2, 27))
    assert rules.deadline("appeal_due", starts.due).due == D(2016, 3, 11)


def test_the_rulemaking_pause_ends_with_the_agreement():
    term_ends = rules.deadline("term_ends_on", D(2025, 11, 7)).due
    assert rules.rulemaking_pause_ends(term_ends, None) == D(2030, 11, 7)
    assert rules.rulemaking_pause_ends(term_ends, D(2027, 3, 1)) == D(2027, 3, 1)
