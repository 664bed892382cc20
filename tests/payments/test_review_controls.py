"""Payment review beyond all or nothing (issue 21): staff disallow one cost line with the reason and the payable is
recomputed by the program's payment rules; documents already on file for the project (on the application, or on an
earlier payment request) are shown and not asked again."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from payments import selectors, services
from payments.rules.programs import PAYMENT_RULES
from tests.factories import AttachmentFactory, UserFactory
from tests.payments.conftest import awardee_of, funded_project, login, prepared_request, submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(staff_user, inspections):
    return funded_project("PA2026-02", staff=staff_user)


def test_a_disallowed_cost_is_kept_marked_and_the_payable_is_recomputed(client, staff_user, funded):
    request = submitted_request(funded, costs=("350000.00", "60000.00"))
    assert selectors.computation(request).payment.payable == Decimal("400000.00")  # PA2026-02's award, the cap
    extended = request.lines.get(description="Cost 2")
    login(client, staff_user)
    client.post(
        reverse("payments:line_disallow", args=[request.pk, extended.pk]),
        {"reason": "An extended warranty is not an eligible cost (Section 5)."},
    )
    request.refresh_from_db()
    extended.refresh_from_db()
    assert (extended.disallowed_by, extended.disallowed_reason) == (
        staff_user,
        "An extended warranty is not an eligible cost (Section 5).",
    )
    assert request.invoiced_eligible_cost == Decimal("350000.00")
    assert selectors.computation(request).payment.payable == Decimal("350000.00")
    step = request.steps.get(action="disallow_line")
    assert step.reason == (
        "Cost 2 ($60,000.00): An extended warranty is not an eligible cost (Section 5). Eligible cost $410,000.00 is "
        "now $350,000.00."
    )
    page = client.get(reverse("payments:detail", args=[request.pk])).content.decode()
    assert "Disallowed by Lena Park: An extended warranty is not an eligible cost (Section 5)." in page
    assert "<s>$60,000.00</s>" in page
    services.approve(request, actor=staff_user)
    request.refresh_from_db()
    assert request.approved_amount == Decimal("350000.00")
    # The awardee reads the reason on its own page.
    login(client, awardee_of(funded))
    assert "Disallowed by Lena Park" in client.get(reverse("payments:detail", args=[request.pk])).content.decode()


def test_disallowing_needs_a_reason_staff_and_a_cost(staff_user, funded):
    request = submitted_request(funded, costs=("350000.00",), other=("10000.00",))
    cost, grant = request.lines.get(kind="cost"), request.lines.get(kind="other_funding")
    with pytest.raises(services.PaymentError, match="Say why the cost is disallowed."):
        services.disallow_line(cost, actor=staff_user, reason=" ")
    with pytest.raises(services.PaymentError, match="Only program staff review payment requests."):
        services.disallow_line(cost, actor=awardee_of(funded), reason="mine")
    with pytest.raises(services.PaymentError, match="only a cost is disallowed"):
        services.disallow_line(grant, actor=staff_user, reason="not counted")
    services.disallow_line(cost, actor=staff_user, reason="Duplicate invoice.")
    with pytest.raises(services.PaymentError, match="already disallowed"):
        services.disallow_line(cost, actor=staff_user, reason="again")


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.BOARD_MEMBER, Role.FINANCE, Role.INSPECTOR])
def test_only_staff_reach_disallowing(client, funded, role):
    request = submitted_request(funded)
    line = request.lines.get()
    client.force_login(UserFactory(role=role))
    assert client.post(reverse("payments:line_disallow", args=[request.pk, line.pk]), {"reason": "x"}).status_code in (
        302,
        404,
    )
    line.refresh_from_db()
    assert line.disallowed_at is None


def test_the_awardees_own_account_cannot_disallow_through_the_page(client, funded):
    request = submitted_request(funded)
    login(client, awardee_of(funded))
    line = request.lines.get()
    assert (
        client.post(reverse("payments:line_disallow", args=[request.pk, line.pk]), {"reason": "x"}).status_code == 404
    )


def test_documents_on_the_application_are_shown_and_not_asked_again(client, staff_user, funded):
    """PA2026-02 asks for proof of fleet compliance both with the application (Attachment A) and for payment
    (SECTION 5): the application's file counts."""
    application = funded.project.application
    AttachmentFactory(application=application, slot="fleet_compliance", original_name="fleet-compliance-2026.pdf")
    every = [doc.key for doc in PAYMENT_RULES["PA2026-02"].documents if doc.needed == "always"]
    request = prepared_request(funded, documents=[key for key in every if key != "fleet_compliance"])
    result = selectors.computation(request)
    need = next(need for need in result.checklist if need.key == "fleet_compliance")
    assert not need.missing and [held.name for held in need.on_file] == ["fleet-compliance-2026.pdf"]
    assert "fleet_compliance" not in {doc.key for doc in result.payment.documents_missing}
    login(client, awardee_of(funded))
    page = client.get(reverse("payments:detail", args=[request.pk])).content.decode()
    assert "Already on file with the district, from the application:" in page
    assert "fleet-compliance-2026.pdf" in page and "(no need to upload it again)" in page
