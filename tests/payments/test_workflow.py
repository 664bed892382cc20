"""The request's journey through the services: the awardee prepares and submits, staff approve the computed amount
(never typed), return or reject, a second person with the finance permission releases it as a disbursement in the
fund ledger; who may do each step, what each step records, and who is told."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import MemberRole
from accounts.roles import Role
from accounts.services import add_member
from agreements.models import Obligation
from funding import selectors as funding_selectors
from funding.models import LedgerEntry
from notices.models import Notice
from payments import selectors, services
from payments.models import PaymentRequest, Step
from tests.factories import UserFactory
from tests.payments.conftest import awardee_of, funded_project, pdf, prepared_request, submitted_request

pytestmark = pytest.mark.django_db
Status = PaymentRequest.Status


@pytest.fixture
def funded(staff_user):
    return funded_project("PA2026-02", staff=staff_user)


@pytest.fixture
def approved(funded, staff_user, finance_user, inspections):
    request = submitted_request(funded)
    services.approve(request, actor=staff_user)
    request.refresh_from_db()
    return request


def release(request, actor, **kwargs):
    arguments = {"paid_on": timezone.localdate(), "method": "ach", "reference": "ACH-20261102-7", **kwargs}
    return services.release(request, actor=actor, **arguments)


# --- Starting and preparing ---------------------------------------------------------------------------------------


def test_only_the_awardee_starts_a_request_and_only_one_at_a_time(funded, staff_user):
    stranger = UserFactory(role=Role.APPLICANT)
    with pytest.raises(services.PaymentError, match="Only the awardee requests payment"):
        services.start_request(funded, actor=stranger)
    with pytest.raises(services.PaymentError, match="Only the awardee requests payment"):
        services.start_request(funded, actor=staff_user)
    first = services.start_request(funded, actor=awardee_of(funded))
    assert (first.number, first.status, first.program.code) == (1, Status.DRAFT, "PA2026-02")
    with pytest.raises(services.PaymentError, match="Payment request 1 for .* is still draft"):
        services.start_request(funded, actor=awardee_of(funded))


def test_no_request_before_the_agreement_is_executed(staff_user):
    from tests.factories import approved_application

    drafted = approved_application("PA2026-02", staff=staff_user).agreement.funded_projects.get()
    with pytest.raises(services.PaymentError):
        services.start_request(drafted, actor=drafted.agreement.application.applicant)


def test_cost_lines_add_up_to_the_invoiced_cost_and_other_funding(funded):
    request = prepared_request(funded, costs=("400000.00", "38500.00"), other=("25000.00",))
    assert (request.invoiced_eligible_cost, request.other_incentives) == (Decimal("438500.00"), Decimal("25000.00"))
    services.delete_line(request.lines.get(amount=Decimal("38500.00")), actor=awardee_of(funded))
    request.refresh_from_db()
    assert request.invoiced_eligible_cost == Decimal("400000.00")
    with pytest.raises(services.PaymentError, match="more than \\$0.00"):
        services.add_line(request, kind="cost", description="Nothing", amount=Decimal("0"), actor=awardee_of(funded))


def test_an_invoice_dated_in_the_future_is_refused(funded):
    request = services.start_request(funded, actor=awardee_of(funded))
    with pytest.raises(services.InputError) as raised:
        services.save_request(
            request, {"invoice_date": "2026-12-01"}, actor=awardee_of(funded), today=dt.date(2026, 11, 2)
        )
    assert raised.value.errors["invoice_date"] == "Invoice (payment request) date: December 1, 2026 is still to come."


def test_submitting_needs_the_documents_and_the_certification(funded, inspections):
    request = prepared_request(funded, documents=["itemized_invoice"])
    awardee = awardee_of(funded)
    with pytest.raises(services.PaymentError, match="Certify"):
        services.submit(request, actor=awardee, certified=False)
    with pytest.raises(services.PaymentError, match="Upload the required documents first: Signed sale agreement"):
        services.submit(request, actor=awardee, certified=True)
    assert request.status == Status.DRAFT


def test_a_consultant_prepares_but_the_owner_submits(funded, inspections):
    request = prepared_request(funded)
    consultant = add_member(
        funded.agreement.application.organization,
        email="helper@example.com",
        role=MemberRole.CONSULTANT,
        added_by=awardee_of(funded),
    )[0].user
    Group.objects.get(name=Role.APPLICANT.value).user_set.add(consultant)
    services.add_document(request, slot="warranty", upload=pdf("warranty-2.pdf"), actor=consultant)
    with pytest.raises(services.PaymentError, match="a consultant prepares them"):
        services.submit(request, actor=consultant, certified=True)
    services.submit(request, actor=awardee_of(funded), certified=True)


def test_submitting_completes_the_payment_request_obligation_and_tells_staff(funded, staff_user, inspections):
    request = submitted_request(funded)
    obligation = Obligation.objects.get(project=funded.project, key="payment_request")
    assert obligation.done_on == timezone.localdate() and obligation.record == request
    notice = Notice.objects.get(recipient=staff_user, kind="payment_submitted")
    assert notice.subject == f"Payment request to review: Payment request 1 for {funded.agreement.number} #1"
    assert notice.link.endswith(f"/payments/{request.pk}/")


# --- Staff ----------------------------------------------------------------------------------------------------------


def test_staff_approve_the_computed_amount_and_finance_is_told(funded, staff_user, finance_user, inspections):
    request = submitted_request(funded)
    services.approve(request, actor=staff_user, note="All documents in order.")
    request.refresh_from_db()
    assert (request.status, request.approved_amount, request.approved_by) == (
        Status.APPROVED,
        Decimal("400000.00"),
        staff_user,
    )
    assert request.computation["binding_limit"] == "award" and request.computation["payable"] == "400000.00"
    step = request.steps.get(action="approve")
    assert (step.actor, step.reason) == (staff_user, "All documents in order.")
    assert Notice.objects.filter(recipient=finance_user, kind="payment_to_release").exists()
    assert Notice.objects.get(recipient=awardee_of(funded), kind="payment_approved").subject == (
        f"Payment approved: Payment request 1 for {funded.agreement.number} #1"
    )


def test_a_board_member_or_finance_cannot_approve(funded, finance_user, inspections):
    request = submitted_request(funded)
    for person in (UserFactory(role=Role.BOARD_MEMBER), finance_user, awardee_of(funded)):
        with pytest.raises(services.PaymentError, match="Only program staff"):
            services.approve(request, actor=person)


def test_return_then_resubmit_then_reject(funded, staff_user, inspections):
    request = submitted_request(funded)
    with pytest.raises(services.PaymentError, match="Say why"):
        services.return_to_awardee(request, actor=staff_user, reason=" ")
    services.return_to_awardee(request, actor=staff_user, reason="The registration is for another truck.")
    notice = Notice.objects.get(recipient=awardee_of(funded), kind="payment_returned")
    assert "The registration is for another truck." in notice.body_text
    services.add_document(request, slot="registration", upload=pdf("registration-2.pdf"), actor=awardee_of(funded))
    services.submit(request, actor=awardee_of(funded), certified=True)
    services.reject(request, actor=staff_user, reason="The truck was bought before the agreement was executed.")
    request.refresh_from_db()
    assert request.status == Status.REJECTED
    assert list(request.steps.values_list("action", flat=True)) == [
        "start",
        "submit",
        "return_to_awardee",
        "submit",
        "reject",
    ]
    with pytest.raises(services.PaymentError, match="rejected cannot be changed"):
        services.add_line(request, kind="cost", description="x", amount=Decimal("1"), actor=awardee_of(funded))


def test_a_returned_request_is_the_awardees_to_change_again(funded, staff_user, inspections):
    request = submitted_request(funded)
    with pytest.raises(services.PaymentError, match="submitted, under review cannot be changed"):
        services.add_line(request, kind="cost", description="x", amount=Decimal("1"), actor=awardee_of(funded))
    services.return_to_awardee(request, actor=staff_user, reason="Add the tax line.")
    services.add_line(
        request, kind="cost", description="Sales tax", amount=Decimal("1500.00"), actor=awardee_of(funded)
    )


def test_staff_confirm_only_their_own_clearances(staff_user, inspections):
    funded = funded_project("PA2022-01", staff=staff_user)
    request = submitted_request(funded, invoice_date=dt.date(2024, 3, 1), costs=("450000.00",))
    with pytest.raises(services.PaymentError, match="not a clearance staff confirm"):
        services.confirm(request, "destruction_verified", actor=staff_user)
    services.confirm(request, "funding_sources_reported", actor=staff_user, note="CARB and HVIP: none.")
    services.unconfirm(request, "funding_sources_reported", actor=staff_user, reason="HVIP voucher found.")
    assert not request.confirmations.exists()
    assert request.steps.filter(action="unconfirm", reason__contains="HVIP voucher found.").exists()


# --- Finance ----------------------------------------------------------------------------------------------------------


def test_finance_releases_a_disbursement_in_the_fund_ledger(approved, finance_user):
    fund = approved.project.ledger_entries.get(kind="encumbrance").fund
    before = funding_selectors.balance_of_fund(fund)
    release(approved, finance_user, reference="ACH 0042")
    approved.refresh_from_db()
    assert (approved.status, approved.paid_amount, approved.payment_method, approved.payment_reference) == (
        Status.PAID,
        Decimal("400000.00"),
        "ach",
        "ACH 0042",
    )
    entry = approved.disbursements.get()
    assert (entry.kind, entry.amount, entry.actor, entry.fund) == (
        "disbursement",
        Decimal("400000.00"),
        finance_user,
        fund,
    )
    assert "ACH transfer ACH 0042" in entry.reason
    after = funding_selectors.balance_of_fund(fund)
    assert after.disbursed - before.disbursed == Decimal("400000.00") and after.encumbered == before.encumbered
    notice = Notice.objects.get(recipient=awardee_of(approved.funded_project), kind="payment_released")
    assert f"The district paid $400,000.00 on Payment request 1 for {approved.reference}" in notice.body_text


def test_the_approver_never_releases_even_holding_the_finance_permission(funded, staff_user, inspections):
    both = UserFactory(role=Role.STAFF)
    Group.objects.get(name=Role.FINANCE.value).user_set.add(both)
    request = submitted_request(funded)
    services.approve(request, actor=both)
    request.refresh_from_db()
    with pytest.raises(services.PaymentError, match="a second person releases it"):
        release(request, both)
    assert not LedgerEntry.objects.filter(kind="disbursement").exists()


def test_staff_without_the_finance_permission_cannot_release(approved, staff_user):
    other_staff = UserFactory(role=Role.STAFF)
    with pytest.raises(services.PaymentError, match="finance permission"):
        release(approved, other_staff)


def test_a_release_records_a_date_method_and_reference(approved, finance_user):
    with pytest.raises(services.PaymentError, match="reference"):
        release(approved, finance_user, reference=" ")
    with pytest.raises(services.PaymentError, match="how the payment was made"):
        release(approved, finance_user, method="cash")
    with pytest.raises(services.PaymentError, match="still to come"):
        release(approved, finance_user, paid_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(services.PaymentError, match="before the approval"):
        release(approved, finance_user, paid_on=timezone.localdate() - dt.timedelta(days=1))


def test_a_second_release_pays_nothing(approved, finance_user):
    release(approved, finance_user)
    with pytest.raises(services.PaymentError, match="paid cannot be released"):
        release(approved, UserFactory(role=Role.FINANCE))
    assert approved.project.ledger_entries.filter(kind="disbursement").count() == 1


def test_release_refuses_when_the_award_no_longer_allows_the_approved_amount(approved, finance_user, staff_user):
    from funding import services as funding

    funding.release(approved.project, Decimal("50000.00"), actor=staff_user, reason="Award reduced by amendment.")
    with pytest.raises(services.PaymentError, match=r"approved at \$400,000.00 but \$350,000.00 is payable now"):
        release(approved, finance_user)
    services.send_back(approved, actor=finance_user, reason="Award reduced; approve again.")
    approved.refresh_from_db()
    assert approved.status == Status.SUBMITTED and approved.approved_amount is None
    assert Notice.objects.filter(kind="payment_sent_back", recipient=staff_user).exists()
    services.approve(approved, actor=staff_user)
    approved.refresh_from_db()
    assert approved.approved_amount == Decimal("350000.00")


def test_closing_for_less_releases_the_rest_of_the_award(staff_user, finance_user, inspections):
    funded = funded_project("PA2025-04", staff=staff_user)
    request = submitted_request(funded, costs=("200000.00",))
    services.approve(request, actor=staff_user)
    request.refresh_from_db()
    release(request, finance_user)
    assert selectors.balance_of(funded.project).outstanding == Decimal("7200.00")  # $167,200 - 80% of $200,000
    [entry] = services.release_remainder(funded, actor=staff_user, reason="Final invoice paid; project complete.")
    assert (entry.kind, entry.amount) == ("release", Decimal("-7200.00"))
    balance = selectors.balance_of(funded.project)
    assert (balance.encumbered, balance.disbursed, balance.outstanding) == (
        Decimal("160000.00"),
        Decimal("160000.00"),
        0,
    )
    with pytest.raises(services.PaymentError, match="Nothing of this project's award is left to pay"):
        services.start_request(funded, actor=awardee_of(funded))


def test_closing_for_less_needs_a_payment_and_no_open_request(funded, staff_user, inspections):
    submitted_request(funded)
    with pytest.raises(services.PaymentError, match="still open"):
        services.release_remainder(funded, actor=staff_user, reason="x")


def test_withdrawing_keeps_the_record_and_frees_the_project(funded, inspections):
    request = submitted_request(funded)
    services.withdraw(request, actor=awardee_of(funded), reason="Wrong truck.")
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    second = services.start_request(funded, actor=awardee_of(funded))
    assert second.number == 2
    assert Step.objects.filter(request=request, action="withdraw", reason="Wrong truck.").exists()


def test_nothing_is_approved_or_released_once_the_agreement_is_no_longer_in_force(approved, staff_user, finance_user):
    from agreements.models import FundedProject

    FundedProject.objects.filter(pk=approved.funded_project_id).update(status=FundedProject.Status.TERMINATED)
    with pytest.raises(services.PaymentError, match="no longer in force"):
        release(approved, finance_user)
    assert not LedgerEntry.objects.filter(kind="disbursement").exists()
