"""The permission matrix of the controls (issue 21): who may open the approve page, countersign, and give a second
approval, and each separation-of-duties refusal in words: the approver may not countersign; countersigning needs the
signatory permission; above a program's amount an award or a payment needs a supervisor's second approval, never by
the first approver; the two-person release stays."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements import services as agreement_services
from agreements.models import Agreement
from applications import services as application_services
from applications.models import Status
from funding.models import LedgerEntry
from payments import services as payment_services
from payments.models import PaymentRequest
from programs.models import Program
from tests.factories import UserFactory, approved_application, complete_application, signatory
from tests.payments.conftest import Inspections, submitted_request

pytestmark = pytest.mark.django_db

SECOND_APPROVAL_ABOVE = Decimal("300000.00")
"""A district setting for the test (the announcements name no such amount): PA2026-02's $400,000 truck award
(its award cap) and payment are above it."""


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, username="reviewer", first_name="Lena", last_name="Park")


@pytest.fixture
def inspections(monkeypatch):
    from payments import selectors

    stub = Inspections()
    monkeypatch.setattr(selectors, "clearances_for", stub)
    return stub


@pytest.fixture
def threshold(db):
    Program.objects.filter(code="PA2026-02").update(second_approval_above=SECOND_APPROVAL_ABOVE)


# --- The approve page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), (Role.APPLICANT, 404), (Role.FINANCE, 404), (Role.INSPECTOR, 403), (Role.BOARD_MEMBER, 403)],
)
def test_only_staff_who_decide_open_or_post_the_approve_page(client, staff_user, role, status):
    application = complete_application("PA2026-02", staff=staff_user)
    url = reverse("funding:approve_application", args=[application.pk])
    if role is not None:
        client.force_login(UserFactory(role=role))
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "x", "shown": "{}"}).status_code == status
    application.refresh_from_db()
    assert application.status == Status.COMPLETE and not application.ledger_entries.exists()
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


# --- Countersigning --------------------------------------------------------------------------------------------


@pytest.fixture
def signed(staff_user):
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    agreement_services.send(agreement, actor=staff_user)
    agreement_services.sign(
        agreement, actor=agreement.application.applicant, name="Maria Lopez", title="Owner", consent=True, ip=None
    )
    return agreement


def countersign_as(client, user, agreement):
    client.force_login(user)
    response = client.post(reverse("agreements:countersign", args=[agreement.pk]), follow=True)
    agreement.refresh_from_db()
    return response


def test_the_approver_cannot_countersign_even_with_signature_authority(client, staff_user, signed):
    staff_user.groups.add(*signatory().groups.filter(name=Role.SIGNATORY.value))
    response = countersign_as(client, type(staff_user).objects.get(pk=staff_user.pk), signed)
    assert "You approved this award, so you cannot also countersign its agreement" in response.content.decode()
    assert signed.status == Agreement.Status.SIGNED


def test_countersigning_needs_the_signatory_permission(client, signed):
    response = countersign_as(client, UserFactory(role=Role.STAFF, first_name="Kim", last_name="Cho"), signed)
    page = response.content.decode()
    assert "Countersigning needs signature authority for the district (the signatory permission)" in page
    assert 'id="countersign-refused"' in page and 'id="countersign"' not in page
    assert signed.status == Agreement.Status.SIGNED


def test_a_signatory_without_a_title_on_the_profile_is_told_so(client, signed):
    response = countersign_as(client, signatory(title=""), signed)
    assert "Your profile has no name and title to sign in" in response.content.decode()
    assert signed.status == Agreement.Status.SIGNED


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.BOARD_MEMBER, Role.FINANCE, Role.INSPECTOR])
def test_other_roles_cannot_reach_countersigning(client, signed, role):
    client.force_login(UserFactory(role=role))
    assert client.post(reverse("agreements:countersign", args=[signed.pk])).status_code == 404
    signed.refresh_from_db()
    assert signed.status == Agreement.Status.SIGNED


def test_a_signatory_countersigns_in_the_name_and_title_on_the_profile(client, signed):
    countersign_as(client, signatory(), signed)
    assert signed.status == Agreement.Status.EXECUTED
    assert (signed.countersigner_name, signed.countersigner_title) == ("Ana Ruiz", "Deputy Executive Officer")


@pytest.mark.pdf
def test_the_executed_agreement_prints_the_signatorys_name_and_title(signed):
    from agreements import documents

    agreement_services.countersign(signed, actor=signatory(), today=dt.date(2026, 2, 10))
    signed.refresh_from_db()
    html = documents.agreement_html(signed, executed=True)
    assert "<strong>Ana Ruiz</strong><br>Title: Deputy Executive Officer" in html


# --- An award's second approval ---------------------------------------------------------------------------------


def test_an_award_above_the_programs_amount_waits_for_a_supervisor(staff_user, threshold):
    application = complete_application("PA2026-02", staff=staff_user)
    first = application_services.approve(application, staff_user, "Eligible; first in line.")
    application.refresh_from_db()
    assert first.action == "first_approval" and first.figures["total"] == "400000.00"
    assert application.status == Status.COMPLETE and not application.ledger_entries.exists()

    with pytest.raises(application_services.WorkflowError) as refused:
        application_services.approve(application, staff_user)
    assert str(refused.value) == (
        "An award of $400,000.00 is above this program's $300,000.00: it needs a second approval by a supervisor, "
        "and you do not hold the supervisor permission."
    )
    supervisor = signatory("supervisor-1", name=("Rosa", "Diaz"), title="Program Supervisor", role=Role.SUPERVISOR)
    second = application_services.approve(application, supervisor, "Second approval.")
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert second.figures["second_approval_of"] == "reviewer"
    entry = application.ledger_entries.get()
    assert (entry.kind, entry.amount, entry.actor) == (LedgerEntry.Kind.ENCUMBRANCE, Decimal("400000.00"), supervisor)
    # Both approvers are kept from countersigning.
    for approver in (staff_user, supervisor):
        assert "You approved this award" in agreement_services.countersign_refusal(application.agreement, approver)


def test_the_first_approver_cannot_give_the_second_approval(staff_user, threshold):
    application = complete_application("PA2026-02", staff=staff_user)
    supervisor = signatory("supervisor-1", role=Role.SUPERVISOR)
    application_services.approve(application, supervisor)
    with pytest.raises(application_services.WorkflowError, match="You gave the first approval of this award"):
        application_services.approve(application, supervisor)
    application.refresh_from_db()
    assert application.status == Status.COMPLETE


def test_the_approve_page_shows_the_first_approval_and_who_gives_the_second(client, staff_user, threshold):
    application = complete_application("PA2026-02", staff=staff_user)
    application_services.approve(application, staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("funding:approve_application", args=[application.pk])).content.decode()
    notice = page.split('id="second-approval"')[1].split("</div>")[0]
    assert "Awards above $300,000.00 in this program need a second approval by a supervisor." in notice
    assert "First approval by Lena Park on" in notice and "a supervisor other than Lena Park" in notice
    # the first approver is told why before trying, and offered no button (issue 21: "shown on the page that
    # refuses it"); a supervisor is offered it
    assert (
        'id="refusal" role="alert">An award of $400,000.00 is above this program&#x27;s $300,000.00: it needs a '
        "second approval by a supervisor, and you do not hold the supervisor permission.</div>"
    ) in page
    assert 'id="approve-form"' not in page
    client.force_login(signatory("supervisor-1", role=Role.SUPERVISOR))
    page = client.get(reverse("funding:approve_application", args=[application.pk])).content.decode()
    assert 'id="refusal"' not in page and "Give the second approval" in page


def test_an_award_within_the_amount_needs_one_approval(staff_user):
    Program.objects.filter(code="PA2026-02").update(second_approval_above=Decimal("400000.00"))
    application = complete_application("PA2026-02", staff=staff_user)
    assert application_services.approve(application, staff_user).action == "approve"


# --- A payment's second approval and the two-person release ---------------------------------------------------


@pytest.fixture
def approved_payment(staff_user, inspections):
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    Program.objects.filter(code="PA2026-02").update(second_approval_above=SECOND_APPROVAL_ABOVE)  # after the award
    agreement_services.send(agreement, actor=staff_user)
    agreement_services.sign(
        agreement, actor=agreement.application.applicant, name="Maria Lopez", title="Owner", consent=True, ip=None
    )
    agreement_services.countersign(agreement, actor=signatory())
    funded = agreement.funded_projects.select_related("agreement__program", "project").get()
    request = submitted_request(funded)
    payment_services.approve(request, actor=staff_user)
    request.refresh_from_db()
    return request


def test_a_payment_above_the_amount_is_released_only_after_a_supervisors_second_approval(
    client, staff_user, approved_payment
):
    assert approved_payment.approved_amount == Decimal("400000.00")
    finance = UserFactory(role=Role.FINANCE)
    release = {"paid_on": dt.date.today(), "method": "ach", "reference": "ACH-1"}
    with pytest.raises(payment_services.PaymentError) as refused:
        payment_services.release(approved_payment, actor=finance, **release)
    assert str(refused.value) == (
        "A payment of $400,000.00 is above this program's $300,000.00: a supervisor gives the second approval "
        "before it is released."
    )
    for person, reason in (
        (staff_user, "your account does not hold the supervisor permission"),
        (UserFactory(role=Role.STAFF), "your account does not hold the supervisor permission"),
    ):
        with pytest.raises(payment_services.PaymentError, match=reason):
            payment_services.second_approve(approved_payment, actor=person)
    staff_user.groups.add(*signatory(role=Role.SUPERVISOR).groups.filter(name=Role.SUPERVISOR.value))
    with pytest.raises(payment_services.PaymentError, match="You approved this payment; a different supervisor"):
        payment_services.second_approve(approved_payment, actor=type(staff_user).objects.get(pk=staff_user.pk))

    supervisor = signatory("supervisor-2", name=("Rosa", "Diaz"), role=Role.SUPERVISOR)
    client.force_login(supervisor)
    page = client.get(reverse("payments:detail", args=[approved_payment.pk])).content.decode()
    assert "Give the second approval of $400,000.00" in page
    client.post(reverse("payments:second_approve", args=[approved_payment.pk]), {"note": "Checked."})
    approved_payment.refresh_from_db()
    assert approved_payment.second_approved_by == supervisor
    assert approved_payment.steps.filter(action="second_approve", actor=supervisor, reason="Checked.").exists()
    with pytest.raises(payment_services.PaymentError, match="already has its second approval"):
        payment_services.second_approve(approved_payment, actor=signatory("supervisor-3", role=Role.SUPERVISOR))

    payment_services.release(approved_payment, actor=finance, **release)
    approved_payment.refresh_from_db()
    assert approved_payment.status == PaymentRequest.Status.PAID


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.BOARD_MEMBER, Role.FINANCE, Role.INSPECTOR])
def test_other_roles_cannot_reach_the_second_approval(client, approved_payment, role):
    client.force_login(UserFactory(role=role))
    assert client.post(reverse("payments:second_approve", args=[approved_payment.pk])).status_code in (302, 404)
    approved_payment.refresh_from_db()
    assert approved_payment.second_approved_at is None


def test_the_approver_still_cannot_release(approved_payment, staff_user):
    staff_user.groups.add(*UserFactory(role=Role.FINANCE).groups.all())
    with pytest.raises(payment_services.PaymentError, match="The person who approved a payment cannot release it"):
        payment_services.release(
            approved_payment,
            actor=type(staff_user).objects.get(pk=staff_user.pk),
            paid_on=dt.date.today(),
            method="ach",
            reference="ACH-2",
        )
