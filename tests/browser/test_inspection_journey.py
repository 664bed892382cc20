"""An inspector's day in a real Chromium at a phone's width (390 px): sign in, My inspections, open the new truck's
inspection, schedule it, compare the declared and observed values (the odometer differs and is highlighted), upload
the photos and the signed report, record a pass and submit; staff accept it and the project shows cleared for
payment (its scrapping was verified earlier)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from inspections import services
from inspections.models import Inspection
from tests.browser.accessibility import AccessibilityReport
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, PDF_BYTES, UserFactory, executed_agreement
from tests.inspections.conftest import JPEG_BYTES, inspected, pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def open_menu(page: Page) -> None:
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)


def sign_out(page: Page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()


def fits_the_phone(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_inspectors_day_on_a_phone(seeded, live_server, page: Page, tmp_path):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    inspector = UserFactory(role=Role.INSPECTOR, username="inspector-ana", first_name="Ana", last_name="Ruiz")
    agreement = executed_agreement("PA2026-02", staff=staff, on=timezone.localdate() - dt.timedelta(days=40))
    line = agreement.funded_projects.get()
    project, awardee = line.project, agreement.application.applicant
    declared = project.data
    # The old truck's scrapping, verified earlier; the new truck is delivered and assigned to Ana.
    services.add_document(
        project, "dismantler_receipt", timezone.localdate() - dt.timedelta(days=9), pdf(), actor=awardee
    )
    services.accept(
        inspected(Inspection.objects.get(project=project, kind="destruction"), inspector, staff=staff), actor=staff
    )
    post = services.report_ready(project, "post", timezone.localdate() - dt.timedelta(days=2), actor=awardee)
    services.assign(post, inspector, actor=staff)
    photos = []
    for number in range(4):
        path = tmp_path / f"truck-{number}.jpg"
        path.write_bytes(JPEG_BYTES)
        photos.append(str(path))
    signed = tmp_path / "signed-report.pdf"
    signed.write_bytes(PDF_BYTES)
    report = AccessibilityReport()

    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, inspector.username)
    open_menu(page)
    page.locator("nav.portal-navbar").get_by_role("link", name="My inspections").click()
    expect(page.locator("#assignments [data-inspection]")).to_have_count(1)
    assert fits_the_phone(page)
    report.check(page, "my inspections")
    page.get_by_role("link", name=f"Post-inspection · {agreement.number} #1").click()
    expect(page.locator("#inspection-status")).to_have_text("Assigned, to schedule")

    page.fill("[name=on]", timezone.localdate().isoformat())
    page.fill("[name=at]", "00:01")
    page.get_by_label("On site").check()
    page.get_by_role("button", name="Save the date").click()
    expect(page.locator("#inspection-status")).to_have_text("Scheduled")

    page.fill("[name=vin]", "4V4NC9EH0SN000123")  # its check digit (9th) is 0
    page.fill("[name=make]", declared["replacement_make"].lower())  # case aside, the same make
    page.fill("[name=model]", declared["replacement_model"])
    page.fill("[name=model_year]", str(declared["replacement_model_year"]))
    page.fill("[name=gvwr_lb]", str(declared["replacement_gvwr_lb"]))
    page.fill("[name=odometer]", "240")  # declared 12 miles
    page.fill("[name=battery_capacity_kwh]", "565")
    page.select_option("[name=operational]", "true")
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator("[data-check=odometer]")).to_have_attribute("data-mismatch", "true")
    expect(page.locator("[data-check=odometer] .declared")).to_have_text("12")
    expect(page.locator("[data-check=make]")).to_contain_text("Matches")
    expect(page.locator("#mismatch-summary")).to_have_text("1 observed value differs from the application.")
    assert fits_the_phone(page)
    report.check(page, "the checklist, declared and observed")

    for number, path in enumerate(photos):
        page.set_input_files(f"#photo-{number}", path)
    page.get_by_role("button", name="Upload photos").click()
    expect(page.locator(".alert-success")).to_have_text("4 photos added.")
    expect(page.locator("#photo-list figure")).to_have_count(4)
    page.set_input_files("[name=report]", str(signed))
    page.get_by_role("button", name="Upload the report").click()
    expect(page.locator("#report-link")).to_have_text("signed-report.pdf")
    page.get_by_label("Passed").check()
    page.fill("[name=findings]", "Odometer reads 240 miles after the delivery run; otherwise as declared.")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator("#inspection-status")).to_have_text("Report submitted, under review")
    expect(page.locator("[name=odometer]")).to_have_count(0)  # locked
    assert fits_the_phone(page)
    report.check(page, "the submitted report")
    sign_out(page)

    sign_in(page, live_server.url, staff.username)
    page.goto(f"{live_server.url}/inspections/staff/")
    page.locator("#to-review").get_by_role("link", name=f"Post-inspection · {agreement.number} #1").click()
    report.check(page, "staff's review")
    page.get_by_role("button", name="Accept the report").click()
    expect(page.locator("#inspection-status")).to_have_text("Report accepted")
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    panel = page.locator("[data-inspections-project='1']")
    expect(panel.locator("[data-cleared=true]")).to_have_text("Cleared for payment")
    assert fits_the_phone(page)
    print(f"\n{report.summary()}")
    assert report.failures == [], "\n".join(report.failures)


def test_an_inspector_on_a_phone_makes_a_mistake_and_keeps_every_value(seeded, live_server, page: Page, tmp_path):
    """Issue 22: an odometer typed with a decimal brings the checklist back with every value as typed and only the odometer
    marked, in words; then a "Date scrapped" still to come is refused on its own field; corrected, it saves."""
    staff = UserFactory(role=Role.STAFF, username="grants-officer")
    inspector = UserFactory(role=Role.INSPECTOR, username="inspector-ana")
    agreement = executed_agreement("PA2026-02", staff=staff, on=timezone.localdate() - dt.timedelta(days=40))
    project = agreement.funded_projects.get().project
    scrapping = services.open_inspection(project, "destruction", actor=staff)
    services.assign(scrapping, inspector, actor=staff)
    services.schedule(scrapping, actor=inspector, when=timezone.now() - dt.timedelta(hours=2), mode="on_site")
    declared = project.data
    typed = {
        "vin": declared["existing_vin"],
        "make": declared["existing_make"],
        "model": declared["existing_model"],
        "engine_serial_number": declared["existing_engine_serial_number"],
        "odometer": "612900.5",  # a thumb on the point: not a whole number
        "destroyed_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "dismantler": "Pick-A-Part Wilmington",
    }

    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, inspector.username)
    page.goto(f"{live_server.url}/inspections/mine/")
    expect(page.locator("#assignments [data-inspection]")).to_have_count(1)
    expect(page.locator("[data-contact]")).to_contain_text(agreement.application.details["phone"])
    expect(page.locator("[data-city]")).to_have_text("Long Beach")
    page.get_by_role("link", name=f"Destruction inspection · {agreement.number} #1").click()
    for name, value in typed.items():
        page.fill(f"[name={name}]", value)
    for name in ("driven_not_towed", "engine_block_hole", "frame_rail_cut"):
        page.select_option(f"[name={name}]", "true")
    page.get_by_role("button", name="Save the checklist").click()

    expect(page.locator("#not-saved")).to_be_visible()
    for name, value in typed.items():
        expect(page.locator(f"[name={name}]")).to_have_value(value)
    expect(page.locator("[name=frame_rail_cut]")).to_have_value("true")
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)
    expect(page.locator("[name=odometer]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_odometer-error")).to_have_text("Odometer reading (miles): enter a whole number.")
    assert fits_the_phone(page)
    page.locator("#id_odometer-error").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "kept-values.png"), full_page=False)

    page.fill("[name=odometer]", "612900")
    page.fill("[name=destroyed_on]", (timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)
    expect(page.locator("#id_destroyed_on-error")).to_contain_text("is still to come")
    expect(page.locator("[name=odometer]")).to_have_value("612900")

    page.fill("[name=destroyed_on]", typed["destroyed_on"])
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.locator(".alert-success")).to_have_text("Checklist saved.")
    expect(page.locator("[name=dismantler]")).to_have_value("Pick-A-Part Wilmington")
    scrapping.refresh_from_db()
    assert scrapping.observed["odometer"] == 612900 and scrapping.observed["dismantler"] == "Pick-A-Part Wilmington"
