"""Issue 22's applicant journey in a real Chromium: a stranger runs PA2026-02's eligibility check, fails with
reasons, changes one answer, passes, registers and finds the answers in the application."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.accessibility import AccessibilityReport
from tests.factories import open_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase"


def test_a_stranger_checks_fails_fixes_one_answer_passes_and_applies_with_it(seeded, live_server, page: Page, tmp_path):
    open_program("PA2026-02")
    base = live_server.url
    report = AccessibilityReport()
    page.goto(f"{base}/programs/PA2026-02/")
    page.get_by_role("link", name="Check eligibility in a few answers").click()
    expect(page.locator("h1")).to_have_text("Check eligibility before you apply")

    # Harbor Freight Lines' truck (docs/examples/PA2026-02.json) on gasoline: one rule fails, in words.
    page.select_option("[name=existing_fuel_type]", "gasoline")
    page.fill("[name=existing_gvwr_lb]", "80000")
    page.select_option("[name=existing_yard_county]", "Los Angeles")
    page.select_option("[name=goods_movement]", "true")
    page.fill("[name=miles_prior_12_months]", "42000")
    page.fill("[name=msa_operation_percent]", "92")
    page.select_option("[name=replacement_powertrain]", "battery_electric")
    page.fill("[name=replacement_cost]", "438500.00")
    page.get_by_role("button", name="Check eligibility").click()
    result = page.locator("#eligibility-result")
    expect(result).to_contain_text("These answers fail 1 of the program's eligibility rules.")
    expect(page.locator("#rules-failed")).to_have_text(
        "The existing vehicle runs on gasoline; it must be diesel-powered."
    )
    expect(result).to_contain_text("Estimated award: $0.00 unless every rule is met.")
    report.check(page, "the check, failed")
    page.screenshot(path=str(tmp_path / "eligibility-fails.png"), full_page=True)

    # One answer changed: every rule checked here is met, with the award range.
    page.select_option("[name=existing_fuel_type]", "diesel")
    page.get_by_role("button", name="Check eligibility").click()
    expect(result).to_contain_text("These answers meet the program's eligibility rules checked here.")
    expect(page.locator("#award-range")).to_contain_text("from $0.00 to $400,000.00 for this vehicle")
    expect(page.locator("#rules-passed")).to_contain_text("GVWR is 80,000 lb")
    report.check(page, "the check, passed")
    page.screenshot(path=str(tmp_path / "eligibility-passes.png"), full_page=True)

    # Register from the result and start the application: the answers are there.
    page.get_by_role("link", name="Register to apply with these answers").click()
    page.fill("[name=organization_name]", "Harbor Freight Lines LLC")
    page.fill("[name=first_name]", "Maria")
    page.fill("[name=last_name]", "Lopez")
    page.fill("[name=email]", "maria@harbor.example")
    page.fill("[name=username]", "mlopez")
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("main")).to_contain_text("Check your e-mail")
    # The account opens, and signs in, from the link in its confirmation e-mail (issue 26); the answers stay.
    (confirmation,) = [message for message in mail.outbox if message.to == ["maria@harbor.example"]]
    page.goto(re.search(r"https?://\S+", confirmation.body).group(0))
    page.goto(f"{base}/programs/PA2026-02/")
    expect(page.locator("#carried-answers")).to_contain_text("fill in the first vehicle")
    page.get_by_role("button", name="Start an application").click()
    expect(page.locator("[name=applicant_name]")).to_have_value("Harbor Freight Lines LLC")
    expect(page.locator("[name=contact_email]")).to_have_value("maria@harbor.example")
    page.goto(page.url.replace("/details/", "/projects/"))
    page.get_by_role("link", name="Edit vehicle 1").click()
    expect(page.locator("[name=existing_gvwr_lb]")).to_have_value("80000")
    expect(page.locator("[name=existing_fuel_type]")).to_have_value("diesel")
    expect(page.locator("[name=existing_yard_county]")).to_have_value("Los Angeles")
    expect(page.locator("[name=replacement_cost]")).to_have_value("438500.00")
    page.screenshot(path=str(tmp_path / "eligibility-carried.png"), full_page=True)
    assert report.failures == [], report.failures
    print(report.summary(), tmp_path)
