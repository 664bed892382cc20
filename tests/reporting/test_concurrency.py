"""Two staff closing out the same project at the same moment close it once and release its award once; an accept and
a return of the same report at once decide it once (PostgreSQL, real threads): the agreement's and the report's rows
are locked and the state re-read inside the lock."""

import datetime as dt

import pytest

from accounts.roles import Role
from agreements.models import FundedProject
from funding.models import LedgerEntry
from reporting import services
from reporting.models import Closeout, UsageReport
from tests.factories import UserFactory
from tests.payments.test_concurrency import run_at_once
from tests.reporting.conftest import file_report, in_reporting

pytestmark = pytest.mark.django_db(transaction=True)
LATER = dt.date(2035, 1, 1)


@pytest.fixture(autouse=True)
def _pdfs(monkeypatch):
    from agreements import documents
    from tests.factories import PDF_BYTES

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)


def test_two_closeouts_at_once_close_once_and_release_once(seeded):
    staff = [UserFactory(role=Role.STAFF) for _ in range(2)]
    funded = in_reporting("PA2026-02", staff=staff[0])
    for report in UsageReport.objects.filter(funded_project=funded).order_by("number"):
        file_report(report, 3600, 3000, today=LATER)
        services.accept(report, actor=staff[0])

    def close(person):
        return lambda: services.close_project(FundedProject.objects.get(pk=funded.pk), actor=person, note="Checked")

    results = run_at_once([close(staff[0]), close(staff[1])])
    assert sorted(result == "ok" for result in results) == [False, True], results
    assert Closeout.objects.filter(funded_project=funded).count() == 1
    assert LedgerEntry.objects.filter(project=funded.project, kind="release").count() == 1


def test_accept_and_return_at_once_decide_once(seeded):
    staff = [UserFactory(role=Role.STAFF) for _ in range(2)]
    funded = in_reporting("PA2026-02", staff=staff[0])
    report = file_report(UsageReport.objects.get(funded_project=funded, number=1), 3600, 3000, today=LATER)
    results = run_at_once(
        [
            lambda: services.accept(UsageReport.objects.get(pk=report.pk), actor=staff[0]),
            lambda: services.return_report(UsageReport.objects.get(pk=report.pk), actor=staff[1], reason="Fix it"),
        ]
    )
    assert sorted(result == "ok" for result in results) == [False, True], results
    report.refresh_from_db()
    assert report.status in ("accepted", "returned")
    assert report.history.filter(status__in=["accepted", "returned"]).count() == 1
