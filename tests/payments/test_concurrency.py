"""Two releases of the same approved request at the same moment pay once (PostgreSQL, real threads): the request's
row is locked and its state re-read inside the lock, and the disbursement is written in the same transaction."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from core.workflow import WorkflowError
from funding.models import LedgerEntry
from payments import services
from payments.models import PaymentRequest, Step
from tests.factories import UserFactory
from tests.payments.conftest import funded_project, submitted_request

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    results = [""] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            call()
            results[index] = "ok"
        except WorkflowError as error:
            results[index] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("trial", range(3))
def test_two_releases_at_once_pay_once(seeded, inspections, trial):
    staff = UserFactory(role=Role.STAFF)
    request = submitted_request(funded_project("PA2026-02", staff=staff))
    services.approve(request, actor=staff)
    finance = [UserFactory(role=Role.FINANCE) for _ in range(2)]

    def release(person, reference):
        return lambda: services.release(
            PaymentRequest.objects.get(pk=request.pk),
            actor=person,
            paid_on=timezone.localdate(),
            method="wire",
            reference=reference,
        )

    results = run_at_once([release(finance[0], "WIRE-A"), release(finance[1], "WIRE-B")])
    assert sorted(result == "ok" for result in results) == [False, True], results
    assert "paid cannot be released" in next(result for result in results if result != "ok")
    entries = LedgerEntry.objects.filter(project=request.project, kind="disbursement")
    assert [entry.amount for entry in entries] == [Decimal("400000.00")]
    assert Step.objects.filter(request=request, action="release").count() == 1
    request.refresh_from_db()
    assert request.status == PaymentRequest.Status.PAID and request.disbursements.get() == entries.get()


def test_two_approvals_at_once_approve_once(seeded, inspections):
    staff = [UserFactory(role=Role.STAFF) for _ in range(2)]
    request = submitted_request(funded_project("PA2026-02", staff=staff[0]))
    results = run_at_once(
        [
            lambda person=person: services.approve(PaymentRequest.objects.get(pk=request.pk), actor=person)
            for person in staff
        ]
    )
    assert results.count("ok") == 1, results
    assert Step.objects.filter(request=request, action="approve").count() == 1
