"""The permission matrix for the awardee's requests for a change (issue 22): the awardee organization's own people
(owner, staff; never a consultant) ask on their executed agreement's page; program staff decide on the decision
page; board members read the page and decide nothing; another applicant, inspectors, port representatives and
finance get 404 on both; anonymous visitors sign in. No refused request changes anything."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import MemberRole, Membership
from accounts.roles import Role
from agreements import services
from agreements.models import ChangeRequest
from tests.factories import PASSWORD, UserFactory, executed_agreement

pytestmark = pytest.mark.django_db

ASK = {"kind": "withdrawal", "reason": "We are closing."}
DECIDE = {"decision": "approve", "reason": "Accepted."}


@pytest.fixture
def world():
    staff = UserFactory(role=Role.STAFF)
    agreement = executed_agreement("PA2026-01", staff=staff, on=dt.date(2026, 2, 10))
    change = services.request_change(
        agreement,
        actor=agreement.application.applicant,
        kind="transfer",
        new_owner_name="Valley Haulers LLC",
        reason="Truck sold.",
    )
    consultant = UserFactory(role=Role.APPLICANT)
    Membership.objects.create(
        organization=agreement.application.organization, user=consultant, role=MemberRole.CONSULTANT
    )
    return {"staff": staff, "agreement": agreement, "change": change, "consultant": consultant}


def urls(world):
    agreement, change = world["agreement"], world["change"]
    return (
        reverse("agreements:request_change", args=[agreement.pk]),
        reverse("agreements:decide", args=[agreement.pk, change.pk]),
    )


def unchanged(world):
    return ChangeRequest.objects.count() == 1 and ChangeRequest.objects.get().status == "submitted"


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_anonymous_visitors_sign_in_first(client, world):
    ask, decide = urls(world)
    for response in (client.post(ask, ASK), client.get(decide), client.post(decide, DECIDE)):
        assert response.status_code == 302 and "login" in response["Location"]
    assert unchanged(world)


def test_the_awardee_asks_and_never_decides(client, world):
    ask, decide = urls(world)
    awardee = signed_in(client, world["agreement"].application.applicant)
    assert "Ask for an extension" in awardee.get(world["agreement"].get_absolute_url()).content.decode()
    assert awardee.get(decide).status_code == 404 and awardee.post(decide, DECIDE).status_code == 404
    assert unchanged(world)
    assert awardee.post(ask, ASK).status_code == 302
    assert ChangeRequest.objects.filter(kind="withdrawal", status="submitted").count() == 1


def test_a_consultant_of_the_organization_reads_but_does_not_ask(client, world):
    ask, decide = urls(world)
    consultant = signed_in(client, world["consultant"])
    page = consultant.get(world["agreement"].get_absolute_url())
    assert page.status_code == 200 and "Ask for an extension" not in page.content.decode()
    assert consultant.post(ask, ASK).status_code == 404
    assert consultant.get(decide).status_code == 404
    assert unchanged(world)


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.INSPECTOR, Role.PORT_REPRESENTATIVE, Role.FINANCE])
def test_everyone_else_gets_404(client, world, role):
    ask, decide = urls(world)
    other = signed_in(client, UserFactory(role=role))
    assert other.post(ask, ASK).status_code == 404
    assert other.get(decide).status_code == 404 and other.post(decide, DECIDE).status_code == 404
    assert unchanged(world)


def test_board_members_decide_nothing(client, world):
    ask, decide = urls(world)
    board = signed_in(client, UserFactory(role=Role.BOARD_MEMBER))
    page = board.get(world["agreement"].get_absolute_url()).content.decode()
    assert "Valley Haulers LLC" in page and "Ask for an extension" not in page
    assert board.get(decide).status_code == 404 and board.post(decide, DECIDE).status_code == 404
    assert board.post(ask, ASK).status_code == 404
    assert unchanged(world)


def test_staff_decide_and_do_not_ask(client, world):
    ask, decide = urls(world)
    staff = signed_in(client, world["staff"])
    assert staff.post(ask, ASK).status_code == 404
    page = staff.get(decide)
    assert page.status_code == 200 and "Valley Haulers LLC" in page.content.decode()
    assert unchanged(world)
    assert staff.post(decide, {"decision": "decline", "reason": "No buyer's letter."}).status_code == 302
    assert ChangeRequest.objects.get().status == "declined"
    assert staff.get(decide).status_code == 200 and 'id="decide"' not in staff.get(decide).content.decode()
