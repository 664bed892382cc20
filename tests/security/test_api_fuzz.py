"""Issue 7: schemathesis drives every operation of /api/schema/ as an anonymous visitor, an applicant and staff,
with a bounded number of generated examples, and finds no server error and no undocumented status code."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from accounts.roles import Role
from applications.models import Status
from portal.wsgi import application as wsgi_application
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = 30  # per operation and role: bounded, so the run takes seconds


def served_schema() -> dict:
    """What /api/schema/ serves, generated in-process (collection may not open a database transaction)."""
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(json.loads(json.dumps(served_schema(), default=str)))
schema.app = wsgi_application  # requests go through Django's WSGI handler, middleware and all


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    """Generated requests arrive far faster than any person's; the throttles are tested in test_bounded_input."""
    from rest_framework.throttling import SimpleRateThrottle

    for scope in ("anon", "user", "evaluate"):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "100000/minute")


def signed_in_headers(role) -> dict:
    """Cookies (and the CSRF header DRF's session authentication asks for) of a new user in ``role``, or none."""
    client = Client()
    client.get("/accounts/login/")
    if role != "anonymous":
        user = UserFactory(role=role)
        ProjectFactory(
            application=ApplicationFactory(applicant=user)
            if role == Role.APPLICANT
            else ApplicationFactory(status=Status.SUBMITTED)
        )
        client.login(username=user.username, password=PASSWORD)
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return {"Cookie": cookies, "X-CSRFToken": client.cookies["csrftoken"].value}


@pytest.fixture
def session_headers():
    """Each role's headers, made before the run. Then, as Django's test client does while it runs a request,
    the end of a request must not close the test's database connection."""
    headers = {role: signed_in_headers(role) for role in ("anonymous", Role.APPLICANT, Role.STAFF, Role.AUDITOR)}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield headers.__getitem__
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


bounded = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def excluded(case) -> list:
    """The evaluate operation takes any program's answers: its schema says only "an object" (``project``), so a body
    valid by the schema may still lack a program's fields, and a 400 naming them is the documented answer, not a
    rejected valid request. Every other check runs on it, and every check on the other operations."""
    return [schemathesis.checks.positive_data_acceptance] if case.path.endswith("/evaluate/") else []


@schema.parametrize()
@bounded
def test_as_an_anonymous_visitor(case, session_headers):
    case.call_and_validate(headers=session_headers("anonymous"), excluded_checks=excluded(case))


@schema.parametrize()
@bounded
def test_as_an_applicant(case, session_headers):
    case.call_and_validate(headers=session_headers(Role.APPLICANT), excluded_checks=excluded(case))


@schema.parametrize()
@bounded
def test_as_staff(case, session_headers):
    case.call_and_validate(headers=session_headers(Role.STAFF), excluded_checks=excluded(case))


@schema.parametrize()
@bounded
def test_as_an_auditor(case, session_headers):
    """The read-only auditor (issue 26)."""
    case.call_and_validate(headers=session_headers(Role.AUDITOR), excluded_checks=excluded(case))


def test_the_served_schema_is_the_one_tested(client):
    assert client.get("/api/schema/", {"format": "json"}).json() == json.loads(json.dumps(served_schema(), default=str))
