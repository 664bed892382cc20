import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from agreements.selectors import awardees_of
from notices.selectors import awaiting_reminder
from notices.services import remind

from . import notify, services
from .models import UsageReport

logger = logging.getLogger(__name__)


@shared_task
def remind_reports(today: str | None = None) -> int:
    """Daily on beat: bring every project's report schedule up to date, remind each awardee of every open report 14, 7
    and 1 days before it is due and on the day it becomes overdue (``notices.services.remind``, linking to the report's
    form; keyed by report, due date and stage, so nothing is sent twice), and tell staff once of each overdue report.
    ``today`` (ISO date) is for catching up a missed day by hand. Returns how many notices went out.

    Set-based (issue 25): the schedules of the projects whose term may have moved (``services.sync_all``), the
    reports whose reminder of the day has not gone out (``notices.selectors.awaiting_reminder``) and the overdue ones
    staff have not been told of, each one query; the run's work follows what is due, not what is open."""
    today = dt.date.fromisoformat(today) if today else timezone.localdate()
    services.sync_all()
    sent = 0
    reports = UsageReport.objects.filter(
        status__in=UsageReport.OPEN, agreement__status="executed", period_end__lt=today
    ).select_related("agreement__program", "agreement__application", "agreement__owner", "funded_project", "program")
    for report in awaiting_reminder(reports, today=today).iterator(chunk_size=500):
        for person in awardees_of(report.agreement):
            sent += (
                remind(
                    person,
                    report,
                    due=report.due,
                    today=today,
                    what=report.name,
                    regarding=notify.regarding(report),
                    program=report.program,
                    link=report.get_absolute_url(),
                )
                is not None
            )
    for report in notify.not_told_overdue(reports.filter(due__lt=today)).iterator(chunk_size=500):
        sent += len(notify.overdue(report))
    if sent:
        logger.info("Sent %d usage report notice(s).", sent)
    return sent
