from celery import shared_task

from . import services
from .models import FundingRound


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def allocate_round_task(round_id: int) -> None:
    """Rank and allocate a funding round (queued by ``services.start_round``); progress shows on its page."""
    funding_round = FundingRound.objects.select_related("program").get(pk=round_id)
    try:
        services.run_round(funding_round)
    except Exception as error:
        services.fail_round(funding_round, f"{type(error).__name__}: {error}")
        raise
