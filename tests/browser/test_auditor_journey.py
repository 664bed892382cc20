"""The read-only auditor (issue 26), in a real Chromium at 1280 px: a CARB or State auditor signs in with the second
factor, reads a decided application's decisions and change history in the admin, downloads a project's audit trail,
and is refused every change, in words. Screenshots go to ``/tmp/shots_journeys/``."""

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from applications.models import Status
from tests.browser.second_factor import CODE_PAGE, sign_in
from tests.browser.test_controls_journeys import shot
from tests.factories import UserFactory, approved_application, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_auditor_reads_the_history_exports_the_trail_and_changes_nothing(seeded, live_server, page: Page):
    page.set_viewport_size({"width": 1280, "height": 900})
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    decided = approved_application(staff=staff)
    under_review = complete_application(staff=staff)
    auditor = UserFactory(role=Role.AUDITOR, username="state-auditor", first_name="June", last_name="Okafor")

    sign_in(page, live_server.url, auditor.username)
    assert CODE_PAGE not in page.url  # the second factor was asked and given
    expect(page).to_have_url(f"{live_server.url}/my-work/")

    page.get_by_role("link", name="Read the decided applications and their history").click()  # from My work
    listed = page.locator("#result_list")
    expect(listed).to_contain_text(decided.reference)
    expect(listed).not_to_contain_text(under_review.reference)  # only decided applications
    shot(page, "e1-auditor-application-list")

    page.goto(f"{live_server.url}/admin/applications/application/{decided.pk}/review/")
    expect(page.locator("#decisions")).to_contain_text("Your role reads applications; it does not decide them.")
    expect(page.locator("#decisions a.button")).to_have_count(0)
    expect(page.locator("#history")).to_contain_text("Lena Park")
    expect(page.locator("#notes form")).to_have_count(0)
    shot(page, "e2-auditor-review")
    page.get_by_role("link", name="Change history").click()
    expect(page.locator("#content")).to_contain_text(f"View history: {decided.reference}")
    expect(page.locator("#content table thead")).to_contain_text("Changed by")
    expect(page.locator("#content table tbody tr").first).to_be_visible()
    shot(page, "e3-auditor-history")

    project = decided.projects.get()
    page.goto(f"{live_server.url}/admin/applications/project/{project.pk}/change/")
    expect(page.locator("input[type=submit][name=_save]")).to_have_count(0)  # nothing to save
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the audit trail (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0] == ["When (Pacific time)", "Record", "Action", "Change", "By", "Reason or note"]
    actions = [row[2] for row in rows[1:]]
    approve = rows[1:][actions.index("approve")]
    assert (approve[1], approve[3], approve[4]) == (decided.reference, "complete → approved", "Lena Park")
    assert "ledger: encumbrance" in actions

    # Every change is refused, in words: a decision, a note, the project's facts.
    for url in (
        f"/admin/applications/application/{decided.pk}/decide/reject/",
        f"/admin/applications/project/{project.pk}/delete/",
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 403, url
        expect(page.locator("main, #content").first).to_contain_text("Nothing was changed.")
        shot(page, "e4-auditor-refused")
    page.goto(f"{live_server.url}/admin/applications/application/{decided.pk}/review/")
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;  // the sign-out form's
            const body = new URLSearchParams({text: 'An auditor note', csrfmiddlewaretoken: token});
            return (await fetch(url, {method: 'POST', body})).status;
        }""",
        f"/admin/applications/application/{decided.pk}/note/",
    )
    assert status == 403
    decided.refresh_from_db()
    assert decided.status == Status.APPROVED and not decided.staff_notes.exists()
