"""Issue 26: "Nobody who approves, signs or releases money has a second factor." Staff, finance, the Board and admins
now sign in with a password and an authenticator code (or a security key, or a recovery code), must enrol one before
any other page, and reach the admin only through the same sign-in; applicants may add one."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from accounts.roles import DISTRICT_ROLES, Role
from accounts.services import own_organization
from demo.management.commands.demo_code import demo_code
from demo.management.commands.seed_demo import DEMO_AUTHENTICATOR_SECRET
from tests.factories import PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db

PAGE = "/funding/"  # a district page; each role below may open it once signed in


def password_step(client, user, next_url=""):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url})


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("role", [Role.STAFF, Role.FINANCE, Role.BOARD_MEMBER])
def test_the_password_alone_does_not_sign_in_a_district_role(client, role):
    user = UserFactory(role=role)
    response = password_step(client, user, next_url="/payments/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200 and 'class="navbar-brand"' in page.content.decode()  # the site's own page
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302 and response["Location"] == "/payments/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_or_reused_code_is_refused(client):
    user = UserFactory(role=Role.STAFF)
    password_step(client, user)
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200 and "Incorrect code" in response.content.decode()
    assert not signed_in(client)
    code = totp_code()
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.logout()
    password_step(client, user)
    again = client.post(reverse("mfa_authenticate"), {"code": code})  # the same code, within its 30 seconds
    assert again.status_code == 200 and not signed_in(client)


def test_a_recovery_code_signs_in_once(client):
    user = UserFactory(role=Role.FINANCE)
    recovery = RecoveryCodes(Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES))
    code = recovery.get_unused_codes()[0]
    password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302 and signed_in(client)
    client.logout()
    password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200 and not signed_in(client)


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(role=Role.STAFF, second_factor=False),
        lambda: UserFactory(role=Role.FINANCE, second_factor=False),
        lambda: UserFactory(role=Role.BOARD_MEMBER, second_factor=False),
        lambda: UserFactory(role=Role.APPLICANT, is_staff=True, is_superuser=True, second_factor=False),
    ],
    ids=["staff", "finance", "board", "admin"],
)
def test_a_district_role_without_a_second_factor_enrols_before_any_page(client, make):
    user = make()
    client.force_login(user)
    for url in (PAGE, "/admin/", "/payments/", "/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_index"), url
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302 and not signed_in(client)


def test_enrolling_an_authenticator_app_opens_the_pages(client):
    user = UserFactory(role=Role.STAFF, second_factor=False)
    assert password_step(client, user)["Location"] == reverse(
        "mywork:page"
    )  # nothing to ask yet: the password signs in
    assert client.get(PAGE)["Location"] == reverse("mfa_index")
    # Adding a factor asks for the password again (allauth's re-authentication), then shows the key and its QR code.
    confirm = client.get(reverse("mfa_activate_totp"))
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(confirm["Location"], {"password": PASSWORD}).status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(PAGE).status_code == 200
    client.logout()
    assert password_step(client, user)["Location"] == reverse("mfa_authenticate")  # from now on, every time


def test_an_applicant_may_go_without_or_add_one(client):
    applicant = UserFactory()
    assert password_step(client, applicant)["Location"] == reverse("mywork:page") and signed_in(client)
    assert client.get(reverse("applications:list")).status_code == 200
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200 and "Authenticator App" in page.content.decode()


def test_staff_cannot_remove_their_only_authenticator(client):
    user = UserFactory(role=Role.STAFF)
    password_step(client, user)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_the_admin_signs_in_through_the_portal(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next=%2Fadmin%2F"
    # The admin's own form takes no password: posting one signs nobody in.
    client.post("/admin/login/?next=/admin/", {"username": "x", "password": PASSWORD})
    staff = UserFactory(role=Role.STAFF)
    client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert not signed_in(client)
    password_step(client, staff, next_url="/admin/")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response["Location"] == "/admin/" and client.get("/admin/").status_code == 200


def test_a_password_reset_link_does_not_open_a_session_that_needs_a_code(client, mailoutbox):
    user = UserFactory(role=Role.STAFF)
    client.post(reverse("password_reset"), {"email": user.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line).strip()
    path = link[link.index("/accounts/") :]
    form_url = client.get(path)["Location"]
    response = client.post(
        form_url, {"new_password1": "a-new-long-passphrase-7", "new_password2": "a-new-long-passphrase-7"}
    )
    assert response.status_code == 302 and not signed_in(client)
    assert "authenticator" in client.get(response["Location"]).content.decode()


def test_the_demo_code_is_the_authenticator_apps():
    assert DEMO_AUTHENTICATOR_SECRET == "CLEANAIRGRANTSDEMOKEYTWENTYSIX22"
    # RFC 6238's construction (HMAC-SHA1, 30 seconds, 6 digits) of this secret at a fixed time, as an app shows it.
    assert demo_code(at=1_800_000_000) == demo_code(at=1_800_000_029) != demo_code(at=1_800_000_030)
    assert len(demo_code()) == 6 and demo_code().isdigit()


def test_an_applicant_finds_the_optional_second_factor_on_the_organization_page(client):
    applicant = UserFactory()
    own_organization(applicant)
    client.force_login(applicant)
    page = client.get(reverse("organizations"), follow=True).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page and "Add an authenticator app or a security key" in page


def test_the_second_factor_pages_speak_spanish(client):
    client.cookies["django_language"] = "es"
    staff = UserFactory(role=Role.STAFF, second_factor=False)
    client.force_login(staff)
    page = client.get(PAGE, follow=True).content.decode()
    assert "Su función aprueba, firma o libera dinero" in page
    assert "Autenticación de doble factor" in page  # allauth's own Spanish
    client.logout()  # a new cookie jar
    client.cookies["django_language"] = "es"
    password_step(client, UserFactory(role=Role.FINANCE))
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "¿Perdió su teléfono o su clave de seguridad?" in page and 'lang="es"' in page


SECOND_FACTOR_PAGES = ["mfa_index", "mfa_activate_totp", "mfa_list_webauthn", "mfa_view_recovery_codes"]


@pytest.mark.parametrize("role", [None, *Role])
def test_permission_matrix_of_the_second_factor_pages(client, role):
    """Everyone signed in manages only their own factors (the pages take no id); anonymous visitors sign in first;
    the code page is only for a sign-in under way."""
    if role is not None:
        client.force_login(UserFactory(role=role))
    for name in SECOND_FACTOR_PAGES:
        response = client.get(reverse(name))
        if role is None:
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
        elif response.status_code == 302:  # adding or showing a factor asks for the password again
            assert response["Location"].startswith(reverse("account_reauthenticate")), name
        elif response.status_code == 404:  # no recovery codes until a first factor is added
            assert name == "mfa_view_recovery_codes" and role not in DISTRICT_ROLES
        else:
            assert response.status_code == 200, name
    assert client.get(reverse("mfa_authenticate")).status_code == 302  # no sign-in waiting for a code
