"""Staff decisions in the admin: each one recorded with who, when and why."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Status
from funding import services as funding_services
from tests.factories import PASSWORD, approve_on_page, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, django_capture_on_commit_callbacks):
    complete_draft(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(draft, draft.applicant)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def staff_client(client, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    return client


def decide(client, application, action, reason=""):
    if action == "approve":  # approved on the page that shows the funds (issue 21)
        return approve_on_page(client, application, reason)
    return client.post(
        reverse("admin:applications_application_decide", args=[application.pk, action]), {"reason": reason}
    )


def test_change_page_shows_vehicles_attachments_rule_results_and_buttons(staff_client, submitted):
    page = staff_client.get(reverse("admin:applications_application_change", args=[submitted.pk])).content.decode()
    assert "The existing vehicle&#x27;s GVWR is 80,000 lb, at least the required 33,001 lb." in page
    assert "001_ea26778b00a7e017.txt, PA2026-02 Section 1.1" in page
    assert "quote.pdf" in page
    for label in ("Mark complete", "Request missing information", "Reject"):
        assert label in page
    assert "Approve" not in page.split("object-tools")[1].split("</ul>")[0]


def test_admin_list_filters_by_program_status_and_county(staff_client, submitted):
    url = reverse("admin:applications_application_changelist")
    assert (
        submitted.reference
        in staff_client.get(url, {"status__exact": "submitted", "county": "Los Angeles"}).content.decode()
    )
    assert submitted.reference not in staff_client.get(url, {"status__exact": "approved"}).content.decode()


def test_request_for_information_gives_14_calendar_days(staff_client, staff_user, submitted):
    response = decide(staff_client, submitted, "request_information", "Upload the 12 months of GPS records.")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.INFO_REQUESTED
    assert submitted.deficiency_response_due == timezone.localdate() + dt.timedelta(days=14)
    decision = submitted.decisions.last()
    assert (decision.actor, decision.action, decision.reason) == (
        staff_user,
        "request_information",
        "Upload the 12 months of GPS records.",
    )


def test_request_for_information_needs_a_message(staff_client, submitted):
    response = decide(staff_client, submitted, "request_information", "")
    assert response.status_code == 200
    assert "Tick a deficient document or answer, or say what is missing." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_applicant_sees_the_due_date_and_answers(client, staff_user, submitted, django_capture_on_commit_callbacks):
    services.request_information(submitted, staff_user, "Photo of the GVWR label is unreadable.")
    client.login(username=submitted.applicant.username, password=PASSWORD)
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    due = submitted.deficiency_response_due
    assert f"{due:%B} {due.day}, {due.year}" in page and "14 calendar days" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:respond", args=[submitted.pk]), {"reason": "Uploaded a new photo."})
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert submitted.information_response == "Uploaded a new photo."


def test_complete_then_approve_commits_the_award(staff_client, staff_user, submitted):
    decide(staff_client, submitted, "mark_complete")
    response = decide(staff_client, submitted, "approve", "Meets all PA2026-02 requirements.")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert submitted.award_total == Decimal("400000.00")
    assert [d.action for d in submitted.decisions.all()] == ["submit", "mark_complete", "approve"]
    assert all(d.at is not None for d in submitted.decisions.all())
    entry = submitted.ledger_entries.get()
    assert (entry.kind, entry.amount, entry.actor, entry.reason) == (
        "encumbrance",
        Decimal("400000.00"),
        staff_user,
        "Meets all PA2026-02 requirements.",
    )


def test_approval_is_refused_when_nothing_is_eligible(staff_client, submitted):
    submitted.projects.update(eligible=False, award=Decimal("0"))
    submitted.award_total = Decimal("0.00")
    submitted.save()
    decide(staff_client, submitted, "mark_complete")
    response = decide(staff_client, submitted, "approve")
    assert "No project in this application is eligible for an award." in response.content.decode()


def test_approval_cannot_exceed_the_remaining_funds(staff_client, staff_user, submitted):
    fund = submitted.program.fund_sources.get()
    funding_services.adjust_budget(
        fund,
        Decimal("399999.99") - Decimal("28000000.00"),
        actor=staff_user,
        reason="Reallocated to other INVEST CLEAN measures",
    )
    decide(staff_client, submitted, "mark_complete")
    response = decide(staff_client, submitted, "approve")
    assert (
        "The award $400,000.00 for the vehicle 1 of " in response.content.decode()
        and "can give it: $399,999.99" in response.content.decode()
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.COMPLETE and not submitted.ledger_entries.exists()


def test_rejection_needs_and_keeps_a_reason(staff_client, staff_user, submitted):
    assert decide(staff_client, submitted, "reject", "").status_code == 200
    decide(staff_client, submitted, "reject", "Truck operated outside the MSAs.")
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED
    assert submitted.decisions.last().reason == "Truck operated outside the MSAs."
    assert submitted.history.count() >= 3  # simple-history keeps each saved version


def test_overdue_responses_are_one_filter_away(staff_client, staff_user, submitted):
    services.request_information(submitted, staff_user, "Missing registration.")
    url = reverse("admin:applications_application_changelist")
    assert submitted.reference in staff_client.get(url, {"response": "awaiting"}).content.decode()
    assert submitted.reference not in staff_client.get(url, {"response": "overdue"}).content.decode()
    submitted.deficiency_response_due = timezone.localdate() - dt.timedelta(days=1)
    submitted.save()
    assert submitted.reference in staff_client.get(url, {"response": "overdue"}).content.decode()
