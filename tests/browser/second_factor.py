"""The second step of a district sign-in in the browser (issue 26): the authenticator code of the test accounts
(``tests.factories.totp_code``), typed where the portal asks for it; nothing when it does not (applicants)."""

import time

from playwright.sync_api import Page

from tests.factories import totp_code

CODE_PAGE = "/accounts/2fa/authenticate/"


def pass_second_factor(page: Page) -> None:
    """After the password: type the current code, or the next period's if this one's was just used (a second
    sign-in within 30 seconds; the portal accepts one period either side)."""
    page.wait_for_load_state()
    if CODE_PAGE not in page.url:
        return
    for at in (time.time(), time.time() + 30):
        page.fill("[name=code]", totp_code(at))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        if CODE_PAGE not in page.url:
            return
    raise AssertionError("the authenticator code was refused")


def sign_in(page: Page, base: str, username: str, password: str | None = None) -> None:
    """Sign in through the portal's page with the test accounts' password, and the second factor when asked."""
    from tests.factories import PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", password or PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
