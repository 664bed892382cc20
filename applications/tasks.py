from celery import shared_task

from . import services
from .models import Application


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def evaluate_application_task(application_id: int) -> None:
    """Evaluate a submitted application's rules (queued by ``services.submit``)."""
    services.evaluate_application(Application.objects.select_related("program").get(pk=application_id))
