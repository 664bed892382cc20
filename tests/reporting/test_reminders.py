"""The daily task: schedules brought up to date, the awardee reminded of each open report 14, 7 and 1 days before it is
due and when it is overdue (linking to the report's form), staff told once of each overdue report; nothing twice."""

import datetime as dt

import pytest

from notices.models import Notice
from reporting.models import UsageReport
from reporting.tasks import remind_reports
from tests.reporting.conftest import awardee_of, in_reporting

pytestmark = pytest.mark.django_db
D = dt.date


def test_reminders_before_the_due_date_and_the_overdue_notices(staff_user):
    # Commissioned August 31, 2026: the first period ends February 27, 2027, its report due March 29, 2027.
    funded = in_reporting(
        "PA2026-02", staff=staff_user, executed=D(2026, 2, 10), commissioned=D(2026, 8, 31), today=D(2026, 9, 1)
    )
    report = UsageReport.objects.get(funded_project=funded, number=1)
    awardee = awardee_of(funded)
    assert remind_reports("2027-03-14") == 0  # 15 days before: nothing yet
    assert remind_reports("2027-03-15") == 1  # 14 days before
    notice = Notice.objects.get(recipient=awardee, kind="obligation_due_soon")
    assert notice.link.endswith(report.get_absolute_url())
    assert "Semi-annual report 1" in notice.subject or "Semi-annual report 1" in notice.body_text
    assert remind_reports("2027-03-15") == 0  # never twice
    assert remind_reports("2027-03-30") == 2  # overdue: the awardee, and the officer who sent the agreement (issue 21)
    assert Notice.objects.filter(recipient=awardee, kind="obligation_overdue").count() == 1
    assert Notice.objects.filter(recipient=staff_user, kind="usage_report_overdue").count() == 1
    assert remind_reports("2027-03-31") == 0
