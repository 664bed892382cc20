"""The staff's background work page (issue 24): what waits, what failed, and "send again"; staff only. Also the
reporting database the dashboards and exports read, and error reports to Sentry with the request id."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from applications.models import Application
from funding import services
from programs.models import Program
from tests.factories import PASSWORD, UserFactory, approved_application, complete_application

from .conftest import free_port, publishing_to

pytestmark = pytest.mark.django_db


def signed_in(client, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.mark.django_db(transaction=True)
def test_staff_see_what_waits_and_send_it_again(seeded, client, django_capture_on_commit_callbacks):
    staff = signed_in(client, Role.STAFF)
    program = Program.objects.get(code="PA2026-02")
    application = complete_application(staff=staff)
    Application.objects.filter(pk=application.pk).update(
        status="submitted", evaluated_at=None, evaluation_queued_at=timezone.now() - dt.timedelta(hours=1)
    )
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"), django_capture_on_commit_callbacks(execute=True):
        funding_round = services.start_round(program, actor=staff)  # the broker is down: saved as waiting
    funding_round.refresh_from_db()
    assert funding_round.status == "waiting"

    page = client.get(reverse("operations:background"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-kind="funding_round" data-pk="{funding_round.pk}" data-state="waiting"' in html
    assert f'data-kind="evaluation" data-pk="{application.pk}" data-state="waiting"' in html

    with django_capture_on_commit_callbacks(execute=True):  # eager again: "send again" runs it now
        response = client.post(reverse("operations:retry", args=["funding_round", funding_round.pk]), follow=True)
    assert "Funding rounds: sent to the task queue again." in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.status == "preview" and funding_round.attempts == 1

    refused = client.post(reverse("operations:retry", args=["funding_round", funding_round.pk]), follow=True)
    assert "This ranking is preview ready; there is nothing to retry." in refused.content.decode()
    assert client.post(reverse("operations:retry", args=["nothing", 1])).status_code == 404


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.BOARD_MEMBER, Role.INSPECTOR])
def test_only_staff(client, role):
    assert client.get(reverse("operations:background")).status_code == 302  # sign in first
    signed_in(client, role)
    assert client.get(reverse("operations:background")).status_code == 404
    assert client.post(reverse("operations:retry", args=["funding_round", 1])).status_code == 404


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_dashboards_and_exports_read_the_reporting_database(seeded, client, settings):
    settings.REPORTING_DATABASE = "replica"
    staff = signed_in(client, Role.STAFF)
    approved_application(staff=staff)
    replica, default = connections["replica"], connections["default"]
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(default) as on_default:
        assert client.get(reverse("dashboards:public")).status_code == 200
        csv = client.get(reverse("dashboards:awards_csv"))
        body = b"".join(csv.streaming_content).decode()
    assert "PA2026-02" in body
    read_ledger = [query["sql"] for query in on_replica.captured_queries if "funding_" in query["sql"]]
    assert read_ledger, "the dashboards read the ledger from the reporting database"
    # The main database is asked only for the newest row ids (the dashboards' cache key), never for the ledger's rows.
    on_main = [query["sql"] for query in on_default.captured_queries if '"funding_ledgerentry"' in query["sql"]]
    assert all(sql.startswith('SELECT (SELECT MAX("id") FROM "funding_ledgerentry")') for sql in on_main)


def test_errors_go_to_sentry_with_the_request_id(client, settings):
    import sentry_sdk

    from operations.errors import start_sentry

    events = []

    class Capture(sentry_sdk.transport.Transport):
        def capture_envelope(self, envelope):
            events.extend(item.payload.json for item in envelope.items if item.payload.json)

    settings.ROOT_URLCONF = "tests.security.urls_with_a_fault"
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    start_sentry(
        "https://public@sentry.example.org/1",
        environment="test",
        release=None,
        traces_sample_rate=0.0,
        transport=Capture,
    )
    try:
        client.raise_request_exception = False
        response = client.get("/fault/", HTTP_COOKIE="sessionid=secret-cookie")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    assert response.status_code == 500
    (event,) = [event for event in events if event.get("exception")]
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert "secret-cookie" not in str(event)  # no personal data
