"""A payment in a real Chromium: the awardee requests payment on an executed SOON contract (the invoice, its cost,
the document) and sees the computed amount, staff approve it, a second person in finance releases it, the fund's
disbursed total moves, and the awardee sees it paid."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from payments import selectors
from tests.browser.accessibility import AccessibilityReport
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, PDF_BYTES, UserFactory, executed_agreement
from tests.payments.conftest import Inspections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_awardee_requests_staff_approve_finance_releases(seeded, live_server, page: Page, monkeypatch, tmp_path):
    monkeypatch.setattr(selectors, "clearances_for", Inspections())  # the inspections app reports them passed
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    finance = UserFactory(role=Role.FINANCE, username="finance-officer", first_name="Omar", last_name="Haddad")
    agreement = executed_agreement("PA2025-04", staff=staff)
    awardee = agreement.application.applicant
    fund = agreement.program.fund_sources.get()
    invoice = tmp_path / "repower-invoice.pdf"
    invoice.write_bytes(PDF_BYTES)
    report = AccessibilityReport()

    sign_in(page, live_server.url, awardee.username)
    go(page, "Payments")
    card = page.locator(f"[data-project='{agreement.number} #1']")
    expect(card).to_contain_text("$167,200.00")
    card.get_by_role("button", name="Request payment").click()
    expect(page.locator("#request-status")).to_have_text("Draft")
    report.check(page, "the awardee's new request")
    page.fill("[name=invoice_date]", timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    page.fill("[name=cost-description]", "Replacement loader, invoice 881")
    page.fill("[name=cost-reference]", "INV-881")
    page.fill("[name=cost-amount]", "200000.00")
    page.locator("#costs").get_by_role("button", name="Add").click()
    expect(page.locator("#cost-lines")).to_contain_text("$200,000.00")
    page.select_option("[name=slot]", "invoice")
    page.set_input_files("[name=files]", str(invoice))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-slot=invoice]")).to_contain_text("repower-invoice.pdf")
    expect(page.locator("#payable-amount")).to_have_text("$160,000.00")  # 80% of the replacement invoice
    expect(page.locator("#payable-reason")).to_contain_text("funding percentage of the invoice")
    report.check(page, "the awardee's request, ready to submit")
    page.get_by_label("I certify that the invoiced costs listed were paid").check()
    page.get_by_role("button", name="Submit the payment request").click()
    expect(page.locator("#request-status")).to_have_text("Submitted, under review")
    sign_out(page)

    sign_in(page, live_server.url, staff.username)
    go(page, "Payments")
    page.get_by_role("link", name=f"Payment request 1 for {agreement.number} #1").click()
    expect(page.locator("[data-clearance=installed_and_operating]")).to_contain_text("Passed")
    report.check(page, "staff's review")
    page.get_by_role("button", name="Approve $160,000.00").click()
    expect(page.locator(".alert-success")).to_contain_text("Approved")
    expect(page.locator("#request-status")).to_have_text("Approved, awaiting release")
    expect(page.locator("#same-person")).to_have_count(0)
    sign_out(page)

    sign_in(page, live_server.url, finance.username)
    go(page, "Payments")
    page.get_by_role("link", name=f"Payment request 1 for {agreement.number} #1").click()
    report.check(page, "finance's release")
    page.select_option("[name=method]", "ach")
    page.fill("[name=reference]", "ACH 2026-0412")
    page.get_by_role("button", name="Release $160,000.00").click()
    expect(page.locator(".alert-success")).to_contain_text("disbursement in the fund ledger")
    expect(page.locator("#request-status")).to_have_text("Paid")
    page.get_by_role("link", name="fund ledger").click()
    row = page.locator(f"[data-fund='{fund.pk}']")
    expect(row).to_contain_text("$160,000.00")
    expect(page.locator("#ledger")).to_contain_text("Disbursement (payment)")
    sign_out(page)

    sign_in(page, live_server.url, awardee.username)
    go(page, "Payments")
    expect(card.locator(".paid-so-far")).to_have_text("$160,000.00")
    card.get_by_role("link", name="Payment request 1").click()
    expect(page.locator("#request-status")).to_have_text("Paid")
    expect(page.locator("#paid-on")).to_contain_text("by ACH transfer, reference ACH 2026-0412")
    report.check(page, "the awardee's paid request")
    go(page, "Payments")
    report.check(page, "the awardee's payments")
    print(f"\n{report.summary()}")
    assert report.failures == [], "\n".join(report.failures)
