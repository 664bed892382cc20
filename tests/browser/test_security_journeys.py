"""Issue 7 in a real Chromium: a paused sign-in, the branded 404, and pages that run under the CSP."""

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from programs.models import Program
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_repeated_wrong_passwords_pause_sign_in_and_say_what_to_do(seeded, settings, live_server, page: Page):
    settings.AXES_ENABLED = True
    user = UserFactory(role=Role.APPLICANT, username="maria")
    page.goto(f"{live_server.url}/accounts/login/")
    for attempt in range(4):
        page.fill("[name=username]", user.username)
        page.fill("[name=password]", f"wrong-{attempt}")
        page.click("button:has-text('Sign in')")
        expect(page.locator(".alert, .errorlist").first).to_be_visible()
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", "wrong-again")
    page.click("button:has-text('Sign in')")
    expect(page.locator("h1")).to_have_text("Sign-in paused for this account")
    expect(page.locator("main")).to_contain_text("Wait 15 minutes")
    expect(page.locator("nav.portal-navbar")).to_contain_text("Clean Air Grants")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)
    expect(page.locator("h1")).to_have_text("Sign-in paused for this account")


def test_a_missing_page_keeps_the_navigation(seeded, live_server, page: Page):
    page.goto(f"{live_server.url}/applications/999999/")
    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.locator("h1")).to_have_text("We could not find that page")
    page.get_by_role("link", name="Go to the programs").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_pages_and_swagger_ui_run_under_the_content_security_policy(seeded, live_server, page: Page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    staff = UserFactory(role=Role.STAFF, username="sam")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", staff.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)
    program = Program.objects.get(code="PA2026-02")
    for path in (
        "/",
        "/admin/",
        "/admin/applications/application/",
        f"/admin/programs/program/{program.pk}/change/",
        f"/admin/programs/program/{program.pk}/history/",
    ):
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Clean Air Grants API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert violations == []
