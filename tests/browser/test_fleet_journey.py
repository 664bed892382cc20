"""Issue 22, done means: "a fleet uploads a 30-vehicle spreadsheet with three bad rows and fixes them", here with the
program's Excel template: the applicant downloads the .xlsx template, uploads thirty trucks with three bad rows, reads
the three problems by row and column, uploads the three rows fixed and finds thirty trucks."""

import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.applications.test_fleet_upload import fleet
from tests.applications.test_fleet_xlsx import workbook
from tests.factories import PASSWORD, ApplicationFactory, UserFactory, example, open_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_fleet_uploads_thirty_trucks_in_excel_and_fixes_three(seeded, live_server, page: Page, tmp_path):
    shots = Path(os.environ.get("SHOTS_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    open_program("PA2026-02")
    user = UserFactory(role=Role.APPLICANT)
    draft = ApplicationFactory(applicant=user, details=example("PA2026-02")["application"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=username]", user.username)
    page.fill("[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{reverse('applications:projects', args=[draft.pk])}")
    page.get_by_role("link", name="Add many vehicles from a spreadsheet").click()
    with page.expect_download() as download:
        page.locator("#template-xlsx").click()
    header = [cell.value for cell in load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active[1]]
    assert header[:2] == ["VIN", "Vehicle make"]

    rows = fleet()
    rows[4]["existing_gvwr_lb"] = "heavy"  # row 6
    rows[11]["existing_yard_county"] = "Atlantis"  # row 13
    del rows[20]["quote_date"]  # row 22
    sheet = tmp_path / "fleet.xlsx"
    sheet.write_bytes(workbook(rows))
    page.set_input_files("[name=file]", str(sheet))
    page.get_by_role("button", name="Upload the list").click()
    expect(page.locator("#sheet-result")).to_contain_text("27 rows were added.")
    errors = page.locator("#sheet-errors tbody tr")
    expect(errors).to_have_count(3)
    expect(errors.nth(0)).to_contain_text("6GVWR (lb)GVWR (lb): enter a whole number.")
    expect(errors.nth(1)).to_contain_text("13Primary yard county")
    expect(errors.nth(2)).to_contain_text("22Vendor quote date")
    page.screenshot(path=str(shots / "fleet-xlsx-errors.png"), full_page=True)

    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(
        workbook(
            [
                rows[4] | {"existing_gvwr_lb": 80000},
                rows[11] | {"existing_yard_county": "Los Angeles"},
                rows[20] | {"quote_date": example("PA2026-02")["project"]["quote_date"]},
            ]
        )
    )
    page.set_input_files("[name=file]", str(fixed))
    page.get_by_role("button", name="Upload the list").click()
    expect(page.locator(".alert-success").first).to_contain_text("3 vehicles added from the spreadsheet.")
    assert draft.projects.count() == 30
    assert sorted(p.data["existing_gvwr_lb"] for p in draft.projects.all()) == [80000] * 30
