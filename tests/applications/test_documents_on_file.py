"""Issue 22, type once: documents the organization already gave (a W-9, a direct deposit form, its fleet
compliance documents) are offered for a new application's same slot instead of a new upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment, Status
from tests.factories import PASSWORD, PDF_BYTES, ApplicationFactory, AttachmentFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

W9_BYTES = PDF_BYTES + b"% W-9 Harbor Freight Lines LLC\n"


@pytest.fixture
def earlier(applicant):
    """The organization's submitted application with its W-9 (and a per-vehicle quote, never offered again)."""
    application = ApplicationFactory(applicant=applicant, status=Status.SUBMITTED)
    project = ProjectFactory(application=application)
    w9 = AttachmentFactory(
        application=application,
        slot="w9",
        original_name="W-9 Harbor Freight Lines.pdf",
        file=SimpleUploadedFile("w9.pdf", W9_BYTES, content_type="application/pdf"),
        size=len(W9_BYTES),
    )
    quote = AttachmentFactory(application=application, project=project, slot="vehicle_quote")
    return w9, quote


def test_the_w9_on_file_is_offered_and_copied(applicant_client, applicant, earlier):
    w9, _ = earlier
    draft = ApplicationFactory(applicant=applicant, organization=w9.application.organization)
    page = applicant_client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    assert f"On file: W-9 Harbor Freight Lines.pdf, given with {w9.application.reference}" in page
    assert page.count("Use this file") == 1  # the W-9 only: the quote belongs to the earlier vehicle
    response = applicant_client.post(reverse("applications:attachment_reuse", args=[draft.pk, w9.pk]))
    assert response.status_code == 302
    copy = draft.attachments.get(slot="w9")
    assert copy.file.name != w9.file.name and copy.file.read() == W9_BYTES
    assert (copy.original_name, copy.size, copy.uploaded_by) == (w9.original_name, len(W9_BYTES), applicant)
    page = applicant_client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    assert "Use this file" not in page  # the slot is filled now
    w9.application.refresh_from_db()
    assert w9.application.attachments.filter(slot="w9").count() == 1  # the original stays where it was


def test_a_per_vehicle_document_is_not_reused(applicant_client, applicant, earlier):
    _, quote = earlier
    draft = ApplicationFactory(applicant=applicant, organization=quote.application.organization)
    applicant_client.post(reverse("applications:attachment_reuse", args=[draft.pk, quote.pk]))
    assert not draft.attachments.exists()


def test_another_organizations_document_is_404_and_nothing_is_attached(client, earlier):
    w9, _ = earlier
    stranger = UserFactory()
    draft = ApplicationFactory(applicant=stranger)
    client.login(username=stranger.username, password=PASSWORD)
    assert client.post(reverse("applications:attachment_reuse", args=[draft.pk, w9.pk])).status_code == 404
    assert "W-9 Harbor" not in client.get(reverse("applications:attachments", args=[draft.pk])).content.decode()
    # and a stranger cannot attach to the organization's draft either
    own_draft = ApplicationFactory(applicant=w9.application.applicant, organization=w9.application.organization)
    assert client.post(reverse("applications:attachment_reuse", args=[own_draft.pk, w9.pk])).status_code == 404
    assert not Attachment.objects.filter(application__in=[draft, own_draft]).exists()


def test_a_submitted_application_takes_no_file(applicant_client, applicant, earlier):
    w9, _ = earlier
    submitted = ApplicationFactory(
        applicant=applicant, organization=w9.application.organization, status=Status.SUBMITTED
    )
    applicant_client.post(reverse("applications:attachment_reuse", args=[submitted.pk, w9.pk]))
    assert not submitted.attachments.exists()
