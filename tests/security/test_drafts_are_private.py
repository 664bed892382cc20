"""Issue 7, item 6: a draft is the applicant's alone until submitted; inspectors see nothing until assigned."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from applications.models import Status
from tests.factories import PASSWORD, ApplicationFactory, AttachmentFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_and_submitted():
    draft = ApplicationFactory()
    ProjectFactory(application=draft)
    submitted = ApplicationFactory(status=Status.SUBMITTED)
    ProjectFactory(application=submitted)
    return (draft, AttachmentFactory(application=draft)), (submitted, AttachmentFactory(application=submitted))


def sign_in(client, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.mark.parametrize("role", [Role.STAFF, Role.BOARD_MEMBER])
def test_staff_and_board_see_submitted_applications_but_no_draft(client, draft_and_submitted, role):
    (draft, draft_file), (submitted, submitted_file) = draft_and_submitted
    sign_in(client, role)
    listed = [item["reference"] for item in client.get(reverse("application-list")).json()["results"]]
    assert listed == [submitted.reference]
    assert client.get(reverse("application-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("applications:attachment_download", args=[draft.pk, draft_file.pk])).status_code == 404
    assert (
        client.get(reverse("applications:attachment_download", args=[submitted.pk, submitted_file.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:applications_application_change", args=[draft.pk])).status_code == 302
    changelist = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert submitted.reference in changelist and draft.reference not in changelist
    draft_project = draft.projects.get()
    assert client.get(reverse("admin:applications_project_change", args=[draft_project.pk])).status_code == 302


def test_inspectors_see_no_application_until_assignments_exist(client, draft_and_submitted):
    (draft, draft_file), (submitted, submitted_file) = draft_and_submitted
    sign_in(client, Role.INSPECTOR)
    assert client.get(reverse("application-list")).json()["results"] == []
    for application, attachment in draft_and_submitted:
        assert client.get(reverse("application-detail", args=[application.pk])).status_code == 404
        url = reverse("applications:attachment_download", args=[application.pk, attachment.pk])
        assert client.get(url).status_code == 404


def test_the_applicant_still_sees_their_own_draft(client, draft_and_submitted):
    (draft, draft_file), _ = draft_and_submitted
    client.login(username=draft.applicant.username, password=PASSWORD)
    assert [item["reference"] for item in client.get(reverse("application-list")).json()["results"]] == [
        draft.reference
    ]
    assert client.get(reverse("applications:attachment_download", args=[draft.pk, draft_file.pk])).status_code == 200


def history_urls(obj):
    """The admin's change-history list of a record and the page of its first version."""
    opts = obj._meta
    first = obj.history.earliest("history_date")
    return [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, first.history_id]),
    ]


@pytest.mark.parametrize("role", [Role.STAFF, Role.BOARD_MEMBER])
def test_the_history_pages_of_a_draft_are_not_found(client, draft_and_submitted, role):
    """Issue 26: the history pages showed a draft's VIN, phone and organization name to staff and the board."""
    (draft, _), (submitted, _) = draft_and_submitted
    draft.details = {**draft.details, "contact_phone": "909-555-0142"}
    draft.save()
    draft_project = draft.projects.get()
    sign_in(client, role)
    for obj in (draft, draft_project):
        for url in history_urls(obj):
            response = client.get(url)
            assert response.status_code == 404, url
            assert draft.organization.name not in response.content.decode()
    for obj in (submitted, submitted.projects.get()):
        for url in history_urls(obj):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.STAFF, Role.BOARD_MEMBER])
def test_a_deleted_drafts_history_stays_private(client, role):
    """A draft the applicant deleted leaves its history rows; the admin must not fall back to them."""
    from applications import services

    draft = ApplicationFactory()
    project = ProjectFactory(application=draft)
    urls = history_urls(draft) + history_urls(project)
    services.delete_draft(draft)
    sign_in(client, role)
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_one_selector_decides_what_the_district_sees(draft_and_submitted):
    """The admin lists, the history pages, the exports and the API all read applications.selectors."""
    from django.contrib import admin

    from applications import selectors
    from applications.models import Application, Project

    (draft, _), (submitted, _) = draft_and_submitted
    assert list(selectors.submitted_applications()) == [submitted]
    assert list(selectors.submitted_projects()) == [submitted.projects.get()]
    request = type("Request", (), {"user": UserFactory(role=Role.STAFF)})()
    assert list(admin.site._registry[Application].get_queryset(request)) == [submitted]
    assert list(admin.site._registry[Project].get_queryset(request)) == [submitted.projects.get()]
