"""Issue 7, item 5: a submission whose evaluation is lost or fails is not stranded (real Celery worker on Redis)."""

import contextlib
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application, Status
from applications.tasks import evaluate_application_task, requeue_stranded_evaluations
from portal.celery import app
from tests.applications.test_celery_worker import (  # noqa: F401  (the fixture)
    _drop_cached_connections,
    redis_worker,
    wait_for_evaluation,
)
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, complete_draft

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

DEAD_BROKER = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@contextlib.contextmanager
def broker_down():
    """Publishing goes to a port where nothing listens; the running worker keeps its own connection."""
    before = app.conf.broker_url
    app.conf.update(broker_url=DEAD_BROKER)
    _drop_cached_connections()
    try:
        yield
    finally:
        app.conf.update(broker_url=before)
        _drop_cached_connections()


def submittable() -> Application:
    application = ApplicationFactory()
    ProjectFactory(application=application)
    return complete_draft(application)


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not get there in time")


@pytest.mark.usefixtures("seeded", "redis_worker")
def test_broker_down_at_submit_the_submission_stands_and_the_periodic_task_has_it_evaluated(client):
    application = submittable()
    client.login(username=application.applicant.username, password=PASSWORD)
    with broker_down():
        started = time.monotonic()
        response = client.post(
            reverse("applications:review", args=[application.pk]),
            {"name": "Maria Lopez", "title": "Fleet Manager", "agree": "on"},
        )
        seconds = time.monotonic() - started
    assert response.status_code == 302 and response.url == reverse("applications:detail", args=[application.pk])
    assert seconds < 10
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.evaluated_at is None
    assert application.evaluation_queued_at is not None

    # The broker is back. Not stranded for an hour yet: left alone; the periodic run then re-queues it.
    assert requeue_stranded_evaluations(older_than_minutes=60) == 0
    requeue_stranded_evaluations.delay(older_than_minutes=0)
    application = wait_for_evaluation(application)
    assert application.projects.get().outcomes.count() == 15
    assert application.award_total == Decimal("400000.00")
    print(
        f"stranded: submit answered {response.status_code} in {seconds:.1f} s with the broker down; "
        "evaluated after the re-queue"
    )


@pytest.mark.usefixtures("seeded", "redis_worker")
def test_a_value_the_rules_refuse_is_recorded_on_the_application_not_retried_forever():
    application = submittable()
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    project = application.projects.get()
    project.data = {**project.data, "replacement_cost": "1E+999999999"}  # saved before bounds existed
    project.save()
    started = time.monotonic()
    evaluate_application_task.delay(application.pk)
    wait_for(lambda: Application.objects.get(pk=application.pk).evaluation_failed_at is not None)
    application.refresh_from_db()
    assert time.monotonic() - started < 15
    assert application.evaluated_at is None
    assert "replacement_cost" in application.evaluation_error and "at most" in application.evaluation_error
    # A failed evaluation waits for staff: the periodic task does not requeue it.
    assert requeue_stranded_evaluations(older_than_minutes=0) == 0


def test_the_evaluation_task_is_bounded_and_survives_a_lost_worker():
    task = evaluate_application_task
    assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
    assert (task.soft_time_limit, task.time_limit) == (60, 90)
    assert task.max_retries == 5 and task.retry_backoff
