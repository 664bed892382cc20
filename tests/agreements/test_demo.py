"""``seed_demo`` gives the demo applicant agreements in every state, with a reminder and an overdue notice."""

from io import StringIO

import pytest
from django.core.management import call_command

from agreements.models import Agreement, Amendment, Obligation
from notices.models import Notice

pytestmark = pytest.mark.django_db


def test_seed_demo_holds_agreements_in_several_states(demo):
    call_command("seed_demo", stdout=StringIO())  # twice: nothing added the second time
    agreements = Agreement.objects.filter(application__applicant__username="applicant").order_by("pk")
    assert [(agreement.program.code, agreement.status) for agreement in agreements] == [
        ("PA2026-02", "drafted"),
        ("PA2026-03", "sent"),
        ("PA2026-01", "signed"),
        ("PA2026-02", "executed"),
        ("PA2026-01", "executed"),
        ("PA2022-01", "terminated"),
    ]
    surrender = Obligation.objects.get(agreement=agreements[3], key="surrender_to_dismantler")
    certificate = Obligation.objects.get(agreement=agreements[4], key="certificate_of_destruction")
    assert (surrender.status, certificate.status) == ("due", "overdue")
    assert sorted(Amendment.objects.values_list("kind", flat=True)) == ["extend_milestone", "terminate"]
    kinds = set(Notice.objects.filter(recipient__username="applicant").values_list("kind", flat=True))
    assert {"agreement_ready", "agreement_executed", "obligation_due_soon", "obligation_overdue"} <= kinds
    assert Notice.objects.filter(recipient__username="staff", kind="agreement_signed").exists()
