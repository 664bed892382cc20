"""Accounts (issue 14): register with an organization, confirm the e-mail address, sign in by e-mail or user name,
return to what was clicked, reset a forgotten password, and an organization's members by role."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import MemberRole, Membership, Organization
from accounts.roles import Role
from accounts.services import own_organization, profile_of
from applications.models import Application, Status
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    ProjectFactory,
    UserFactory,
    complete_draft,
    example,
    open_program,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-unusual-passphrase"


def register(client, **extra):
    return client.post(
        reverse("register"),
        {
            "organization_name": "Diaz Trucking",
            "first_name": "Ana",
            "last_name": "Diaz",
            "email": "Ana@Diaz.example",
            "username": "anadiaz",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            **extra,
        },
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_registering_creates_the_organization_and_sends_a_confirmation_link(client):
    response = register(client)
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    assert "_auth_user_id" not in client.session  # the account opens from the link (issue 26)
    membership = Membership.objects.get(user__username="anadiaz")
    assert (membership.organization.name, membership.role) == ("Diaz Trucking", MemberRole.OWNER)
    assert membership.user.email == "ana@diaz.example"
    (message,) = mail.outbox
    assert message.to == ["ana@diaz.example"] and "Confirm your e-mail address" in message.subject
    assert not profile_of(membership.user).email_verified
    response = client.get(link_in(message))
    assert response.url == reverse("applications:list")
    assert profile_of(membership.user).email_verified
    assert client.session["_auth_user_id"] == str(membership.user.pk)  # the link signs in


def test_a_wrong_or_reused_confirmation_link_says_so(client):
    register(client)
    link = link_in(mail.outbox[0])
    assert client.get(link[:-3] + "xyz/").status_code == 400
    client.get(link)
    client.logout()
    response = client.get(link, follow=True)
    assert "already confirmed" in response.content.decode()


def test_an_unconfirmed_address_cannot_submit(client, django_capture_on_commit_callbacks):
    open_program("PA2026-02")
    # An account whose address is not confirmed (registered before issue 26, when registering signed in at once).
    person = UserFactory(username="anadiaz", email="ana@diaz.example", first_name="Ana", last_name="Diaz")
    profile_of(person).__class__.objects.filter(user=person).update(email_verified_at=None, verified_email="")
    own_organization(person)
    client.force_login(person)
    client.post(reverse("applications:start", args=["PA2026-02"]))
    application = Application.objects.get()
    application.details = example("PA2026-02")["application"]
    application.save()
    ProjectFactory(application=application)
    complete_draft(application)
    page = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert 'id="verify-first"' in page and 'name="agree"' not in page
    response = client.post(
        reverse("applications:review", args=[application.pk]), {"name": "Ana Diaz", "title": "Owner", "agree": "on"}
    )
    assert response.status_code == 400 and "Confirm your e-mail address before you submit." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    client.post(reverse("resend_verification"))
    client.get(link_in(mail.outbox[-1]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:review", args=[application.pk]), {"name": "Ana Diaz", "title": "Owner", "agree": "on"}
        )
    assert response.status_code == 302, response.context["problems"]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


@pytest.mark.parametrize("login", ["fleetowner", "Owner@Fleet.example"])
def test_sign_in_by_user_name_or_e_mail_returns_to_what_was_clicked(client, login):
    UserFactory(username="fleetowner", email="owner@fleet.example")
    target = reverse("program", args=["PA2026-02"])
    response = client.post(reverse("login"), {"username": login, "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response.url == target


def test_an_e_mail_shared_by_two_accounts_signs_in_neither(client):
    UserFactory(username="one", email="shared@fleet.example")
    UserFactory(username="two", email="shared@fleet.example")
    response = client.post(reverse("login"), {"username": "shared@fleet.example", "password": PASSWORD})
    assert response.status_code == 200 and "do not match an account" in response.content.decode()


def test_a_page_behind_sign_in_comes_back_after_it(client, draft):
    url = reverse("applications:attachments", args=[draft.pk])
    response = client.get(url)
    assert response.url == f"{reverse('login')}?next={url}"
    response = client.post(reverse("login"), {"username": draft.applicant.email, "password": PASSWORD, "next": url})
    assert response.url == url


def test_a_forgotten_password_is_reset_from_the_e_mail_and_confirms_the_address(client, applicant):
    profile = profile_of(applicant)
    profile.email_verified_at = None
    profile.save()
    client.post(reverse("password_reset"), {"email": applicant.email.upper()})
    (message,) = mail.outbox
    assert message.to == [applicant.email] and f"Your user name is {applicant.username}" in message.body
    response = client.get(link_in(message), follow=True)  # Django moves the token into the session
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("password_reset_complete")
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)
    assert profile_of(applicant).email_verified
    client.logout()
    assert client.login(username=applicant.username, password=NEW_PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@nowhere.example"})
    assert response.url == reverse("password_reset_done") and mail.outbox == []


def test_the_reset_e_mail_is_in_the_readers_language(client, applicant):
    client.post(reverse("password_reset"), {"email": applicant.email}, HTTP_ACCEPT_LANGUAGE="es")
    assert mail.outbox[0].subject == "Restablezca su contraseña de Clean Air Grants"


# --- Organizations -------------------------------------------------------------------------------------------------


@pytest.fixture
def fleet(applicant):
    """The applicant's organization (owner) with one draft."""
    application = ApplicationFactory(applicant=applicant)
    ProjectFactory(application=application)
    return application.organization, application


