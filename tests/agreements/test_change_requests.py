"""The awardee's requests for a change (issue 22): an extension, a transfer or a withdrawal asked for on the agreement
page; staff approve it through the amendment services (the calendar moves exactly as for a staff amendment) or
decline it with a reason; the awardee is told either way."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements import services
from agreements.models import Agreement, ChangeRequest, Obligation
from notices.models import Notice
from tests.factories import PASSWORD, UserFactory, executed_agreement

pytestmark = pytest.mark.django_db

D = dt.date
EXECUTED = D(2026, 2, 10)
LATER = D(2031, 1, 1)


def delivered(staff_user):
    """A PA2026-02 truck delivered May 1 and commissioned May 15, 2026: its five-year term ends May 15, 2031."""
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    project = agreement.funded_projects.get().project
    services.record_event(project, "delivered", D(2026, 5, 1), actor=staff_user, today=LATER)
    services.record_event(project, "commissioned", D(2026, 5, 15), actor=staff_user, today=LATER)
    return agreement


def dues(agreement):
    return sorted(Obligation.objects.filter(agreement=agreement).values_list("key", "due"), key=str)


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def ask(client, agreement, **data):
    return client.post(reverse("agreements:request_change", args=[agreement.pk]), data)


def decide(client, change, **data):
    return client.post(reverse("agreements:decide", args=[change.agreement_id, change.pk]), data)


def test_an_approved_three_month_extension_moves_the_calendar_as_a_staff_amendment_does(client, staff_user):
    asked, amended = delivered(staff_user), delivered(staff_user)
    assert Obligation.objects.get(agreement=asked, key="term_end").due == D(2031, 5, 15)
    project = asked.funded_projects.get().project

    awardee = signed_in(client, asked.application.applicant)
    response = ask(
        awardee, asked, kind="extension", project=project.pk, months="3", reason="Engine repair kept the truck idle."
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert (change.kind, change.months, change.status) == ("extension", 3, "submitted")
    told = Notice.objects.get(recipient=staff_user, kind="change_requested")
    assert told.link.endswith(change.get_absolute_url()) and "Engine repair kept the truck idle." in told.body_text
    page = awardee.get(reverse("agreements:detail", args=[asked.pk])).content.decode()
    assert "Waiting for the District&#x27;s decision" in page and "3 more months" in page
    assert Obligation.objects.get(agreement=asked, key="term_end").due == D(2031, 5, 15)  # nothing moves yet

    staff = signed_in(client, staff_user)
    facts = staff.get(change.get_absolute_url()).content.decode()
    assert "May 15, 2031" in facts and "Engine repair kept the truck idle." in facts
    assert decide(staff, change, decision="approve", reason="Repair invoices seen.").status_code == 302
    services.extend_term(amended, amended.funded_projects.get().project, 3, actor=staff_user, reason="Staff amendment.")

    change.refresh_from_db()
    assert (change.status, change.decided_by, change.decision_reason) == (
        "approved",
        staff_user,
        "Repair invoices seen.",
    )
    assert (change.amendment.kind, change.amendment.months, change.amendment.number) == ("extend_term", 3, 1)
    assert "Engine repair kept the truck idle." in change.amendment.reason
    assert Obligation.objects.get(agreement=asked, key="term_end").due == D(2031, 8, 15)
    assert dues(asked) == dues(amended)
    notice = Notice.objects.get(recipient=asked.application.applicant, kind="change_request_decided")
    assert "approved" in notice.body_text and "Repair invoices seen." in notice.body_text
    assert notice.link.endswith(asked.get_absolute_url())


def test_declining_needs_a_reason_changes_nothing_and_tells_the_awardee_in_spanish(client, staff_user):
    agreement = delivered(staff_user)
    applicant = agreement.application.applicant
    applicant.profile.language = "es"
    applicant.profile.save()
    change = services.request_change(
        agreement,
        actor=applicant,
        kind="extension",
        project=agreement.funded_projects.get().project,
        months=3,
        reason="Late delivery.",
    )
    before = dues(agreement)
    staff = signed_in(client, staff_user)
    response = decide(staff, change, decision="decline", reason="")
    assert response.status_code == 400 and "Reason for the decision" in response.content.decode()
    with pytest.raises(services.AgreementError, match="reason for the decision"):
        services.decline_change(change, actor=staff_user, reason=" ")
    assert (
        decide(staff, change, decision="decline", reason="The delay is the vendor's, not covered.").status_code == 302
    )
    change.refresh_from_db()
    assert (change.status, change.amendment) == ("declined", None)
    assert dues(agreement) == before and not agreement.amendments.exists()
    notice = Notice.objects.get(recipient=applicant, kind="change_request_decided")
    assert "rechazó" in notice.body_text and "The delay is the vendor's, not covered." in notice.body_text
    with pytest.raises(services.AgreementError, match="already decided"):
        services.approve_change(change, actor=staff_user, reason="Changed my mind.")


def test_a_transfer_names_the_new_owners_account_and_a_withdrawal_terminates(client, staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    applicant = agreement.application.applicant
    transfer = services.request_change(
        agreement, actor=applicant, kind="transfer", new_owner_name="Valley Haulers LLC", reason="We sold the truck."
    )
    staff = signed_in(client, staff_user)
    response = decide(staff, transfer, decision="approve", reason="Buyer's compliance letter seen.")
    assert response.status_code == 400 and "Needed to approve a transfer." in response.content.decode()
    assert "Buyer&#x27;s compliance letter seen." in response.content.decode()  # nothing typed is lost
    buyer = UserFactory(role=Role.APPLICANT, username="valley-haulers")
    assert (
        decide(staff, transfer, decision="approve", new_owner="valley-haulers", reason="Letter seen.").status_code
        == 302
    )
    agreement.refresh_from_db()
    assert (agreement.owner, agreement.awardee_name) == (buyer, "Valley Haulers LLC")
    assert agreement.amendments.get().previous_owner_name != "Valley Haulers LLC"

    withdrawal = services.request_change(agreement, actor=buyer, kind="withdrawal", reason="Business closed.")
    services.approve_change(withdrawal, actor=staff_user, reason="Accepted.")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.TERMINATED
    assert withdrawal.amendment is None
    withdrawal.refresh_from_db()
    assert withdrawal.amendment.kind == "terminate"


def test_a_mistake_keeps_everything_typed_and_one_waiting_request_of_a_kind(client, staff_user):
    agreement = delivered(staff_user)
    awardee = signed_in(client, agreement.application.applicant)
    response = ask(awardee, agreement, kind="extension", months="", reason="Our driver was injured in March.")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Our driver was injured in March." in page and "Needed for this request." in page
    assert not ChangeRequest.objects.exists()
    project = agreement.funded_projects.get().project
    ask(awardee, agreement, kind="extension", project=project.pk, months="2", reason="Driver injured.")
    response = ask(awardee, agreement, kind="extension", project=project.pk, months="4", reason="Second try.")
    assert response.status_code == 400 and "already waiting" in response.content.decode()
    assert "Second try." in response.content.decode()
    assert ChangeRequest.objects.count() == 1


def test_only_an_executed_agreement_takes_requests(client, staff_user):
    from tests.factories import approved_application

    agreement = approved_application("PA2026-01", staff=staff_user).agreement
    services.send(agreement, actor=staff_user)
    applicant = agreement.application.applicant
    awardee = signed_in(client, applicant)
    assert "Ask for an extension" not in awardee.get(agreement.get_absolute_url()).content.decode()
    with pytest.raises(services.AgreementError, match="once the agreement is executed"):
        services.request_change(agreement, actor=applicant, kind="withdrawal", reason="Changed our plans.")
