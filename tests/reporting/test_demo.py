"""``seed_demo`` has projects in reporting: reports filed and accepted, one short of usage, some overdue, and one
project closed out (the dashboards' "closed" stage then counts it)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements.models import Agreement
from dashboards import selectors as dashboards
from reporting.models import Closeout, UsageReport

pytestmark = pytest.mark.django_db


def test_seed_demo_has_reports_a_shortfall_overdue_reports_and_a_closed_project(demo):
    call_command("seed_demo", stdout=StringIO())  # twice: nothing added the second time
    assert UsageReport.objects.filter(status="accepted").count() >= 10
    short = UsageReport.objects.get(shortfall__gt=0)
    assert (short.program.code, short.status) == ("PA2025-04", "submitted")
    assert UsageReport.objects.filter(status__in=UsageReport.OPEN, due__lt=timezone.localdate()).exists()
    closeout = Closeout.objects.get(funded_project__isnull=False)
    assert closeout.agreement.status == Agreement.Status.CLOSED
    assert closeout.released > 0  # the 10% of the award not paid
    assert Closeout.objects.count() == 2
    # One more contract's term has ended with its reports accepted: staff close it out live in the demo (issue 20).
    from agreements.models import FundedProject
    from reporting import selectors as reporting

    ready = FundedProject.objects.get(agreement__application__applicant__username="dash_hauler_05")
    assert ready.agreement.status == Agreement.Status.EXECUTED
    assert reporting.closeout_problems(ready, today=timezone.localdate()) == []
    # And the applicant has a usage report due this week, to file live.
    today = timezone.localdate()
    assert UsageReport.objects.filter(
        agreement__application__applicant__username="applicant",
        status__in=UsageReport.OPEN,
        due__range=(today, today + dt.timedelta(days=14)),
    ).exists()
    stages = dashboards.stages()
    assert stages[closeout.agreement.program_id]["closed"].applications == 1
    assert dashboards.usage_reported()[closeout.agreement.program_id]["miles"] > 0
