"""Issue 26: Permissions-Policy and the rest of the OWASP Secure Headers baseline on every page, signed in or not."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

BASELINE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Permitted-Cross-Domain-Policies": "none",
    "X-XSS-Protection": "0",
}


def assert_baseline(response):
    for header, value in BASELINE.items():
        assert response.headers.get(header) == value, (response.request["PATH_INFO"], header)
    policy = response.headers["Permissions-Policy"]
    for denied in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"):
        assert denied in policy
    assert "publickey-credentials-get=(self)" in policy  # passkeys and security keys sign in on this site
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    "url",
    ["/", "/accounts/login/", "/api/programs/", "/results/", "/no-such-page/", "/admin/login/"],
)
def test_anonymous_pages(client, url):
    response = client.get(url)
    assert_baseline(response)
    if url in ("/", "/results/"):
        assert "no-store" not in response.headers.get("Cache-Control", "")  # public pages may be cached


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.STAFF])
def test_a_signed_in_persons_pages_are_not_stored(client, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    for url in ("/", reverse("application-list"), "/admin/" if role == Role.STAFF else "/applications/"):
        response = client.get(url)
        assert_baseline(response)
        assert "no-store" in response.headers["Cache-Control"], url


def test_signing_out_clears_the_sites_data(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.headers["Clear-Site-Data"] == '"cache", "storage"'
