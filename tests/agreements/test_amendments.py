"""Amendments: each its own record and PDF; extensions move the calendar, reductions and terminations release money
in the fund ledger, a transfer hands the agreement to its new owner."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from accounts.roles import Role
from agreements import selectors, services
from agreements.models import Agreement, Amendment, FundedProject, Obligation
from funding import selectors as ledger
from funding.models import LedgerEntry
from tests.factories import UserFactory, approved_application, executed_agreement

pytestmark = pytest.mark.django_db

D = dt.date
EXECUTED = D(2026, 2, 10)
LATER = D(2031, 1, 1)


def project_of(agreement):
    return agreement.funded_projects.get().project


def obligation(agreement, key):
    return Obligation.objects.get(agreement=agreement, key=key)


def test_extending_the_term_makes_up_a_shortfall_with_more_reports(staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    project = project_of(agreement)
    services.record_event(project, "delivered", D(2026, 5, 1), actor=staff_user, today=LATER)
    services.record_event(project, "commissioned", D(2026, 5, 15), actor=staff_user, today=LATER)
    assert obligation(agreement, "term_end").due == D(2031, 5, 15)
    amendment = services.extend_term(
        agreement,
        project,
        6,
        actor=staff_user,
        today=D(2027, 6, 1),
        reason="Usage shortfall of 1,200 miles in year 1 (Section 4.5).",
    )
    assert (amendment.number, amendment.kind, amendment.months) == (1, "extend_term", 6)
    assert obligation(agreement, "term_end").due == D(2031, 11, 15)
    assert Obligation.objects.filter(agreement=agreement, kind="report").count() == 11
    assert hashlib.sha256(amendment.document.read()).hexdigest() == amendment.sha256
    assert selectors.agreement_values(project)["term_extension_months"] == 6


def test_extending_a_deadline_keeps_the_date_it_had(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    project = project_of(agreement)
    amendment = services.extend_milestone(
        agreement,
        project,
        "final_invoice",
        D(2028, 6, 30),
        actor=staff_user,
        reason="Extended at the district's discretion (Section 6.1).",
    )
    invoice = obligation(agreement, "final_invoice")
    assert (invoice.due, invoice.original_due, invoice.extended_by) == (D(2028, 6, 30), D(2028, 2, 28), amendment)
    assert amendment.previous_due == D(2028, 2, 28)
    with pytest.raises(services.AgreementError, match="not later than the due date, June 30, 2028"):
        services.extend_milestone(agreement, project, "final_invoice", D(2028, 6, 30), actor=staff_user, reason="x")
    with pytest.raises(services.AgreementError, match="no due date yet"):
        services.extend_milestone(
            agreement, project, "destroy_old_equipment", D(2028, 6, 30), actor=staff_user, reason="x"
        )
    # A later event keeps the extension (the certificate is dated by the destruction, the invoice by the round).
    services.record_event(project, "delivered", D(2026, 6, 1), actor=staff_user, today=LATER)
    assert obligation(agreement, "final_invoice").due == D(2028, 6, 30)


def test_reducing_the_award_releases_the_money_in_the_ledger(staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    project = project_of(agreement)
    fund = agreement.program.fund_sources.get()
    available = ledger.balance_of_fund(fund).available
    amendment = services.reduce_award(
        agreement,
        project,
        Decimal("50000.00"),
        actor=staff_user,
        reason="The final price of the truck was lower than quoted.",
    )
    assert amendment.released == Decimal("50000.00")
    assert agreement.funded_projects.get().award == Decimal("350000.00")
    assert ledger.balances_by_project([project])[project.pk].encumbered == Decimal("350000.00")
    assert ledger.balance_of_fund(fund).available == available + Decimal("50000.00")
    assert LedgerEntry.objects.get(kind="release").amount == Decimal("-50000.00")
    assert selectors.agreement_values(project)["award"] == Decimal("350000.00")
    with pytest.raises(services.AgreementError, match="terminate the project instead"):
        services.reduce_award(agreement, project, Decimal("350000.00"), actor=staff_user, reason="x")


def test_a_reduction_never_releases_money_already_paid(staff_user):
    from funding import services as funding

    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    project = project_of(agreement)
    funding.disburse(project, Decimal("380000.00"), actor=staff_user, reason="Check 1001")
    with pytest.raises(funding.FundingError, match="Only \\$20,000.00 of this project's award is not yet paid"):
        services.reduce_award(agreement, project, Decimal("50000.00"), actor=staff_user, reason="x")
    assert not Amendment.objects.exists() and agreement.funded_projects.get().award == Decimal("400000.00")


def test_terminating_releases_everything_not_yet_paid(staff_user):
    from funding import services as funding

    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    project = project_of(agreement)
    funding.disburse(project, Decimal("100000.00"), actor=staff_user, reason="Check 1002")
    amendment = services.terminate(agreement, actor=staff_user, reason="The awardee sold the terminal.")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.TERMINATED
    assert amendment.released == Decimal("200000.00")
    balance = ledger.balances_by_project([project])[project.pk]
    assert (balance.encumbered, balance.disbursed) == (Decimal("100000.00"), Decimal("100000.00"))
    assert set(Obligation.objects.filter(agreement=agreement).values_list("status", flat=True)) == {"cancelled"}
    assert not selectors.is_executed(project)
    assert [step.action for step in agreement.steps.all()][-1] == "terminate"


def test_a_declined_award_is_terminated_before_execution(staff_user):
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    fund = agreement.program.fund_sources.get()
    before = ledger.balance_of_fund(fund).available
    services.terminate(agreement, actor=staff_user, reason="The awardee declined the award in writing.")
    assert agreement.status == Agreement.Status.TERMINATED
    assert ledger.balance_of_fund(fund).available == before + Decimal("400000.00")


def test_terminating_one_project_of_two(staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED, projects=({}, {}))
    first, second = [funded.project for funded in agreement.funded_projects.order_by("position")]
    services.terminate(agreement, actor=staff_user, reason="Truck 2 was never delivered.", project=second)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.EXECUTED
    assert FundedProject.objects.get(project=second).status == "terminated"
    assert selectors.is_executed(first) and not selectors.is_executed(second)
    assert ledger.balances_by_project([second])[second.pk].encumbered == Decimal("0.00")


def test_a_transfer_hands_the_agreement_to_the_new_owner(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    previous = agreement.application.applicant
    new_owner = UserFactory(role=Role.APPLICANT, username="harbor-ops")
    amendment = services.transfer(
        agreement,
        new_owner_name="Harbor Operations LLC",
        new_owner=new_owner,
        actor=staff_user,
        reason="Justification approved by South Coast AQMD and US EPA on March 3, 2027 (Section 6.5).",
    )
    assert (amendment.previous_owner_name, amendment.new_owner_name) == (
        "Pacific Gateway Terminals LLC",
        "Harbor Operations LLC",
    )
    assert list(selectors.agreements_visible_to(new_owner)) == [agreement]
    assert not selectors.agreements_visible_to(previous).exists()
    assert selectors.awardees_of(agreement) == [new_owner]
    with pytest.raises(services.AgreementError, match="an applicant's account"):
        services.transfer(agreement, new_owner_name="X", new_owner=staff_user, actor=staff_user, reason="x")


def test_only_staff_amend_and_only_an_executed_agreement(staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    project = project_of(agreement)
    for person in (agreement.application.applicant, UserFactory(role=Role.BOARD_MEMBER)):
        with pytest.raises(services.AgreementError, match="Only program staff"):
            services.extend_term(agreement, project, 6, actor=person, reason="x")
    with pytest.raises(services.AgreementError, match="Give the reason"):
        services.extend_term(agreement, project, 6, actor=staff_user, reason=" ")
    draft = approved_application("PA2026-02", staff=staff_user).agreement
    with pytest.raises(services.AgreementError, match="Only an executed rebate agreement is amended"):
        services.extend_term(draft, project_of(draft), 6, actor=staff_user, reason="x")
    assert Amendment.objects.count() == 0


def test_closing_an_executed_agreement(staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    with pytest.raises(services.AgreementError, match="Say why"):
        services.close(agreement, actor=staff_user, reason="")
    services.close(agreement, actor=staff_user, reason="Every report accepted and the rebate paid (Section 6.6).")
    assert agreement.status == Agreement.Status.CLOSED
    assert agreement.funded_projects.get().status == "closed"
    assert not selectors.is_executed(project_of(agreement))
    assert not Obligation.objects.filter(agreement=agreement, status__in=["due", "overdue", "waiting"]).exists()
    draft = approved_application("PA2026-02", staff=staff_user).agreement
    with pytest.raises(services.AgreementError, match="that is drafted cannot be closed"):
        services.close(draft, actor=staff_user, reason="x")
