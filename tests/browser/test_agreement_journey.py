"""From award to executed agreement in a real Chromium at 1280 px: staff approve the application on the page that shows
the fund's balance before and after (issue 21), send the drafted rebate agreement, the awardee signs it in the
browser, the approver is refused the countersignature with the reason, a signatory countersigns in the name and title
on their profile, and the awardee sees the calendar and the executed PDF (the stored bytes, unchanged). Screenshots go
to ``tmp/screenshots/``."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.roles import Role
from agreements.models import Agreement
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory, complete_application, signatory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "tmp" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_award_to_executed_agreement(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    application = complete_application("PA2026-02", staff=staff)
    awardee = application.applicant

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/admin/applications/application/{application.pk}/review/")
    page.locator("#decide-approve").click()
    facts = page.locator("#approval-funds")
    expect(facts).to_contain_text("$28,000,000.00")  # PA2026-02's fund before (001_ea26778b00a7e017.txt)
    expect(facts).to_contain_text("$27,600,000.00")  # and after the $400,000.00 award
    expect(page.locator("#approval-limits")).to_contain_text("The program's award cap")
    expect(page.locator("#approval-place")).to_contain_text("1 of 1 complete applications waiting for funds")
    shot(page, "controls-approve-with-the-balance")
    page.fill("[name=reason]", "Eligible; first come, first served (Board item 12).")
    page.get_by_role("button", name="Approve and encumber").click()
    expect(page.locator("#summary")).to_contain_text("Approved")

    page.goto(live_server.url + "/")
    go(page, "Agreements")
    page.get_by_role("link", name=f"Rebate agreement {application.reference}").click()
    expect(page.locator("#agreement-status")).to_have_text("Drafted")
    page.get_by_role("button", name="Send to the awardee to sign").click()
    expect(page.locator("#agreement-status")).to_have_text("Sent to the awardee to sign")
    sign_out(page)

    sign_in(page, live_server, awardee)
    page.locator("#nav-notices").click()
    ready = f"Your agreement is ready to sign: Rebate agreement {application.reference}"
    page.get_by_role("link", name=ready).click()
    expect(page.locator(".notice-body")).to_contain_text("if you are authorized to sign for your organization")
    page.get_by_role("link", name="Open").click()
    expect(page.locator("#sign")).to_contain_text("do not place purchase orders")
    page.fill("[name=name]", "Maria Lopez")
    page.fill("[name=title]", "Fleet Manager")
    page.check("[name=consent]")
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.locator(".alert-success")).to_contain_text("You signed the agreement")
    expect(page.locator("#agreement-status")).to_have_text("Signed by the awardee")
    expect(page.get_by_role("button", name="Countersign: execute the agreement")).to_have_count(0)
    sign_out(page)

    sign_in(page, live_server, staff)
    page.locator("#nav-notices").click()
    page.get_by_role(
        "link", name=f"Signed by the awardee, ready to countersign: Rebate agreement {application.reference}"
    ).click()
    page.get_by_role("link", name="Open").click()
    expect(page.locator("main")).to_contain_text("signed by Maria Lopez, Fleet Manager")
    expect(page.locator("#countersign-refused")).to_have_text(
        "You approved this award, so you cannot also countersign its agreement: another signatory countersigns it."
    )
    expect(page.get_by_role("button", name="Countersign: execute the agreement")).to_have_count(0)
    shot(page, "controls-countersign-refused-to-the-approver")
    agreement_url = page.url
    sign_out(page)

    sign_in(page, live_server, signatory("deputy-eo"))
    page.goto(agreement_url)
    expect(page.locator("#countersign")).to_contain_text("You countersign for the District as Ana Ruiz")
    page.get_by_role("button", name="Countersign: execute the agreement").click()
    expect(page.locator("#agreement-status")).to_have_text("Executed")
    expect(page.locator("#countersigner")).to_contain_text(
        "Countersigned for the District by Ana Ruiz, Deputy Executive Officer"
    )
    sign_out(page)

    sign_in(page, live_server, awardee)
    go(page, "Agreements")
    page.get_by_role("link", name="My calendar").click()
    upcoming = page.locator("#calendar-upcoming + ul")
    expect(upcoming).to_contain_text("Submit the payment request")
    expect(upcoming).to_contain_text("Tuesday, February 29, 2028")
    expect(page.locator("#calendar-waiting + ul")).to_contain_text("waiting for delivery of the new vehicle")
    page.get_by_role("link", name=f"Rebate agreement {application.reference}").first.click()
    link = page.get_by_role("link", name="Executed agreement (PDF)")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    agreement = Agreement.objects.get(pk=application.agreement.pk)
    assert hashlib.sha256(response.body()).hexdigest() == agreement.executed_sha256
    assert [message.subject for message in mail.outbox if message.to == [awardee.email]][-1] == (
        f"Agreement executed: Rebate agreement {application.reference}"
    )
