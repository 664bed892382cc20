"""THE interface to payments, for real (no stub): a PA2026-02 request is held until the new vehicle's inspection
and the old vehicle's scrapping are verified, and the holds lift when both inspections pass."""

import datetime as dt

import pytest
from django.utils import timezone

from core.workflow import WorkflowError
from inspections import selectors, services
from inspections.models import Inspection
from payments import selectors as payments
from payments import services as payment_services
from tests.payments.conftest import submitted_request

from .conftest import awardee_of, funded, inspected, pdf

pytestmark = pytest.mark.django_db


def inspection_holds(request):
    payment = payments.computation(request).payment
    return sorted(hold.hold for hold in payment.holds)


def test_payment_holds_lift_when_the_inspections_pass(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    request = submitted_request(line)
    assert inspection_holds(request) == ["destruction_verified", "new_vehicle_inspection_passed"]
    rows = {row.key: row for row in payments.clearance_rows(request)}
    assert rows["new_vehicle_inspection_passed"].reason == "the inspection of the new vehicle has not been opened yet"
    with pytest.raises(WorkflowError, match="Payment is held"):
        payment_services.approve(request, actor=staff_user)

    project, awardee = line.project, awardee_of(line)
    post = services.report_ready(project, "post", timezone.localdate() - dt.timedelta(days=3), actor=awardee)
    services.accept(inspected(post, inspector, staff=staff_user), actor=staff_user)
    assert inspection_holds(request) == ["destruction_verified"]

    services.add_document(
        project, "dismantler_receipt", timezone.localdate() - dt.timedelta(days=2), pdf(), actor=awardee
    )
    destruction = Inspection.objects.get(project=project, kind="destruction")
    services.accept(inspected(destruction, inspector, staff=staff_user), actor=staff_user)
    assert inspection_holds(request) == []
    assert selectors.cleared_for_payment(project) == (True, "every inspection the payment needs has passed")
    approved = payment_services.approve(request, actor=staff_user)
    assert approved.status == "approved"
