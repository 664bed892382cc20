"""Closeout: when the term has ended, every report is accepted, every payment settled and no remedy open, staff close
the project (and the agreement once all its projects are closed); the award not paid is released in the fund ledger
(001_ea26778b00a7e017.txt PA2026-01 6.6: "closeout of the agreement can occur once all required documentation has
been received and the Awardee has fulfilled all obligations")."""

import datetime as dt
from decimal import Decimal

import pytest

from agreements.models import Agreement, FundedProject
from dashboards import selectors as dashboards
from funding.models import LedgerEntry
from funding.selectors import balances_by_project
from reporting import selectors, services
from reporting.models import Closeout, Remedy, UsageReport
from tests.reporting.conftest import file_report, in_reporting

pytestmark = pytest.mark.django_db
D = dt.date
LATER = D(2035, 1, 1)


def file_and_accept_all(funded, staff, miles=3600):
    for report in UsageReport.objects.filter(funded_project=funded).order_by("number"):
        file_report(report, miles, miles, today=LATER)
        services.accept(report, actor=staff)


def test_a_project_is_closed_out_end_to_end_and_its_unpaid_award_released(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)  # commissioned June 1, 2019: the term ended June 1, 2024
    award = funded.award
    problems = selectors.closeout_problems(funded)
    assert problems == [
        "10 reports not yet accepted: Semi-annual report 1, Semi-annual report 2, Semi-annual "
        "report 3, Semi-annual report 4, Semi-annual report 5 and more."
    ]
    with pytest.raises(services.ReportingError, match="cannot be closed yet"):
        services.close_project(funded, actor=staff_user, note="Checked")
    file_and_accept_all(funded, staff_user)
    assert selectors.closeout_problems(funded) == []
    closeout = services.close_project(funded, actor=staff_user, note="All reports accepted, registration current.")
    assert (closeout.released, closeout.paid) == (award, Decimal("0.00"))
    funded.refresh_from_db()
    agreement = funded.agreement
    agreement.refresh_from_db()
    assert funded.status == FundedProject.Status.CLOSED
    assert agreement.status == Agreement.Status.CLOSED
    assert Closeout.objects.filter(agreement=agreement, funded_project__isnull=True).get().released == award
    release = LedgerEntry.objects.get(project=funded.project, kind="release")
    assert release.amount == -award
    assert balances_by_project([funded.project])[funded.project_id].outstanding == Decimal("0.00")
    # The dashboards' "closed" stage counts it.
    stages = dashboards.stages()
    assert stages[agreement.program_id]["closed"].applications == 1
    with pytest.raises(services.ReportingError):
        services.close_project(funded, actor=staff_user, note="Again")


def test_an_open_remedy_or_payment_request_or_a_running_term_stops_closeout(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    file_and_accept_all(funded, staff_user)
    remedy = services.record_remedy(
        funded, Remedy.Kind.PAYBACK, actor=staff_user, amount_owed=Decimal("100.00"), reason="Share short in 2021."
    )
    assert selectors.closeout_problems(funded) == ["1 remedy still open."]
    services.settle_remedy(remedy, actor=staff_user, note="Repaid, check 77.")
    from payments import services as payments

    request = payments.start_request(funded, actor=funded.agreement.application.applicant)
    assert selectors.closeout_problems(funded) == ["1 payment request not settled (paid, rejected or withdrawn)."]
    payments.withdraw(request, actor=funded.agreement.application.applicant, reason="Not needed")
    assert selectors.closeout_problems(funded) == []

    running = in_reporting("PA2026-02", staff=staff_user, executed=D(2026, 1, 10), commissioned=D(2026, 2, 1))
    assert selectors.closeout_problems(running)[0] == "The term runs until January 31, 2031."


def test_only_staff_close(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    with pytest.raises(services.ReportingError, match="Only program staff"):
        services.close_project(funded, actor=funded.agreement.application.applicant, note="x")


def test_the_dashboards_sum_accepted_usage_by_program_and_unit_within_the_period(staff_user):
    from dashboards.selectors import Period

    funded = in_reporting("PA2026-02", staff=staff_user)
    reports = list(UsageReport.objects.filter(funded_project=funded).order_by("number")[:3])
    for report in reports:
        file_report(report, 3600, 3000, today=LATER)
    services.accept(reports[0], actor=staff_user)
    services.accept(reports[1], actor=staff_user)  # the third is submitted, not accepted: not counted
    program = funded.agreement.program_id
    assert dashboards.usage_reported() == {program: {"miles": Decimal("7200")}}
    # Only the periods ending within the dashboard's period: the first ends November 30, 2019.
    assert dashboards.usage_reported(Period(end=D(2019, 12, 31))) == {program: {"miles": Decimal("3600")}}
    assert dashboards.usage_reported(Period(start=D(2021, 1, 1))) == {}
