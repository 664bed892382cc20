"""A reviewer's day from My work (issue 21, "Done means"), in a real Chromium at 1280 px: the queue oldest first,
the deficiency checklist, the applicant's response shown before and after, and the approval with the fund's
balance before and after it. Screenshots go to ``/tmp/shots_reviewer/``."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from applications import selectors, services
from applications.models import Application, Status
from tests.browser.second_factor import sign_in
from tests.factories import ApplicationFactory, ProjectFactory, UserFactory, open_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots_reviewer")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submitted(days_ago: int) -> Application:
    """A PA2026-02 application submitted ``days_ago`` days ago and evaluated: under review."""
    application = ApplicationFactory(program=open_program("PA2026-02"))
    submitted_at = timezone.now() - dt.timedelta(days=days_ago)
    project = ProjectFactory(application=application)
    project.data = {**project.data, "quote_date": timezone.localdate(submitted_at).isoformat()}
    project.save()
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED, submitted_at=submitted_at)
    application.refresh_from_db()
    services.evaluate_application(application)
    return application


def test_a_reviewers_day_from_my_work(seeded, live_server, page: Page):
    UserFactory(role=Role.STAFF, username="reviewer", first_name="Lena", last_name="Park")
    newer, older = submitted(days_ago=2), submitted(days_ago=9)
    project = older.projects.get()
    gvwr = f"answer:existing_gvwr_lb:{project.pk}"
    index = next(i for i, item in enumerate(selectors.deficiency_choices(older)) if item.code.startswith(gvwr))

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "reviewer")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    queue = page.locator("#review")
    references = queue.get_by_role("link").all_inner_texts()
    assert references.index(older.reference) < references.index(newer.reference)  # oldest first
    shot(page, "1-my-work")

    queue.get_by_role("link", name=older.reference).click()
    page.locator("#decide-request_information").click()
    page.locator(f"#deficiencies [name=item_{index}]").check()
    page.locator(f"#deficiencies [name=why_{index}]").fill("The GVWR label photo reads 66,000 lb.")
    page.get_by_role("button", name="Request missing information").click()
    changes = page.locator("#deficiency-changes")
    expect(changes).to_contain_text("The GVWR label photo reads 66,000 lb.")
    expect(changes).to_contain_text("awaiting the applicant")
    shot(page, "2-requested")

    # The applicant corrects the answer and responds (their pages have their own journey).
    older.refresh_from_db()
    item = older.deficient_items.get()
    services.correct_deficient_answer(older, item.pk, "66000")
    services.respond_to_request(older, older.applicant, "The GVWR is 66,000 lb, as the label shows.")

    page.reload()
    row = changes.locator(f"tr[data-item='{item.key}']")
    expect(changes).to_contain_text("answered")
    expect(row.locator("td.after")).to_contain_text("66,000")
    expect(row.locator("td.after")).not_to_contain_text("unchanged")
    expect(page.locator("#summary")).not_to_contain_text("Response due")
    shot(page, "3-response-before-and-after")

    page.locator("#decide-mark_complete").click()
    page.get_by_role("button", name="Mark complete").click()
    expect(page.locator("#summary")).to_contain_text("Complete")
    shot(page, "4-complete")
    page.locator("#decide-approve").click()
    expect(page.locator("#approval-total")).to_have_text(f"${older.award_total:,.2f}")
    funds = page.locator("#approval-funds")
    expect(funds).to_contain_text("Available before")
    expect(funds).to_contain_text("Available after")
    shot(page, "4-approve-with-balances")
    with page.expect_navigation():
        page.locator("#approve").click()
    older.refresh_from_db()
    assert older.status == Status.APPROVED
    shot(page, "5-approved")
