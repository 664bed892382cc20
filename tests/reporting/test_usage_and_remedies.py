"""Shortfalls found by the portal with the seeds' numbers, and the remedies staff record.

PA2026-02 (001_ea26778b00a7e017.txt, 4.3-4.5): at least 7,000 miles a year, 75% within the two MSAs, remedies an
extension to make up the shortfall or an ownership transfer. SOON (003_b264a6114e3b8c3f.txt, PROGRAM CRITERIA): the
contracted annual hours, 75% in the district, "an extension of the contract or partial payback of funds may be
required if the proposed annual hours are not achieved"."""

import datetime as dt
from decimal import Decimal

import pytest

from agreements.models import Amendment, Obligation
from notices.models import Notice
from reporting import selectors, services
from reporting.models import Remedy, UsageReport
from tests.factories import UserFactory
from tests.reporting.conftest import awardee_of, file_report, in_reporting

pytestmark = pytest.mark.django_db
D = dt.date
LATER = D(2035, 1, 1)


def report(funded, number):
    return UsageReport.objects.get(funded_project=funded, number=number)


def test_pa2026_02_a_period_below_3500_miles_is_flagged_with_the_size_of_the_shortfall(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first = file_report(report(funded, 1), 3000, 2700, today=LATER)  # half of 7,000 miles is 3,500
    assert first.status == "submitted"
    assert first.shortfall == Decimal("500")
    assert first.share_short is False  # 90% inside the MSAs
    beside = selectors.contracted_beside(first)
    assert (beside.required_in_period, beside.reported_in_period, beside.in_area_percent) == (
        Decimal("3500"),
        Decimal("3000"),
        Decimal("90.00"),
    )
    assert beside.share_percent == Decimal("75")
    # Staff were told; the report's obligation is done in the agreement's calendar.
    assert Notice.objects.filter(kind="usage_report_submitted", recipient=staff_user).count() == 1
    assert Obligation.objects.get(project=funded.project, key="report_1").done_on == LATER

    services.accept(first, actor=staff_user, note="Logger data checked.")
    first.refresh_from_db()
    assert (first.status, first.shortfall) == ("accepted", Decimal("500"))
    # A surplus in the next period makes it up: the requirement is an average.
    second = file_report(report(funded, 2), 4000, 3600, today=LATER)
    assert second.shortfall == Decimal("0")


def test_pa2026_02_less_than_75_percent_inside_the_msas_is_flagged(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first = file_report(report(funded, 1), 3600, 2699, today=LATER)  # 74.97%
    assert (first.shortfall, first.share_short) == (Decimal("0"), True)
    first = file_report(report(in_reporting("PA2026-02", staff=staff_user), 1), 3600, 2700, today=LATER)  # 75.00%
    assert first.share_short is False


def test_soon_contracted_hours_short_and_the_payback_amount(staff_user):
    funded = in_reporting("PA2025-04", staff=staff_user, values={"annual_requirement": "1000", "project_life_years": 5})
    first = file_report(report(funded, 1), 800, 700, today=LATER)
    assert first.shortfall == Decimal("200")
    assert first.share_short is False  # 87.5% in the district, at least 75% required
    assessment = selectors.assessment_of(funded)
    payback = next(option for option in assessment.remedies if option.kind.value == "partial_payback")
    # Pro rata: the award times 200 hours unmet of the 5,000 hours the five-year life requires.
    expected = (funded.award * Decimal(200) / Decimal(5000)).quantize(Decimal("0.01"))
    assert Decimal(payback.figures["amount"]) == expected
    remedy = services.record_remedy(
        funded,
        Remedy.Kind.PAYBACK,
        actor=staff_user,
        report=first,
        amount_owed=expected,
        reason="Hours short in year 1; payback approved by the program supervisor.",
    )
    assert (remedy.status, remedy.amount_owed, remedy.shortfall) == ("open", expected, Decimal("200"))
    assert selectors.closeout_problems(funded)[-1] == "1 remedy still open."
    services.settle_remedy(remedy, actor=staff_user, note="Check 1044 received.")
    remedy.refresh_from_db()
    assert remedy.status == "settled"
    assert Notice.objects.filter(kind="remedy_recorded", recipient=awardee_of(funded)).exists()


def test_an_extension_goes_through_an_agreement_amendment_and_moves_the_calendar(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first = file_report(report(funded, 1), 2500, 2500, today=LATER)
    assert first.shortfall == Decimal("1000")
    before = Obligation.objects.get(project=funded.project, key="term_end").due
    remedy = services.record_remedy(
        funded,
        Remedy.Kind.EXTENSION,
        actor=staff_user,
        report=first,
        months=3,
        reason="Makeup of the mileage shortfall (4.5), approved by the supervisor.",
    )
    assert remedy.amendment.kind == Amendment.Kind.EXTEND_TERM
    assert remedy.amendment.months == 3
    funded.refresh_from_db()
    assert funded.term_extension_months == 3
    assert Obligation.objects.get(project=funded.project, key="term_end").due == D(2024, 9, 1)
    assert before == D(2024, 6, 1)
    assert UsageReport.objects.filter(funded_project=funded).count() == 11
    assert Obligation.objects.filter(project=funded.project, key="report_11").exists()


def test_a_transfer_goes_through_an_agreement_amendment(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    new_owner = UserFactory(username="committed-operator")
    remedy = services.record_remedy(
        funded,
        Remedy.Kind.TRANSFER,
        actor=staff_user,
        new_owner_name="Harbor Haulers",
        new_owner=new_owner,
        reason="Approved by South Coast AQMD and US EPA.",
    )
    assert remedy.amendment.kind == Amendment.Kind.TRANSFER
    funded.agreement.refresh_from_db()
    assert funded.agreement.owner == new_owner
    assert selectors.reports_visible_to(new_owner).count() == 10
    assert selectors.reports_visible_to(awardee_of(funded)).count() == 0


def test_a_waiver_needs_a_reason_and_an_extension_months(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    with pytest.raises(services.ReportingError):
        services.record_remedy(funded, Remedy.Kind.WAIVER, actor=staff_user, reason=" ")
    from programs.rules.fields import InputError

    with pytest.raises(InputError) as error:
        services.record_remedy(funded, Remedy.Kind.EXTENSION, actor=staff_user, reason="x")
    assert "months" in error.value.errors
    waiver = services.record_remedy(funded, Remedy.Kind.WAIVER, actor=staff_user, reason="Port closure in 2020.")
    assert waiver.status == "settled"


def test_submitting_needs_every_figure_the_documents_and_the_year_end_certification(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first = report(funded, 1)
    awardee = awardee_of(funded)
    services.save_report(first, {"miles": "3000"}, actor=awardee)
    from programs.rules.fields import InputError

    with pytest.raises(InputError) as error:
        services.submit(first, actor=awardee, today=LATER)
    assert set(error.value.errors) == {"msa_miles", "energy_used_kwh"}
    with pytest.raises(InputError) as error:
        services.save_report(first, {"miles": "3000", "msa_miles": "3100"}, actor=awardee)
    assert "msa_miles" in error.value.errors
    services.save_report(first, {"miles": "3000", "msa_miles": "2900", "energy_used_kwh": "100"}, actor=awardee)
    with pytest.raises(services.ReportingError, match="Vehicle registration"):
        services.submit(first, actor=awardee, today=LATER)
    second = report(funded, 2)
    assert second.closes_year
    with pytest.raises(services.ReportingError, match="labor-law"):
        file_report(second, 3600, 3000, today=LATER, certify=False)
    filed = file_report(second, 3600, 3000, today=LATER)
    assert filed.labor_law_certified
    assert Obligation.objects.get(project=funded.project, key="certification_2").done_on == LATER


def test_staff_return_and_the_awardee_submits_again(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first = file_report(report(funded, 1), 3600, 3000, today=LATER)
    with pytest.raises(services.ReportingError):
        services.return_report(first, actor=staff_user, reason="")
    services.return_report(first, actor=staff_user, reason="The registration is expired.")
    first.refresh_from_db()
    assert first.status == "returned"
    assert Notice.objects.filter(kind="usage_report_returned", recipient=awardee_of(funded)).exists()
    first = file_report(first, 3600, 3000, today=LATER)
    assert first.status == "submitted"
    with pytest.raises(services.ReportingError):
        services.accept(first, actor=awardee_of(funded))


def test_an_overdue_report_can_request_an_inspection(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    first = report(funded, 1)
    with pytest.raises(services.ReportingError, match="not overdue"):
        services.request_inspection(first, actor=staff_user, reason="Check the logger", today=D(2019, 12, 1))
    services.request_inspection(first, actor=staff_user, reason="Check the data logger", today=D(2020, 3, 1))
    first.refresh_from_db()
    assert first.inspection_requested_by == staff_user
