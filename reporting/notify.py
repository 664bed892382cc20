"""What the awardee and staff are told about usage reports, remedies and closeout (through ``notices``;
docs/notices.md). ``reporting.services`` calls these inside its transaction, so the e-mail goes only if the change
commits; keys make a repeated call send nothing twice. Every notice is written in its recipient's language."""

from __future__ import annotations

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.selectors import awardees_of
from notices.kinds import Kind
from notices.selectors import untold
from notices.services import language_of, notify, staff_users

from .models import Closeout, Remedy, UsageReport


def regarding(report: UsageReport) -> str:
    return _("%(report)s of %(agreement)s, project %(position)s") % {
        "report": report.name,
        "agreement": report.agreement.number,
        "position": report.funded_project.position,
    }


def _tell(people, kind: Kind, report: UsageReport, key: str, link: str | None = None, **context) -> list:
    created = []
    for person in people:
        with translation.override(language_of(person)):
            notice = notify(
                person,
                kind,
                regarding=regarding(report),
                program=report.program,
                link=link or report.get_absolute_url(),
                related=report,
                key=key,
                context={"report": report, "due_words": date_format(report.due, "DATE_FORMAT"), **context},
            )
        if notice is not None:
            created.append(notice)
    return created


def submitted(report: UsageReport) -> list:
    """The agreement's officer (who sent it; every staff user if they no longer are): a report to review."""
    return _tell(
        staff_users(report.agreement.sent_by),
        Kind.USAGE_REPORT_SUBMITTED,
        report,
        f"usage-report-submitted:{report.pk}:{report.submitted_at:%Y%m%d%H%M%S%f}",
    )


def returned(report: UsageReport) -> list:
    return _tell(
        awardees_of(report.agreement),
        Kind.USAGE_REPORT_RETURNED,
        report,
        f"usage-report-returned:{report.pk}:{report.reviewed_at:%Y%m%d%H%M%S%f}",
    )


def accepted(report: UsageReport) -> list:
    return _tell(
        awardees_of(report.agreement), Kind.USAGE_REPORT_ACCEPTED, report, f"usage-report-accepted:{report.pk}"
    )


def not_told_overdue(reports):
    """The overdue ``reports`` staff have not been told of (``overdue``'s key, built by the database): one query."""
    key = Concat(
        Value("usage-report-overdue:"),
        Cast("pk", CharField()),
        Value(":"),
        Cast("due", CharField()),
        output_field=CharField(),
    )
    return untold(reports, key)


def overdue(report: UsageReport) -> list:
    """The agreement's officer, once per report and due date: the report is late (the awardee's reminders are
    ``remind``)."""
    return _tell(
        staff_users(report.agreement.sent_by),
        Kind.USAGE_REPORT_OVERDUE,
        report,
        f"usage-report-overdue:{report.pk}:{report.due}",
        link=reverse("reporting:detail", args=[report.pk]),
    )


def remedy(item: Remedy) -> list:
    report = item.report or item.funded_project.usage_reports.order_by("-number").first()
    if report is None:
        return []
    created = []
    for person in awardees_of(item.funded_project.agreement):
        with translation.override(language_of(person)):
            notice = notify(
                person,
                Kind.REMEDY_RECORDED,
                regarding=str(item.funded_project),
                program=report.program,
                link=reverse("reporting:index"),
                related=item,
                key=f"remedy:{item.pk}",
                context={"remedy": item, "remedy_label": item.get_kind_display()},
            )
        if notice is not None:
            created.append(notice)
    return created


def closed(closeout: Closeout) -> list:
    funded = closeout.funded_project
    created = []
    for person in awardees_of(closeout.agreement):
        with translation.override(language_of(person)):
            notice = notify(
                person,
                Kind.PROJECT_CLOSED,
                regarding=str(funded),
                program=closeout.agreement.program,
                link=reverse("reporting:index"),
                related=closeout,
                key=f"closeout:{closeout.pk}",
                context={"closeout": closeout},  # the amount paid and the note, for the program's letter (issue 21)
            )
        if notice is not None:
            created.append(notice)
    return created
