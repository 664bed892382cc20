"""Issue 22: an awardee asks for a 3-month extension on its agreement page in a real Chromium (a first try without
the months keeps the reason typed), and staff approve it on the decision page: the agreement's term moves from
May 15, 2031 to August 15, 2031, as a staff amendment would move it. Screenshots go to ``tmp/screenshots/``."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from agreements import services
from tests.browser.test_agreement_journey import shot, sign_in, sign_out
from tests.factories import UserFactory, executed_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_awardee_asks_for_an_extension_and_staff_approve_it(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    agreement = executed_agreement("PA2026-02", staff=staff, on=dt.date(2026, 2, 10))
    project = agreement.funded_projects.get().project
    later = dt.date(2031, 1, 1)
    services.record_event(project, "delivered", dt.date(2026, 5, 1), actor=staff, today=later)
    services.record_event(project, "commissioned", dt.date(2026, 5, 15), actor=staff, today=later)
    url = f"{live_server.url}{agreement.get_absolute_url()}"

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, agreement.application.applicant)
    page.goto(url)
    expect(page.locator("#obligations [data-key=term_end]")).to_contain_text("May 15, 2031")
    page.get_by_text("Ask for an extension, a transfer or a withdrawal").click()
    page.select_option("#change-requests [name=kind]", "extension")
    page.select_option("#change-requests [name=project]", str(project.pk))
    page.fill("#change-requests [name=reason]", "The truck was in the shop for three months after a crash.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#change-requests")).to_contain_text("Needed for this request.")
    expect(page.locator("#change-requests [name=reason]")).to_have_value(
        "The truck was in the shop for three months after a crash."
    )
    shot(page, "change-request-mistake-keeps-the-reason")
    page.fill("#change-requests [name=months]", "3")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#change-request-list")).to_contain_text("Waiting for the District's decision")
    expect(page.locator("#change-request-list")).to_contain_text("3 more months")
    sign_out(page)

    sign_in(page, live_server, staff)
    page.goto(url)
    page.locator("#change-request-list").get_by_role("link", name="Decide").click()
    expect(page.locator("#open-obligations")).to_contain_text("May 15, 2031")
    page.select_option("[name=decision]", "approve")
    page.fill("[name=reason]", "Repair invoices seen; Section 4.5 allows the makeup.")
    shot(page, "change-request-decision")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#change-request-list")).to_contain_text("Approved")
    expect(page.locator("#amendments")).to_contain_text("Amendment 1")
    expect(page.locator("#obligations [data-key=term_end]")).to_contain_text("August 15, 2031")
    shot(page, "change-request-approved-calendar-moved")
