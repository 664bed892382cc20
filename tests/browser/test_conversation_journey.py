"""Issue 22 in a real Chromium: the applicant asks a question with a PDF attached on the application's status page;
staff answer on the review page and add a note to staff only; the applicant sees the answer and never the note, and
the page in Spanish too. Screenshots go to ``/tmp/shots_conversation/``."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from conversations.models import Message
from tests.browser.accessibility import FAILING, axe_violations
from tests.browser.test_agreement_journey import sign_in, sign_out
from tests.factories import PDF_BYTES, UserFactory, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots_conversation")
QUESTION = "Does the dealer quote need a signature, or is the PDF enough?"
ANSWER = "A signed quote, please: the program asks for the dealer signature."
NOTE = "Same dealer as last round; compare the quote dates."


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious(page: Page) -> list[dict]:
    return [item for item in axe_violations(page) if item["impact"] in FAILING]


def test_question_answer_and_a_note_kept_among_staff(seeded, live_server, page: Page, tmp_path):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    application = complete_application("PA2026-02", staff=staff)
    applicant = application.applicant
    status_page = f"{live_server.url}/applications/{application.pk}/"
    quote = tmp_path / "dealer-quote.pdf"
    quote.write_bytes(PDF_BYTES)

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, applicant)
    page.goto(status_page)
    panel = page.locator("#conversation")
    expect(panel).to_contain_text("No messages yet. Ask the district a question here")
    panel.get_by_label("Message").fill(QUESTION)
    panel.get_by_label("Attach a file (optional)").set_input_files(str(quote))
    expect(panel.get_by_label("Note to staff only (the applicant never sees it)")).to_have_count(0)
    panel.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("Message sent.")
    expect(panel).to_contain_text(QUESTION)
    expect(panel.get_by_role("link", name="dealer-quote.pdf")).to_be_visible()
    assert serious(page) == []
    shot(page, "1-applicant-asked-with-a-pdf")
    sign_out(page)

    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/admin/applications/application/{application.pk}/review/")
    panel = page.locator("#conversation")
    expect(panel).to_contain_text("Conversation with the applicant")
    expect(panel).to_contain_text(QUESTION)
    with page.expect_download() as download:
        panel.get_by_role("link", name="dealer-quote.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    panel.get_by_label("Message").fill(ANSWER)
    panel.get_by_role("button", name="Send").click()
    panel = page.locator("#conversation")
    expect(panel).to_contain_text(ANSWER)
    panel.get_by_label("Message").fill(NOTE)
    panel.get_by_label("Note to staff only (the applicant never sees it)").check()
    panel.get_by_role("button", name="Send").click()
    panel = page.locator("#conversation")
    expect(panel.locator("[data-staff-only=true]")).to_contain_text(NOTE)
    expect(panel.locator("[data-staff-only=true]")).to_contain_text("Staff only")
    shot(page, "2-staff-answered-and-kept-a-note")
    page.goto(f"{live_server.url}/")
    sign_out(page)
    assert list(Message.objects.order_by("pk").values_list("staff_only", flat=True)) == [False, False, True]

    sign_in(page, live_server, applicant)
    page.goto(status_page)
    panel = page.locator("#conversation")
    expect(panel).to_contain_text(ANSWER)
    expect(panel).to_contain_text("Lena Park")
    expect(panel).not_to_contain_text(NOTE)
    expect(page.locator("body")).not_to_contain_text(NOTE)
    shot(page, "3-applicant-sees-the-answer-only")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Español").click()
    panel = page.locator("#conversation")
    expect(panel).to_contain_text("Conversación con el distrito")
    expect(panel).to_contain_text("Personal del distrito")
    expect(panel).not_to_contain_text(NOTE)
    assert serious(page) == []
    shot(page, "4-applicant-in-spanish-at-390px")
