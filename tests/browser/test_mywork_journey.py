"""Every role starts at its work (issue 21), in a real Chromium at 1280 px: an applicant signs in, lands on My work and
follows a row to the draft; staff sign in, land on My work and see the applications to review oldest first, under
a menu that fits one row; the admin's header leads back."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, ApplicationFactory, UserFactory, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page)


def test_each_role_lands_on_its_work(seeded, live_server, page: Page, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    applicant = UserFactory(role=Role.APPLICANT, username="ana")
    draft = ApplicationFactory(applicant=applicant)

    sign_in(page, live_server.url, applicant)
    expect(page).to_have_url(f"{live_server.url}/my-work/")
    drafts = page.locator("#drafts")
    expect(drafts.locator("h2")).to_contain_text("Drafts to finish 1")
    drafts.get_by_role("link", name=draft.reference).click()
    expect(page).to_have_url(f"{live_server.url}/applications/{draft.pk}/")
    page.get_by_role("button", name="Sign out").click()

    staff = UserFactory(role=Role.STAFF, username="rosa")
    now = timezone.now()
    newest = complete_application("PA2026-02", staff=staff, submitted_at=now - dt.timedelta(days=2))
    oldest = complete_application("PA2026-02", staff=staff, submitted_at=now - dt.timedelta(days=20))
    middle = complete_application("PA2026-02", staff=staff, submitted_at=now - dt.timedelta(days=9))

    sign_in(page, live_server.url, staff)
    expect(page).to_have_url(f"{live_server.url}/my-work/")
    navbar = page.locator("nav.portal-navbar")
    assert navbar.bounding_box()["height"] < 70  # one row at 1280 px
    rows = page.locator("#review tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.locator("td:first-child a")).to_have_text([oldest.reference, middle.reference, newest.reference])
    expect(rows.first).to_contain_text("20 days")
    page.screenshot(path=str(tmp_path / "staff-my-work.png"), full_page=True)

    rows.first.get_by_role("link", name=oldest.reference).click()  # the admin's review page
    expect(page).to_have_url(f"{live_server.url}/admin/applications/application/{oldest.pk}/review/")
    page.locator("#site-name").get_by_role("link", name="Clean Air Grants").click()  # and back
    expect(page).to_have_url(f"{live_server.url}/my-work/")
