"""Issue 7, item 7: repeated wrong passwords pause sign-in (portal and admin); registration does not tell whether
a user name or an e-mail address has an account. On main, the right password worked after 50 wrong ones."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.forms import RegistrationForm
from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True  # tests/conftest.py turns it off for client.login()
    return settings


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.STAFF])
def test_fifty_wrong_passwords_then_the_right_one_does_not_sign_in(client, lockout, role):
    """The admin signs in through the same page (issue 26), so the same pause holds for staff."""
    user = UserFactory(role=role)
    url = reverse("login")
    statuses = [
        client.post(url, {"username": user.username, "password": f"wrong-{attempt}"}).status_code
        for attempt in range(50)
    ]
    assert statuses[:4] == [200] * 4  # the form again, "Please enter a correct username and password"
    assert set(statuses[5:]) == {429}
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused for this account" in page and "Wait 15 minutes" in page
    assert 'class="navbar-brand"' in page  # the site's navigation stays
    assert "_auth_user_id" not in client.session
    print(f"sign-in: wrong password {statuses.index(429) + 1} of 50 paused it; the right one then refused")


def test_the_pause_is_for_that_user_name_only(client, lockout):
    victim, other = UserFactory(), UserFactory()
    for _ in range(6):
        client.post(reverse("login"), {"username": victim.username, "password": "nope"})
    response = client.post(reverse("login"), {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(other.pk)


def test_the_e_mail_address_in_any_case_and_the_user_name_share_one_count(client, lockout):
    """Sign-in takes the user name or the e-mail address (case-insensitive): varying them earns no more tries."""
    user = UserFactory(username="maria", email="maria@fleet.example")
    for given in ("maria@fleet.example", "MARIA@fleet.example", "Maria@Fleet.Example", "maria", "maria@FLEET.example"):
        client.post(reverse("login"), {"username": given, "password": "nope"})
    for given in ("mAria@fleet.example", "maria"):
        response = client.post(reverse("login"), {"username": given, "password": PASSWORD})
        assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert user.check_password(PASSWORD)


def test_a_good_sign_in_clears_earlier_failures(client, lockout):
    user = UserFactory()
    for _ in range(4):
        client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302


def registration(username, email):
    return {
        "organization_name": "Ruiz Trucking",
        "username": username,
        "email": email,
        "first_name": "Ana",
        "last_name": "Ruiz",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
    }


def errors_of(response):
    return response.context["form"].errors


def test_registration_answers_the_same_whether_or_not_the_e_mail_has_an_account(client):
    """Issue 26: "Registration tells whether a user name or e-mail has an account." The page is the same for a new
    address and a registered one; the mailbox's owner learns which (a confirmation link, or how to sign in)."""
    existing = UserFactory(username="maria", email="maria@example.com")
    taken = client.post(reverse("register"), registration("someone-new", existing.email.upper()))
    fresh = client.post(reverse("register"), registration("ana", "ana@example.com"))
    assert taken.status_code == fresh.status_code == 200
    pages = [response.content.decode() for response in (taken, fresh)]
    assert "Check your e-mail" in pages[0]
    # The same page, but for the address typed (and the form's token).
    same = [re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page) for page in pages]
    assert same[0].replace(existing.email, "X") == same[1].replace("ana@example.com", "X")
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="someone-new").exists()
    told, confirm = mail.outbox
    assert told.to == [existing.email] and "already uses this address" in told.subject and "maria" in told.body
    assert confirm.to == ["ana@example.com"] and "Confirm your e-mail address" in confirm.subject


def test_an_account_opens_only_from_its_confirmation_link(client):
    """Else registering someone else's address, then signing in with the password just chosen, would tell."""
    client.post(reverse("register"), registration("ana", "ana@example.com"))
    assert (
        client.post(reverse("login"), {"username": "ana", "password": "a-long-unusual-passphrase-42"}).status_code
        == 200
    )
    assert "_auth_user_id" not in client.session


def test_a_taken_user_name_is_said_on_the_form(client):
    """A user name names nobody: the person chooses another, keeping what they typed."""
    UserFactory(username="maria")
    response = client.post(reverse("register"), registration("Maria", "new@example.com"))
    assert response.status_code == 200 and errors_of(response) == {"username": [RegistrationForm.USERNAME_TAKEN]}
    assert 'value="new@example.com"' in response.content.decode()


def test_registration_is_rate_limited_per_address(client):
    statuses = [client.post(reverse("register"), registration(f"x{n}", "bad")).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
