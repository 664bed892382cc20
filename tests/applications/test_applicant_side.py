"""Issue 14, the applicant's side: check before submitting, see what was submitted, per-project documents, drafts,
withdrawals, and the estimated-versus-awarded wording."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from applications import display, selectors, services
from applications.models import Application, Attachment, Status
from programs.rules.registry import evaluate_input, rule_sets
from tests.factories import (
    JPEG_BYTES,
    PDF_BYTES,
    ApplicationFactory,
    ProjectFactory,
    UserFactory,
    complete_draft,
    example,
    open_program,
)

pytestmark = pytest.mark.django_db


def sign(client, application):
    return client.post(
        reverse("applications:review", args=[application.pk]), {"name": "Maria Lopez", "title": "Owner", "agree": "on"}
    )


# --- Check before you submit -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(rule_sets()))
def test_the_check_runs_the_evaluations_own_code_on_the_draft(applicant, code):
    """The same rules, inputs and date as the evaluation on submission: the same results and award."""
    open_program(code)
    document = example(code)
    application = ApplicationFactory(applicant=applicant, program=open_program(code))
    ProjectFactory(application=application, data=document["project"])
    (check,) = services.check_before_submit(application)
    expected = evaluate_input(code, {**document, "evaluated_on": timezone.localdate().isoformat()})
    assert check.problems == {}
    assert (check.evaluation.eligible, check.evaluation.award, check.evaluation.path) == (
        expected.eligible,
        expected.award,
        expected.path,
    )
    assert [(r.rule, r.passed, r.reason) for r in check.evaluation.results] == [
        (r.rule, r.passed, r.reason) for r in expected.results
    ]


def test_the_certify_page_shows_a_failing_rule_in_plain_words_before_signing(applicant_client, draft):
    project = draft.projects.get()
    project.data["miles_prior_12_months"] = 6999
    project.save()
    page = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert 'data-eligible="false"' in page and "Likely not eligible as entered." in page
    assert (
        "Mileage in the 12 months before application is 6,999 miles; the program requires at least 7,000 miles."
    ) in page
    assert "existing_vehicle_mileage" not in page  # people read reasons, not rule identifiers
    assert reverse("applications:project_edit", args=[draft.pk, project.pk]) in page  # what to change
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.submitted_at is None


def test_the_certify_page_estimates_the_award_of_an_eligible_draft(applicant_client, draft):
    page = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert "Likely eligible." in page
    assert "Estimated award: <strong>$400,000.00</strong>" in page  # least of the $400,000 cap, cost, request
    assert "Estimated total award: $400,000.00" in page


def test_missing_answers_are_named_instead_of_a_result(applicant_client, draft):
    project = draft.projects.get()
    del project.data["existing_gvwr_lb"]
    project.save()
    page = applicant_client.get(reverse("applications:review", args=[draft.pk])).content.decode()
    assert "Answer these to see whether it is likely eligible:" in page
    assert "GVWR is required." in page
    assert "data-eligible" not in page


def test_contradicting_answers_block_submission_with_the_programs_cross_check(applicant_client, applicant):
    application = ApplicationFactory(applicant=applicant, program=open_program("PA2026-03"))
    data = {**example("PA2026-03")["project"]}
    data["installation_date"], data["commissioning_date"] = data["commissioning_date"], data["installation_date"]
    ProjectFactory(application=application, data=data)
    problems = selectors.submission_problems(application)
    assert any(
        "Commissioning and local government final approval" in problem and "is before" in problem
        for problem in problems
    ), problems


def test_pa2022_01_says_which_path_each_reason_belongs_to_and_never_repeats_one(applicant):
    application = ApplicationFactory(applicant=applicant, program=open_program("PA2022-01"))
    data = {**example("PA2022-01")["project"], "domiciled_in_scab": False, "existing_fuel_type": "gasoline"}
    ProjectFactory(application=application, data=data)
    (check,) = services.check_before_submit(application)
    failures = display.failures(application.rule_set, check.evaluation.results)
    reasons = [failure.reason for failure in failures]
    assert len(reasons) == len(set(reasons))
    shared = next(failure for failure in failures if "South Coast Air Basin (SCAB)" in failure.reason)
    assert shared.path_note == "both Carl Moyer Program (CMP) and Proposition 1B (Prop 1B)"
    assert len([r for r in check.evaluation.results if "South Coast Air Basin (SCAB)" in r.reason]) == 2


# --- Estimated versus awarded --------------------------------------------------------------------------


def submit(client, application, django_capture_on_commit_callbacks):
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client, application)
    application.refresh_from_db()
    return response


def test_the_award_is_estimated_until_staff_approve_and_awarded_after(
    applicant_client, draft, staff_user, django_capture_on_commit_callbacks
):
    listing = applicant_client.get(reverse("applications:list")).content.decode()
    assert "Not yet evaluated" in listing and "$0.00" not in listing
    submit(applicant_client, draft, django_capture_on_commit_callbacks)
    status = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "Estimated award:</strong> $400,000.00" in status and "Awarded" not in status
    assert "$400,000.00 estimated" in applicant_client.get(reverse("applications:list")).content.decode()
    services.mark_complete(draft, staff_user)
    services.approve(draft, staff_user, "Meets every rule.")
    status = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "Awarded:</strong> $400,000.00" in status and "Estimated" not in status
    assert "$400,000.00 awarded" in applicant_client.get(reverse("applications:list")).content.decode()


def test_an_ineligible_submission_is_listed_without_a_zero_award(
    applicant_client, draft, django_capture_on_commit_callbacks
):
    project = draft.projects.get()
    project.data["goods_movement"] = False
    project.save()
    submit(applicant_client, draft, django_capture_on_commit_callbacks)
    assert draft.award_total == Decimal("0.00")
    listing = applicant_client.get(reverse("applications:list")).content.decode()
    assert "Not eligible as submitted" in listing and "$0.00" not in listing


# --- What was submitted ----------------------------------------------------------------------------------


def test_the_read_only_answers_show_every_answer_in_words_and_every_file(
    applicant_client, draft, django_capture_on_commit_callbacks
):
    submit(applicant_client, draft, django_capture_on_commit_callbacks)
    page = applicant_client.get(reverse("applications:answers", args=[draft.pk])).content.decode()
    assert "Read-only" in page and "<form" not in page.split('id="main"')[1].split("</main>")[0]
    assert 'Engine fuel type</dt><dd class="col-sm-7">Diesel' in page  # a choice's label, not "diesel"
    assert "September 30, 2026" in page  # the expected deployment date in words
    assert "$438,500.00" in page
    assert page.count("quote.pdf") == len(draft.rule_set.attachments)
    assert "Certified by Maria Lopez, Owner" in page


@pytest.mark.pdf
def test_the_receipt_is_a_pdf_of_the_submission(applicant_client, draft, django_capture_on_commit_callbacks):
    assert applicant_client.get(reverse("applications:receipt", args=[draft.pk])).status_code == 404  # a draft
    submit(applicant_client, draft, django_capture_on_commit_callbacks)
    response = applicant_client.get(reverse("applications:receipt", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f'filename="{draft.reference}-receipt.pdf"' in response["Content-Disposition"]


def test_the_receipt_states_the_submission_time_in_pacific_time(draft, django_capture_on_commit_callbacks):
    from django.template.loader import render_to_string

    from applications.views import _answers_context

    complete_draft(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(draft, draft.applicant)
    draft.refresh_from_db()
    html = render_to_string("applications/receipt_pdf.html", {**_answers_context(draft), "printed_at": timezone.now()})
    local = timezone.localtime(draft.submitted_at)
    assert f"Submitted {local:%B} {local.day}, {local.year}, {local:%-I:%M %p} (Pacific time)" in html


# --- Documents per project, several files at once ------------------------------------------------------------


def test_each_truck_has_its_own_documents_and_several_files_go_up_at_once(applicant_client, draft):
    second = ProjectFactory(application=draft)
    key = f"vin_photo@{second.pk}"
    response = applicant_client.post(
        reverse("applications:attachments", args=[draft.pk]),
        {
            "slot": key,
            "files": [
                SimpleUploadedFile("front.jpg", JPEG_BYTES, "image/jpeg"),
                SimpleUploadedFile("close.pdf", PDF_BYTES, "application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    files = Attachment.objects.filter(application=draft, slot="vin_photo")
    assert {(file.original_name, file.project_id) for file in files} == {
        ("front.jpg", second.pk),
        ("close.pdf", second.pk),
    }
    missing = selectors.missing_attachments(draft)
    assert "Vehicle 1: Photo of VIN label" in missing and "Vehicle 2: Photo of VIN label" not in missing
    assert "Compliance documentation for entire fleet for all applicable regulations" in missing  # once


def test_one_bad_file_refuses_the_whole_upload_and_names_it(applicant_client, draft):
    project = draft.projects.get()
    response = applicant_client.post(
        reverse("applications:attachments", args=[draft.pk]),
        {
            "slot": f"vin_photo@{project.pk}",
            "files": [
                SimpleUploadedFile("ok.pdf", PDF_BYTES, "application/pdf"),
                SimpleUploadedFile("notes.txt", b"hello", "text/plain"),
            ],
        },
    )
    assert response.status_code == 400
    assert "notes.txt is not a PDF, JPEG or PNG file." in response.content.decode()
    assert not draft.attachments.exists()


def test_the_next_missing_document_is_preselected(applicant_client, draft):
    page = applicant_client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    assert '<option value="fleet_compliance" selected>' in page
    complete_draft(draft)
    Attachment.objects.filter(application=draft, slot="vehicle_title").delete()
    page = applicant_client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    assert f'<option value="vehicle_title@{draft.projects.get().pk}" selected>' in page


def test_a_per_project_slot_needs_one_of_the_applications_projects(draft):
    other = ProjectFactory()
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES, "application/pdf")
    with pytest.raises(services.WorkflowError, match="Choose which vehicle this file belongs to."):
        services.add_attachment(draft, slot="vin_photo", upload=upload, uploaded_by=draft.applicant)
    with pytest.raises(services.WorkflowError):
        services.add_attachment(draft, slot="vin_photo", upload=upload, uploaded_by=draft.applicant, project=other)


def test_blank_district_forms_are_offered_where_staff_posted_them(applicant_client, draft):
    from applications.models import BlankForm

    BlankForm.objects.create(
        program=draft.program, slot="w9", file=SimpleUploadedFile("w9.pdf", PDF_BYTES, "application/pdf")
    )
    page = applicant_client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    url = reverse("blank_form", args=["PA2026-02", "w9"])
    assert page.count(url) == 1
    assert b"".join(applicant_client.get(url).streaming_content) == PDF_BYTES


# --- Starting, deleting, withdrawing -------------------------------------------------------------------------


def test_starting_again_warns_of_the_existing_draft(applicant_client, draft):
    response = applicant_client.post(reverse("applications:start", args=["PA2026-02"]))
    page = response.content.decode()
    assert response.status_code == 200 and draft.reference in page and "Start a new application anyway" in page
    assert Application.objects.count() == 1
    response = applicant_client.post(reverse("applications:start", args=["PA2026-02"]), {"confirm": "1"})
    assert response.status_code == 302 and Application.objects.count() == 2


def test_a_draft_is_deleted_with_its_files_after_confirming(
    applicant_client, draft, settings, django_capture_on_commit_callbacks
):
    complete_draft(draft)
    paths = [attachment.file.path for attachment in draft.attachments.all()]
    page = applicant_client.get(reverse("applications:delete", args=[draft.pk])).content.decode()
    assert "Its answers and uploaded files are deleted for good." in page
    assert Application.objects.filter(pk=draft.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(reverse("applications:delete", args=[draft.pk]))
    assert response.url == reverse("applications:list")
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not any(__import__("os").path.exists(path) for path in paths)


def test_a_submitted_application_cannot_be_deleted_only_withdrawn(
    applicant_client, draft, django_capture_on_commit_callbacks
):
    submit(applicant_client, draft, django_capture_on_commit_callbacks)
    applicant_client.post(reverse("applications:delete", args=[draft.pk]))
    assert Application.objects.filter(pk=draft.pk).exists()
    page = applicant_client.get(reverse("applications:withdraw", args=[draft.pk])).content.decode()
    assert "Withdraw PA2026-02-" in page and "Yes, withdraw this application" in page
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED  # asking is not withdrawing
    applicant_client.post(reverse("applications:withdraw", args=[draft.pk]), {"reason": "Sold the truck"})
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN


# --- Program pages ---------------------------------------------------------------------------------------------


def test_a_program_page_says_who_may_apply_what_is_funded_caps_deadlines_documents_and_contact(client):
    open_program("PA2026-02")
    page = client.get(reverse("program", args=["PA2026-02"])).content.decode()
    assert "Public or private entities currently operating a Class 8 vehicle for goods movement" in page
    assert "Up to $400,000 per truck" in page
    assert "no later than February 2028" in page
    assert "Photo of VIN label" in page and "for each vehicle" in page
    assert "investclean-onroad@aqmd.gov" in page
    assert "Measure 2.1 - Battery Electric Freight Vehicle Deployment Incentive Program" in page  # the text itself
    assert f"{reverse('login')}?next=/programs/PA2026-02/" in page
    home = client.get(reverse("home")).content.decode()
    assert reverse("program", args=["PA2026-02"]) in home


@pytest.mark.parametrize("code", list(rule_sets()))
def test_every_program_has_a_page_in_both_languages(client, code):
    for language in ("en", "es"):
        with translation.override(language):
            assert client.get(reverse("program", args=[code]), HTTP_ACCEPT_LANGUAGE=language).status_code == 200


# --- Spanish ----------------------------------------------------------------------------------------------------


def test_the_evaluation_stores_each_reason_in_spanish_too(applicant_client, draft, django_capture_on_commit_callbacks):
    project = draft.projects.get()
    project.data["miles_prior_12_months"] = 6999
    project.save()
    submit(applicant_client, draft, django_capture_on_commit_callbacks)
    outcome = project.outcomes.get(rule="existing_vehicle_mileage")
    assert outcome.reason == (
        "Mileage in the 12 months before application is 6,999 miles; the program requires at least 7,000 miles."
    )
    assert outcome.translations["es"] == (
        "El millaje de los 12 meses anteriores a la solicitud: 6,999 millas; el programa exige al menos 7,000 millas."
    )
    applicant_client.post(reverse("set_language"), {"language": "es", "next": "/"})
    page = applicant_client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "el programa exige al menos 7,000 millas" in page
    assert "Enviada, en revisión" in page


def test_a_spanish_reader_gets_dates_in_words_in_the_rules_reasons(applicant_client, draft):
    project = draft.projects.get()
    project.data["expected_deployment_date"] = "2028-03-15"
    project.save()
    page = applicant_client.get(
        reverse("applications:review", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert (
        "La entrada en servicio está prevista para el 15 de marzo de 2028; debe ser a más tardar en febrero de 2028."
    ) in page
    assert "Probablemente no elegible tal como se ingresó." in page


@pytest.mark.django_db(transaction=True)
def test_deleting_a_draft_waits_for_a_concurrent_submission_and_then_refuses(seeded):
    """Two requests at once: the submission holds the row; the deletion, reading the status inside its own lock,
    finds the application submitted and leaves it."""
    import threading

    from django.db import connection, transaction

    application = ApplicationFactory()
    ProjectFactory(application=application)
    complete_draft(application)
    submitted, outcome = threading.Event(), {}

    def delete():
        try:
            submitted.wait(5)
            services.delete_draft(Application.objects.get(pk=application.pk))
        except services.WorkflowError as error:
            outcome["error"] = str(error)
        finally:
            connection.close()

    worker = threading.Thread(target=delete)
    worker.start()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        submitted.set()  # the deleting thread now blocks on the row lock
        worker.join(0.5)
        assert worker.is_alive()
        locked.submitted_at = timezone.now()
        locked.status = Status.SUBMITTED
        locked.save()
    worker.join(5)
    assert outcome["error"] == "Only drafts can be deleted; a submitted application can be withdrawn."
    assert Application.objects.filter(pk=application.pk, status=Status.SUBMITTED).exists()


def test_the_program_page_says_what_a_re_issue_changed(client, db):
    """The program page summarizes the original announcement; a re-issue's changed terms are listed above it, in
    the reader's language (programs.rules.terms: a re-issued round may change dates and amounts)."""
    from programs import services as program_services
    from programs.models import Program

    staff = UserFactory(role=Role.STAFF)
    now = timezone.now()
    program_services.reissue(
        Program.objects.get(code="PA2026-02"),
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=60),
        by=staff,
        reason="Re-issued PA",
        terms={"award_cap": "450000.00", "deployment_deadline": "2029-05-31"},
    )
    page = client.get(reverse("program", args=["PA2026-02"])).content.decode()
    assert "PA2026-02 re-issue 1, issued" in page
    assert "Rebate cap per truck: <strong>$450,000.00</strong> (originally $400,000.00)" in page
    assert (
        "Replacement vehicle deployed no later than: <strong>May 31, 2029</strong> (originally February 29, "
        "2028)" in page
    )
    spanish = client.get(reverse("program", args=["PA2026-02"]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Tope del reembolso por camión: <strong>$450,000.00</strong> (originalmente $400,000.00)" in spanish
    assert "31 de mayo de 2029" in spanish and "PA2026-02, reemisión 1, publicada el" in spanish
    original = client.get(reverse("program", args=["PA2025-04"])).content.decode()
    assert 'id="reissue"' not in original
