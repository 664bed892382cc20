"""An applicant's My work from a draft to a payment request (issue 21, "Done means"), in a real Chromium at 1280 px:
each step is reached from a row of My work: the draft to finish, the agreement to sign, the payment to request and
the payment request to finish. Staff's steps between them are made through the services. Screenshots go to
``/tmp/shots_journeys/``."""

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from agreements import services as agreements
from applications import services as applications
from applications.models import Status
from payments.models import PaymentRequest
from tests.browser.menu import go
from tests.browser.second_factor import sign_in, sign_out
from tests.browser.test_controls_journeys import shot
from tests.factories import ApplicationFactory, ProjectFactory, UserFactory, complete_draft, signatory
from tests.payments.conftest import Inspections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def from_my_work(page: Page, section: str, label: str) -> None:
    """Open My work and follow the row named ``label`` of ``section``."""
    go(page, "My work")
    page.locator(f"#{section} tbody").get_by_role("link", name=label, exact=True).click()


def test_an_applicants_work_from_a_draft_to_a_payment_request(seeded, live_server, page: Page, monkeypatch):
    from payments import selectors

    monkeypatch.setattr(selectors, "clearances_for", Inspections())  # the inspections report them passed
    page.set_viewport_size({"width": 1280, "height": 900})
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    applicant = UserFactory(role=Role.APPLICANT, username="ana", first_name="Ana", last_name="Ruiz")
    application = ApplicationFactory(applicant=applicant)
    ProjectFactory(application=application)
    complete_draft(application)

    sign_in(page, live_server.url, applicant.username)
    expect(page).to_have_url(f"{live_server.url}/my-work/")
    expect(page.locator("#drafts h2")).to_contain_text("Drafts to finish 1")
    shot(page, "d1-applicant-my-work-draft")
    from_my_work(page, "drafts", application.reference)
    page.get_by_role("link", name="check and submit", exact=True).click()
    page.fill("[name=name]", "Ana Ruiz")
    page.fill("[name=title]", "Owner")
    page.check("[name=agree]")
    page.click("input[value='Sign and submit']")
    expect(page.locator("#status")).to_have_text("Submitted, under review")
    go(page, "My work")
    expect(page.locator("#drafts")).to_have_attribute("data-count", "0")  # nothing left to finish
    sign_out(page)

    application.refresh_from_db()
    if application.evaluated_at is None:
        applications.evaluate_application(application)
    applications.mark_complete(application, staff)
    applications.approve(application, staff, "Eligible; first come, first served.")
    application.refresh_from_db()
    agreement = application.agreement
    agreements.send(agreement, actor=staff)

    sign_in(page, live_server.url, applicant.username)
    expect(page.locator("#sign")).to_contain_text(agreement.number)
    from_my_work(page, "sign", agreement.number)
    page.fill("[name=name]", "Ana Ruiz")
    page.fill("[name=title]", "Owner")
    page.check("[name=consent]")
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.locator(".alert-success")).to_contain_text("You signed the agreement")
    sign_out(page)

    agreements.countersign(agreement, actor=signatory())
    agreement.refresh_from_db()
    assert agreement.status == "executed"

    sign_in(page, live_server.url, applicant.username)
    payments = page.locator("#payments")
    expect(payments).to_contain_text(agreement.number)
    shot(page, "d2-applicant-my-work-awardee")
    payments.locator("tbody").get_by_role("link").first.click()
    card = page.locator(f"[data-project='{agreement.number} #1']")
    expect(card).to_be_visible()
    card.get_by_role("button", name="Request payment").click()
    expect(page.locator("#request-status")).to_have_text("Draft")
    request = PaymentRequest.objects.get(agreement=agreement)
    from_my_work(page, "payment_drafts", f"Payment request {request.number}")
    expect(page.locator("#request-status")).to_have_text("Draft")
    shot(page, "d3-applicant-payment-request")
    application.refresh_from_db()
    assert application.status == Status.APPROVED
