"""Staff rank a funding round while the task queue is down, in a real Chromium: the round is saved as waiting (no
error page), the Background work page lists it, and "Send again" runs it once the queue is back (issue 24)."""

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.browser.accessibility import AccessibilityReport
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory, complete_application
from tests.operations.conftest import free_port, publishing_to
from tests.operations.test_background_recovery import two_applications

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_round_that_waited_for_the_task_queue_is_sent_again(seeded, live_server, page: Page, tmp_path):
    staff = UserFactory(role=Role.STAFF, username="grants-officer")
    program, _ = two_applications(staff)
    complete_application(staff=staff)
    report = AccessibilityReport()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", staff.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)

    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):  # the task queue is down
        page.goto(f"{live_server.url}/funding/{program.code}/")
        page.get_by_role("button", name="Preview ranking and allocation").click()
        expect(page.locator("#round-status")).to_have_text("Waiting for the task queue")
        expect(page.locator("#progress-note")).to_contain_text("starts by itself as soon as it is back")
        expect(page.locator("#retry-round")).to_be_visible()
        page.screenshot(path=str(tmp_path / "round-waiting.png"), full_page=True)  # (it reloads itself: no axe here)

        go(page, "Background work")
        waiting = page.locator('tr[data-kind="funding_round"][data-state="waiting"]')
        expect(waiting).to_contain_text(f"{program.code} funding round")
        expect(page.locator('#work-funding_round span[data-state="waiting"]')).to_have_text("Waiting: 1")
        page.screenshot(path=str(tmp_path / "background-work.png"), full_page=True)
        report.check(page, "background work")

    # The queue is back (tasks run at once here): staff send it again rather than wait for the sweeper.
    waiting.get_by_role("button", name="Send again").click()
    expect(page.locator(".alert-success")).to_contain_text("Funding rounds: sent to the task queue again.")
    expect(page.locator('#work-funding_round span[data-state="waiting"]')).to_have_text("Waiting: 0")
    page.goto(f"{live_server.url}/funding/{program.code}/")
    expect(page.locator("#rounds li").first).to_contain_text("Preview ready, 3 projects")
    page.locator("#rounds a").first.click()
    expect(page.locator("#round-status")).to_have_text("Preview ready")
    page.screenshot(path=str(tmp_path / "round-ranked.png"), full_page=True)
    report.check(page, "round ranked")
    assert not report.failures, "\n".join(report.failures)
