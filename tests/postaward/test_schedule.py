"""Report schedules for every program: semi-annual (INVEST CLEAN) or annual (SOON, PA2022-01), from the term's
start to its end, counted in months from the start date so month-end and February 29 starts keep their day."""

import datetime as dt
from itertools import pairwise

import pytest

from agreements.rules.registry import post_award, resolve_terms
from agreements.rules.schedule import agreement_term, report_schedule

D = dt.date

AGREEMENTS = {
    "PA2026-01": {},
    "PA2026-02": {},
    "PA2026-03": {},
    "PA2025-04": {"project_type": "repower"},
    "PA2022-01": {"path": "CMP", "project_life_years": 8},
}


def schedule(code, start, agreement=None, **terms):
    program = post_award(code)
    resolved = resolve_terms(code, terms)
    term = agreement_term(
        program, agreement if agreement is not None else AGREEMENTS[code], {program.term.start_event: start}, resolved
    )
    return term, report_schedule(program, term, resolved)


@pytest.mark.parametrize(
    ("code", "every", "count"),
    [
        ("PA2026-01", 6, 10),
        ("PA2026-02", 6, 10),
        ("PA2026-03", 6, 10),
        ("PA2025-04", 12, 7),
        ("PA2022-01", 12, 8),
    ],
)
def test_each_program_reports_through_the_whole_term(code, every, count):
    term, periods = schedule(code, D(2026, 7, 1))
    assert len(periods) == count
    assert {period.months for period in periods} == {every}
    assert periods[0].starts == D(2026, 7, 1)
    assert periods[-1].ends == term.ends - dt.timedelta(days=1)
    assert all(later.starts == earlier.ends + dt.timedelta(days=1) for earlier, later in pairwise(periods))
    assert [period.closes_year for period in periods].count(True) == count * every // 12


def test_a_term_starting_on_february_29_keeps_its_day_where_the_month_has_it():
    term, periods = schedule("PA2026-02", D(2028, 2, 29))
    assert term.ends == D(2033, 2, 28)
    assert [(period.starts, period.ends) for period in periods[:4]] == [
        (D(2028, 2, 29), D(2028, 8, 28)),
        (D(2028, 8, 29), D(2029, 2, 27)),
        (D(2029, 2, 28), D(2029, 8, 28)),
        (D(2029, 8, 29), D(2030, 2, 27)),
    ]
    assert periods[0].due == D(2028, 9, 27)


def test_a_term_starting_on_august_31_uses_the_month_end_when_the_day_is_missing():
    _, periods = schedule("PA2026-01", D(2026, 8, 31))
    assert [(period.starts, period.ends) for period in periods[:2]] == [
        (D(2026, 8, 31), D(2027, 2, 27)),
        (D(2027, 2, 28), D(2027, 8, 30)),
    ]


def test_annual_report_due_30_days_after_the_year_across_a_leap_day():
    _, periods = schedule("PA2025-04", D(2027, 2, 1))
    assert (periods[0].ends, periods[0].due) == (D(2028, 1, 31), D(2028, 3, 1))


def test_the_round_or_agreement_may_set_another_report_due_period():
    _, periods = schedule("PA2022-01", D(2023, 6, 30), report_due_days=60)
    assert periods[0].due == D(2024, 8, 28)


def test_an_extension_adds_a_short_last_period_that_closes_the_last_year():
    term, periods = schedule("PA2025-04", D(2026, 3, 2), {"project_type": "replacement", "term_extension_months": 4})
    assert (term.months, term.original_months, term.ends) == (64, 60, D(2031, 7, 2))
    last = periods[-1]
    assert (last.number, last.months, last.months_in_original_term, last.closes_year) == (6, 4, 0, True)
    assert periods[-2].months_in_original_term == 12


def test_no_schedule_before_the_term_starts():
    program = post_award("PA2026-03")
    terms = resolve_terms("PA2026-03")
    term = agreement_term(program, {}, {}, terms)
    assert term.waiting_for == "commissioning and local government final approval"
    assert report_schedule(program, term, terms) == []
