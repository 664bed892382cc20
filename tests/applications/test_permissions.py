"""Who may see what: an applicant never sees another applicant's application or files, by any URL."""

import pytest
from django.urls import reverse

from accounts.models import MemberRole, Membership
from accounts.roles import Role
from applications.models import Status
from tests.factories import PASSWORD, ApplicationFactory, AttachmentFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone_elses():
    application = ApplicationFactory()
    project = ProjectFactory(application=application)
    attachment = AttachmentFactory(application=application)
    return application, project, attachment


def applicant_urls(application, project, attachment):
    """Every applicant URL that names an application, with the method it takes."""
    pk = application.pk
    return [
        ("get", reverse("applications:detail", args=[pk])),
        ("get", reverse("applications:details", args=[pk])),
        ("post", reverse("applications:details", args=[pk])),
        ("get", reverse("applications:projects", args=[pk])),
        ("get", reverse("applications:project_new", args=[pk])),
        ("post", reverse("applications:project_new", args=[pk])),
        ("get", reverse("applications:project_edit", args=[pk, project.pk])),
        ("post", reverse("applications:project_edit", args=[pk, project.pk])),
        ("post", reverse("applications:project_delete", args=[pk, project.pk])),
        ("get", reverse("applications:attachments", args=[pk])),
        ("post", reverse("applications:attachments", args=[pk])),
        ("get", reverse("applications:attachment_download", args=[pk, attachment.pk])),
        ("post", reverse("applications:attachment_delete", args=[pk, attachment.pk])),
        ("get", reverse("applications:review", args=[pk])),
        ("post", reverse("applications:review", args=[pk])),
        ("get", reverse("applications:withdraw", args=[pk])),
        ("post", reverse("applications:withdraw", args=[pk])),
        ("post", reverse("applications:respond", args=[pk])),
        ("get", reverse("applications:answers", args=[pk])),
        ("get", reverse("applications:receipt", args=[pk])),
        ("get", reverse("applications:delete", args=[pk])),
        ("post", reverse("applications:delete", args=[pk])),
        ("get", reverse("application-detail", args=[pk])),
    ]


def test_another_applicant_gets_404_on_every_url_and_changes_nothing(client, someone_elses):
    application, project, attachment = someone_elses
    intruder = UserFactory(role=Role.APPLICANT)
    client.login(username=intruder.username, password=PASSWORD)
    for method, url in applicant_urls(*someone_elses):
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.projects.count() == 1 and application.attachments.count() == 1


def test_another_applicants_application_is_not_listed(client, someone_elses):
    intruder = UserFactory(role=Role.APPLICANT)
    client.login(username=intruder.username, password=PASSWORD)
    assert someone_elses[0].reference not in client.get(reverse("applications:list")).content.decode()
    assert client.get(reverse("application-list")).json()["results"] == []


def test_anonymous_visitors_are_sent_to_sign_in(client, someone_elses):
    for method, url in applicant_urls(*someone_elses):
        response = getattr(client, method)(url)
        if url.startswith("/api/"):
            assert response.status_code == 403
        else:
            assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.BOARD_MEMBER, Role.STAFF])
def test_other_roles_do_not_use_the_applicant_pages(client, someone_elses, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    application, project, attachment = someone_elses
    for method, url in applicant_urls(*someone_elses):
        if "/attachments/" in url and url.endswith(f"/{attachment.pk}/") or url.startswith("/api/"):
            continue  # read access through the admin and API is role-based, tested below
        assert getattr(client, method)(url).status_code == 404, url


def submit_directly(application):
    application.status = Status.SUBMITTED
    application.save()
    return application


@pytest.mark.parametrize(
    ("role", "may_download"),
    [(Role.STAFF, True), (Role.BOARD_MEMBER, True), (Role.INSPECTOR, False), (Role.APPLICANT, False)],
)
def test_attachment_downloads_by_role(client, someone_elses, role, may_download):
    application, _, attachment = someone_elses
    submit_directly(application)
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("applications:attachment_download", args=[application.pk, attachment.pk]))
    assert response.status_code == (200 if may_download else 404)


