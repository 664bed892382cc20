"""The applicant's key journey in a real Chromium: sign in, draft, upload, submit, status."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from programs.rules.fields import Kind
from programs.rules.registry import get_rule_set
from tests.factories import PASSWORD, PDF_BYTES, UserFactory, example, open_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(page: Page, specs, values: dict) -> None:
    for spec in specs:
        if spec.name not in values:
            continue
        value = values[spec.name]
        field = page.locator(f"[name={spec.name}]")
        if spec.kind is Kind.BOOLEAN:
            field.select_option("true" if value else "false")
        elif spec.kind is Kind.CHOICE:
            field.select_option(str(value))
        else:
            field.fill(str(value))


def test_sign_in_draft_upload_submit_and_see_status(seeded, live_server, page: Page, tmp_path):
    open_program("PA2026-02")
    user = UserFactory(role=Role.APPLICANT, username="maria")
    rule_set = get_rule_set("PA2026-02")
    answers = example("PA2026-02")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator("nav")).to_contain_text("Signed in as maria")

    page.locator("[data-program=PA2026-02]").get_by_role("button", name="Start an application").click()
    expect(page.locator("h1")).to_contain_text("PA2026-02-")

    # Step 1: save a partial draft, leave, and come back to find it kept.
    page.fill("[name=applicant_name]", answers["application"]["applicant_name"])
    page.click("input[value='Save draft']")
    page.goto(f"{live_server.url}/applications/")
    page.get_by_role("link", name="PA2026-02-").first.click()
    page.get_by_role("link", name="1. Applicant and fleet").click()
    expect(page.locator("[name=applicant_name]")).to_have_value(answers["application"]["applicant_name"])
    fill(page, rule_set.application_fields, answers["application"])
    page.click("input[value='Save draft']")

    # Step 2: one truck.
    page.get_by_role("link", name="Add a vehicle").click()
    fill(page, rule_set.project_fields, {**answers["project"], "quote_date": timezone.localdate().isoformat()})
    page.click("input[value='Save vehicle']")
    expect(page.locator("table")).to_contain_text(answers["project"]["existing_vin"])

    # Step 3: a wrong file is refused, then every required attachment uploaded.
    page.get_by_role("link", name="3. Attachments").click()
    bad = tmp_path / "notes.txt"
    bad.write_text("not a pdf")
    page.select_option("[name=slot]", "vehicle_quote")
    page.set_input_files("[name=file]", str(bad))
    page.click("button[name=upload]")
    expect(page.get_by_text("notes.txt is not a PDF, JPEG or PNG file.")).to_be_visible()
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(PDF_BYTES)
    for slot in rule_set.attachments:
        page.select_option("[name=slot]", slot.key)
        page.set_input_files("[name=file]", str(pdf))
        page.click("button[name=upload]")
        expect(page.locator(f"[data-slot={slot.key}]")).to_contain_text("document.pdf")

    # Step 4: certify and submit.
    page.get_by_role("link", name="Next: certify and submit").click()
    expect(page.locator(".alert-success")).to_contain_text("Everything required is filled in and attached.")
    page.fill("[name=name]", "Maria Lopez")
    page.fill("[name=title]", "Fleet Manager")
    page.check("[name=agree]")
    page.click("input[value='Sign and submit']")

    expect(page.locator("#status")).to_have_text("Submitted, under review")
    expect(page.locator("[data-eligible=true]")).to_contain_text("$400,000.00")
    expect(page.locator("#history")).to_contain_text("Submitted, under review")
