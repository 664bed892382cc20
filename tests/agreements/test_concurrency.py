"""Concurrent changes to one agreement on PostgreSQL with real threads: the agreement's row is locked and its state
re-read inside the lock, so a double click or two staff at once act one after the other."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.roles import Role
from agreements import services
from agreements.models import Agreement, Amendment, ProjectEvent
from funding import selectors as ledger
from tests.factories import UserFactory, approved_application, executed_agreement, signatory
from tests.funding.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("trial", range(2))
def test_two_countersignatures_at_once_execute_once(seeded, trial):
    staff = UserFactory(role=Role.STAFF)
    first, other = signatory(), signatory(name=("Sam", "Lee"))
    agreement = approved_application("PA2026-02", staff=staff).agreement
    services.send(agreement, actor=staff)
    services.sign(
        agreement, actor=agreement.application.applicant, name="Maria Lopez", title="Owner", consent=True, ip=None
    )

    def countersign(person):
        return lambda: services.countersign(Agreement.objects.get(pk=agreement.pk), actor=person)

    results = run_at_once([countersign(first), countersign(other)])
    assert sorted(result == "ok" for result in results) == [False, True], results
    assert "that is executed cannot be countersigned" in next(result for result in results if result != "ok")
    assert ProjectEvent.objects.filter(agreement=agreement, key="agreement_executed").count() == 1
    assert [step.action for step in Agreement.objects.get(pk=agreement.pk).steps.all()].count("countersign") == 1


def test_two_reductions_at_once_never_release_more_than_the_award(seeded):
    staff = UserFactory(role=Role.STAFF)
    agreement = executed_agreement("PA2026-02", staff=staff, on=dt.date(2026, 2, 10))
    project = agreement.funded_projects.get().project

    def reduce():
        return lambda: services.reduce_award(
            Agreement.objects.get(pk=agreement.pk),
            project,
            Decimal("250000.00"),
            actor=staff,
            reason="Lower price (test).",
        )

    results = run_at_once([reduce(), reduce()])
    assert results.count("ok") == 1, results
    assert "would leave nothing of the $150,000.00 award" in next(result for result in results if result != "ok")
    assert ledger.balances_by_project([project])[project.pk].encumbered == Decimal("150000.00")
    assert Amendment.objects.filter(agreement=agreement).count() == 1


def test_the_same_event_recorded_twice_at_once_is_recorded_once(seeded):
    staff = UserFactory(role=Role.STAFF)
    agreement = executed_agreement("PA2026-01", staff=staff, on=dt.date(2026, 2, 10))
    project = agreement.funded_projects.get().project

    def deliver():
        return lambda: services.record_event(project, "delivered", dt.date(2026, 6, 30), actor=staff)

    results = run_at_once([deliver(), deliver()])
    assert results.count("ok") == 1, results
    assert "already recorded on June 30, 2026" in next(result for result in results if result != "ok")
    assert ProjectEvent.objects.filter(project=project, key="delivered").count() == 1
