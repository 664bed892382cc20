"""Issue 22, type once: the payment request offers the dismantler's receipt uploaded on the agreement page and the
fleet compliance documents given in the application instead of asking for them again (PA2026-02 Section 5)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inspections import services as inspection_services
from payments import services
from tests.factories import PDF_BYTES, AttachmentFactory, UserFactory
from tests.payments.conftest import awardee_of, funded_project, login

pytestmark = pytest.mark.django_db

RECEIPT = PDF_BYTES + b"% Receipt 4471, Pacific Auto Dismantlers\n"


@pytest.fixture
def funded(staff_user, inspections):
    funded = funded_project("PA2026-02", staff=staff_user)
    awardee = awardee_of(funded)
    inspection_services.add_document(
        funded.project,
        "dismantler_receipt",
        timezone.localdate(),
        SimpleUploadedFile("dismantler receipt 4471.pdf", RECEIPT, content_type="application/pdf"),
        actor=awardee,
    )
    AttachmentFactory(application=funded.project.application, slot="fleet_compliance", original_name="TRUCRS.pdf")
    return funded


def test_the_receipt_and_fleet_compliance_are_offered_and_copied(client, funded):
    awardee = awardee_of(funded)
    request = services.start_request(funded, actor=awardee)
    login(client, awardee)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "On file for this project: dismantler receipt 4471.pdf" in page
    assert "On file for this project: TRUCRS.pdf" in page
    receipt = funded.project.inspection_documents.get()
    response = client.post(reverse("payments:document_reuse", args=[request.pk, "destruction", receipt.pk]))
    assert response.status_code == 302
    copy = request.documents.get(slot="dismantler_receipt")
    assert copy.original_name == "dismantler receipt 4471.pdf" and copy.file.read() == RECEIPT
    assert copy.file.name != receipt.file.name
    page = client.get(request.get_absolute_url()).content.decode()
    assert "dismantler receipt 4471.pdf, given on" not in page  # the slot is filled


def test_a_document_of_another_project_is_refused(client, funded, staff_user):
    other = funded_project("PA2026-02", staff=staff_user)
    foreign = AttachmentFactory(application=other.project.application, slot="fleet_compliance")
    awardee = awardee_of(funded)
    request = services.start_request(funded, actor=awardee)
    login(client, awardee)
    client.post(reverse("payments:document_reuse", args=[request.pk, "application", foreign.pk]))
    assert not request.documents.filter(slot="fleet_compliance").exists()


def test_only_the_awardee_reuses(client, funded):
    request = services.start_request(funded, actor=awardee_of(funded))
    receipt = funded.project.inspection_documents.get()
    login(client, UserFactory())
    response = client.post(reverse("payments:document_reuse", args=[request.pk, "destruction", receipt.pk]))
    assert response.status_code == 404
    assert not request.documents.exists()
