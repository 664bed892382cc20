"""``seed_demo`` holds payment requests in every state on the demo fleet's PA2026-02 agreement."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from funding.models import LedgerEntry
from payments.models import PaymentRequest

pytestmark = pytest.mark.django_db


def test_seed_demo_has_payment_requests_in_every_state(demo):
    call_command("seed_demo", stdout=StringIO())  # twice: nothing added the second time
    requests = PaymentRequest.objects.filter(created_by__username="applicant")
    assert {value for value, _ in PaymentRequest.Status.choices} == set(requests.values_list("status", flat=True))
    paid = requests.get(status="paid")
    assert (paid.paid_amount, paid.approved_by.username, paid.released_by.username) == (
        Decimal("400000.00"),
        "staff",
        "finance",
    )
    assert LedgerEntry.objects.get(kind="disbursement", project=paid.project).amount == Decimal("400000.00")
    assert requests.get(status="approved").approved_amount == Decimal("400000.00")
    assert requests.get(status="returned").steps.last().reason.startswith("The registration uploaded")
    assert requests.count() == 7
