"""Usage reporting in a real Chromium: the awardee files a PA2026-02 semi-annual report short of the 7,000 miles a
year (half of it for the six months: 3,500 miles; 001_ea26778b00a7e017.txt 4.3), staff see the shortfall flagged with
its size beside the agreement's figure, record an extension through an agreement amendment, and the agreement's
calendar moves. Then a project whose term has ended, every report accepted, is closed out and its unpaid award released
in the fund ledger."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from agreements.models import Obligation
from reporting import services
from reporting.models import UsageReport
from tests.browser.accessibility import AccessibilityReport
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, PDF_BYTES, UserFactory
from tests.reporting.conftest import file_report, in_reporting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_shortfall_is_flagged_and_an_extension_moves_the_calendar(seeded, live_server, page: Page, tmp_path):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    funded = in_reporting("PA2026-02", staff=staff)  # commissioned June 1, 2019
    awardee = funded.agreement.application.applicant
    registration = tmp_path / "registration.pdf"
    registration.write_bytes(PDF_BYTES)
    report = AccessibilityReport()

    sign_in(page, live_server.url, awardee.username)
    go(page, "Usage reports")
    expect(page.get_by_role("heading", name="Reports due")).to_be_visible()
    report.check(page, "the awardee's reports due")
    page.get_by_role("link", name="Semi-annual report 1", exact=True).click()
    page.get_by_label("Vehicle miles traveled (miles)").fill("3000")
    page.get_by_label("Miles within the two MSAs (miles)").fill("2400")
    page.get_by_label("Energy used (kWh)").fill("4100")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#report-status")).to_have_text("Draft")
    for slot in ("registration", "insurance"):
        page.select_option("[name=slot]", slot)
        page.set_input_files("[name=files]", str(registration))
        page.get_by_role("button", name="Upload").click()
    expect(page.locator("#documents")).to_contain_text("registration.pdf")
    report.check(page, "the awardee's report, ready to submit")
    page.get_by_label("I certify that the figures reported are true").check()
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator("#report-status")).to_have_text("Submitted, under review")
    sign_out(page)

    sign_in(page, live_server.url, staff.username)
    go(page, "Usage reports")
    expect(page.locator("#queue")).to_contain_text("Short by 500 miles")
    report.check(page, "staff's reports queue")
    page.locator("#queue").get_by_role("link").first.click()
    expect(page.locator("#required-in-period")).to_have_text("3,500")
    expect(page.locator("#reported-in-period")).to_have_text("3,000")
    expect(page.locator("#shortfall-flag")).to_be_visible()
    expect(page.locator("#shortfall-size")).to_have_text("500 miles")
    report.check(page, "staff's review with the shortfall")
    page.select_option("[name=kind]", "extension")
    page.fill("[name=months]", "1")
    page.fill(
        "#remedy-form [name=reason]",
        "Makeup of the mileage shortfall (Section 4.5); approved by the program supervisor.",
    )
    page.get_by_role("button", name="Record the remedy").click()
    expect(page.locator(".alert-success")).to_contain_text("Remedy recorded")
    expect(page.locator("#remedies")).to_contain_text("amendment 1")
    page.get_by_role("link", name="The project's reporting and closeout").click()
    # Five years from June 1, 2019 and one month more.
    expect(page.locator("#term-ends")).to_have_text("July 1, 2024")
    expect(page.locator("#calendar [data-key=report_11]")).to_contain_text("June 1, 2024 to June 30, 2024")
    expect(page.locator("#calendar [data-key=report_11]")).to_contain_text("July 30, 2024")
    report.check(page, "the project's reporting and closeout")
    assert Obligation.objects.get(project=funded.project, key="term_end").due == dt.date(2024, 7, 1)
    print(f"\n{report.summary()}")
    assert report.failures == [], "\n".join(report.failures)


def test_a_project_is_closed_out_in_the_browser(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    funded = in_reporting("PA2026-02", staff=staff)
    for item in UsageReport.objects.filter(funded_project=funded).order_by("number"):
        file_report(item, 3600, 3000, today=dt.date(2035, 1, 1))
        services.accept(item, actor=staff)
    award = funded.award
    sign_in(page, live_server.url, staff.username)
    page.goto(f"{live_server.url}/reporting/projects/{funded.pk}/")
    expect(page.locator("#closeout-problems")).to_have_count(0)
    page.fill("[name=note]", "Ten reports accepted; registration and insurance current.")
    page.get_by_role("button", name="Close out the project").click()
    expect(page.locator(".alert-success")).to_contain_text("Project closed out")
    expect(page.locator("#funded-status")).to_have_text("Closed")
    expect(page.locator(".closeout").first).to_contain_text(f"${award:,.2f} released")
    funded.agreement.refresh_from_db()
    assert funded.agreement.status == "closed"
