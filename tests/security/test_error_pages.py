"""Issue 7, item 10: 403, 404, 500 and CSRF-failure pages keep the site's navigation and say what to do next."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

NAVIGATION = 'class="navbar-brand"'


def signed_in(client, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    return user


def test_404_keeps_the_navigation_of_the_signed_in_applicant(client):
    user = signed_in(client, Role.APPLICANT)
    response = client.get(reverse("applications:detail", args=[ApplicationFactory().pk]))  # someone else's
    page = response.content.decode()
    assert response.status_code == 404
    assert NAVIGATION in page and f"Signed in as {user.username}" in page and "My applications" in page
    assert "We could not find that page" in page and "What you can do" in page


def test_403_says_nothing_was_changed_and_who_to_ask(client):
    signed_in(client, Role.BOARD_MEMBER)
    response = client.post(reverse("admin:programs_program_add"), {})
    page = response.content.decode()
    assert response.status_code == 403
    assert NAVIGATION in page and "Your account may not do that" in page and "Nothing was changed." in page
    assert "ask the program staff" in page


def test_csrf_failure_says_to_reload_and_send_again():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert NAVIGATION in page and "This form could not be accepted" in page
    assert "reload the page, and send the form again" in page


@override_settings(ROOT_URLCONF="tests.security.urls_with_a_fault")
def test_500_keeps_the_navigation_and_says_saved_work_is_kept():
    client = Client(raise_request_exception=False)
    response = client.get("/fault/")
    page = response.content.decode()
    assert response.status_code == 500
    assert NAVIGATION in page and "Something went wrong on our side" in page
    assert "What you had saved before is kept" in page
