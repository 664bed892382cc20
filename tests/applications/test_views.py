"""The applicant's journey through the views, including every refusal a person can meet."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from applications.models import Application, Decision, Status
from funding import services as funding_services
from tests.factories import PDF_BYTES, complete_draft, example, open_program

pytestmark = pytest.mark.django_db


def test_registration_makes_an_applicant_who_can_start_an_application(client):
    open_program("PA2026-02")
    response = client.post(
        reverse("register"),
        {
            "organization_name": "Fleetco",
            "username": "fleetco",
            "email": "ops@fleetco.example",
            "first_name": "Ana",
            "last_name": "Diaz",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 200  # "check your e-mail": the account opens from the link, which signs in
    (message,) = mail.outbox
    client.get(re.search(r"https?://\S+", message.body).group(0))
    response = client.post(reverse("applications:start", args=["PA2026-02"]))
    application = Application.objects.get(applicant__username="fleetco")
    assert response.url == reverse("applications:details", args=[application.pk])
    assert application.status == Status.DRAFT


def test_home_shows_windows_and_remaining_funds(client, draft):
    project = draft.projects.get()
    project.eligible, project.award = True, Decimal("400000.00")
    project.save()
    with transaction.atomic():
        funding_services.encumber(
            draft.program,
            [funding_services.Offer(project, Decimal("400000.00"))],
            actor=draft.applicant,
            reason="Approved",
        )
    page = client.get(reverse("home")).content.decode()
    assert "$27,600,000.00" in page  # $28,000,000 less the approved $400,000
    assert "$20,600,000.00" in page and "$178,500,000.00" in page
    assert "November 28, 2025, 12:00 PM PT" in page


def test_a_closed_program_cannot_be_started(applicant_client):
    response = applicant_client.post(reverse("applications:start", args=["PA2026-01"]), follow=True)
    assert "PA2026-01 is not accepting applications now." in response.content.decode()
    assert not Application.objects.exists()


def test_saving_a_partial_draft_keeps_what_was_entered(applicant_client, draft):
    url = reverse("applications:details", args=[draft.pk])
    response = applicant_client.post(url, {"applicant_name": "Harbor Freight Lines LLC", "fleet_size": "4"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.details == {"applicant_name": "Harbor Freight Lines LLC", "fleet_size": 4}


def test_a_wrong_number_is_a_form_error_and_saves_nothing(applicant_client, draft):
    before = dict(draft.details)
    response = applicant_client.post(reverse("applications:details", args=[draft.pk]), {"fleet_size": "-3"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Current fleet size (vehicles) must be at least 1." in page
    assert '<a href="#id_fleet_size" class="alert-link">' in page  # the error summary links to the field
    draft.refresh_from_db()
    assert draft.details == before


def test_a_vehicle_can_be_added_edited_and_removed(applicant_client, draft):
    response = applicant_client.post(
        reverse("applications:project_new", args=[draft.pk]),
        {"existing_vin": "1FUJGLDR38LZ00002", "existing_gvwr_lb": "80000", "goods_movement": "true"},
    )
    assert response.status_code == 302
    second = draft.projects.get(position=2)
    assert second.data == {"existing_vin": "1FUJGLDR38LZ00002", "existing_gvwr_lb": 80000, "goods_movement": True}
    applicant_client.post(reverse("applications:project_delete", args=[draft.pk, second.pk]))
    assert draft.projects.count() == 1


def upload(client, application, name, content, slot="vehicle_quote", content_type="application/pdf"):
    """Upload to a slot of the first project (``vehicle_quote`` is asked per truck)."""
    key = f"{slot}@{application.projects.first().pk}"
    return client.post(
        reverse("applications:attachments", args=[application.pk]),
        {"slot": key, "files": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_upload_fills_its_slot_in_the_checklist(applicant_client, draft):
    response = upload(applicant_client, draft, "quote.pdf", PDF_BYTES)
    assert response.status_code == 302
    attachment = draft.attachments.get()
    assert (attachment.slot, attachment.original_name, attachment.size) == (
        "vehicle_quote",
        "quote.pdf",
        len(PDF_BYTES),
    )
    assert attachment.project == draft.projects.get()
    page = applicant_client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    assert "quote.pdf" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quote.docx", b"PK\x03\x04", "is not a PDF, JPEG or PNG file"),
        ("quote.pdf", b"MZ\x90\x00 not really a pdf", "does not contain a valid PDF file"),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg named png", "does not contain a valid PNG file"),
    ],
)
def test_wrong_type_upload_is_refused_without_losing_the_draft(applicant_client, draft, name, content, message):
    before = (dict(draft.details), list(draft.projects.values_list("data", flat=True)))
    response = upload(applicant_client, draft, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert not draft.attachments.exists()
    assert (draft.details, list(draft.projects.values_list("data", flat=True))) == before


def test_oversized_upload_is_refused_with_the_limit(applicant_client, draft, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(applicant_client, draft, "big.pdf", PDF_BYTES + b"0" * 2000)
    assert response.status_code == 400
    assert "the limit is 1.0\xa0KB" in response.content.decode()
    assert not draft.attachments.exists()


def test_review_lists_what_is_missing_and_refuses_to_submit(applicant_client, draft):
    response = applicant_client.post(
        reverse("applications:review", args=[draft.pk]), {"name": "Maria Lopez", "title": "Owner", "agree": "on"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Attachment missing: Vehicle 1: New vehicle quote" in page
    assert "Fix the items listed above before submitting." in page
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submitting_evaluates_and_shows_the_status(applicant_client, draft, django_capture_on_commit_callbacks):
    complete_draft(draft)
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            reverse("applications:review", args=[draft.pk]), {"name": "Maria Lopez", "title": "Owner", "agree": "on"}
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.certified_name == "Maria Lopez"
    assert draft.award_total == Decimal("400000.00")
    page = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "Submitted, under review" in page and "$400,000.00" in page
    decision = Decision.objects.get(application=draft)
    assert (decision.action, decision.actor, decision.to_status) == ("submit", draft.applicant, Status.SUBMITTED)


def test_applicant_sees_eligibility_problems_in_plain_words(
    applicant_client, draft, django_capture_on_commit_callbacks
):
    project = draft.projects.get()
    project.data["miles_prior_12_months"] = 6999
    project.save()
    complete_draft(draft)
    with django_capture_on_commit_callbacks(execute=True):
        applicant_client.post(
            reverse("applications:review", args=[draft.pk]), {"name": "Maria Lopez", "title": "Owner", "agree": "on"}
        )
    page = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert (
        "Mileage in the 12 months before application is 6,999 miles; the program requires at least 7,000 miles."
    ) in page


def test_a_submitted_application_cannot_be_altered(applicant_client, draft, django_capture_on_commit_callbacks):
    complete_draft(draft)
    with django_capture_on_commit_callbacks(execute=True):
        applicant_client.post(
            reverse("applications:review", args=[draft.pk]), {"name": "Maria Lopez", "title": "Owner", "agree": "on"}
        )
    project = draft.projects.get()
    response = applicant_client.post(
        reverse("applications:project_edit", args=[draft.pk, project.pk]),
        {"existing_vin": "1XKAD49X9CJ000002"},
        follow=True,
    )
    assert "Once submitted, applications cannot be altered." in response.content.decode()
    project.refresh_from_db()
    assert project.data["existing_vin"] == example("PA2026-02")["project"]["existing_vin"]
    assert upload(applicant_client, draft, "late.pdf", PDF_BYTES).status_code == 302
    assert draft.attachments.filter(original_name="late.pdf").count() == 0


def test_withdrawing_records_the_reason(applicant_client, draft):
    applicant_client.post(reverse("applications:withdraw", args=[draft.pk]), {"reason": "Bought a different truck"})
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    assert draft.decisions.get().reason == "Bought a different truck"
    response = applicant_client.post(reverse("applications:withdraw", args=[draft.pk]), follow=True)
    assert "An application that is withdrawn cannot be withdrawn." in response.content.decode()
