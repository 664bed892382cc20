"""The staff review workspace (issue 15): the review page, inline rubric, notes, reviewer, organization page with
duplicate VINs, the list's search, bulk actions and exports; staff only, the board reads."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from applications import selectors, services
from applications import staff as staff_services
from applications.models import Application, Decision, Status
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory, complete_draft, open_program

pytestmark = pytest.mark.django_db

RUBRIC = {
    "project_readiness": (18, "Utility will-serve letter"),
    "compliance": (17, ""),
    "location": (16, "Closes an I-710 gap"),
    "utilization": (8, ""),
    "measure_2_support": (5, ""),
    "public_access": (5, "Fleet-only"),
    "cost_reasonableness": (9, ""),
}


def submit(application, capture):
    complete_draft(application)
    with capture(execute=True):
        services.submit(application, application.applicant)
    application.refresh_from_db()
    return application


@pytest.fixture
def truck(draft, django_capture_on_commit_callbacks):
    return submit(draft, django_capture_on_commit_callbacks)


@pytest.fixture
def location(django_capture_on_commit_callbacks):
    application = ApplicationFactory(program=open_program("PA2026-03"))
    ProjectFactory(application=application)
    return submit(application, django_capture_on_commit_callbacks)


@pytest.fixture
def staff_client(client, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    return client


@pytest.fixture
def board_client(client):
    board = UserFactory(role=Role.BOARD_MEMBER)
    client.login(username=board.username, password=PASSWORD)
    return client


def review_url(application):
    return reverse("admin:applications_application_review", args=[application.pk])


def test_review_page_reads_top_to_bottom_in_words(staff_client, truck):
    page = staff_client.get(review_url(truck)).content.decode()
    assert truck.organization.name in page
    assert "The existing vehicle&#x27;s GVWR is 80,000 lb, at least the required 33,001 lb." in page
    assert 'title="Program Announcement PA2026-02, Section 1.1' in page  # the citation, on hover, by its public name
    assert "Existing vehicle VIN" in page or "VIN" in page
    assert "1XKAD49X7CJ000001" in page
    assert "$" in page and "binding limit" in page
    assert "quote.pdf" in page
    assert "Submitted" in page and ("PST" in page or "PDT" in page)  # decision times in Pacific time
    assert '"rule"' not in page and "{&#x27;" not in page  # no raw JSON
    # Submitted: mark complete, request information, reject; Approve is not offered yet, said once.
    assert 'id="decide-mark_complete"' in page and 'id="decide-reject"' in page
    assert 'id="decide-approve"' not in page
    assert page.count("Approve comes after the application is marked complete.") == 1


def test_failed_rules_come_first(staff_client, truck):
    project = truck.projects.get()
    project.data = {**project.data, "existing_gvwr_lb": 20000}
    project.save()
    services.re_evaluate(truck, truck.applicant, "test")
    page = staff_client.get(review_url(truck)).content.decode()
    rules = page.split('class="rules"')[1].split("</ul>")[0]
    assert rules.index('class="failed"') < rules.index('class="passed"')
    assert "not eligible" in page


def test_approve_is_not_offered_on_an_ineligible_application(staff_client, staff_user, truck):
    project = truck.projects.get()
    project.data = {**project.data, "existing_gvwr_lb": 20000}
    project.save()
    services.re_evaluate(truck, staff_user, "test")
    services.mark_complete(truck, staff_user)
    page = staff_client.get(review_url(truck)).content.decode()
    assert 'id="decide-approve"' not in page
    assert page.count("Approve is not offered: no project is eligible for an award.") == 1


def test_rubric_scored_inline_is_saved_and_re_evaluated_with_a_decision(staff_client, staff_user, location):
    project = location.projects.get()
    page = staff_client.get(review_url(location)).content.decode()
    assert 'name="points-location"' in page and ">20<" in page  # one row per criterion with its maximum
    data = {}
    for key, (points, note) in RUBRIC.items():
        data[f"points-{key}"] = points
        data[f"note-{key}"] = note
    response = staff_client.post(reverse("admin:applications_application_rubric", args=[location.pk, project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.figures["rubric_status"] == "scored"
    assert project.figures["rubric_total"] == 78
    assert project.scores.get(criterion="location").note == "Closes an I-710 gap"
    assert Decision.objects.filter(
        application=location, action="re_evaluate", actor=staff_user, reason="Rubric scores changed"
    ).exists()


def test_a_rubric_score_above_its_maximum_names_the_criterion(staff_client, location):
    project = location.projects.get()
    response = staff_client.post(
        reverse("admin:applications_application_rubric", args=[location.pk, project.pk]),
        {"points-location": "25"},
        follow=True,
    )
    assert "between 0 and 20 points" in response.content.decode()
    assert not project.scores.exists()


def test_notes_are_for_staff_only(staff_client, applicant, truck):
    staff_client.post(reverse("admin:applications_application_note", args=[truck.pk]), {"text": "Call the owner"})
    assert "Call the owner" in staff_client.get(review_url(truck)).content.decode()
    applicant_client = Client()
    applicant_client.login(username=applicant.username, password=PASSWORD)
    applicant_page = applicant_client.get(reverse("applications:detail", args=[truck.pk])).content.decode()
    assert "Call the owner" not in applicant_page


def test_assigned_to_me_filter(staff_client, staff_user, truck, location):
    response = staff_client.post(
        reverse("admin:applications_application_assign", args=[truck.pk]), {"reviewer": staff_user.pk}
    )
    assert response.status_code == 302
    truck.refresh_from_db()
    assert truck.assigned_to == staff_user
    page = staff_client.get(reverse("admin:applications_application_changelist"), {"reviewer": "me"}).content.decode()
    assert truck.reference in page and location.reference not in page


def test_reviewer_must_be_staff(staff_client, applicant, truck):
    response = staff_client.post(
        reverse("admin:applications_application_assign", args=[truck.pk]), {"reviewer": applicant.pk}, follow=True
    )
    assert "Reviewer: choose a staff member." in response.content.decode()
    truck.refresh_from_db()
    assert truck.assigned_to is None


def test_board_reads_the_review_page_but_cannot_write(board_client, truck):
    page = board_client.get(review_url(truck)).content.decode()
    assert truck.organization.name in page and 'id="decide-' not in page
    for name, args in (("note", [truck.pk]), ("assign", [truck.pk]), ("rubric", [truck.pk, truck.projects.get().pk])):
        response = board_client.post(reverse(f"admin:applications_application_{name}", args=args), {"text": "x"})
        assert response.status_code == 403
    assert not truck.staff_notes.exists()


def test_applicants_never_reach_the_staff_pages(applicant_client, truck):
    for url in (
        review_url(truck),
        reverse("admin:applications_application_organization", args=[truck.organization_id]),
        reverse("admin:applications_application_export", args=["csv"]),
    ):
        response = applicant_client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_drafts_are_not_on_the_review_page(staff_client, draft):
    assert staff_client.get(review_url(draft)).status_code == 404


def test_organization_page_flags_the_same_vin_in_another_application(
    staff_client, truck, django_capture_on_commit_callbacks
):
    other = ApplicationFactory()  # another organization, the same example VIN
    ProjectFactory(application=other)
    submit(other, django_capture_on_commit_callbacks)
    page = staff_client.get(
        reverse("admin:applications_application_organization", args=[truck.organization_id])
    ).content.decode()
    assert truck.reference in page
    assert '<span class="duplicate">1XKAD49X7CJ000001</span> also in' in page and other.reference in page


def test_search_by_number_organization_vin_and_email(truck, location):
    queryset = Application.objects.exclude(status=Status.DRAFT)
    assert list(selectors.search_applications(queryset, truck.reference)) == [truck]
    assert list(selectors.search_applications(queryset, str(location.pk))) == [location]
    name = location.organization.name
    assert location in selectors.search_applications(queryset, name[2:-1].lower())
    assert list(selectors.search_applications(queryset, "x0cj00000")) == [truck]  # part of the VIN, any case
    assert truck in selectors.search_applications(queryset, truck.applicant.email.upper())
    email = location.details["contact_email"]
    assert location in selectors.search_applications(queryset, email)
    assert not selectors.search_applications(queryset, "no such thing").exists()


def test_bulk_mark_complete_goes_through_the_service_and_reports_refusals(staff_user, truck, location):
    services.mark_complete(location, staff_user)
    done, refused = staff_services.mark_complete_many([truck.pk, location.pk], staff_user)
    assert done == [truck.reference]
    assert refused == [
        (location.reference, "An application that is complete, eligibility review cannot be marked complete.")
    ]
    assert Decision.objects.filter(application=truck, action="mark_complete", actor=staff_user).exists()


def test_bulk_actions_from_the_list(staff_client, staff_user, truck, location):
    url = reverse("admin:applications_application_changelist")
    staff_client.post(url, {"action": "assign_to_me", "_selected_action": [truck.pk, location.pk]})
    assert set(Application.objects.filter(assigned_to=staff_user)) == {truck, location}
    staff_client.post(url, {"action": "mark_complete", "_selected_action": [truck.pk]})
    truck.refresh_from_db()
    assert truck.status == Status.COMPLETE


def test_export_of_the_filtered_list_as_csv_and_excel(staff_client, truck, location):
    url = reverse("admin:applications_application_export", args=["csv"])
    response = staff_client.get(url, {"program__id__exact": location.program_id})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Application", "Organization", "Program", "Status"]
    assert [row[0] for row in rows[1:]] == [location.reference]
    assert rows[1][3] == "Submitted, under review" and rows[1][7] == "2520000.00"
    response = staff_client.get(reverse("admin:applications_application_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert {row[0] for row in values[1:]} == {truck.reference, location.reference}
    award = next(row[7] for row in values[1:] if row[0] == location.reference)
    assert Decimal(str(award)) == Decimal("2520000")


def test_attachment_preview_is_inline_and_same_origin_only(staff_client, truck):
    attachment = truck.attachments.first()
    response = staff_client.get(reverse("admin:applications_application_preview", args=[truck.pk, attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_program_code_is_read_only(staff_client):
    from programs.models import Program

    program = Program.objects.get(code="PA2026-02")
    page = staff_client.get(reverse("admin:programs_program_change", args=[program.pk])).content.decode()
    assert 'name="code"' not in page


@pytest.mark.parametrize(
    ("role", "reads", "writes"),
    [(Role.STAFF, 200, 302), (Role.BOARD_MEMBER, 200, 403), (Role.INSPECTOR, 302, 403), (Role.APPLICANT, 302, 403)],
)
def test_permission_matrix_of_the_staff_workspace(client, truck, role, reads, writes):
    """Staff read and write; the board reads only; inspectors and applicants are sent to the admin sign-in and
    refused any admin POST (core.middleware.ReadOnlyAdminMiddleware)."""
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    attachment = truck.attachments.first()
    for name, args in (
        ("review", [truck.pk]),
        ("organization", [truck.organization_id]),
        ("export", ["csv"]),
        ("export", ["xlsx"]),
        ("preview", [truck.pk, attachment.pk]),
    ):
        response = client.get(reverse(f"admin:applications_application_{name}", args=args))
        assert response.status_code == reads, (name, response.status_code)
        if reads == 302:
            assert "/admin/login/" in response["Location"]
    response = client.post(reverse("admin:applications_application_note", args=[truck.pk]), {"text": "Checked"})
    assert response.status_code == writes
    assert truck.staff_notes.exists() == (role == Role.STAFF)


def test_rule_set_codes_are_read_only_on_a_program(staff_client):
    from programs.models import Program

    program = Program.objects.get(code="PA2022-01")
    page = staff_client.get(reverse("admin:programs_program_change", args=[program.pk])).content.decode()
    assert 'name="funding_rule_sets-0-code"' not in page
    assert "PA2022-01" in page


def test_saved_filters_are_each_staff_members_own(staff_client, truck, location):
    url = reverse("admin:applications_application_save_filter")
    query = f"program__id__exact={location.program_id}&p=2"  # the page number is not kept
    response = staff_client.post(url, {"name": "My PA2026-03", "query": query})
    assert response.status_code == 302 and response["Location"].endswith(f"?program__id__exact={location.program_id}")
    page = staff_client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert f'<a href="?program__id__exact={location.program_id}">My PA2026-03</a>' in page
    assert staff_client.post(url, {"name": " ", "query": ""}, follow=True).content.decode().count("Name the filter.")
    other = Client()
    colleague = UserFactory(role=Role.STAFF)
    other.login(username=colleague.username, password=PASSWORD)
    assert "My PA2026-03" not in other.get(reverse("admin:applications_application_changelist")).content.decode()
    from applications.models import SavedFilter

    saved = SavedFilter.objects.get()
    delete = reverse("admin:applications_application_delete_filter", args=[saved.pk])
    assert other.post(delete).status_code == 404
    assert staff_client.post(delete).status_code == 302
    assert not SavedFilter.objects.exists()
