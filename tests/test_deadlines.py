import datetime as dt

import pytest

from core.deadlines import DayCount, Deadline, Period, add_business_days, add_months, is_business_day


def test_business_days_skip_weekends_and_california_holidays():
    # Friday July 1, 2022 + 7 business days: skips the weekend and Independence Day (Monday July 4).
    assert add_business_days(dt.date(2022, 7, 1), 7) == dt.date(2022, 7, 13)
    assert not is_business_day(dt.date(2022, 7, 4))
    assert not is_business_day(dt.date(2022, 11, 25))  # Day after Thanksgiving, a California holiday
    assert is_business_day(dt.date(2022, 7, 5))


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (dt.date(2024, 8, 31), 18, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 15), 30, dt.date(2027, 7, 15)),
    ],
)
def test_months_land_on_the_same_day_or_the_month_end(start, months, due):
    assert add_months(start, months) == due


def test_a_deadline_carries_its_trigger_period_and_source():
    period = Period(14, DayCount.CALENDAR_DAYS, "001_ea26778b00a7e017.txt, PA2026-02 Section 3")
    deadline = Deadline.after("Response to request", dt.date(2026, 2, 20), period)
    assert deadline.as_dict() == {
        "name": "Response to request",
        "trigger": "2026-02-20",
        "due": "2026-03-06",
        "period": "14 calendar days",
        "source": "001_ea26778b00a7e017.txt, PA2026-02 Section 3",
    }
