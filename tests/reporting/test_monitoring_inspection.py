"""An overdue usage report's inspection request opens a monitoring inspection (inspections.rules.programs MONITORING)
that staff see in the "needing an inspector" list and assign; a second request is refused and records nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from inspections import selectors as inspection_selectors
from inspections import services as inspection_services
from inspections.models import Inspection, Step
from inspections.rules.programs import PROGRAM_INSPECTIONS
from reporting import services
from reporting.models import UsageReport
from reporting.rules.programs import REPORT_FORMS
from tests.factories import PASSWORD, UserFactory
from tests.reporting.conftest import in_reporting

pytestmark = pytest.mark.django_db
D = dt.date


def report(funded, number):
    return UsageReport.objects.get(funded_project=funded, number=number)


def test_every_program_with_usage_reports_has_a_monitoring_inspection_that_clears_no_payment():
    assert set(REPORT_FORMS) <= set(PROGRAM_INSPECTIONS)
    for code in REPORT_FORMS:
        rule = PROGRAM_INSPECTIONS[code].rule("monitoring")
        assert rule is not None, code
        assert rule.clears == () and rule.on_accept_event is None and len(rule.photos) == 1
        keys = [check.key for check in rule.checklist]
        assert keys[-1] == "operating_as_reported" and keys[0] in ("odometer", "hour_meter", "energy_meter_kwh")
    truck = [check.key for check in PROGRAM_INSPECTIONS["PA2026-02"].rule("monitoring").checklist]
    assert truck == ["odometer", "data_logger_working", "registration_current", "operating_as_reported"]


def test_an_overdue_reports_request_opens_one_monitoring_inspection_staff_assign(staff_user, client):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first = report(funded, 1)
    assert not Inspection.objects.filter(kind="monitoring").exists()
    services.request_inspection(first, actor=staff_user, reason="Check the data logger", today=D(2020, 3, 1))
    [inspection] = Inspection.objects.filter(project=funded.project, kind="monitoring")
    assert inspection.status == "needed" and inspection.get_kind_display() == "Monitoring inspection"
    assert inspection.why == (f"{first.name} overdue (due {first.due:%B %-d, %Y}): Check the data logger")
    assert Step.objects.get(inspection=inspection).actor == staff_user
    assert list(inspection_selectors.needing_inspection()) == [inspection]

    client.login(username=staff_user.username, password=PASSWORD)
    page = client.get(reverse("inspections:staff")).content.decode()
    assert "Monitoring inspection" in page and "Check the data logger" in page

    inspector = UserFactory(role=Role.INSPECTOR, username="inspector-ana")
    inspection_services.assign(inspection, inspector, actor=staff_user)
    inspection.refresh_from_db()
    assert inspection.status == "assigned" and inspection.inspector == inspector
    assert list(inspection_selectors.needing_inspection()) == []


def test_a_second_request_is_refused_and_records_nothing(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first, second = report(funded, 1), report(funded, 2)
    services.request_inspection(first, actor=staff_user, reason="Check the data logger", today=D(2021, 3, 1))
    with pytest.raises(services.ReportingError, match="already requested"):
        services.request_inspection(first, actor=staff_user, reason="Again", today=D(2021, 3, 1))
    # Another overdue report of the same project while the monitoring inspection is open: refused by inspections.
    with pytest.raises(services.ReportingError, match="already has an open monitoring inspection"):
        services.request_inspection(second, actor=staff_user, reason="Second report late too", today=D(2021, 3, 1))
    second.refresh_from_db()
    assert second.inspection_requested_at is None
    assert Inspection.objects.filter(project=funded.project, kind="monitoring").count() == 1


def test_the_report_page_says_why_a_second_request_is_refused(staff_user, client):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first, second = report(funded, 1), report(funded, 2)
    services.request_inspection(first, actor=staff_user, reason="Check the data logger")
    client.login(username=staff_user.username, password=PASSWORD)
    response = client.post(reverse("reporting:inspection", args=[second.pk]), {"reason": "Late again"}, follow=True)
    assert response.status_code == 200
    assert "This project already has an open monitoring inspection (needs an inspector)." in response.content.decode()
    second.refresh_from_db()
    assert second.inspection_requested_at is None
    assert Inspection.objects.filter(project=funded.project, kind="monitoring").count() == 1
