"""Two staff decisions on the same submitted report at the same moment (PostgreSQL, real threads): the inspection's
row is locked and its state re-read inside the lock, so one decides and the other is told it is already decided."""

import pytest

from accounts.roles import Role
from inspections import services
from inspections.models import Inspection, Step
from tests.factories import UserFactory
from tests.payments.test_concurrency import run_at_once

from .conftest import funded, inspected

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("trial", range(3))
def test_accept_and_return_at_once_decide_once(seeded, trial, monkeypatch):
    from agreements import documents
    from tests.factories import PDF_BYTES

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)
    staff = [UserFactory(role=Role.STAFF) for _ in range(2)]
    inspector = UserFactory(role=Role.INSPECTOR)
    line = funded("PA2026-02", staff=staff[0])
    inspection = inspected(services.open_inspection(line.project, "post", actor=staff[0]), inspector, staff=staff[0])

    results = run_at_once(
        [
            lambda: services.accept(Inspection.objects.get(pk=inspection.pk), actor=staff[0]),
            lambda: services.return_report(
                Inspection.objects.get(pk=inspection.pk), actor=staff[1], reason="Blurred photos."
            ),
        ]
    )
    assert sorted(result == "ok" for result in results) == [False, True], results
    refused = next(result for result in results if result != "ok")
    assert refused in (
        "This inspection's status is “Report accepted”: it cannot be returned now.",
        "This inspection's status is “Returned for correction”: it cannot be accepted now.",
    )
    decisions = Step.objects.filter(inspection=inspection, action__in=["accept", "send_back"])
    assert decisions.count() == 1
    assert Inspection.objects.filter(project=line.project, kind="post").count() == (
        2 if decisions.get().action == "send_back" else 1
    )
