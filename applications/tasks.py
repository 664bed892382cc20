"""Celery tasks for applications: thin wrappers around ``applications.services``.

An evaluation survives a lost broker message (``requeue_stranded_evaluations`` runs every few minutes), a
worker killed mid-task (acknowledged late, re-delivered when the worker is lost), a database or broker
hiccup (retried with back-off) and a value the rules refuse (recorded on the application for staff).
"""

import datetime as dt
import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from programs.rules.fields import InputError

from . import selectors, services
from .models import Application

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError)


class EvaluationTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries, over the time limit or an unexpected error: say so on the application."""
        if isinstance(exc, SoftTimeLimitExceeded):
            message = "The evaluation took longer than its time limit and was stopped."
        else:
            message = f"The evaluation failed ({type(exc).__name__}: {exc})."
        services.record_evaluation_failure(args[0], message)


@shared_task(
    base=EvaluationTask,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
)
def evaluate_application_task(application_id: int) -> None:
    """Evaluate a submitted application's rules (queued by ``services.submit`` and ``respond_to_request``)."""
    application = Application.objects.select_related("program").get(pk=application_id)
    try:
        services.evaluate_application(application)
    except services.NotUnderReview as refused:
        logger.info("Not evaluating: %s", refused)  # withdrawn or decided before the queue reached it
    except InputError as error:
        services.record_evaluation_failure(application_id, str(error))


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stranded_evaluations(older_than_minutes: float | None = None) -> int:
    """Queue again every submitted application whose evaluation never ran; returns how many."""
    minutes = settings.EVALUATION_REQUEUE_AFTER_MINUTES if older_than_minutes is None else older_than_minutes
    stranded = list(selectors.stranded_evaluations(dt.timedelta(minutes=minutes)).values_list("pk", flat=True))
    for application_id in stranded:
        services.requeue_evaluation(application_id)
    return len(stranded)
