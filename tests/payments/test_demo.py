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


def test_the_demo_separates_approving_countersigning_and_the_second_approval(demo):
    """Issue 21: ``staff`` approves, ``signatory`` countersigns, ``supervisor`` gives the second approval above the
    demo's PA2026-02 amount, so the approved $400,000.00 payment can still be released by ``finance``."""
    from django.contrib.auth import get_user_model

    from agreements.models import Agreement
    from agreements.services import countersign_refusal
    from programs.models import Program

    users = get_user_model().objects
    staff, signatory, supervisor = (users.get(username=name) for name in ("staff", "signatory", "supervisor"))
    assert signatory.has_perm("agreements.countersign_agreement") and not staff.has_perm(
        "agreements.countersign_agreement"
    )
    assert supervisor.has_perm("programs.supervise_program") and not staff.has_perm("programs.supervise_program")
    assert Program.objects.get(code="PA2026-02").second_approval_above == Decimal("300000.00")
    executed = Agreement.objects.filter(status=Agreement.Status.EXECUTED)
    assert executed.exists() and not executed.filter(countersigned_by=staff).exists()
    assert set(executed.values_list("countersigner_name", flat=True)) == {"Ana Ruiz"}
    signed = Agreement.objects.filter(status=Agreement.Status.SIGNED).first()
    assert countersign_refusal(signed, staff).startswith("You approved this award")
    assert countersign_refusal(signed, signatory) == ""
    approved = PaymentRequest.objects.get(created_by__username="applicant", status="approved")
    assert approved.second_approved_by == supervisor
