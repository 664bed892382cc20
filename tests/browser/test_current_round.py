"""A new applicant applies in the demo's current round, in a real Chromium: registers (and confirms the e-mail
address), applies to PA2022-01 (a 2008 Freightliner replaced by a battery-electric eCascadia) and PA2025-04 (a large
fleet's Tier 2 loader replaced by a Tier 4 Final one) with the documented examples' values as of today, and is found
eligible in both. Under the seed's own dates (operation by March 31, 2024; Tier 2 large fleets until December 31,
2025) neither could be."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from programs.demo import current_example, reissue_for_demo
from programs.models import Program
from programs.rules.registry import evaluate_input
from tests.browser.test_applicant_journey import fill, link_in
from tests.factories import PDF_BYTES, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page: Page, live_server) -> None:
    """Register, then confirm the e-mail address from the message (needed before submitting)."""
    page.goto(f"{live_server.url}/accounts/register/")
    for name, value in (
        ("organization_name", "Inland Haulers"),
        ("username", "rosa"),
        ("email", "rosa@inlandhaulers.example"),
        ("first_name", "Rosa"),
        ("last_name", "Medina"),
        ("password1", "Clean-Air-2026!"),
        ("password2", "Clean-Air-2026!"),
    ):
        page.fill(f"[name={name}]", value)
    page.click("button:has-text('Create account')")
    expect(page.locator("h1")).to_have_text("Check your e-mail")  # the same answer for any address (issue 26)
    (message,) = mail.outbox
    page.goto(link_in(message))
    expect(page.get_by_role("status")).to_contain_text("rosa@inlandhaulers.example is confirmed")
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as rosa")  # the link opens the account


def apply(page: Page, live_server, program: Program, tmp_path) -> None:
    """Start, fill both steps, upload the required attachments, certify and submit, from the home page."""
    rule_set, document = program.rule_set, current_example(program.code)
    page.goto(f"{live_server.url}/")
    card = page.locator(f"[data-program={program.code}]")
    expect(card).to_contain_text("Re-issue 1, issued")
    card.get_by_role("button", name="Start an application").click()
    expect(page.locator("#round")).to_contain_text(f"{program.code} re-issue 1")
    fill(page, rule_set.application_fields, document["application"])
    page.click("input[value='Save draft']")
    page.get_by_role("link", name=f"Add {rule_set.project_noun}").click()
    fill(page, rule_set.project_fields, document["project"])
    page.click(f"input[value='Save {rule_set.project_noun}']")
    page.get_by_role("link", name="3. Attachments").click()
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(PDF_BYTES)
    needs = sum(1 for slot in rule_set.attachments if slot.required)  # one project: its own slots once
    expect(page.locator("#missing-count")).to_contain_text(f"{needs} required documents still missing")
    for remaining in range(needs, 0, -1):  # the next missing document is preselected
        page.set_input_files("[name=files]", str(pdf))
        page.click("button[name=upload]")
        expect(page.locator("#missing-count")).to_contain_text(
            f"{remaining - 1} required document" if remaining > 1 else "0 required documents"
        )
    page.get_by_role("link", name="Next: check and submit").click()
    expect(page.locator(".alert-success")).to_contain_text("Everything required is filled in and attached.")
    page.fill("[name=name]", "Rosa Medina")
    page.fill("[name=title]", "Owner")
    page.check("[name=agree]")
    page.click("input[value='Sign and submit']")
    expect(page.locator("#status")).to_have_text("Submitted, under review")


def expected_award(program: Program) -> str:
    """The award the rules give the same answers under the current round's terms, as the page shows money."""
    round_terms = {
        name: value
        for name, value in program.current_round.terms.items()
        if name in {term.name for term in program.rule_set.terms}
    }
    evaluation = evaluate_input(program.code, {**current_example(program.code), "round": round_terms})
    assert evaluation.eligible
    return f"${evaluation.award:,.2f}"


def test_a_new_applicant_is_eligible_in_the_current_round_of_pa2022_01_and_pa2025_04(
    seeded, live_server, page: Page, tmp_path
):
    staff = UserFactory(role=Role.STAFF)
    programs = [Program.objects.get(code=code) for code in ("PA2022-01", "PA2025-04")]
    for program in programs:
        reissue_for_demo(program, by=staff)

    register(page, live_server)
    for program in programs:
        apply(page, live_server, program, tmp_path)
        eligible = page.locator("[data-eligible=true]")
        expect(eligible).to_contain_text(expected_award(program))
        if program.code == "PA2022-01":
            expect(eligible).to_contain_text("(CMP)")
            expect(page.locator(".rule-pass ~ p").first).to_contain_text("The project qualifies under both")

    applications = {
        application.program.code: application
        for application in UserFactory._meta.model.objects.get(username="rosa").applications.all()
    }
    for program in programs:
        application = applications[program.code]
        assert application.round == program.current_round and application.round.number == 1
        assert application.projects.get().eligible
        assert timezone.localdate(application.submitted_at) == timezone.localdate()
