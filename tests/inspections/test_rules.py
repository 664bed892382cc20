"""The pure inspection rules: the seed's numbers read from the agreements' terms, comparisons, the notice."""

import datetime as dt
from decimal import Decimal

from inspections.rules.base import compare, destruction_deadline, matches, missing_photos, notice_problem
from inspections.rules.programs import PROGRAM_INSPECTIONS


def test_the_destruction_windows_and_notice_are_the_seeds():
    che, truck = PROGRAM_INSPECTIONS["PA2026-01"].destruction, PROGRAM_INSPECTIONS["PA2026-02"].destruction
    assert (che.window_days, che.counted_from, che.notice_days) == (60, "delivered", 14)
    assert (truck.window_days, truck.counted_from, truck.notice_days) == (90, "dismantler_receipt", None)
    assert destruction_deadline(che, dt.date(2026, 6, 30)) == dt.date(2026, 8, 29)
    assert destruction_deadline(truck, dt.date(2026, 12, 1)) == dt.date(2027, 3, 1)
    assert PROGRAM_INSPECTIONS["PA2025-04"].destruction is None


def test_the_notice_is_at_least_14_days_ahead():
    che = PROGRAM_INSPECTIONS["PA2026-01"].destruction
    given = dt.date(2026, 7, 1)
    assert notice_problem(che, given_on=given, planned_on=dt.date(2026, 7, 15)) is None
    assert notice_problem(che, given_on=given, planned_on=dt.date(2026, 7, 14)) == (
        "The district must be notified at least 14 days before the destruction: the earliest date for a notice given "
        "on July 1, 2026 is July 15, 2026."
    )
    assert notice_problem(PROGRAM_INSPECTIONS["PA2026-02"].destruction, given_on=given, planned_on=given) is None


def test_values_match_case_spaces_dashes_and_separators_aside():
    assert matches("1XKAD49X7CJ000001", " 1xkad49x0cj000001 ")
    assert matches("KT2-14-00871", "KT21400871")
    assert matches(612000, "612,000") and matches("220", Decimal("220.0"))
    assert matches(612000, "612500") is False
    assert matches(None, "x") is None and matches("x", "") is None


def test_the_4a_specifications_and_the_4_2_photos():
    post = PROGRAM_INSPECTIONS["PA2026-01"].rule("post")
    assert [check.key for check in post.checklist] == [
        "make",
        "model",
        "model_year",
        "serial_number",
        "battery_type",
        "battery_capacity_kwh",
        "range_hours",
        "motor_make",
        "motor_model",
        "power_rating_kw",
        "charging",
        "hour_meter",
        "operational",
    ]
    scrapping = PROGRAM_INSPECTIONS["PA2026-02"].rule("destruction")
    assert missing_photos(scrapping.photos, ["VIN tag", "Rear of the vehicle", "Cut frame rails"]) == [
        "Front of the vehicle",
        "Side profile of the vehicle",
        "Engine tag",
        "Engine block before destruction",
        "Engine block after destruction",
    ]
    rows = compare(
        scrapping.checklist,
        {"existing_vin": "1XKAD49X7CJ000001", "current_odometer": 612000},
        {"vin": "1XKAD49X0CJ000009", "odometer": 612000},
    )
    assert {row.key: row.match for row in rows if row.match is not None} == {"vin": False, "odometer": True}
