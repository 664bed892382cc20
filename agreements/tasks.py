import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from core.pdfs import keep
from notices.selectors import awaiting_reminder
from notices.services import remind

from . import documents, selectors, services
from .models import Agreement

logger = logging.getLogger(__name__)


@shared_task
def remind_obligations(today: str | None = None) -> int:
    """Daily on beat: move what the date made overdue, then remind each awardee of every open obligation 14, 7 and 1
    days before it is due and on the day it becomes overdue (``notices.reminders``). A reminder's key is (obligation,
    due date, stage), so a second run, a retry or a catch-up sends nothing twice; a date an amendment moved starts
    afresh. ``today`` (ISO date) is for catching up a missed day by hand; by default the day in Pacific time.
    Returns how many reminders went out.

    Only the obligations whose reminder of the day has not gone out are read (``notices.selectors.awaiting_reminder``,
    one query): the run does work in proportion to what is due, not to what is open (issue 25)."""
    today = dt.date.fromisoformat(today) if today else timezone.localdate()
    services.roll_statuses(today)
    sent = 0
    # Reports are reminded by reporting.tasks.remind_reports, with a link to the report's own form.
    due = awaiting_reminder(selectors.open_obligations().exclude(kind="report"), today=today)
    for obligation in due.iterator(chunk_size=500):
        agreement = obligation.agreement
        regarding = f"{agreement}, project {obligation.project.position}: {obligation.project.summary}"
        for person in selectors.awardees_of(agreement):
            sent += (
                remind(
                    person,
                    obligation,
                    due=obligation.due,
                    today=today,
                    what=obligation.name,
                    regarding=regarding,
                    program=agreement.program,
                    link=obligation.get_absolute_url(),
                    source=obligation.source,
                )
                is not None
            )
    if sent:
        logger.info("Sent %d obligation reminder(s).", sent)
    return sent


DRAFT = "agreement-draft"


@shared_task
def render_document(agreement_pk: int, language: str, fingerprint: str) -> int:
    """The agreement's PDF as it stands (the district's draft, or the Spanish courtesy translation, executed once the
    agreement is), kept under ``fingerprint`` for the page that asked (``core.pdfs``; issue 25: 240-460 ms in a web
    worker each time). Returns its size in bytes."""
    agreement = Agreement.objects.select_related("program", "application").get(pk=agreement_pk)
    executed = bool(agreement.executed_document)
    pdf = documents.render_agreement(
        agreement, executed=executed, as_of=agreement.executed_on if executed else None, language=language
    )
    keep(f"{DRAFT}-{language}", fingerprint, pdf)
    return len(pdf)
