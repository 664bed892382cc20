"""Going somewhere through the main menu (``mywork.menu``): a link inside a group opens its dropdown first."""

from playwright.sync_api import Page


def go(page: Page, label: str) -> None:
    """Click the main menu's link named ``label``, opening the group that holds it if it is folded."""
    menu = page.locator("nav.portal-navbar")
    link = menu.get_by_role("link", name=label, exact=True, include_hidden=True)
    if not link.is_visible():
        link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]").locator("button").click()
    link.click()
