"""What waits for a worker, or waited too long, by kind: the staff's background work page and the metrics.

Each kind reads its app's own state (the row a task works on says whether the work is done) and sends it to the
task queue again through that app's own services, exactly as its periodic sweeper does (issue 24).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

LISTED = 50  # the page lists the oldest of each kind; the counts are whole


@dataclass(frozen=True)
class Item:
    pk: int
    label: str
    state: str
    since: dt.datetime | None
    link: str
    note: str = ""


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    counts: Callable[[], dict[str, int]]
    items: Callable[[], list[Item]]
    retry: Callable[[int], None]


# --- Evaluations ----------------------------------------------------------------------------------------------------


def _evaluations():
    from applications.models import Application, Status

    submitted = Application.objects.filter(status=Status.SUBMITTED)
    not_done = Q(evaluated_at__isnull=True) | Q(evaluated_at__lt=F("evaluation_queued_at"))
    return submitted.filter(not_done, evaluation_failed_at__isnull=True), submitted.filter(
        evaluation_failed_at__isnull=False
    )


def evaluation_counts() -> dict[str, int]:
    waiting, failed = _evaluations()
    return {"waiting": waiting.count(), "failed": failed.count()}


def evaluation_items() -> list[Item]:
    waiting, failed = _evaluations()
    rows = [
        *((application, "failed") for application in failed.order_by("evaluation_failed_at")[:LISTED]),
        *((application, "waiting") for application in waiting.order_by("submitted_at")[:LISTED]),
    ]
    return [
        Item(
            pk=application.pk,
            label=f"Application {application.reference}",
            state=state,
            since=application.evaluation_failed_at if state == "failed" else application.evaluation_queued_at,
            link=reverse("admin:applications_application_change", args=[application.pk]),
            note=application.evaluation_error if state == "failed" else "",
        )
        for application, state in rows
    ]


def retry_evaluation(pk: int) -> None:
    from applications import services
    from applications.models import Application, Status

    if not Application.objects.filter(pk=pk, status=Status.SUBMITTED).update(
        evaluation_failed_at=None, evaluation_error=""
    ):
        raise Http404("No application under review with that number.")
    services.requeue_evaluation(pk)


# --- Funding rounds -------------------------------------------------------------------------------------------------


def _rounds():
    from funding.models import FundingRound

    return FundingRound.objects.filter(status__in=FundingRound.PENDING)


def round_counts() -> dict[str, int]:
    counts = dict.fromkeys(("waiting", "queued", "ranking"), 0)
    for status in _rounds().values_list("status", flat=True):
        counts[status] += 1
    return counts


def round_items() -> list[Item]:
    from funding import selectors, services

    limits = services.recovery_limits()
    now = timezone.now()
    return [
        Item(
            pk=funding_round.pk,
            label=str(funding_round),
            state="stranded"
            if funding_round.status != "waiting" and selectors.is_stranded(funding_round, now=now, **limits)
            else funding_round.status,
            since=funding_round.started_at or funding_round.queued_at or funding_round.created_at,
            link=reverse("funding:round", args=[funding_round.pk]),
            note=funding_round.progress_note,
        )
        for funding_round in _rounds().select_related("program").order_by("created_at")[:LISTED]
    ]


def retry_round(pk: int) -> None:
    from funding import services
    from funding.models import FundingRound

    services.retry_round(get_object_or_404(FundingRound, pk=pk))


# --- Notices --------------------------------------------------------------------------------------------------------


def _notices():
    from notices.models import Notice
    from notices.services import MAX_ATTEMPTS

    unsent = Notice.objects.filter(sent_at__isnull=True).exclude(recipient__email="")
    return unsent.filter(attempts__lt=MAX_ATTEMPTS), unsent.filter(attempts__gte=MAX_ATTEMPTS)


def notice_counts() -> dict[str, int]:
    waiting, failed = _notices()
    return {"waiting": waiting.count(), "failed": failed.count()}


def notice_items() -> list[Item]:
    waiting, failed = _notices()
    rows = [
        *((notice, "failed") for notice in failed.select_related("recipient").order_by("created_at")[:LISTED]),
        *((notice, "waiting") for notice in waiting.select_related("recipient").order_by("created_at")[:LISTED]),
    ]
    return [
        Item(
            pk=notice.pk,
            label=f"E-mail to {notice.recipient.email}: {notice.subject}",
            state=state,
            since=notice.created_at,
            link=reverse("admin:notices_notice_change", args=[notice.pk]),
            note=notice.failure,
        )
        for notice, state in rows
    ]


def retry_notice(pk: int) -> None:
    from core.queueing import enqueue
    from notices.models import Notice
    from notices.tasks import send_notice

    if not Notice.objects.filter(pk=pk, sent_at__isnull=True).update(attempts=0):
        raise Http404("No unsent notice with that number.")
    enqueue(send_notice, pk, what=f"notice {pk}")


KINDS = (
    Kind("evaluation", "Rule evaluations", evaluation_counts, evaluation_items, retry_evaluation),
    Kind("funding_round", "Funding rounds", round_counts, round_items, retry_round),
    Kind("notice", "E-mail notices", notice_counts, notice_items, retry_notice),
)
BY_KEY = {kind.key: kind for kind in KINDS}
