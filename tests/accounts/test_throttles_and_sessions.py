"""Issue 26: "there is no per-address limit across user names (20 user names sprayed from one address, no lockout);
password-reset mail can be flooded; rate limits are per process unless a shared cache is configured; every role's
session lasts 14 days." Now one address pauses after SIGN_IN_FAILURES_PER_ADDRESS failures whatever the names, one
e-mail address gets at most three reset links an hour, the counts live in the shared cache, and the district's
sessions end after a working day (9 hours) and after 30 idle minutes."""

import datetime as dt
import os

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_twenty_user_names_from_one_address_pause_that_address(client):
    statuses = [sign_in(client, f"sprayed-{n}", "guess").status_code for n in range(20)]
    assert set(statuses) == {200}  # each a wrong password, each its own user name: django-axes alone never paused
    real = UserFactory()
    response = sign_in(client, real.username)  # even the right password, from this address, this hour
    assert response.status_code == 429 and "20 unsuccessful attempts to sign in from this connection" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    elsewhere = sign_in(client, real.username, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302 and client.session["_auth_user_id"] == str(real.pk)


def test_a_forwarded_for_header_does_not_make_a_new_address(client):
    for n in range(20):
        sign_in(client, f"sprayed-{n}", "guess", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, "someone", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(20):
        sign_in(client, f"sprayed-{n}", "guess", HTTP_X_FORWARDED_FOR="forged, 203.0.113.5")
    assert sign_in(client, "x", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert sign_in(client, "x", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200  # another client


def reset(client, email, **headers):
    return client.post(reverse("password_reset"), {"email": email}, **headers)


def test_reset_mail_to_one_address_is_three_an_hour_with_the_same_answer(client):
    user = UserFactory(email="ana@fleet.example")
    answers = {reset(client, "ana@fleet.example", REMOTE_ADDR=f"198.51.100.{n}")["Location"] for n in range(6)}
    answers.add(reset(client, "nobody@fleet.example")["Location"])
    assert answers == {reverse("password_reset_done")}  # one answer, whether or not the address has an account
    assert [message.to for message in mail.outbox] == [[user.email]] * 3
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        reset(client, "ANA@fleet.example")
    assert len(mail.outbox) == 4  # the next hour, one more


def test_reset_requests_from_one_client_are_limited_across_addresses(client):
    users = [UserFactory() for _ in range(12)]
    for user in users:
        assert reset(client, user.email)["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 10


@pytest.fixture
def shared_cache(settings):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL names the Redis the suite may use")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.mark.redis  # clears TEST_REDIS_URL, which the Celery worker tests use: they run in turn
def test_the_counts_live_in_the_shared_cache(client, shared_cache):
    """With CACHE_URL (Redis), a second web process reads the same count: here a second Redis client."""
    import redis

    for n in range(3):
        sign_in(client, f"sprayed-{n}", "guess")
    reset(client, "ana@fleet.example")
    keys = redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).keys("*accounts.throttle:*")
    scopes = sorted(key.decode().split("accounts.throttle:")[1].split(":")[0] for key in keys)
    assert scopes == ["reset-mail", "reset-requests", "sign-in-failures"]
    sign_in_key = next(key for key in keys if b"sign-in-failures" in key)
    assert redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).get(sign_in_key) == b"3"


DISTRICT = [Role.STAFF, Role.FINANCE, Role.INSPECTOR, Role.BOARD_MEMBER]
PAGE = "/notices/"  # every signed-in person's


def signed_in_at(client, user, when):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("role", DISTRICT)
def test_a_district_session_ends_after_thirty_idle_minutes(client, role):
    user, start = UserFactory(role=role), timezone.now()
    signed_in_at(client, user, start)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get(PAGE)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", DISTRICT)
def test_a_district_session_ends_after_a_working_day_however_busy(client, role):
    user, start = UserFactory(role=role), timezone.now()
    signed_in_at(client, user, start)
    for minutes in range(20, 9 * 60, 20):  # a request every 20 minutes
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(PAGE).status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(hours=9, minutes=1), tick=False):
        response = client.get(PAGE)
        assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next=/notices/"
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out after 9 hours. Please sign in again." in page


def test_an_applicant_stays_signed_in_for_two_weeks(client):
    user, start = UserFactory(), timezone.now()
    signed_in_at(client, user, start)
    with time_machine.travel(start + dt.timedelta(days=13), tick=False):
        assert client.get(PAGE).status_code == 200
    assert django_settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