def add(client, organization, email, role):
    return client.post(reverse("organization", args=[organization.pk]), {"email": email, "role": role})


def test_an_owner_invites_a_consultant_who_sets_a_password_from_the_e_mail(applicant_client, fleet, client):
    organization, application = fleet
    response = add(applicant_client, organization, "Help@Consult.example", MemberRole.CONSULTANT)
    assert response.status_code == 302
    member = Membership.objects.get(organization=organization, role=MemberRole.CONSULTANT).user
    assert member.email == "help@consult.example" and not member.has_usable_password()
    assert member.groups.filter(name=Role.APPLICANT.value).exists()
    (message,) = mail.outbox
    assert organization.name in message.subject and "as Consultant" in message.body
    applicant_client.logout()
    response = client.get(link_in(message), follow=True)
    client.post(response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert application.reference in client.get(reverse("applications:list")).content.decode()


def test_an_existing_applicant_is_added_and_told(applicant_client, fleet):
    organization, _ = fleet
    colleague = UserFactory(email="colleague@fleet.example")
    add(applicant_client, organization, "colleague@fleet.example", MemberRole.STAFF)
    assert Membership.objects.get(organization=organization, user=colleague).role == MemberRole.STAFF
    assert "added you to" in mail.outbox[0].body


def test_district_accounts_and_existing_members_are_refused_with_a_reason(applicant_client, fleet, applicant):
    organization, _ = fleet
    UserFactory(role=Role.STAFF, email="staffer@aqmd.example")
    page = add(applicant_client, organization, "staffer@aqmd.example", MemberRole.STAFF).content.decode()
    assert "belongs to a district account" in page
    page = add(applicant_client, organization, applicant.email, MemberRole.STAFF).content.decode()
    assert "is already a member" in page


def test_the_last_owner_stays(applicant_client, fleet, applicant):
    organization, _ = fleet
    own = Membership.objects.get(organization=organization, user=applicant)
    response = applicant_client.post(reverse("member_remove", args=[organization.pk, own.pk]), follow=True)
    assert "needs at least one owner" in response.content.decode()
    applicant_client.post(reverse("member_role", args=[organization.pk, own.pk]), {f"m{own.pk}-role": "staff"})
    own.refresh_from_db()
    assert own.role == MemberRole.OWNER


def consultant_of(organization):
    user = UserFactory(username="consultant")
    Membership.objects.create(organization=organization, user=user, role=MemberRole.CONSULTANT)
    return user


def test_a_consultant_prepares_but_the_applicant_starts_signs_and_withdraws(client, fleet):
    organization, application = fleet
    consultant = consultant_of(organization)
    client.login(username=consultant.username, password=PASSWORD)
    assert (
        client.post(
            reverse("applications:details", args=[application.pk]), {"applicant_name": "Prepared by consultant"}
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.details["applicant_name"] == "Prepared by consultant"
    complete_draft(application)
    page = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert 'id="consultant-note"' in page and 'name="agree"' not in page
    assert (
        client.post(
            reverse("applications:review", args=[application.pk]), {"name": "C", "title": "Consultant", "agree": "on"}
        ).status_code
        == 403
    )
    assert client.post(reverse("applications:start", args=["PA2026-02"])).status_code == 403
    assert client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 403
    assert client.post(reverse("applications:delete", args=[application.pk])).status_code == 403
    assert (
        client.post(
            reverse("organization", args=[organization.pk]), {"email": "x@y.example", "role": "owner"}
        ).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == Status.DRAFT and Application.objects.count() == 1


def test_a_person_in_two_organizations_chooses_which_one_applies(client, fleet):
    organization, _ = fleet
    person = UserFactory()
    Membership.objects.create(organization=organization, user=person, role=MemberRole.STAFF)
    second = Organization.objects.create(name="Second Fleet")
    Membership.objects.create(organization=second, user=person, role=MemberRole.OWNER)
    client.login(username=person.username, password=PASSWORD)
    page = client.post(reverse("applications:start", args=["PA2026-02"])).content.decode()
    assert "Second Fleet" in page and organization.name in page
    client.post(reverse("applications:start", args=["PA2026-02"]), {"organization": second.pk, "confirm": "1"})
    assert Application.objects.filter(organization=second, applicant=person).count() == 1


def test_the_language_switch_is_remembered_for_e_mails(applicant_client, applicant):
    response = applicant_client.post(reverse("set_language"), {"language": "es", "next": "/applications/"})
    assert response.url == "/applications/"
    assert profile_of(applicant).language == "es"
    assert "Mis solicitudes" in applicant_client.get("/applications/").content.decode()
