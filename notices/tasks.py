import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task
def send_notice(notice_id: int) -> bool:
    """E-mail one notice (queued by ``services.notify`` after its transaction commits)."""
    return services.send(notice_id)


@shared_task
def send_unsent_notices() -> int:
    """Every ten minutes (settings.CELERY_BEAT_SCHEDULE): send what could not be queued or sent before."""
    sent = services.send_unsent()
    if sent:
        logger.info("Sent %d notice(s) that were waiting.", sent)
    return sent


@shared_task
def send_daily_digests() -> int:
    """Each morning (settings.CELERY_BEAT_SCHEDULE): the daily digest to everyone who chose it."""
    sent = services.send_digests()
    if sent:
        logger.info("Sent %d daily digest(s).", sent)
    return sent


@shared_task
def archive_old_notices() -> int:
    """Daily (settings.CELERY_BEAT_SCHEDULE): archive the read notices older than NOTICE_RETENTION_DAYS."""
    archived = services.archive_old()
    if archived:
        logger.info("Archived %d notice(s) read and older than the retention period.", archived)
    return archived
