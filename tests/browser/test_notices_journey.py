"""In a real Chromium: an applicant submits, sees the receipt on the Notices page, opens it, and it is read."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory, complete_draft, open_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applicant_sees_the_receipt_after_submitting(seeded, live_server, page: Page):
    open_program("PA2026-02")
    user = UserFactory(
        role=Role.APPLICANT, username="ana", first_name="Ana", last_name="Ruiz", email="ana@fleet.example"
    )
    application = ApplicationFactory(applicant=user)
    ProjectFactory(application=application)
    complete_draft(application)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)
    expect(page.locator("#nav-notices")).to_have_text("Notices")

    page.goto(live_server.url + reverse("applications:review", args=[application.pk]))
    page.fill("[name=name]", "Ana Ruiz")
    page.fill("[name=title]", "Owner")
    page.check("[name=agree]")
    page.click("input[value='Sign and submit']")
    expect(page.locator("#status")).to_have_text("Submitted, under review")
    expect(page.locator("#unread-notices")).to_have_text("1 unread")

    page.locator("#nav-notices").click()
    expect(page.locator("h1")).to_have_text("Notices")
    item = page.locator("#notices li").first
    expect(item).to_contain_text("New")
    expect(item).to_contain_text(f"Application {application.reference} received")
    expect(item).to_contain_text("Application received")

    item.get_by_role("link", name=f"Application {application.reference} received").click()
    expect(page.locator(".notice-body")).to_contain_text(f"We received your application {application.reference} on")
    expect(page.locator(".notice-body")).to_contain_text("Projects: 1 vehicle")
    expect(page.locator("#unread-notices")).to_have_count(0)
    page.get_by_role("link", name="Open").click()
    expect(page.locator("#status")).to_have_text("Submitted, under review")

    page.locator("#nav-notices").click()
    expect(page.locator("#notices li").first).not_to_contain_text("New")
    assert [message.to for message in mail.outbox] == [["ana@fleet.example"]]
