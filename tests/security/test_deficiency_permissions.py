"""The permission matrix of the deficiency checklist (issue 21): only staff mark documents and answers deficient;
only members of the application's organization replace a file or correct an answer; anonymous visitors sign in
first; nobody else learns the item exists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from applications import services
from applications.models import Status
from tests.factories import PDF_BYTES, ApplicationFactory, ProjectFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(django_capture_on_commit_callbacks):
    application = ApplicationFactory(applicant=UserFactory(role=Role.APPLICANT))
    ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, application.applicant)
    application.refresh_from_db()
    project = application.projects.get()
    services.request_information(
        application,
        UserFactory(role=Role.STAFF),
        "",
        [
            services.Deficiency("attachment", "vehicle_quote", project, "Unsigned."),
            services.Deficiency("answer", "existing_gvwr_lb", project, "Reads 33,000 lb."),
        ],
    )
    application.refresh_from_db()
    return application


def post_both(client, application):
    file_item = application.deficient_items.get(kind="attachment")
    answer_item = application.deficient_items.get(kind="answer")
    upload = SimpleUploadedFile("other.pdf", PDF_BYTES, content_type="application/pdf")
    return (
        client.post(reverse("applications:deficiency_file", args=[application.pk, file_item.pk]), {"file": upload}),
        client.post(
            reverse("applications:deficiency_answer", args=[application.pk, answer_item.pk]),
            {f"item-{answer_item.pk}-existing_gvwr_lb": "1"},
        ),
    )


def unchanged(application):
    assert not application.deficient_items.filter(changed_at__isnull=False).exists()
    assert application.projects.get().data["existing_gvwr_lb"] == 80000


def test_anonymous_visitors_sign_in_first(client, requested):
    for response in post_both(client, requested):
        assert response.status_code == 302 and reverse("login") in response["Location"]
    unchanged(requested)


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.STAFF, Role.INSPECTOR, Role.FINANCE, Role.BOARD_MEMBER])
def test_only_the_applications_organization_answers(client, requested, role):
    client.force_login(UserFactory(role=role))
    for response in post_both(client, requested):
        assert response.status_code in (403, 404)
    unchanged(requested)


def test_the_organization_answers(client, requested):
    client.force_login(requested.applicant)
    assert [response.status_code for response in post_both(client, requested)] == [302, 302]
    assert requested.deficient_items.filter(changed_at__isnull=False).count() == 2


@pytest.mark.parametrize(
    "role", [Role.APPLICANT, Role.INSPECTOR, Role.FINANCE, Role.BOARD_MEMBER, Role.PORT_REPRESENTATIVE, Role.AUDITOR]
)
def test_only_staff_request_information(client, role, django_capture_on_commit_callbacks):
    application = ApplicationFactory(applicant=UserFactory(role=Role.APPLICANT))
    ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, application.applicant)
    client.force_login(UserFactory(role=role))
    url = reverse("admin:applications_application_decide", args=[application.pk, "request_information"])
    response = client.post(url, {"reason": "", "item_0": "on", "why_0": "Unsigned."})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "login" in response["Location"] or "admin" in response["Location"]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and not application.deficient_items.exists()
    client.force_login(UserFactory(role=Role.STAFF))
    assert client.post(url, {"reason": "", "item_0": "on", "why_0": "Unsigned."}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED and application.deficient_items.get().reason == "Unsigned."
