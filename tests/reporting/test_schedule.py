"""Report schedules generated from the agreement, at their boundaries, for every program: semi-annual for INVEST
CLEAN (001_ea26778b00a7e017.txt PA2026-01 6.3, PA2026-02 4.4, PA2026-03 "DELIVERABLES"), annual for the project
life for SOON (003_b264a6114e3b8c3f.txt "REPORTING AND MONITORING") and PA2022-01 (002_93fe1fbed5faf247.txt
"DELIVERABLES"); the first period from the commissioning/deployment date, through the end of the term; each report due
30 calendar days after its period (``report_due_days``)."""

import datetime as dt

import pytest

from agreements import services as agreements
from agreements.models import Obligation
from reporting import services
from reporting.models import UsageReport
from tests.reporting.conftest import in_reporting

pytestmark = pytest.mark.django_db
D = dt.date
EXECUTED, COMMISSIONED, LATER = D(2026, 2, 10), D(2026, 8, 31), D(2035, 1, 1)


def schedule(funded):
    return list(UsageReport.objects.filter(funded_project=funded).order_by("number"))


def commissioned(code, staff, on=COMMISSIONED, values=None):
    return in_reporting(code, staff=staff, executed=EXECUTED, commissioned=on, values=values, today=LATER)


@pytest.mark.parametrize("code", ["PA2026-01", "PA2026-02", "PA2026-03"])
def test_invest_clean_reports_every_six_months_for_five_years(code, staff_user):
    reports = schedule(commissioned(code, staff_user))
    assert len(reports) == 10
    first, last = reports[0], reports[-1]
    # From August 31: the first period ends the day before February 28, 2027 (six months on), due 30 days later.
    assert (first.period_start, first.period_end, first.due, first.months) == (
        D(2026, 8, 31),
        D(2027, 2, 27),
        D(2027, 3, 29),
        6,
    )
    assert (reports[1].period_start, reports[1].period_end) == (D(2027, 2, 28), D(2027, 8, 30))
    # The term ends five years from commissioning, August 31, 2031: the last period ends the day before.
    assert (last.period_start, last.period_end, last.due) == (D(2031, 2, 28), D(2031, 8, 30), D(2031, 9, 29))
    assert [report.number for report in reports if report.closes_year] == [2, 4, 6, 8, 10]
    assert {report.status for report in reports} == {"due"}


def test_pa2026_03_names_the_year_closing_report_its_annual_report(staff_user):
    reports = schedule(commissioned("PA2026-03", staff_user))
    assert reports[0].name == "Semi-annual report 1"
    assert reports[1].name == "Semi-annual and annual report 2"


def test_soon_reports_once_a_year_for_the_project_life(staff_user):
    funded = commissioned("PA2025-04", staff_user, values={"project_life_years": 3})
    reports = schedule(funded)
    assert [(item.period_start, item.period_end, item.due) for item in reports] == [
        (D(2026, 8, 31), D(2027, 8, 30), D(2027, 9, 29)),
        (D(2027, 8, 31), D(2028, 8, 30), D(2028, 9, 29)),
        (D(2028, 8, 31), D(2029, 8, 30), D(2029, 9, 29)),
    ]
    assert all(item.closes_year for item in reports)
    assert reports[0].unit == "hours"


@pytest.mark.parametrize(("path", "years"), [("cmp", 10), ("prop1b", 5)])
def test_pa2022_01_reports_each_year_of_the_project_life(path, years, staff_user):
    from programs.rules import pa2022_01_cmp, pa2022_01_prop1b

    path_key = pa2022_01_cmp.PATH if path == "cmp" else pa2022_01_prop1b.PATH
    values = {"path": path_key, "project_life_years": 10} if path == "cmp" else {"path": path_key}
    reports = schedule(commissioned("PA2022-01", staff_user, values=values))
    assert len(reports) == years  # CMP: "The contract term will also be ten years"; Prop 1B: five years
    assert reports[-1].period_end == D(2026 + years, 8, 30)
    assert reports[0].unit == "miles"


def test_a_leap_day_commissioning_keeps_its_day_where_the_month_has_it(staff_user):
    reports = schedule(commissioned("PA2026-02", staff_user, on=D(2028, 2, 29)))
    assert (reports[0].period_start, reports[0].period_end) == (D(2028, 2, 29), D(2028, 8, 28))
    assert reports[1].period_start == D(2028, 8, 29)
    assert reports[-1].period_end == D(2033, 2, 27)


def test_an_extension_adds_a_shorter_last_period_and_moves_the_calendar(staff_user):
    funded = commissioned("PA2026-02", staff_user)
    agreements.extend_term(funded.agreement, funded.project, 3, actor=staff_user, reason="Makeup of miles", today=LATER)
    reports = services.sync_schedule(funded)
    assert len(reports) == 11
    assert (reports[-1].period_start, reports[-1].period_end, reports[-1].months) == (
        D(2031, 8, 31),
        D(2031, 11, 29),
        3,
    )
    assert Obligation.objects.get(project=funded.project, key="report_11").due == D(2031, 12, 29)


def test_nothing_is_scheduled_before_commissioning(staff_user):
    from tests.factories import executed_agreement

    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    funded = agreement.funded_projects.get()
    assert services.sync_schedule(funded) == []


def test_the_schedule_is_generated_once(staff_user):
    funded = commissioned("PA2026-02", staff_user)
    services.sync_schedule(funded)
    services.sync_schedule(funded)
    assert UsageReport.objects.filter(funded_project=funded).count() == 10
