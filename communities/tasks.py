"""Celery tasks of the community determination: thin wrappers around ``communities.services``."""

from celery import shared_task

from . import services
from .models import Determination


@shared_task(acks_late=True)
def look_up_task(application_id: int) -> None:
    services.look_up(application_id)


@shared_task
def retry_waiting() -> int:
    """Try the waiting lookups again (the geocoder may be back); staff see those still waiting."""
    waiting = Determination.objects.filter(method=Determination.Method.WAITING).order_by("updated_at")[:200]
    ids = list(waiting.values_list("application_id", flat=True))
    for application_id in ids:
        services.look_up(application_id)
    return len(ids)
