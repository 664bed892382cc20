"""Decision letters in a real Chromium at 1280 px (issue 21): staff edit PA2026-02's rejection letter from the menu
(an unknown placeholder refused with the words typed kept), preview it with a sample application, save it, reject an
application in the review pages, and the applicant's notice says the edited words with the reason and the contact.
Screenshots in /tmp/shots_letters/."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.roles import Role
from applications import services
from programs.models import Program
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory, complete_draft, open_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots_letters")
WIDE = {"width": 1280, "height": 900}
LETTER = (
    "Dear {applicant_name},\n\n"
    "The review panel of {program} could not fund application {reference}.\n\n"
    "Why: {reason}\n\n"
    "Asking us to look again: {reconsideration}\n\n"
    "What now: {next_step}\n\n"
    "Questions: {contact}"
)


def sign_in(page: Page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)


def shot(page: Page, name: str, *, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_staff_edit_the_rejection_letter_and_the_applicant_reads_it(seeded, live_server, page: Page):
    program = open_program("PA2026-02")
    staff = UserFactory(role=Role.STAFF, username="reviewer", first_name="Rita", last_name="Gomez")
    applicant = UserFactory(role=Role.APPLICANT, username="ana", first_name="Ana", last_name="Ruiz")
    application = ApplicationFactory(applicant=applicant)
    ProjectFactory(application=application)
    complete_draft(application)
    services.submit(application, applicant)
    application.refresh_from_db()

    page.set_viewport_size(WIDE)
    sign_in(page, live_server.url, staff)
    go(page, "Decision letters")
    expect(page.locator("h1")).to_have_text("Decision letters")
    row = page.locator(f"#program-{program.pk} tr[data-kind=application_rejected] td[data-language=en]")
    expect(row).to_contain_text("Standard")
    shot(page, "01_letters_list")

    row.get_by_role("link", name="Edit").click()
    expect(page.locator("#id_body")).to_have_value(
        "We are sorry: your application {reference} to {program} was not approved.\n\n"
        "Reason: {reason}\n\n"
        "Asking for reconsideration: {reconsideration}\n\n"
        "Next step: {next_step}\n\n"
        "Who to contact: {contact}"
    )
    typed = LETTER + "\n\nSigned: {signature}"
    page.fill("#id_subject", "PA2026-02 decision on {reference}")
    page.fill("#id_body", typed)
    page.get_by_role("button", name="Save the letter").click()
    expect(page.locator("#error-summary")).to_contain_text("These placeholders are not on the list: {signature}.")
    expect(page.locator("#id_body")).to_have_value(typed)  # nothing typed is lost
    expect(page.locator("#id_subject")).to_have_value("PA2026-02 decision on {reference}")
    shot(page, "02_unknown_placeholder_refused")

    page.fill("#id_body", LETTER)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("[data-preview=text]")
    expect(preview).to_contain_text("The review panel of PA2026-02 Battery Electric Freight Vehicle Deployment")
    expect(preview).to_contain_text("Questions: INVEST CLEAN on-road team: investclean-onroad@aqmd.gov")
    expect(page.frame_locator("[data-preview=html]").locator("[data-letter]")).to_contain_text("Why: (here, the reason")
    page.locator("#letter-preview").scroll_into_view_if_needed()
    shot(page, "03_preview")

    page.get_by_role("button", name="Save the letter").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("The letter is saved.")
    expect(row).to_contain_text("Edited")
    expect(row).to_contain_text("by Rita Gomez on")
    shot(page, "04_saved")

    page.goto(live_server.url + reverse("admin:applications_application_decide", args=[application.pk, "reject"]))
    page.fill("[name=reason]", "The truck is not registered in the South Coast Air Basin.")
    page.click("input[value=Reject]")
    expect(page.locator("body")).to_contain_text("reject recorded")
    shot(page, "05_rejected", full=False)  # the review page is long: its top, with the message

    reader = page.context.browser.new_context(viewport=WIDE)
    mine = reader.new_page()
    sign_in(mine, live_server.url, applicant)
    mine.goto(live_server.url + reverse("notices:list"))
    mine.get_by_role("link", name=f"PA2026-02 decision on {application.reference}").click()
    body = mine.locator(".notice-body")
    expect(body).to_contain_text("The review panel of PA2026-02 Battery Electric Freight Vehicle Deployment")
    expect(body).to_contain_text(f"could not fund application {application.reference}.")
    expect(body).to_contain_text("Why: The truck is not registered in the South Coast Air Basin.")
    expect(body).to_contain_text("Asking us to look again: if you believe the decision is mistaken")
    expect(body).to_contain_text("Questions: INVEST CLEAN on-road team: investclean-onroad@aqmd.gov")
    shot(mine, "06_applicant_notice")
    reader.close()
    assert Program.objects.get(pk=program.pk).letters.get().updated_by == staff
