"""Properties over any sequence of requests, approvals, releases and award reductions on a project: the total paid
never exceeds its award, and no fund's disbursed ever exceeds its encumbered (the ledger balances)."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from funding import selectors as funding_selectors
from funding import services as funding
from payments import selectors, services
from payments.models import PaymentRequest
from tests.factories import UserFactory
from tests.payments.conftest import awardee_of, funded_project, pdf

pytestmark = pytest.mark.django_db

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500000.00"), places=2)
percent = st.integers(min_value=0, max_value=100)
pay = st.tuples(st.just("pay"), money, st.one_of(st.just(Decimal("0.00")), money), percent)
reduce = st.tuples(st.just("reduce"), percent, st.just(None), st.just(0))


def reduce_award(funded, percent, staff):
    """An amendment reduces the award by ``percent`` of what is not yet paid (the ledger's release)."""
    outstanding = selectors.balance_of(funded.project).outstanding
    part = (outstanding * percent / 100).quantize(Decimal("0.01"))
    if part > 0:
        funding.release(funded.project, part, actor=staff, reason="Award reduced (property).")


def request_payment(funded, invoiced, other, staff, finance, reduce_before_release=0):
    """One request through approval and release; ``reduce_before_release`` percent of the award left is released
    between the approval and the release, so finance's re-check (and a new approval) decides what is paid."""
    awardee = awardee_of(funded)
    try:
        request = services.start_request(funded, actor=awardee)
    except services.PaymentError:
        return  # nothing left to pay
    services.save_request(request, {"invoice_date": timezone.localdate().isoformat()}, actor=awardee)
    services.add_line(request, kind="cost", description="Invoice", amount=invoiced, actor=awardee)
    if other:
        services.add_line(request, kind="other_funding", description="Other grant", amount=other, actor=awardee)
    services.add_document(request, slot="invoice", upload=pdf(), actor=awardee)
    services.submit(request, actor=awardee, certified=True)
    try:
        services.approve(request, actor=staff)
    except services.PaymentError:
        services.reject(request, actor=staff, reason="Nothing payable.")
        return
    reduce_award(funded, reduce_before_release, staff)
    request.refresh_from_db()
    try:
        services.release(request, actor=finance, paid_on=timezone.localdate(), method="ach", reference="P")
    except services.PaymentError:
        services.send_back(request, actor=finance, reason="The award changed.")
        try:
            services.approve(request, actor=staff)
        except services.PaymentError:
            services.reject(request, actor=staff, reason="Nothing payable now.")
            return
        request.refresh_from_db()
        services.release(request, actor=finance, paid_on=timezone.localdate(), method="ach", reference="P2")


def test_total_paid_never_exceeds_the_award_and_disbursed_never_exceeds_encumbered(
    staff_user, finance_user, inspections
):
    funded = funded_project("PA2025-04", staff=staff_user)
    award = funded.award

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(st.one_of(pay, reduce), min_size=1, max_size=5))
    def check(actions):
        with transaction.atomic():
            for action, amount, other, between in actions:
                if action == "pay":
                    request_payment(funded, amount, other, staff_user, finance_user, between)
                else:
                    reduce_award(funded, amount, staff_user)
                balance = selectors.balance_of(funded.project)
                paid = sum(
                    PaymentRequest.objects.filter(project=funded.project, status="paid").values_list(
                        "paid_amount", flat=True
                    ),
                    Decimal("0.00"),
                )
                assert paid == balance.disbursed <= balance.encumbered <= award
                for fund_balance in funding_selectors.balances_by_fund().values():
                    assert fund_balance.disbursed <= fund_balance.encumbered <= fund_balance.budget
            transaction.set_rollback(True)

    check()


def test_the_finance_role_is_a_distinct_second_person(db):
    """The Finance role releases and reads; it never approves (no change permission on payment requests)."""
    person = UserFactory(role=Role.FINANCE)
    assert person.has_perm("payments.release_paymentrequest") and person.has_perm("payments.view_paymentrequest")
    assert not person.has_perm("payments.change_paymentrequest") and not person.is_staff
    staff = UserFactory(role=Role.STAFF)
    assert staff.has_perm("payments.change_paymentrequest") and not staff.has_perm("payments.release_paymentrequest")
