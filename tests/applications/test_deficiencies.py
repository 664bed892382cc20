"""Deficiencies as a checklist (issue 21): staff tick the deficient documents and answers with a reason, the
applicant replaces a file (the old one kept) or corrects an answer, staff see before and after, and the due date
goes once the response is in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import selectors, services
from applications.models import Attachment, DeficientItem, Status
from tests.factories import PASSWORD, PDF_BYTES, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, django_capture_on_commit_callbacks):
    complete_draft(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(draft, draft.applicant)
    draft.refresh_from_db()
    return draft


def choice(application, code_start):
    return next(item for item in selectors.deficiency_choices(application) if item.code.startswith(code_start))


def checklist_post(application, ticks: dict[str, str], message=""):
    """The request-information form as staff fill it: ``ticks`` maps a choice's code prefix to its reason."""
    choices = selectors.deficiency_choices(application)
    data = {"reason": message}
    for start, why in ticks.items():
        index = next(index for index, item in enumerate(choices) if item.code.startswith(start))
        data[f"item_{index}"] = "on"
        data[f"why_{index}"] = why
    return data


@pytest.fixture
def requested(client, staff_user, submitted):
    """Staff mark the vehicle quote and the existing vehicle's GVWR deficient."""
    client.login(username=staff_user.username, password=PASSWORD)
    project = submitted.projects.get()
    data = checklist_post(
        submitted,
        {
            f"attachment:vehicle_quote:{project.pk}": "The quote is not signed by the dealer.",
            f"answer:existing_gvwr_lb:{project.pk}": "The GVWR label photo reads 33,000 lb.",
        },
    )
    response = client.post(
        reverse("admin:applications_application_decide", args=[submitted.pk, "request_information"]), data
    )
    assert response.status_code == 302
    client.logout()
    submitted.refresh_from_db()
    return submitted


def test_staff_page_offers_every_slot_and_answer_as_a_checkbox(client, staff_user, submitted):
    client.login(username=staff_user.username, password=PASSWORD)
    page = client.get(
        reverse("admin:applications_application_decide", args=[submitted.pk, "request_information"])
    ).content.decode()
    assert "Deficient documents and answers" in page
    project = submitted.projects.get()
    assert choice(submitted, f"attachment:vehicle_quote:{project.pk}").label in page


def test_request_records_each_item_with_its_reason_and_the_value_on_record(requested):
    items = {item.key: item for item in requested.deficient_items.all()}
    assert set(items) == {"vehicle_quote", "existing_gvwr_lb"}
    assert items["vehicle_quote"].reason == "The quote is not signed by the dealer."
    assert items["vehicle_quote"].old_attachment.original_name == "quote.pdf"
    assert items["existing_gvwr_lb"].old_value == 80000
    assert items["existing_gvwr_lb"].request == requested.decisions.get(action="request_information")
    assert requested.status == Status.INFO_REQUESTED


