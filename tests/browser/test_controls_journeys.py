"""Decisions with the facts and the controls (issue 21, "Done means"), in a real Chromium at 1280 px:

- a supervisor's second approval: an award above the program's ``second_approval_above`` approved by staff waits,
  the first approver is refused the second in words, a supervisor approves it second; a supervisor who gave the
  first approval of another is refused its second;
- a funding round with one project excluded and one waitlisted (with reasons), the round approved, the
  non-selection notice read by the waitlisted applicant, an award reduced by amendment and the waitlisted project
  offered the money and funded when staff confirm;
- a payment with one cost line disallowed with the reason and the payable recomputed.

Screenshots go to ``/tmp/shots_journeys/``."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from agreements import services as agreements
from applications.models import Status
from funding import services as funding
from funding.models import LedgerEntry
from programs.models import Program
from tests.browser.menu import go
from tests.browser.second_factor import sign_in, sign_out
from tests.factories import UserFactory, complete_application, signatory
from tests.payments.conftest import Inspections, funded_project, submitted_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots_journeys")
D = Decimal


def shot(page: Page, name: str) -> None:
    """A full-page screenshot; at 1280 px the main menu is one row, whoever is signed in (issue 21)."""
    navbar = page.locator("nav.portal-navbar")
    if page.viewport_size["width"] == 1280 and navbar.count():
        assert navbar.bounding_box()["height"] < 70, f"{name}: the menu wraps"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
            f"{name}: the page scrolls sideways"
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def encumbered(application) -> Decimal:
    return sum(
        (entry.amount for entry in LedgerEntry.objects.filter(application=application, kind="encumbrance")), D("0")
    )


@pytest.fixture
def wide(page: Page) -> Page:
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


def open_approval(page: Page, application) -> None:
    """From My work's review queue to the application's review page, and its Approve decision."""
    if page.locator("#site-name").count():
        page.locator("#site-name a").click()  # the admin's header leads back to My work
    else:
        go(page, "My work")
    page.locator("#review").get_by_role("link", name=application.reference).click()
    page.locator("#decide-approve").click()
    expect(page.locator("#approval-total")).to_be_visible()


def test_a_supervisors_second_approval(seeded, live_server, wide: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    supervisor = signatory("supervisor-1", name=("Rosa", "Diaz"), title="Program Supervisor", role=Role.SUPERVISOR)
    other_supervisor = signatory("supervisor-2", name=("Ken", "Ito"), title="Program Supervisor", role=Role.SUPERVISOR)
    Program.objects.filter(code="PA2026-02").update(second_approval_above=D("300000.00"))
    now = timezone.now()
    truck = complete_application(staff=staff, submitted_at=now - dt.timedelta(days=3))
    second_truck = complete_application(staff=staff, submitted_at=now - dt.timedelta(days=2))
    assert truck.award_total == D("400000.00")

    sign_in(wide, live_server.url, staff.username)
    open_approval(wide, truck)
    expect(wide.locator("#approval-total")).to_have_text("$400,000.00")
    expect(wide.locator("#second-approval")).to_contain_text(
        "Awards above $300,000.00 in this program need a second approval by a supervisor."
    )
    wide.fill("[name=reason]", "Meets every PA2026-02 requirement.")
    wide.get_by_role("button", name="Give the first approval").click()
    expect(wide.locator(".alert-success")).to_contain_text(
        f"{truck.reference}: your first approval is recorded; a supervisor gives the second approval."
    )
    expect(wide.locator("#second-approval")).to_contain_text("First approval by Lena Park on")
    truck.refresh_from_db()
    assert truck.status == Status.COMPLETE and encumbered(truck) == D("0")  # waits, nothing encumbered
    # The first approver may not give the second: told why, in words, and offered no button.
    expect(wide.locator("#approve-form")).to_have_count(0)
    expect(wide.locator("#refusal")).to_have_text(
        "An award of $400,000.00 is above this program's $300,000.00: it needs a second approval by a supervisor, "
        "and you do not hold the supervisor permission."
    )
    shot(wide, "a1-first-approver-refused")
    sign_out(wide)

    sign_in(wide, live_server.url, supervisor.username)
    awaiting = wide.locator("#second_awards")  # the supervisor's My work: the awards waiting for a second approval
    expect(awaiting.locator("h2")).to_contain_text("Awards to approve second 1")
    shot(wide, "a2-supervisor-my-work")
    awaiting.get_by_role("link", name=truck.reference).click()
    expect(wide.locator("#second-approval")).to_contain_text(
        "First approval by Lena Park on"
    )  # who gave the first, on the page that asks for the second
    expect(wide.locator("#approval-funds")).to_contain_text("$400,000.00")
    shot(wide, "a3-supervisor-second-approval")
    wide.fill("[name=reason]", "Second approval: figures checked.")
    wide.get_by_role("button", name="Give the second approval").click()
    expect(wide.locator(".messagelist, .alert-success").first).to_contain_text(
        f"{truck.reference} approved; the award is encumbered in the fund ledger."
    )
    truck.refresh_from_db()
    assert truck.status == Status.APPROVED and encumbered(truck) == D("400000.00")
    decision = truck.decisions.get(action="approve")
    assert (decision.actor, decision.figures["second_approval_of"]) == (supervisor, staff.username)

    # A supervisor who gave the first approval of another award may not give its second.
    open_approval(wide, second_truck)
    wide.fill("[name=reason]", "First approval.")
    wide.get_by_role("button", name="Give the first approval").click()
    expect(wide.locator("#approve-form")).to_have_count(0)
    expect(wide.locator("#refusal")).to_have_text(
        "You gave the first approval of this award; a different supervisor gives the second."
    )
    shot(wide, "a4-same-supervisor-refused")
    second_truck.refresh_from_db()
    assert second_truck.status == Status.COMPLETE and encumbered(second_truck) == D("0")
    sign_out(wide)
    sign_in(wide, live_server.url, other_supervisor.username)
    wide.locator("#second_awards").get_by_role("link", name=second_truck.reference).click()
    wide.get_by_role("button", name="Give the second approval").click()
    expect(wide.locator(".messagelist")).to_contain_text(f"{second_truck.reference} approved")
    second_truck.refresh_from_db()
    assert second_truck.status == Status.APPROVED and encumbered(second_truck) == D("400000.00")


def test_a_round_with_an_exclusion_and_a_waitlist_then_money_returned_funds_the_waitlist(
    seeded, live_server, wide: Page
):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    fund = Program.objects.get(code="PA2026-02").fund_sources.get()
    funding.adjust_budget(fund, D("-27300000.00"), actor=staff, reason="Earlier rounds (test)")  # $700,000 left
    start = timezone.now() - dt.timedelta(minutes=30)
    first, second, third = (
        complete_application(
            staff=staff, submitted_at=start + dt.timedelta(minutes=minute), projects=({"existing_yard_county": county},)
        )
        for minute, county in ((0, "Los Angeles"), (1, "Riverside"), (2, "Orange"))
    )

    sign_in(wide, live_server.url, staff.username)
    go(wide, "Funding rounds")
    wide.get_by_role("link", name="PA2026-02").click()
    wide.get_by_role("button", name="Preview ranking and allocation").click()
    expect(wide.locator("#round-status")).to_have_text("Preview ready")
    expect(wide.locator("#to-approve")).to_contain_text("2 recommended awards totalling $700,000.00")

    def decide(application, action: str, reason: str) -> None:
        row = wide.locator("#ranking tbody tr[data-outcome]", has_text=application.reference)
        row.locator("select[name=action]").select_option(action)
        row.locator("input[name=reason]").fill(reason)
        row.get_by_role("button", name="Record").click()
        expect(wide.locator(".alert-success")).to_contain_text("Decision recorded")

    decide(second, "exclude", "The fleet size could not be verified.")
    decide(third, "waitlist", "Next in line if money returns.")
    rows = wide.locator("#ranking tbody tr[data-outcome]")
    expect(rows.nth(1).locator(".line-decision")).to_contain_text("The fleet size could not be verified.")
    expect(rows.nth(2).locator(".line-decision")).to_contain_text("Next in line if money returns.")
    expect(wide.locator("#to-approve")).to_contain_text("1 recommended award totalling $400,000.00")
    shot(wide, "b1-round-with-decisions")
    wide.fill("[name=reason]", "Recommended to the Board on December 5, 2026; approved as Item 12.")
    wide.get_by_role("button", name="Approve the recommended awards").click()
    expect(wide.locator(".alert-success")).to_have_text(
        "1 application approved; its award is encumbered in the fund ledger."
    )
    expect(wide.locator("#round-status")).to_have_text("Approved")
    expect(wide.locator("#waitlist-lines")).to_contain_text(f"{third.reference} #1")
    expect(wide.locator("#waitlist-waits")).to_contain_text("Not enough money has returned yet")  # $300,000 left
    for application in (first, second, third):
        application.refresh_from_db()
    assert [a.status for a in (first, second, third)] == [Status.APPROVED, Status.COMPLETE, Status.COMPLETE]
    sign_out(wide)

    # The waitlisted applicant reads why.
    sign_in(wide, live_server.url, third.applicant.username)
    wide.locator("#nav-notices").click()
    item = wide.locator("#notices li", has_text=f"Funding round decision on application {third.reference}")
    item.get_by_role("link").first.click()
    body = wide.locator(".notice-body")
    expect(body).to_contain_text("Waitlisted")
    expect(body).to_contain_text("Next in line if money returns.")
    shot(wide, "b2-not-selected-notice")
    sign_out(wide)

    # The first award is executed, then reduced by $100,000.00 by amendment: $400,000.00 is free again.
    agreement = first.agreement
    agreements.send(agreement, actor=staff)
    agreements.sign(
        agreement, actor=first.applicant, name="Maria Lopez", title="Fleet Manager", consent=True, ip="192.0.2.10"
    )
    agreements.countersign(agreement, actor=signatory())
    sign_in(wide, live_server.url, staff.username)
    wide.goto(live_server.url + agreement.get_absolute_url())
    wide.locator("#amend summary").click()
    wide.locator("#amend [name=kind]").select_option("reduce_award")
    wide.locator("#amend [name=project]").select_option(str(first.projects.get().pk))
    wide.locator("#amend [name=amount]").fill("100000.00")
    wide.locator("#amend [name=reason]").fill("Lower dealer quote; approved by the program supervisor.")
    wide.get_by_role("button", name="Make the amendment").click()
    expect(wide.locator("#amendments")).to_contain_text("$100,000.00 released")

    go(wide, "Funding rounds")
    wide.get_by_role("link", name="PA2026-02").click()
    round_id = LedgerEntry.objects.filter(application=first, kind="encumbrance").get().funding_round_id
    wide.get_by_role("link", name=f"Round {round_id}", exact=True).click()
    offer = wide.locator("#waitlist-offer")
    expect(offer).to_contain_text(
        f"Money returned: offer it to the next waitlisted project, {third.reference} #1, for its award of $400,000.00."
    )
    shot(wide, "b3-waitlist-offer")
    wide.get_by_role("button", name="Confirm: approve and encumber the award").click()
    expect(wide.locator(".alert-success")).to_contain_text(f"{third.reference} is approved from the waitlist")
    expect(wide.locator("#waitlist-lines")).to_contain_text("Funded from the waitlist by grants-officer")
    third.refresh_from_db()
    assert third.status == Status.APPROVED and encumbered(third) == D("400000.00")
    assert encumbered(second) == D("0")


def test_a_payment_with_one_cost_disallowed(seeded, live_server, wide: Page, monkeypatch):
    from payments import selectors

    monkeypatch.setattr(selectors, "clearances_for", Inspections())  # the inspections report them passed
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    funded = funded_project("PA2026-02", staff=staff)
    request = submitted_request(funded, costs=("350000.00", "60000.00"))

    sign_in(wide, live_server.url, staff.username)
    go(wide, "My work")
    wide.locator("#check_payments tbody").get_by_role("link").first.click()
    expect(wide.locator("#cost-lines")).to_contain_text("$410,000.00")
    expect(wide.locator("#payable-amount")).to_have_text("$400,000.00")  # PA2026-02's award caps it
    line = wide.locator("#cost-lines tbody tr", has_text="Cost 2")
    line.locator("summary").click()
    line.locator("[name=reason]").fill("An extended warranty is not an eligible cost.")
    line.get_by_role("button", name="Disallow").click()
    expect(wide.locator(".alert-success")).to_contain_text("Cost disallowed; the payable amount is recomputed")
    line = wide.locator("#cost-lines tbody tr", has_text="Cost 2")
    expect(line).to_contain_text("Disallowed by Lena Park: An extended warranty is not an eligible cost.")
    expect(line.locator("s")).to_have_text("$60,000.00")
    expect(wide.locator("#payable-amount")).to_have_text("$350,000.00")
    shot(wide, "c1-cost-disallowed")
    wide.get_by_role("button", name="Approve $350,000.00").click()
    expect(wide.locator("#request-status")).to_have_text("Approved, awaiting release")
    request.refresh_from_db()
    assert (request.invoiced_eligible_cost, request.approved_amount) == (D("350000.00"), D("350000.00"))
