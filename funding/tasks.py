"""Celery tasks of funding rounds: thin wrappers around ``funding.services``.

A ranking survives a broker that was down when it was started (saved as waiting), a lost message and a worker
killed mid-run (acknowledged late, re-delivered when the worker is lost, and ``requeue_stranded_rounds`` every
minute sends again what nobody works on); running it twice changes nothing (``services.run_round``). Issue 24.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from . import services
from .models import FundingRound

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, BrokerError, ConnectionError)


@shared_task(
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def allocate_round_task(round_id: int) -> None:
    """Rank and allocate a funding round (queued by ``services.start_round``); progress shows on its page.

    A database or broker hiccup is retried (the round stays queued or ranking, and the sweeper takes it up if the
    retries run out); any other error, or the time limit, fails the round with the reason on its page."""
    funding_round = FundingRound.objects.select_related("program").filter(pk=round_id).first()
    if funding_round is None:
        return
    try:
        funding_round = services.run_round(funding_round)
    except TRANSIENT:
        raise
    except SoftTimeLimitExceeded:
        services.fail_round(funding_round, "The ranking took longer than its time limit and was stopped.")
        raise
    except Exception as error:
        services.fail_round(funding_round, f"{type(error).__name__}: {error}")
        raise
    logger.info(
        "%s: %s (%d projects, attempt %d).",
        funding_round,
        funding_round.get_status_display(),
        funding_round.projects,
        funding_round.attempts,
    )


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stranded_rounds() -> int:
    """Every minute on beat: send again each round waiting for the task queue or left by a dead worker."""
    stranded = services.requeue_stranded_rounds()
    if stranded:
        logger.info("Sent %d stranded funding round(s) to the task queue again.", len(stranded))
    return len(stranded)
