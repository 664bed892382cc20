"""Structured logs with the request id carried into the Celery tasks a request starts, and the metrics endpoint
(issue 24)."""

import io
import json
import logging
import os
import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.roles import Role
from funding.models import FundingRound
from operations.requestid import RequestIdFilter
from tests.applications.test_celery_worker import redis_worker  # noqa: F401  (the worker fixture)
from tests.factories import PASSWORD, UserFactory

from .test_background_recovery import two_applications

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def json_log():
    """The portal's JSON log lines (settings.LOGGING's formatter and filter), as written, one dict per line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    options = dict(django_settings.LOGGING["formatters"]["json"])
    formatter_class = options.pop("()")
    module, name = formatter_class.rsplit(".", 1)
    handler.setFormatter(getattr(__import__(module, fromlist=[name]), name)(**options))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_request_id_is_in_the_log_line_of_the_task_the_request_started(seeded, client, redis_worker, json_log):  # noqa: F811
    staff = UserFactory(role=Role.STAFF)
    program, _ = two_applications(staff)
    client.login(username=staff.username, password=PASSWORD)

    response = client.post(reverse("funding:preview", args=[program.code]))
    request_id = response["X-Request-ID"]
    deadline = time.monotonic() + 60
    while FundingRound.objects.get().status != "preview" and time.monotonic() < deadline:
        time.sleep(0.2)

    lines = json_log()
    (access,) = [
        line for line in lines if line["logger"] == "portal.requests" and line.get("path", "").endswith("/preview/")
    ]
    assert (access["request_id"], access["status"], access["method"]) == (request_id, 302, "POST")
    (ranked,) = [line for line in lines if line["logger"] == "funding.tasks"]
    assert ranked["message"].endswith("Preview ready (2 projects, attempt 1).")
    assert ranked["request_id"] == request_id  # carried in the task's message, put back by the worker
    assert ranked["task_name"] == "funding.tasks.allocate_round_task" and ranked["task_id"]
    assert {"time", "level"} <= ranked.keys()


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_kept_if_it_looks_like_one(client):
    assert client.get("/", HTTP_X_REQUEST_ID="3f2c9d0e-77aa-4c1b-9c55-0d4c2f7a1b11")["X-Request-ID"] == (
        "3f2c9d0e-77aa-4c1b-9c55-0d4c2f7a1b11"
    )
    made = client.get("/", HTTP_X_REQUEST_ID='"><script>')["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()


@pytest.mark.django_db
def test_metrics_only_for_the_internal_network_or_the_token(client, settings):
    settings.METRICS_TOKEN = "scraper-token-0123456789"
    client.get("/")  # one request counted
    inside = client.get("/metrics", REMOTE_ADDR="10.0.3.7", HTTP_HOST="10.0.3.4:8000")
    assert inside.status_code == 200
    page = inside.content.decode()
    assert "django_http_requests_total_by_method_total" in page
    assert "django_db_execute_total" in page  # the database's queries (django-prometheus' backend)
    assert 'portal_background_work{kind="funding_round",state="waiting"} 0.0' in page

    # Through the proxy (it adds X-Forwarded-For), from outside, or with a wrong token: the site's "not found".
    assert client.get("/metrics", REMOTE_ADDR="10.0.3.7", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer nope").status_code == 404
    with_token = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer scraper-token-0123456789")
    assert with_token.status_code == 200


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_queue_lengths_and_task_outcomes(seeded, client, settings):
    from operations import metrics
    from portal.celery import app

    from .conftest import publishing_to

    staff = UserFactory(role=Role.STAFF)
    program, _ = two_applications(staff)
    with publishing_to(REDIS_URL):
        with app.connection_for_write() as connection:
            connection.default_channel.client.flushdb()
        from funding import services

        services.start_round(program, actor=staff)  # queued; no worker consumes it here
        page = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
        assert 'celery_queue_length{queue="celery"} 1.0' in page
        assert 'portal_background_work{kind="funding_round",state="queued"} 1.0' in page
    before = metrics.TASKS.labels("funding.tasks.requeue_stranded_rounds", "succeeded")._value.get()
    from funding.tasks import requeue_stranded_rounds

    requeue_stranded_rounds.delay()  # eager: the same signals as in a worker
    after = metrics.TASKS.labels("funding.tasks.requeue_stranded_rounds", "succeeded")._value.get()
    assert after == before + 1
