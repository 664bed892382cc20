"""Funding rounds with staff's decisions (issue 21): exclude, hold or waitlist a line with a reason before
approving; applicants not selected are told why; money that returns is offered to the waitlist in order, with staff
confirming. PA2026-02's fund has $1,000,000 left: two $400,000 trucks in full and the third partly."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from applications.models import Status
from funding import selectors, services
from funding.models import FundingRound, LedgerEntry, Recommendation
from notices.kinds import Kind
from notices.models import Notice
from tests.funding.test_rounds import fund, preview, three_trucks  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def previewed(staff_client, three_trucks, django_capture_on_commit_callbacks):  # noqa: F811
    return preview(staff_client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)


def line_of(funding_round, application):
    return funding_round.lines.get(application=application)


def decide(client, funding_round, line, action, reason):
    return client.post(
        reverse("funding:decide_line", args=[funding_round.pk, line.pk]), {"action": action, "reason": reason}
    )


def approve(client, funding_round):
    return client.post(reverse("funding:approve", args=[funding_round.pk]), {"reason": "Board action of Dec 5, 2026."})


def encumbered(application):
    return sum(
        (entry.amount for entry in LedgerEntry.objects.filter(application=application, kind="encumbrance")), D("0")
    )


def test_excluded_and_held_lines_are_left_out_of_the_approval_with_who_when_why(
    staff_client,
    staff_user,
    previewed,
    three_trucks,  # noqa: F811
):
    first, second, third = three_trucks
    response = decide(staff_client, previewed, line_of(previewed, second), "exclude", "Fleet size unverified.")
    assert response.status_code == 302
    decide(staff_client, previewed, line_of(previewed, third), "hold", "Waiting for the dealer's quote.")
    line = line_of(previewed, second)
    assert (line.action, line.action_reason, line.action_by) == ("exclude", "Fleet size unverified.", staff_user)
    assert line.action_at is not None
    page = staff_client.get(reverse("funding:round", args=[previewed.pk])).content.decode()
    assert "Fleet size unverified." in page and "Excluded" in page and "Held" in page
    assert "1 recommended award totalling <strong>$400,000.00</strong>" in page  # only the selected line
    assert approve(staff_client, previewed).status_code == 302
    previewed.refresh_from_db()
    assert previewed.status == FundingRound.Status.APPROVED
    for application in three_trucks:
        application.refresh_from_db()
    assert [application.status for application in three_trucks] == [Status.APPROVED, Status.COMPLETE, Status.COMPLETE]
    assert [encumbered(application) for application in three_trucks] == [D("400000.00"), D("0"), D("0")]


def test_a_decision_needs_a_reason_and_a_previewed_round(staff_user, previewed, three_trucks):  # noqa: F811
    line = line_of(previewed, three_trucks[0])
    with pytest.raises(services.FundingError, match="Say why"):
        services.decide_line(line, "exclude", actor=staff_user, reason="  ")
    with pytest.raises(services.FundingError, match="Choose"):
        services.decide_line(line, "approve", actor=staff_user, reason="x")
    services.decide_line(line, "waitlist", actor=staff_user, reason="Lower priority this round.")
    services.decide_line(line, "", actor=staff_user, reason="Board asked to fund it.")
    line.refresh_from_db()
    assert (line.action, line.action_reason) == ("", "Board asked to fund it.")
    services.approve_round(previewed, actor=staff_user, reason="Approved.")
    with pytest.raises(services.FundingError, match="Only a previewed round"):
        services.decide_line(line, "exclude", actor=staff_user, reason="Too late.")


def test_applicants_not_selected_are_told_why_in_their_language(staff_client, previewed, three_trucks):  # noqa: F811
    first, second, third = three_trucks
    decide(staff_client, previewed, line_of(previewed, second), "exclude", "Fleet size unverified.")
    decide(staff_client, previewed, line_of(previewed, third), "waitlist", "Partial offer declined by staff.")
    approve(staff_client, previewed)
    told = Notice.objects.filter(kind=Kind.ROUND_NOT_SELECTED)
    assert set(told.values_list("related_id", flat=True)) == {second.pk, third.pk}
    body = told.filter(related_id=second.pk).first().body_text
    assert "Excluded" in body and "Fleet size unverified." in body and second.reference in body
    assert "Waitlisted" in told.filter(related_id=third.pk).first().body_text
    assert not Notice.objects.filter(kind=Kind.ROUND_NOT_SELECTED, related_id=first.pk).exists()
    with translation.override("es"):
        from funding.notices import _outcome

        assert str(_outcome(line_of(previewed, second))) == "Excluido"


def test_returned_money_is_offered_to_the_waitlist_in_order_with_staff_confirming(
    staff_client,
    staff_user,
    previewed,
    three_trucks,  # noqa: F811
):
    first, second, third = three_trucks
    decide(staff_client, previewed, line_of(previewed, third), "waitlist", "Only a partial offer was possible.")
    approve(staff_client, previewed)
    round_url = reverse("funding:round", args=[previewed.pk])
    page = staff_client.get(round_url).content.decode()
    assert 'id="waitlist-lines"' in page and third.reference in page
    assert 'id="waitlist-waits"' in page and "Money returned" not in page  # $200,000.00 left, the award is $400,000
    line = line_of(previewed, third)
    with pytest.raises(services.FundingError):
        with translation.override("en"):
            services.offer_to_waitlist(line, actor=staff_user)
    assert encumbered(third) == D("0")
    # The first award is reduced by $200,000.00: $400,000.00 is now free, enough for the waitlisted truck.
    services.release(first.projects.get(), D("200000.00"), actor=staff_user, reason="Award reduced: lower quote.")
    page = staff_client.get(round_url).content.decode()
    assert "Money returned: offer it to the next waitlisted project" in page and "$400,000.00" in page
    response = staff_client.post(reverse("funding:offer_waitlist", args=[previewed.pk, line.pk]), {"reason": ""})
    assert response.status_code == 302
    third.refresh_from_db()
    line.refresh_from_db()
    assert third.status == Status.APPROVED and encumbered(third) == D("400000.00")
    assert LedgerEntry.objects.get(application=third, kind="encumbrance").funding_round == previewed
    assert line.offered_by == staff_user and line.offered_at is not None
    assert selectors.next_waitlisted(previewed) is None
    with pytest.raises(services.FundingError, match="next project on the waitlist"):
        services.offer_to_waitlist(line, actor=staff_user)
    assert "Funded from the waitlist" in staff_client.get(round_url).content.decode()


def test_the_waitlist_is_offered_in_the_ranking_order(staff_user, previewed, three_trucks):  # noqa: F811
    first, second, third = three_trucks
    services.decide_line(line_of(previewed, third), "waitlist", actor=staff_user, reason="Third.")
    services.decide_line(line_of(previewed, second), "waitlist", actor=staff_user, reason="Second.")
    services.approve_round(previewed, actor=staff_user, reason="Approved.")
    assert [line.application_id for line in selectors.waitlist(previewed)] == [second.pk, third.pk]
    assert selectors.next_waitlisted(previewed).application_id == second.pk
    with pytest.raises(services.FundingError, match="next project on the waitlist"):
        services.offer_to_waitlist(line_of(previewed, third), actor=staff_user)
    services.offer_to_waitlist(line_of(previewed, second), actor=staff_user)  # $600,000 left: the award fits
    assert encumbered(second) == D("400000.00")
    assert Recommendation.objects.get(pk=line_of(previewed, second).pk).offered_by == staff_user


def test_the_round_funds_follow_staff_decisions(staff_client, previewed, three_trucks):  # noqa: F811
    """The Funds table said the ranking's $1,000,000.00 recommended and $0.00 left after a $400,000.00 line was
    excluded; it now sets the decided lines aside and says so."""
    decide(staff_client, previewed, line_of(previewed, three_trucks[1]), "exclude", "Fleet size unverified.")
    funds, set_aside = selectors.funds_after_decisions(previewed)
    assert [(item["allocated"], item["left"]) for item in funds] == [(D("600000.00"), D("400000.00"))]
    assert set_aside == D("400000.00")
    page = staff_client.get(reverse("funding:round", args=[previewed.pk])).content.decode()
    table = page.split('id="round-funds"')[1].split("</table>")[0]
    assert "<strong>$600,000.00</strong>" in table and "$400,000.00" in table
    assert "set aside $400,000.00 of the ranking's offers" in page
