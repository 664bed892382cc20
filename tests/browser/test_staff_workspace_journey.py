"""A reviewer's morning in a real Chromium at 1280 px (issue 15): filter the list, open an application, read it,
score the rubric inline, request information, approve another, export the list; nothing scrolls sideways."""

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from applications.models import Status
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUBRIC = {
    "project_readiness": 18,
    "compliance": 17,
    "location": 16,
    "utilization": 8,
    "measure_2_support": 5,
    "public_access": 5,
    "cost_reasonableness": 9,
}


def no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url


def test_a_reviewers_morning(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="reviewer", first_name="Rosa", last_name="Diaz")
    location = complete_application("PA2026-03", staff=staff)
    truck = complete_application("PA2026-02", staff=staff)  # marked complete: ready to approve
    # The location is back under review (submitted) to be scored and asked for information.
    type(location).objects.filter(pk=location.pk).update(status=Status.SUBMITTED)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("[name=username]", staff.username)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button.btn-primary").click()  # the admin signs in through the portal (issue 26)
    pass_second_factor(page)

    # Filter: the saved filter, then the program.
    page.goto(f"{live_server.url}/admin/applications/application/")
    page.get_by_role("link", name="Unassigned, submitted").click()
    expect(page.locator("#result_list")).to_contain_text(location.reference)
    expect(page.locator("#result_list")).not_to_contain_text(truck.reference)
    for column in ("Status", "Program", "County", "Submitted", "Response due", "Award", "Reviewer"):
        expect(page.locator("#result_list thead")).to_contain_text(column)
        header = page.locator("#result_list thead th", has_text=column).first
        box = header.bounding_box()
        assert box and box["x"] + box["width"] <= 1280, column
    no_horizontal_scroll(page)

    # Open and read.
    page.get_by_role("link", name=location.reference).click()
    expect(page.locator("#summary")).to_contain_text(location.organization.name)
    expect(page.locator("#summary")).to_contain_text("$2,520,000.00")
    expect(page.locator(".project .rules")).to_be_visible()
    expect(page.locator("#decide-approve")).to_have_count(0)
    expect(page.locator("#refusal")).to_have_text("Approve comes after the application is marked complete.")
    no_horizontal_scroll(page)

    # Score the rubric inline: the total follows the typing.
    for key, points in RUBRIC.items():
        page.fill(f"[name=points-{key}]", str(points))
    page.fill("[name=note-location]", "Closes an I-710 gap")
    expect(page.locator("[data-rubric-total]")).to_have_text("78")
    page.get_by_role("button", name="Save scores and re-evaluate").click()
    expect(page.locator(".messagelist")).to_contain_text("rubric saved and the rules run again")
    expect(page.locator("[data-rubric-total]")).to_have_text("78")
    expect(page.locator("#history")).to_contain_text("Rules run again")

    # Request information.
    page.locator("#decide-request_information").click()
    page.fill("[name=reason]", "Upload the utility will-serve letter.")
    page.locator("#deficiencies [name=item_0]").check()  # the checklist (issue 21): the first document, with why
    page.locator("#deficiencies [name=why_0]").fill("The letter is not signed by the utility.")
    page.get_by_role("button", name="Request missing information").click()
    expect(page.locator("#summary")).to_contain_text("Information requested")
    expect(page.locator("#deficiency-changes")).to_contain_text("The letter is not signed by the utility.")
    expect(page.locator("#deficiency-changes")).to_contain_text("awaiting the applicant")
    expect(page.locator("#history")).to_contain_text("Requested information")
    location.refresh_from_db()
    assert location.status == Status.INFO_REQUESTED

    # Approve the complete truck.
    page.goto(f"{live_server.url}/admin/applications/application/?status__exact=complete")
    page.get_by_role("link", name=truck.reference).click()
    page.locator("#decide-approve").click()
    page.fill("[name=reason]", "Meets all PA2026-02 requirements.")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#summary")).to_contain_text("Approved")
    truck.refresh_from_db()
    assert truck.status == Status.APPROVED

    # Export the list as filtered.
    page.goto(f"{live_server.url}/admin/applications/application/?program__id__exact={truck.program_id}")
    no_horizontal_scroll(page)
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows[1][:4] == [truck.reference, truck.organization.name, "PA2026-02", "Approved"]
    assert len(rows) == 2
    assert [d.action for d in truck.decisions.all()][-1] == "approve"
    assert truck.ledger_entries.get().amount == truck.award_total
