"""The ports' key journeys in a real Chromium: a port representative files an emissions report and sees the
district's determination (and nothing of the other port's); a board member reads the status pages and the PDF."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from ports_agreement import services
from ports_agreement.models import AnnualReport
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, PDF_BYTES, UserFactory
from tests.ports_agreement.factories import (
    AgreementFactory,
    AnnualReportFactory,
    BaselineFactory,
    DeterminationFactory,
    EmissionReductionPlanFactory,
    InfrastructurePlanFactory,
    MilestoneFactory,
    port,
    representative,
    tier,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)
    expect(page.locator("nav.portal-navbar")).to_contain_text(f"Signed in as {user.username}")


def test_a_port_representative_files_a_report_and_sees_the_determination(seeded_ports, live_server, page: Page):
    BaselineFactory(port=port("pola"))  # PM2.5 equivalent 100 tons/day
    long_beach_report = AnnualReportFactory(port=port("polb"))
    long_beach_plan = EmissionReductionPlanFactory(
        determination=DeterminationFactory(report=AnnualReportFactory(port=port("polb"), calendar_year=2016))
    )
    user = representative("pola")

    sign_in(page, live_server, user)
    go(page, "Ports")
    expect(page.locator("h1")).to_have_text("Port of Los Angeles")
    page.get_by_role("link", name="Submit an emissions report").click()

    # A year Rule 4001 (d)(2) does not cover is refused on the form, by its rule.
    page.fill("[name=calendar_year]", "2021")
    page.fill("[name=nox]", "300")
    page.fill("[name=sox]", "0")
    page.fill("[name=pm25]", "3")
    page.click("input[value='Submit report']")
    expect(page.locator("main")).to_contain_text("2014 to 2019 (Rule 4001 (d)(2))")

    page.fill("[name=calendar_year]", "2015")
    page.click("input[value='Submit report']")
    expect(page.locator("h1")).to_have_text("2015 emissions report (actual), Port of Los Angeles")
    expect(page.locator("#pm25-equivalent")).to_contain_text("24.0000 tons/day")  # 0.07 x 300 + 3
    expect(page.get_by_text("The district has not yet made its determination.")).to_be_visible()

    report = AnnualReport.objects.get(port=port("pola"), calendar_year=2015)
    assert report.submitted_by == user
    services.determine(report, notified_on=timezone.localdate(), actor=UserFactory(role=Role.STAFF))
    page.reload()
    expect(page.locator("#determination")).to_contain_text("fell 76.00% from the 2008 baseline")
    expect(page.locator("#determination")).to_contain_text("no Emission Reduction Plan is required")
    page.get_by_role("link", name="Back to Port of Los Angeles").click()
    expect(page.get_by_role("row", name="2015 emissions report (actual)")).to_contain_text("Target met")

    for url in (
        reverse("ports_agreement:report_detail", args=[long_beach_report.pk]),
        reverse("ports_agreement:plan_detail", args=[long_beach_plan.pk]),
    ):
        assert page.goto(f"{live_server.url}{url}").status == 404, url


@pytest.mark.pdf
def test_a_board_member_reads_the_status_pages_and_downloads_the_pdf(seeded_ports, live_server, page: Page):
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7))
    staff = UserFactory(role=Role.STAFF)
    default = services.record_default(
        agreement=agreement,
        port=port("polb"),
        kind="plan_submission",
        tier=tier("Tier II"),
        occurred_on=dt.date(2026, 1, 5),
        description="Phase 1 plan not submitted.",
        actor=staff,
    )
    services.assess_default(default, on=dt.date(2026, 2, 1), resolution="", actor=staff)
    BaselineFactory(port=None)
    for year, pm25 in ((2014, D("30")), (2015, D("24"))):
        AnnualReportFactory(port=None, calendar_year=year, pm25=pm25)

    sign_in(page, live_server, UserFactory(role=Role.BOARD_MEMBER))
    go(page, "Ports")
    expect(page.locator("h1")).to_have_text("Cooperative Agreement with the Ports of Los Angeles and Long Beach")
    expect(page.locator("#term-ends")).to_contain_text("November 7, 2030")
    expect(page.locator("#term-ends")).to_contain_text("Agreement Term and Exit Clause: 5-year term")
    expect(page.locator("#penalties-assessed")).to_have_text("$100,000.00")
    expect(page.locator("#fund-balance")).to_have_text("$100,000.00")

    page.get_by_role("link", name="Rule 4001", exact=True).click()
    expect(page.locator("#rule-4001-trend svg.trend-chart")).to_have_count(1)
    expect(page.locator("#rule-4001-trend")).to_contain_text("Both Ports jointly")

    pdf = page.request.get(f"{live_server.url}{reverse('ports_agreement:board_report_pdf')}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_the_port_reports_a_milestone_and_staff_accept_it(seeded_ports, live_server, page: Page, tmp_path):
    """Issue 22: the Port of Los Angeles' representative reads its own part of the agreement, reports progress on
    a milestone of its plan with evidence, and staff accept it: the milestone is reached."""
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7))
    own = MilestoneFactory(
        plan=InfrastructurePlanFactory(agreement=agreement, port=port("pola")),
        description="Utility service agreement for Berth 100 charging",
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    MilestoneFactory(
        plan=InfrastructurePlanFactory(agreement=agreement, port=port("polb")), description="Pier T switchgear"
    )
    AnnualReportFactory(port=port("pola"), calendar_year=2018, submitted_on=dt.date(2026, 3, 2))
    evidence = tmp_path / "service-agreement.pdf"
    evidence.write_bytes(PDF_BYTES)
    user = representative("pola")

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}{reverse('ports_agreement:port_home')}")
    expect(page.locator("[data-late]")).to_have_text("Filed 2436 days late")
    page.get_by_role("link", name="Our part of the Cooperative Agreement", exact=False).click()
    expect(page.locator("#port-scope")).to_contain_text("Port of Los Angeles: your port's part, read-only.")
    expect(page.locator("#milestones")).to_contain_text("Utility service agreement for Berth 100 charging")
    expect(page.locator("#milestones")).not_to_contain_text("Pier T switchgear")
    page.get_by_role("link", name="Utility service agreement for Berth 100 charging").click()
    page.fill("[name=progress]", "Service agreement signed with LADWP; design under way.")
    page.fill("[name=completed_on]", timezone.localdate().isoformat())
    page.set_input_files("[name=evidence]", str(evidence))
    page.get_by_role("button", name="Send the progress report").click()
    expect(page.locator(".alert-success")).to_contain_text("Progress reported.")
    expect(page.locator("[data-report]")).to_contain_text("Submitted, under review")
    expect(page.locator("#pending")).to_be_visible()
    page.screenshot(path=str(tmp_path / "port-reported.png"))
    page.context.clear_cookies()

    staff = UserFactory(role=Role.STAFF)
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}{reverse('ports_agreement:milestone_reports')}")
    card = page.locator("[data-report]")
    expect(card).to_contain_text("Service agreement signed with LADWP")
    expect(card.get_by_role("link", name="service-agreement.pdf")).to_be_visible()
    card.get_by_label("Note (optional)").fill("Agreement verified with LADWP.")
    card.get_by_role("button", name="Accept").click()
    expect(page.locator(".alert-success")).to_have_text("Progress report accepted.")
    expect(page.locator("[data-report]")).to_have_count(0)
    own.refresh_from_db()
    assert own.completed_on == timezone.localdate()

    page.context.clear_cookies()
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}{reverse('ports_agreement:milestone', args=[own.pk])}")
    expect(page.locator("#milestone-done")).to_be_visible()
    expect(page.locator("[data-report]")).to_contain_text("Agreement verified with LADWP.")
