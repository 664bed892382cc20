"""Sending work to Celery so that a broker that cannot be reached never turns a saved change into an error page.

The row a task works on says what waits (an application's ``evaluation_queued_at``, a funding round's status, a
notice's ``sent_at``), so a message that could not be sent, or was lost with a worker, is sent again by that app's
periodic sweeper (``settings.CELERY_BEAT_SCHEDULE``) and by staff from the background work page (issue 24).
"""

import logging

logger = logging.getLogger(__name__)


def enqueue(task, *args, what: str = "") -> bool:
    """Queue ``task(*args)``; False, with a warning in the log naming ``what`` waits, if the broker cannot take it."""
    try:
        task.delay(*args)
    except Exception:  # any broker failure: the caller's saved state keeps the work waiting
        what = what or f"{task.name}{args!r}"
        logger.warning("Could not queue %s; it waits until the task queue is back.", what, exc_info=True)
        return False
    return True