@pytest.mark.parametrize(
    ("role", "admin_status"),
    [(Role.STAFF, 200), (Role.BOARD_MEMBER, 200), (Role.INSPECTOR, 302), (Role.APPLICANT, 302)],
)
def test_admin_review_is_for_staff_and_read_only_for_board(client, someone_elses, role, admin_status):
    application = submit_directly(someone_elses[0])
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    change_url = reverse("admin:applications_application_change", args=[application.pk])
    assert client.get(change_url).status_code == admin_status
    decide_url = reverse("admin:applications_application_decide", args=[application.pk, "approve"])
    response = client.post(decide_url, {"reason": "no"})
    if role is Role.STAFF:  # approving happens on the page with the funds, which refuses a submitted application
        assert response.status_code == 302 and response.url == reverse(
            "funding:approve_application", args=[application.pk]
        )
        page = client.get(response.url).content.decode()
        assert "cannot be approved" in page
    else:
        assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_staff_see_every_submitted_application_in_the_api(client, someone_elses):
    submit_directly(someone_elses[0])
    ApplicationFactory()  # a draft
    staff = UserFactory(role=Role.STAFF)
    client.login(username=staff.username, password=PASSWORD)
    results = client.get(reverse("application-list"), {"program": "PA2026-02"}).json()["results"]
    assert [item["reference"] for item in results] == [someone_elses[0].reference]


# --- Organizations: a member sees the organization's applications, a stranger sees none -----------------------


def organization_urls(organization, membership):
    return [
        ("get", reverse("organization", args=[organization.pk])),
        ("post", reverse("organization", args=[organization.pk])),
        ("post", reverse("member_role", args=[organization.pk, membership.pk])),
        ("post", reverse("member_remove", args=[organization.pk, membership.pk])),
    ]


@pytest.mark.parametrize("role", [MemberRole.OWNER, MemberRole.STAFF, MemberRole.CONSULTANT])
def test_every_member_sees_the_organizations_applications(client, someone_elses, role):
    application = someone_elses[0]
    member = UserFactory(role=Role.APPLICANT)
    Membership.objects.create(organization=application.organization, user=member, role=role)
    client.login(username=member.username, password=PASSWORD)
    assert application.reference in client.get(reverse("applications:list")).content.decode()
    for url in (
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:answers", args=[application.pk]),
        reverse("applications:attachments", args=[application.pk]),
    ):
        assert client.get(url).status_code == 200, url
    attachment = someone_elses[2]
    assert (
        client.get(reverse("applications:attachment_download", args=[application.pk, attachment.pk])).status_code == 200
    )
    assert [item["reference"] for item in client.get(reverse("application-list")).json()["results"]] == [
        application.reference
    ]


def test_a_stranger_sees_no_organization_and_changes_nothing(client, someone_elses):
    application = someone_elses[0]
    organization = application.organization
    owner = organization.memberships.get()
    stranger = UserFactory(role=Role.APPLICANT)
    client.login(username=stranger.username, password=PASSWORD)
    for method, url in organization_urls(organization, owner):
        assert getattr(client, method)(url, {"email": "x@example.com", "role": "owner"}).status_code == 404, url
    assert organization.memberships.count() == 1
    assert application.reference not in client.get(reverse("applications:list")).content.decode()


def test_a_former_member_loses_access(client, someone_elses):
    application = someone_elses[0]
    member = UserFactory(role=Role.APPLICANT)
    membership = Membership.objects.create(organization=application.organization, user=member, role=MemberRole.STAFF)
    client.login(username=member.username, password=PASSWORD)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200
    membership.delete()
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("role", [MemberRole.STAFF, MemberRole.CONSULTANT])
def test_only_owners_manage_members(client, someone_elses, role):
    organization = someone_elses[0].organization
    owner = organization.memberships.get()
    member = UserFactory(role=Role.APPLICANT)
    Membership.objects.create(organization=organization, user=member, role=role)
    client.login(username=member.username, password=PASSWORD)
    assert client.get(reverse("organization", args=[organization.pk])).status_code == 200
    for method, url in organization_urls(organization, owner)[1:]:
        assert getattr(client, method)(url, {"email": "x@example.com", "role": "owner"}).status_code == 404, url
    assert organization.memberships.count() == 2
