"""Which reminder is due on a given day: 14, 7 and 1 days before the due date, and the day it becomes overdue.

Pure Python (``notices.reminders``), tested at every boundary, across a leap day and a year end.
"""

import datetime as dt

import pytest

from notices.reminders import STAGES, reminder_on, schedule

DUE = dt.date(2026, 5, 1)


def days(n: int) -> dt.date:
    return DUE + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("today", "stage", "days_left"),
    [
        (days(-30), None, None),
        (days(-15), None, None),
        (days(-14), "14_days", 14),
        (days(-13), "14_days", 13),
        (days(-8), "14_days", 8),
        (days(-7), "7_days", 7),
        (days(-2), "7_days", 2),
        (days(-1), "1_day", 1),
        (DUE, "1_day", 0),
        (days(1), "overdue", -1),
        (days(400), "overdue", -400),
    ],
)
def test_the_latest_reminder_reached(today, stage, days_left):
    reminder = reminder_on(DUE, today)
    if stage is None:
        assert reminder is None
    else:
        assert (reminder.stage.name, reminder.days_left) == (stage, days_left)


def test_the_schedule_of_one_obligation():
    assert schedule(DUE) == [
        (STAGES[0], dt.date(2026, 4, 17)),
        (STAGES[1], dt.date(2026, 4, 24)),
        (STAGES[2], dt.date(2026, 4, 30)),
        (STAGES[3], dt.date(2026, 5, 2)),
    ]


def test_each_reminder_day_gives_a_new_key_and_the_days_between_repeat_it():
    keys = [reminder_on(DUE, days(n)).key("obligation:7") for n in range(-14, 3)]
    assert sorted(set(keys)) == sorted(
        [
            "obligation:7:2026-05-01:14_days",
            "obligation:7:2026-05-01:7_days",
            "obligation:7:2026-05-01:1_day",
            "obligation:7:2026-05-01:overdue",
        ]
    )
    assert keys.count("obligation:7:2026-05-01:14_days") == 7


def test_a_moved_due_date_starts_afresh():
    before = reminder_on(DUE, days(-7)).key("obligation:7")
    after = reminder_on(DUE + dt.timedelta(days=30), days(23)).key("obligation:7")
    assert before != after and after.endswith("2026-05-31:7_days")


def test_across_a_leap_day():
    due = dt.date(2028, 3, 1)
    assert [send_on for _, send_on in schedule(due)] == [
        dt.date(2028, 2, 16),
        dt.date(2028, 2, 23),
        dt.date(2028, 2, 29),
        dt.date(2028, 3, 2),
    ]
    assert reminder_on(due, dt.date(2028, 2, 29)).stage.name == "1_day"
    assert reminder_on(due, dt.date(2028, 2, 28)).days_left == 2


def test_due_on_a_leap_day_and_overdue_the_next():
    due = dt.date(2028, 2, 29)
    assert reminder_on(due, dt.date(2028, 2, 29)).stage.name == "1_day"
    overdue = reminder_on(due, dt.date(2028, 3, 1))
    assert (overdue.stage.name, overdue.overdue, overdue.days_left) == ("overdue", True, -1)


def test_across_a_year_end():
    due = dt.date(2027, 1, 5)
    assert reminder_on(due, dt.date(2026, 12, 21)) is None
    assert reminder_on(due, dt.date(2026, 12, 22)).stage.name == "14_days"
    assert reminder_on(due, dt.date(2026, 12, 29)).stage.name == "7_days"
    assert reminder_on(due, dt.date(2027, 1, 4)).stage.name == "1_day"
