import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task
def flag_overdue_milestones() -> int:
    """Daily (settings.CELERY_BEAT_SCHEDULE): flag overdue milestones for staff; no penalty without their decision."""
    flagged = services.flag_overdue_milestones()
    logger.info("Flagged %d overdue port milestone(s) for staff review.", len(flagged))
    return len(flagged)
