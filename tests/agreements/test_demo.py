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
    # The two executed months ago come first: applied for in the original windows, before the demo's re-issues.
    assert [(agreement.program.code, agreement.status) for agreement in agreements] == [
        ("PA2026-02", "executed"),
        ("PA2026-01", "executed"),
        ("PA2026-02", "drafted"),
        ("PA2026-03", "sent"),
        ("PA2026-01", "signed"),
        ("PA2022-01", "terminated"),
    ]
    # One organization, one name; each executed agreement was applied for, approved, sent and signed before it was
    # executed.
    assert {agreement.awardee_name for agreement in agreements} == {"Harbor Freight Lines LLC"}
    for agreement in agreements[:2]:
        approved = agreement.application.decisions.get(to_status="approved").at
        assert approved < agreement.sent_at < agreement.signed_at < agreement.countersigned_at
        assert agreement.signed_at.date() <= agreement.executed_on
    surrender = Obligation.objects.get(agreement=agreements[0], key="surrender_to_dismantler")
    certificate = Obligation.objects.get(agreement=agreements[1], key="certificate_of_destruction")
    assert (surrender.status, certificate.status) == ("due", "overdue")
    assert sorted(Amendment.objects.values_list("kind", flat=True)) == ["extend_milestone", "terminate"]
    kinds = set(Notice.objects.filter(recipient__username="applicant").values_list("kind", flat=True))
    assert {"agreement_ready", "agreement_executed", "obligation_due_soon", "obligation_overdue"} <= kinds
    assert Notice.objects.filter(recipient__username="staff", kind="agreement_signed").exists()
