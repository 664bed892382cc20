"""Concurrent approvals on PostgreSQL with real threads: the fund rows are locked and availability re-checked inside
the lock, so no fund ever goes below zero."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.roles import Role
from applications import services as application_services
from applications.models import Application, Status
from funding import selectors, services
from programs.models import Program
from tests.factories import UserFactory, complete_application

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(calls) -> list[str]:
    """Run each call in its own thread (its own database connection), all released together."""
    barrier = threading.Barrier(len(calls))
    results: list[str] = [""] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            call()
            results[index] = "ok"
        except application_services.WorkflowError as error:
            results[index] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def fund_of_500_000(seeded):
    staff = UserFactory(role=Role.STAFF)
    fund = Program.objects.get(code="PA2026-02").fund_sources.get()
    services.adjust_budget(
        fund,
        Decimal("500000.00") - Decimal("28000000.00"),
        actor=staff,
        reason="Test: a budget that fits one $400,000 award",
    )
    return fund, staff


def approve_by_id(application_id, staff):
    return lambda: application_services.approve(Application.objects.get(pk=application_id), staff)


@pytest.mark.parametrize("trial", range(3))
def test_two_approvals_over_a_budget_that_fits_one(fund_of_500_000, trial):
    fund, staff = fund_of_500_000
    first, second = (complete_application(staff=staff) for _ in range(2))
    results = run_at_once([approve_by_id(first.pk, staff), approve_by_id(second.pk, staff)])
    assert sorted(result == "ok" for result in results) == [False, True], results
    assert "can give it: $100,000.00" in next(result for result in results if result != "ok")
    balance = selectors.balance_of_fund(fund)
    assert (balance.encumbered, balance.available) == (Decimal("400000.00"), Decimal("100000.00"))
    statuses = sorted(Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == [Status.APPROVED, Status.COMPLETE]


def test_many_partial_offers_at_once_never_take_a_fund_below_zero(fund_of_500_000):
    fund, staff = fund_of_500_000
    applications = [complete_application(staff=staff) for _ in range(8)]

    def offer(application):
        project = application.projects.get()
        return lambda: application_services.approve(
            application, staff, offers=[services.Offer(project, Decimal("75000.00"))]
        )

    results = run_at_once([offer(application) for application in applications])
    assert results.count("ok") == 6  # 6 x $75,000 = $450,000 of $500,000; a seventh would need $525,000
    assert selectors.balance_of_fund(fund).available == Decimal("50000.00")


def test_ledger_writes_must_hold_the_lock_in_a_transaction(fund_of_500_000):
    fund, staff = fund_of_500_000
    application = complete_application(staff=staff)
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        services.encumber(
            application.program,
            [services.Offer(application.projects.get(), Decimal("1.00"))],
            actor=staff,
            reason="no transaction",
        )
    with transaction.atomic():
        services.encumber(
            application.program,
            [services.Offer(application.projects.get(), Decimal("1.00"))],
            actor=staff,
            reason="in a transaction",
        )
