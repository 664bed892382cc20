"""Submission through a real Celery worker consuming from Redis, against PostgreSQL."""

import os
import time
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from kombu import pools

from applications import services
from applications.models import Application
from portal.celery import app
from tests.factories import ApplicationFactory, ProjectFactory, complete_draft

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_worker():
    """A worker thread consuming from Redis; the Celery app publishes there while the test runs.

    ``app.conf`` reads Django's settings live; the overrides sit in its ``changes`` layer and are
    removed afterwards, so later tests are eager again.
    """
    overrides = {"broker_url": REDIS_URL, "task_always_eager": False, "result_backend": None}
    app.conf.update(overrides)
    _drop_cached_connections()
    with app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        for key in overrides:
            app.conf.changes.pop(key, None)
        _drop_cached_connections()


def _drop_cached_connections():
    """Forget kombu's pooled connections and producers so the next publish connects to the current broker."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def wait_for_evaluation(application: Application, seconds: float = 60) -> Application:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        application.refresh_from_db()
        if application.evaluated_at:
            return application
        time.sleep(0.1)
    raise AssertionError("the worker did not evaluate the application")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_submission_is_evaluated_by_the_worker(seeded, redis_worker):
    application = ApplicationFactory()
    ProjectFactory(application=application)
    second = ProjectFactory(application=application)
    second.data = {
        **second.data,
        "replacement_cost": "350000.00",
        "other_incentives": "25000.00",
        "amount_requested": "325000.00",
    }
    second.save()
    complete_draft(application)
    services.submit(application, application.applicant)

    assert app.conf.task_always_eager is False
    application = wait_for_evaluation(application)
    assert application.award_total == Decimal("725000.00")  # $400,000 capped + ($350,000 - $25,000)
    first, second = application.projects.order_by("position")
    assert (first.award, first.figures["binding_limit"]) == (Decimal("400000.00"), "award_cap")
    assert (second.award, second.figures["binding_limit"]) == (Decimal("325000.00"), "cost_less_other_incentives")
    assert first.outcomes.count() == 15 and all(outcome.passed for outcome in first.outcomes.all())
