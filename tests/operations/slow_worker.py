"""A Celery app whose rankings are slow enough to kill a worker in the middle of one (test_background_recovery.py).

Each progress step of ``funding.services`` takes a second more in the worker's pool process; everything else is the
portal's own code."""

import time

from celery.signals import worker_process_init

from portal.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _slow_rankings(**_):
    from funding import services

    step = services._progress

    def slow_step(funding_round, percent, note):
        step(funding_round, percent, note)
        time.sleep(1)

    services._progress = slow_step
