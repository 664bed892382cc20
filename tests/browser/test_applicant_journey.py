"""The applicant's journeys in a real Chromium (issue 14): register, confirm the e-mail, start PA2026-02, meet an
eligibility problem on the certify page before signing, fix it, submit, get the receipt e-mail, read the receipt and
the answers; the same at 390 px wide; a password reset from the e-mail; a page in Spanish; axe-core on every applicant
page."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from programs.rules.fields import Kind
from programs.rules.registry import get_rule_set
from tests.browser.accessibility import AccessibilityReport
from tests.browser.second_factor import pass_second_factor
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    ApplicationFactory,
    ProjectFactory,
    UserFactory,
    complete_draft,
    example,
    open_program,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "a-long-unusual-passphrase"


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


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def fits(page: Page, width: int) -> None:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def journey(page: Page, base: str, tmp_path, width: int) -> None:
    open_program("PA2026-02")
    rule_set = get_rule_set("PA2026-02")
    answers = example("PA2026-02")
    narrow = width < 768
    first, second = tmp_path / "title.pdf", tmp_path / "title-back.pdf"
    first.write_bytes(PDF_BYTES)
    second.write_bytes(PDF_BYTES)

    # A program page, then register from it and come back to it.
    page.goto(f"{base}/")
    page.locator("[data-program=PA2026-02]").get_by_role("link", name="Who may apply, and how").click()
    expect(page.locator("h1")).to_contain_text("PA2026-02")
    page.locator("main").get_by_role("link", name="Register").click()
    page.fill("[name=organization_name]", "Lopez Hauling")
    page.fill("[name=first_name]", "Maria")
    page.fill("[name=last_name]", "Lopez")
    page.fill("[name=email]", "maria@lopez.example")
    page.fill("[name=username]", "mlopez")
    page.fill("[name=password1]", NEW_PASSWORD)
    page.fill("[name=password2]", NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")  # the same answer for any address (issue 26)
    expect(page.locator("#check-email")).to_contain_text("We sent a message to maria@lopez.example")

    # Confirm the e-mail address from the message: it opens the account and comes back to the program.
    (message,) = mail.outbox
    page.goto(link_in(message))
    expect(page).to_have_url(f"{base}/programs/PA2026-02/")
    expect(page.get_by_role("status")).to_contain_text("maria@lopez.example is confirmed")
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as mlopez")
    if narrow:
        fits(page, width)
        expect(
            page.locator("nav.portal-navbar").get_by_role("link", name="Programs")
        ).to_be_hidden()  # the menu is collapsed
        page.get_by_role("button", name="Menu").click()
    page.locator("nav.portal-navbar").get_by_role("link", name="Programs").click()

    # Start PA2026-02 and fill in the applicant and fleet answers.
    page.locator("[data-program=PA2026-02]").get_by_role("button", name="Start an application").click()
    expect(page.locator("h1")).to_contain_text("PA2026-02-")
    fill(page, rule_set.application_fields, answers["application"])
    page.get_by_role("button", name="Save draft").click()

    # One truck with too few miles: a problem the applicant should see before signing.
    page.get_by_role("link", name="Add vehicle").click()
    fill(
        page,
        rule_set.project_fields,
        {**answers["project"], "miles_prior_12_months": 6999, "quote_date": timezone.localdate().isoformat()},
    )
    page.get_by_role("button", name="Save vehicle").click()
    expect(page.locator("#projects")).to_contain_text(answers["project"]["existing_vin"])
    if narrow:
        fits(page, width)

    # Documents: the next missing one is always preselected, so each upload is choose-files-and-upload.
    page.get_by_role("link", name="3. Attachments").click()
    needs = len(rule_set.attachments)
    expect(page.locator("#missing-count")).to_contain_text(f"{needs} required documents still missing")
    page.set_input_files("[name=files]", [str(first), str(second)])  # the first slot gets two files
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("#missing-count")).to_contain_text(f"{needs - 1} required documents still missing")
    for remaining in range(needs - 1, 0, -1):
        page.set_input_files("[name=files]", str(first))
        page.get_by_role("button", name="Upload", exact=True).click()
        expect(page.locator("#missing-count")).to_contain_text(
            f"{remaining - 1} required document" if remaining > 1 else "0 required documents"
        )
    expect(page.locator("[data-slot=fleet_compliance]")).to_contain_text("title-back.pdf")
    if narrow:
        fits(page, width)

    # Check before submitting: the mileage problem, in plain words, before anything is signed.
    page.get_by_role("link", name="Next: check and submit").click()
    expect(page.locator("[data-eligible=false]")).to_contain_text("Likely not eligible as entered.")
    expect(page.locator(".eligibility-problems")).to_contain_text(
        "Mileage in the 12 months before application is 6,999 miles; the program requires at least 7,000 miles."
    )
    expect(page.locator("#status")).to_have_text("Draft")
    if narrow:
        fits(page, width)

    # Fix it and check again.
    page.get_by_role("link", name="Edit vehicle 1").click()
    page.fill("[name=miles_prior_12_months]", "42000")
    page.get_by_role("button", name="Save vehicle").click()
    page.get_by_role("link", name="4. Check and submit").click()
    expect(page.locator("[data-eligible=true]")).to_contain_text("Estimated award: $400,000.00")
    expect(page.locator("#estimated-total")).to_contain_text("$400,000.00")

    # Sign and submit.
    page.fill("[name=title]", "Owner")
    expect(page.locator("[name=name]")).to_have_value("Maria Lopez")
    page.check("[name=agree]")
    page.get_by_role("button", name="Sign and submit").click()
    expect(page.locator("#status")).to_have_text("Submitted, under review")
    expect(page.locator("[data-eligible=true]")).to_contain_text("Estimated award: $400,000.00")
    expect(page.locator("#history")).to_contain_text("Submitted, under review")
    if narrow:
        fits(page, width)

    # The receipt e-mail (notices), to the organization's owner, with the time and a link to the status page.
    reference = page.locator("h1").inner_text().split()[0]
    (receipt_mail,) = [message for message in mail.outbox if message.subject == f"Application {reference} received"]
    assert receipt_mail.to == ["maria@lopez.example"]
    assert f"We received your application {reference} on" in receipt_mail.body
    assert "Projects: 1 vehicle" in receipt_mail.body and "Signed by: Maria Lopez, Owner" in receipt_mail.body
    status_link = re.search(r"https?://\S+/applications/\d+/", receipt_mail.body).group(0)
    assert status_link.endswith(page.url.split(base, 1)[1])
    expect(page.locator("#unread-notices")).to_contain_text("1")

    # The receipt PDF and the read-only answers.
    receipt = page.locator("#submitted-at").get_by_role("link", name="Receipt (PDF)").get_attribute("href")
    response = page.request.get(f"{base}{receipt}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    page.locator("#submitted-at").get_by_role("link", name="What you submitted").click()
    expect(page.locator("main")).to_contain_text("Read-only: once submitted, applications cannot be altered.")
    expect(page.locator("main")).to_contain_text("1XKAD49X7CJ000001")
    expect(page.locator("main")).to_contain_text("September 30, 2026")
    expect(page.locator("main form")).to_have_count(0)
    if narrow:
        fits(page, width)


@pytest.mark.pdf
def test_a_new_applicant_registers_checks_fixes_submits_and_reads_the_receipt(
    seeded, live_server, page: Page, tmp_path
):
    journey(page, live_server.url, tmp_path, width=1280)


@pytest.mark.pdf
def test_the_same_journey_on_a_phone(seeded, live_server, browser, tmp_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        journey(context.new_page(), live_server.url, tmp_path, width=PHONE["width"])
    finally:
        context.close()


def test_a_forgotten_password_is_reset_from_the_e_mail(seeded, live_server, page: Page):
    user = UserFactory(role=Role.APPLICANT, username="ana", email="ana@fleet.example")
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.fill("[name=email]", "ana@fleet.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    (message,) = mail.outbox
    assert "Your user name is ana" in message.body
    page.goto(link_in(message))
    page.fill("[name=new_password1]", NEW_PASSWORD)
    page.fill("[name=new_password2]", NEW_PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    expect(page.locator("h1")).to_have_text("Password saved")
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as ana")
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", "ana@fleet.example")  # by e-mail this time
    page.fill("[name=password]", NEW_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as ana")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_status_page_in_spanish(seeded, live_server, page: Page, django_capture_on_commit_callbacks):
    application = ApplicationFactory(applicant=UserFactory(role=Role.APPLICANT, username="luis"))
    project = ProjectFactory(application=application)
    project.data["miles_prior_12_months"] = 6999
    project.save()
    complete_draft(application)
    from applications import services

    services.submit(application, application.applicant)
    services.evaluate_application(application)
    page.goto(f"{live_server.url}/accounts/login/?next=/applications/{application.pk}/")
    page.fill("[name=username]", "luis")
    page.fill("[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page)
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#status")).to_have_text("Enviada, en revisión")
    expect(page.locator(".eligibility-problems")).to_contain_text(
        "El millaje de los 12 meses anteriores a la solicitud: 6,999 millas; el programa exige al menos 7,000 millas."
    )
    expect(page.get_by_role("link", name="Lo que envió").first).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("#status")).to_have_text("Submitted, under review")


# --- Accessibility: every applicant page, in English and Spanish -------------------------------------------------


def applicant_pages(base: str, application, submitted, project) -> list[tuple[str, str]]:
    pk = application.pk
    return [
        ("home", f"{base}/"),
        ("program page", f"{base}/programs/PA2026-02/"),
        ("my applications", f"{base}/applications/"),
        ("organization", f"{base}/accounts/organizations/{application.organization_id}/"),
        ("applicant and fleet", f"{base}/applications/{pk}/details/"),
        ("vehicles", f"{base}/applications/{pk}/projects/"),
        ("vehicle form", f"{base}/applications/{pk}/projects/{project.pk}/"),
        ("new vehicle form", f"{base}/applications/{pk}/projects/new/"),
        ("attachments", f"{base}/applications/{pk}/attachments/"),
        ("check and submit", f"{base}/applications/{pk}/review/"),
        ("draft status", f"{base}/applications/{pk}/"),
        ("draft answers", f"{base}/applications/{pk}/answers/"),
        ("delete draft", f"{base}/applications/{pk}/delete/"),
        ("submitted status", f"{base}/applications/{submitted.pk}/"),
        ("submitted answers", f"{base}/applications/{submitted.pk}/answers/"),
        ("withdraw", f"{base}/applications/{submitted.pk}/withdraw/"),
    ]


PUBLIC_PAGES = [
    ("sign in", "/accounts/login/"),
    ("register", "/accounts/register/"),
    ("password reset", "/accounts/password/reset/"),
    ("reset sent", "/accounts/password/reset/sent/"),
    ("bad reset link", "/accounts/password/reset/MQ/bad-token/"),
    ("bad confirmation link", "/accounts/verify/MQ/bad-token/"),
    ("program page", "/programs/PA2022-01/"),
]


def visit_all(
    page: Page, report: AccessibilityReport, base: str, application, submitted, project, language: str
) -> None:
    for label, url in applicant_pages(base, application, submitted, project):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        report.check(page, f"{label} [{language}]")
    # Forms showing errors: the error summary and the field messages.
    page.goto(f"{base}/applications/{application.pk}/details/")
    page.fill("[name=fleet_size]", "-3")
    page.locator("main form").get_by_role("button").click()
    expect(page.locator("#error-summary")).to_be_visible()
    report.check(page, f"details with an error [{language}]")
    page.goto(f"{base}/applications/{application.pk}/review/")
    page.locator("main form[method=post]").last.locator("[type=submit]").click()
    report.check(page, f"certify with errors [{language}]")
    page.goto(f"{base}/programs/PA2026-02/")
    page.locator("main form").get_by_role("button").click()  # start again: the draft warning
    expect(page.locator("#existing-drafts")).to_be_visible()
    report.check(page, f"start with an existing draft [{language}]")


def test_every_applicant_page_passes_axe_in_english_and_spanish(seeded, live_server, browser, capsys):
    applicant = UserFactory(role=Role.APPLICANT, username="ada")
    application = ApplicationFactory(applicant=applicant)
    project = ProjectFactory(application=application)
    project.data["goods_movement"] = False  # a failing rule on the check page
    project.save()
    submitted = ApplicationFactory(applicant=applicant)
    ProjectFactory(application=submitted)
    complete_draft(submitted)
    from applications import services

    services.submit(submitted, applicant)
    services.evaluate_application(submitted)
    base = live_server.url
    report = AccessibilityReport()
    for language in ("en", "es"):
        for width in (1280, PHONE["width"]):
            context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
            page = context.new_page()
            for label, path in PUBLIC_PAGES:
                page.goto(f"{base}{path}")
                report.check(page, f"{label} [{language}, {width}px]")
            page.goto(f"{base}/accounts/login/")
            page.fill("[name=username]", "ada")
            page.fill("[name=password]", PASSWORD)
            page.locator("main").get_by_role("button").click()
            pass_second_factor(page)
            visit_all(page, report, base, application, submitted, project, language)
            context.close()
    with capsys.disabled():
        print(f"\n{report.summary()}")
    assert report.failures == [], "\n".join(report.failures)
