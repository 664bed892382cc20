"""A board member in a real Chromium: opens the dashboard from the menu, reads the county chart's table, narrows the
dates, downloads that table's CSV and the PDF board report; the public results page with no sign-in; axe-core finds
no serious or critical violation on either page."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from funding import services as funding
from tests.browser.accessibility import FAILING, axe_violations
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory, approved_application, executed_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.pdf
def test_a_board_member_reads_the_dashboard_and_downloads_a_table_and_the_report(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer")
    board = UserFactory(role=Role.BOARD_MEMBER, username="board-member")
    agreement = executed_agreement("PA2026-02", staff=staff)
    funding.disburse(agreement.application.projects.get(), Decimal("150000.00"), actor=staff, reason="Paid (test)")
    approved_application("PA2025-04", staff=staff)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", board.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)
    go(page, "Dashboard")
    expect(page.get_by_role("heading", name="Board dashboard")).to_be_visible()

    chart = page.locator("svg[data-chart=counties]")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("rect title").first).to_contain_text("Los Angeles")
    table = page.get_by_role("table", name="Funded projects by county")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.get_by_role("row", name="Los Angeles")).to_contain_text("$400,000.00")
    expect(table.get_by_role("row", name="San Bernardino")).to_contain_text("$167,200.00")
    expect(page.locator("#table-funds")).to_contain_text("U.S. EPA CPRG Special Revenue Fund (90), INVEST CLEAN grant")
    expect(page.locator("#table-letter_estimate")).to_contain_text("1,329.00")
    assert [violation for violation in axe_violations(page) if violation["impact"] in FAILING] == []

    page.fill("[name=start]", "2020-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("From January 1, 2020 to today")
    with page.expect_download() as download:
        table.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "board-counties-from-2020-01-01.csv"
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[:3] == [
        "County,Projects funded,Awarded,Disbursed",
        "Los Angeles,1,400000.00,150000.00",
        "San Bernardino,1,167200.00,0.00",
    ]

    report = page.get_by_role("link", name="Board report (PDF)")
    response = page.request.get(f"{live_server.url}{report.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    page.get_by_role("link", name="Sign out").or_(page.get_by_role("button", name="Sign out")).click()
    page.goto(f"{live_server.url}/results/")
    awards = page.locator("#awards tbody tr")
    expect(awards).to_have_count(2)
    expect(page.locator("#awards")).to_contain_text("Paid")
    assert [violation for violation in axe_violations(page) if violation["impact"] in FAILING] == []
