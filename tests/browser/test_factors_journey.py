"""Issue 23 in a real Chromium: staff import the Carl Moyer on-road factor table, see the edition on the round, open a
PA2022-01 truck's review page (factors from the round's edition, the announcement's Tables 2 and 3 estimate beside
the computed amount), override the factors with a reason, and read the flag and the override's history on the review
page and the approve page."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.browser.test_communities_journey import sign_in
from tests.factories import UserFactory, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots_factors")
HEADER = "service_class,engine_model_year,nox_g_per_mile,rog_g_per_mile,pm10_g_per_mile\n"
TYPED = ("baseline_nox_g_per_mile", "baseline_rog_g_per_mile", "baseline_pm10_g_per_mile")


def test_staff_import_the_table_override_a_trucks_factors_and_see_the_flag(seeded, live_server, page: Page, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    staff = UserFactory(role=Role.STAFF, username="moyer-officer", is_superuser=True)
    base = live_server.url
    sign_in(page, base, staff.username)

    table = tmp_path / "d6.csv"
    table.write_text(HEADER + "HHD,2008,1.7092,0,0\n")
    page.goto(f"{base}/admin/programs/factortable/add/")
    page.fill("[name=edition]", "2017 Carl Moyer Program Guidelines")
    page.fill("[name=source]", "Appendix D, Table D-6")
    page.set_input_files("[name=file]", str(table))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text("2017 Carl Moyer Program Guidelines")

    truck = complete_application("PA2022-01", staff=staff, projects=(dict.fromkeys(TYPED),))
    round_ = truck.program.current_round
    type(truck).objects.filter(pk=truck.pk).update(round=round_)
    page.goto(f"{base}/admin/programs/round/{round_.pk}/change/")
    expect(page.locator("main")).to_contain_text("2017 Carl Moyer Program Guidelines: Appendix D, Table D-6 (imported")
    page.screenshot(path=str(SHOTS / "round.png"), full_page=True)

    project = truck.projects.get()
    page.goto(f"{base}/admin/applications/application/{truck.pk}/review/")
    factors = page.locator(f"#factors-{project.pk}")
    expect(factors).to_contain_text("The round's Carl Moyer Guidelines edition: 2017 Carl Moyer Program Guidelines")
    expect(factors).to_contain_text("estimate $267,657.00")
    expect(factors).not_to_contain_text("Review:")

    factors.get_by_text("Override the emission factors, with the reason").click()
    factors.locator("[name=baseline_nox]").fill("2.0")
    factors.locator("[name=baseline_rog]").fill("0")
    factors.locator("[name=baseline_pm10]").fill("0")
    factors.locator("[name=reason]").fill("ECM download: 2.0 g/mile NOx")
    factors.get_by_role("button", name="Save the factors and re-evaluate").click()
    expect(page.locator(".messagelist")).to_contain_text("Emission factors recorded")
    factors = page.locator(f"#factors-{project.pk}")
    expect(factors).to_contain_text("Staff's override (recorded")
    expect(factors).to_contain_text("+$45,547.51 (+17.02%)")
    expect(factors.locator(".tables-reference.flagged")).to_contain_text("Review:")
    expect(factors.locator(".factor-history")).to_contain_text("ECM download: 2.0 g/mile NOx")
    factors.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "review.png"), full_page=True)

    page.goto(f"{base}/funding/applications/{truck.pk}/approve/")
    expect(page.locator("#approval-references")).to_contain_text("More than 10 percent apart")
    page.screenshot(path=str(SHOTS / "approve.png"), full_page=True)