def test_a_ticked_item_needs_a_reason_and_nothing_typed_is_lost(client, staff_user, submitted):
    client.login(username=staff_user.username, password=PASSWORD)
    project = submitted.projects.get()
    data = checklist_post(
        submitted, {f"attachment:vehicle_quote:{project.pk}": ""}, message="Please also check the W-9."
    )
    response = client.post(
        reverse("admin:applications_application_decide", args=[submitted.pk, "request_information"]), data
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is deficient." in page and "Please also check the W-9." in page and "checked" in page
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and not submitted.deficient_items.exists()


def test_the_notice_lists_each_item_with_its_reason(requested):
    notice = requested.applicant.notices.filter(kind="information_requested").latest("pk")
    assert "The quote is not signed by the dealer." in notice.body_text
    assert "The GVWR label photo reads 33,000 lb." in notice.body_html


def test_applicant_sees_exactly_the_items_and_their_reasons(client, requested):
    client.login(username=requested.applicant.username, password=PASSWORD)
    page = client.get(reverse("applications:detail", args=[requested.pk])).content.decode()
    assert page.count('id="deficiency-') == 2
    assert "The quote is not signed by the dealer." in page
    assert "The GVWR label photo reads 33,000 lb." in page
    assert "On file: quote.pdf." in page


def test_the_checklist_in_spanish(client, requested):
    client.login(username=requested.applicant.username, password=PASSWORD)
    page = client.get(reverse("applications:detail", args=[requested.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Qué debe reemplazar o corregir" in page
    assert "Archivo actual: quote.pdf." in page and "Reemplazar el archivo" in page
    assert "Guardar la respuesta corregida" in page


def test_replacing_a_file_keeps_the_old_one_superseded(client, requested):
    client.login(username=requested.applicant.username, password=PASSWORD)
    item = requested.deficient_items.get(kind="attachment")
    upload = SimpleUploadedFile("signed-quote.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(reverse("applications:deficiency_file", args=[requested.pk, item.pk]), {"file": upload})
    assert response.status_code == 302
    item.refresh_from_db()
    old = Attachment.objects.get(pk=item.old_attachment_id)
    assert old.superseded_by == item.new_attachment
    assert item.new_attachment.original_name == "signed-quote.pdf"
    current = [need for need in selectors.attachment_checklist(requested) if need.slot.key == "vehicle_quote"][0]
    assert [file.original_name for file in current.files] == ["signed-quote.pdf"]


def test_correcting_an_answer_and_a_bad_value_keeps_what_was_typed(client, requested):
    client.login(username=requested.applicant.username, password=PASSWORD)
    item = requested.deficient_items.get(kind="answer")
    url = reverse("applications:deficiency_answer", args=[requested.pk, item.pk])
    response = client.post(url, {f"item-{item.pk}-existing_gvwr_lb": "heavy"})
    assert response.status_code == 400
    assert 'value="heavy"' in response.content.decode()
    assert client.post(url, {f"item-{item.pk}-existing_gvwr_lb": "33001"}).status_code == 302
    item.refresh_from_db()
    assert item.new_value == 33001
    assert requested.projects.get().data["existing_gvwr_lb"] == 33001


def test_staff_see_before_and_after_and_the_due_date_goes_once_answered(
    client, staff_user, requested, django_capture_on_commit_callbacks
):
    client.login(username=requested.applicant.username, password=PASSWORD)
    item = requested.deficient_items.get(kind="answer")
    client.post(
        reverse("applications:deficiency_answer", args=[requested.pk, item.pk]),
        {f"item-{item.pk}-existing_gvwr_lb": "33001"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:respond", args=[requested.pk]), {"reason": "Corrected the GVWR."})
    requested.refresh_from_db()
    assert requested.status == Status.SUBMITTED
    assert not requested.deficient_items.filter(answered_at__isnull=True).exists()
    page = client.get(reverse("applications:detail", args=[requested.pk])).content.decode()
    assert 'id="response-due"' not in page and 'id="deficiency-' not in page
    client.logout()
    client.login(username=staff_user.username, password=PASSWORD)
    review = client.get(reverse("admin:applications_application_review", args=[requested.pk])).content.decode()
    table = review.split('id="deficiency-changes"')[1].split("</table>")[0]
    assert "80,000" in table and "33,001" in table
    assert "quote.pdf" in table and "unchanged" in table
    assert "Response due" not in review


def test_an_item_must_be_one_of_the_applications_slots_or_answers(staff_user, submitted):
    whole_application = services.Deficiency("attachment", "vehicle_quote", None, "Unsigned.")  # a vehicle's slot
    with pytest.raises(services.WorkflowError, match="this application's documents and answers"):
        services.request_information(submitted, staff_user, "", [whole_application])
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_an_item_of_an_answered_request_cannot_be_changed(client, requested):
    services.respond_to_request(requested, requested.applicant, "Done.")
    item = requested.deficient_items.get(kind="answer")
    client.login(username=requested.applicant.username, password=PASSWORD)
    response = client.post(
        reverse("applications:deficiency_answer", args=[requested.pk, item.pk]),
        {f"item-{item.pk}-existing_gvwr_lb": "1"},
    )
    assert response.status_code == 404
    assert requested.projects.get().data["existing_gvwr_lb"] == 80000
    assert DeficientItem.objects.get(pk=item.pk).new_value is None
