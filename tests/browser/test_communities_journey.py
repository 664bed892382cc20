"""Issue 23 in a real Chromium: staff import the SB 535 list from the state's file (a bad row named by row and
column first, nothing typed lost), a SOON application whose address lies in a listed tract is found to be in a
disadvantaged community, the applicant reads it on the application page, and a lookup that could not be made waits
on the staff page until staff decide from the operation records."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from communities import services
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_DAC = "1200 E Anaheim St, Wilmington, CA 90744"  # tract 06037294820 (saved Census Geocoder answer)
UNREACHABLE = "99 Unsaved Answer Ave, Pomona, CA 91766"
SHOTS = Path("/tmp/shots_factors")


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    pass_second_factor(page)


def test_staff_import_a_list_and_a_soon_applicant_in_a_listed_tract_sees_it(seeded, live_server, page: Page, tmp_path):
    staff = UserFactory(role=Role.STAFF, username="communities-officer")
    base = live_server.url
    sign_in(page, base, staff.username)
    go(page, "Communities")
    expect(page.locator("#lists")).to_contain_text("No list imported yet")

    bad = tmp_path / "sb535.csv"
    bad.write_text("tract,category\n06037294820,Top 25% score\n6037-29,typo\n")
    page.select_option("[name=kind]", "sb535_dac")
    page.fill("[name=name]", "SB 535 disadvantaged communities")
    page.fill("[name=vintage]", "CalEnviroScreen 4.0, May 2022")
    page.fill("[name=source]", "https://calepa.ca.gov/envjustice/ghginvest/")
    page.set_input_files("[name=file]", str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("main")).to_contain_text("row 3, column tract")
    expect(page.locator("[name=vintage]")).to_have_value("CalEnviroScreen 4.0, May 2022")

    good = tmp_path / "sb535-fixed.csv"
    good.write_text("tract,category\n06037294820,Top 25% score\n")
    page.set_input_files("[name=file]", str(good))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("1 tract.")
    expect(page.locator("#lists")).to_contain_text("SB 535 disadvantaged communities")
    expect(page.locator("#lists")).not_to_contain_text("SAMPLE")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "communities-import.png"), full_page=True)

    in_dac = complete_application(
        "PA2025-04", staff=staff, details={"business_address": IN_DAC}, projects=({"dac_or_low_income": False},)
    )
    waiting = complete_application("PA2025-04", staff=staff, details={"business_address": UNREACHABLE})
    services.look_up(in_dac.pk)  # what submitting starts on Celery
    services.look_up(waiting.pk)

    page.goto(f"{base}/communities/")
    expect(page.locator("#waiting")).to_contain_text(waiting.reference)
    page.get_by_role("link", name=waiting.reference).click()
    page.select_option("[name=method]", "operation_records")
    page.select_option("[name=designation]", "dac")
    page.fill("[name=reason]", "Telematics: 64% of hours at the Wilmington yard")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#determination")).to_contain_text("Operation records reviewed by staff")
    assert waiting.projects.get().dac is True

    page.context.clear_cookies()
    sign_in(page, base, in_dac.applicant.username)
    page.goto(f"{base}/applications/{in_dac.pk}/")
    expect(page.locator("#community")).to_contain_text("Disadvantaged community (census tract 06037294820)")
    expect(page.locator("#community")).to_contain_text("address lookup")
    page.screenshot(path=str(SHOTS / "applicant-determination.png"), full_page=True)
    assert in_dac.projects.get().dac is True

    page.get_by_role("button", name="Español").click()  # the same determination in Spanish
    page.goto(f"{base}/applications/{in_dac.pk}/")
    expect(page.locator("#community")).to_contain_text("06037294820")
    expect(page.locator("#community")).not_to_contain_text("address lookup")
    page.screenshot(path=str(SHOTS / "applicant-determination-es.png"), full_page=True)
