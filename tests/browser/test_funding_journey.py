"""Staff decide funding in a real Chromium: preview the ranking, read the cut line and the partial offer, approve
the recommended awards in one action, and see the money leave the fund."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from funding import services
from programs.models import Program
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_preview_the_ranking_and_approve_the_recommended_awards(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer")
    fund = Program.objects.get(code="PA2026-02").fund_sources.get()
    services.adjust_budget(fund, Decimal("-27000000.00"), actor=staff, reason="Earlier rounds (test)")
    start = timezone.now() - dt.timedelta(minutes=30)
    trucks = [
        complete_application(
            staff=staff, submitted_at=start + dt.timedelta(minutes=minute), projects=({"existing_yard_county": county},)
        )
        for minute, county in ((0, "Los Angeles"), (1, "Riverside"), (2, "Orange"))
    ]

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", staff.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)
    go(page, "Funding rounds")
    expect(page.locator("[data-program=PA2026-02]")).to_contain_text("$1,000,000.00")
    page.get_by_role("link", name="PA2026-02").click()
    expect(page.locator("main")).to_contain_text("3 eligible projects of complete, evaluated applications wait")

    page.get_by_role("button", name="Preview ranking and allocation").click()
    expect(page.locator("#round-status")).to_have_text("Preview ready")
    rows = page.locator("#ranking tbody tr[data-outcome]")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(trucks[0].reference)
    expect(rows.nth(2)).to_contain_text("Partial funding: $200,000.00 of the $400,000.00 award")
    expect(page.locator("#cut-line")).to_contain_text("the money runs out here")
    expect(page.locator("#to-approve")).to_contain_text("3 recommended awards totalling $1,000,000.00")

    page.fill("[name=reason]", "Recommended to the Board on December 5, 2025; approved as Item 12.")
    page.get_by_role("button", name="Approve the recommended awards").click()
    expect(page.locator(".alert-success")).to_contain_text("3 applications approved")
    expect(page.locator("#round-status")).to_have_text("Approved")

    page.get_by_role("link", name="PA2026-02", exact=True).click()
    expect(page.locator(f"[data-fund='{fund.pk}'] .available")).to_have_text("$0.00")
    expect(page.locator("#ledger")).to_contain_text("Encumbrance (award approved)")
    for truck in trucks:
        truck.refresh_from_db()
        assert truck.status == "approved"
