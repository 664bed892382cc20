"""Reads of usage reports, remedies and closeouts. Who may see what is decided here once:
:func:`reports_visible_to` (staff and board members every report; an awardee the reports of the agreements
``agreements.selectors.agreements_visible_to`` gives them, so transfers and organizations flow in; anyone else none).

- ``report_form(code)``: the program's report form (``reporting.rules.programs.REPORT_FORMS``);
- ``periods_of(funded)``: the reporting periods of the project's term as the agreement now stands
  (``agreements.rules.schedule.report_schedule``, counted from the commissioning/deployment date and running through the
  end of the term, extensions included);
- ``assessment_of(funded)``: every period against the agreement's usage requirement (``reporting.rules.usage.assess``)
  with the reports submitted or accepted so far;
- ``queue(status=..., program=...)``: staff's reports queue (``due``, ``overdue``, ``submitted``, ``accepted``,
  ``returned``);
- ``closeout_problems(funded, today)``: what still stands in the way of closing a project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from agreements import selectors as agreements
from agreements.models import Agreement, FundedProject
from agreements.rules.registry import post_award
from agreements.rules.schedule import ReportPeriod, agreement_term, report_schedule
from agreements.wording import words
from reporting.rules.programs import REPORT_FORMS, ReportForm
from reporting.rules.usage import ReportedUsage, UsageAssessment, assess

from .models import Remedy, UsageReport

QUEUE_STATUSES = ("due", "overdue", "submitted", "accepted", "returned")


def is_district(user) -> bool:
    """Staff and board members (the reporting view permission)."""
    return user.is_authenticated and user.is_staff and user.has_perm("reporting.view_usagereport")


def may_review(user) -> bool:
    """Staff who accept, return, record remedies and close out (board members read only)."""
    return is_district(user) and user.has_perm("reporting.change_usagereport")


def reports_visible_to(user) -> QuerySet[UsageReport]:
    reports = UsageReport.objects.select_related("agreement__program", "funded_project__project", "program")
    if is_district(user):
        return reports
    if not user.is_authenticated:
        return reports.none()
    return reports.filter(agreement__in=agreements.agreements_visible_to(user).values("pk"))


def funded_visible_to(user) -> QuerySet[FundedProject]:
    funded = FundedProject.objects.select_related("agreement__program", "project")
    if is_district(user):
        return funded
    return funded.filter(agreement__in=agreements.agreements_visible_to(user).values("pk"))


def report_form(code: str) -> ReportForm | None:
    return REPORT_FORMS.get(code)


def in_reporting() -> QuerySet[FundedProject]:
    """Funded projects of executed agreements in force whose term has started (the commissioning or deployment
    recorded): the projects that report."""
    return (
        FundedProject.objects.filter(
            status=FundedProject.Status.ACTIVE,
            agreement__status=Agreement.Status.EXECUTED,
            project__events__key="commissioned",
        )
        .select_related("agreement__program", "project")
        .distinct()
    )


def periods_of(funded: FundedProject) -> list[ReportPeriod]:
    agreement = funded.agreement
    program = post_award(agreement.program.code)
    terms = agreements.terms_for(agreement)
    try:
        term = agreement_term(program, agreements.agreement_values(funded), agreements.events_of(funded.project), terms)
    except KeyError:  # the agreement lacks a value its term needs (a funding path, a project type): no schedule yet
        return []
    return report_schedule(program, term, terms)


def has_requirement(funded: FundedProject) -> bool:
    """Whether the usage requirement is known: the seed sets it (PA2026-02's 7,000 miles) or the agreement states it."""
    program = post_award(funded.agreement.program.code)
    return program.usage.annual_term is not None or "annual_requirement" in agreements.agreement_values(funded)


def reported_usage(funded: FundedProject, *, extra: UsageReport | None = None) -> list[ReportedUsage]:
    """What the awardee reported in the reports submitted or accepted (and ``extra``, the one being decided)."""
    found = {}
    for report in funded.usage_reports.filter(
        status__in=[UsageReport.Status.SUBMITTED, UsageReport.Status.ACCEPTED], usage__isnull=False
    ):
        found[report.number] = ReportedUsage(report.number, report.usage, report.in_area)
    if extra is not None and extra.usage is not None:
        found[extra.number] = ReportedUsage(extra.number, extra.usage, extra.in_area)
    return [found[number] for number in sorted(found)]


def assessment_of(funded: FundedProject, *, extra: UsageReport | None = None) -> UsageAssessment | None:
    """The project's usage against the agreement's requirement, ``None`` when the requirement is not known."""
    if not has_requirement(funded) or not periods_of(funded):
        return None
    agreement = funded.agreement
    program = post_award(agreement.program.code)
    values = agreements.agreement_values(funded)
    if program.usage.share_for(values) is None:
        reports = [ReportedUsage(item.number, item.usage) for item in reported_usage(funded, extra=extra)]
    else:
        reports = [
            item if item.in_area is not None else ReportedUsage(item.number, item.usage, item.usage)
            for item in reported_usage(funded, extra=extra)
        ]
    periods = {period.number for period in periods_of(funded)}
    reports = [item for item in reports if item.number in periods]
    return assess(program, agreements.terms_for(agreement), values, agreements.events_of(funded.project), reports)


@dataclass
class Contracted:
    """The agreement's figures beside what a report says: per period and to date."""

    unit: str
    required_in_period: object
    reported_in_period: object
    share_percent: object
    in_area_percent: object
    shortfall_to_date: object
    share_met_to_date: bool | None
    annual_requirement: object
    annual_source: str
    share_area: str | None


def contracted_beside(report: UsageReport) -> Contracted | None:
    assessment = assessment_of(report.funded_project, extra=report if report.usage is not None else None)
    if assessment is None:
        return None
    period = next((item for item in assessment.periods if item.period.number == report.number), None)
    in_area_percent = None
    if report.usage and report.in_area is not None:
        in_area_percent = (report.in_area * 100 / report.usage).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return Contracted(
        unit=assessment.program.usage.unit,
        required_in_period=period.required if period else None,
        reported_in_period=report.usage,
        share_percent=assessment.share_percent,
        in_area_percent=in_area_percent,
        shortfall_to_date=assessment.shortfall,
        share_met_to_date=assessment.share_met_to_date,
        annual_requirement=assessment.annual_requirement,
        annual_source=assessment.annual_source,
        share_area=assessment.share.area if assessment.share else None,
    )


def queue(*, status: str = "", program: str = "", today: dt.date | None = None) -> QuerySet[UsageReport]:
    """Staff's queue: by default what needs a decision (submitted); ``due`` the open reports not yet late,
    ``overdue`` the open ones past their due date (decided by the date, whatever day it is)."""
    today = today or timezone.localdate()
    reports = UsageReport.objects.select_related("agreement__program", "funded_project__project", "program")
    if status == "overdue":
        reports = reports.filter(status__in=UsageReport.OPEN, due__lt=today)
    elif status == "due":
        reports = reports.filter(status__in=UsageReport.OPEN, due__gte=today, period_start__lte=today)
    elif status in ("submitted", "accepted", "returned"):
        reports = reports.filter(status=status)
    else:
        reports = reports.filter(status=UsageReport.Status.SUBMITTED)
    if program:
        reports = reports.filter(program__code=program)
    return reports.order_by("due", "pk")


def due_for(user, *, today: dt.date | None = None) -> QuerySet[UsageReport]:
    """The awardee's reports whose period has started and that are not yet accepted: what they have to file."""
    today = today or timezone.localdate()
    return (
        reports_visible_to(user)
        .filter(period_start__lte=today)
        .filter(Q(status__in=[*UsageReport.OPEN, UsageReport.Status.SUBMITTED]))
        .order_by("due", "pk")
    )


def open_remedies(funded: FundedProject) -> QuerySet[Remedy]:
    return funded.remedies.filter(status=Remedy.Status.OPEN)


def closeout_problems(funded: FundedProject, *, today: dt.date | None = None) -> list[str]:
    """What stops the project from closing: "closeout of the agreement can occur once all required documentation has
    been received and the Awardee has fulfilled all obligations" (001_ea26778b00a7e017.txt, PA2026-01 6.6): the term
    has ended, every report of the term is accepted, every payment request is settled and no remedy is open."""
    from payments.models import PaymentRequest

    today = today or timezone.localdate()
    problems = []
    agreement = funded.agreement
    if agreement.status != Agreement.Status.EXECUTED or funded.status != FundedProject.Status.ACTIVE:
        return [
            gettext("The project is %(project)s and its agreement %(agreement)s.")
            % {"project": funded.get_status_display().lower(), "agreement": agreement.get_status_display().lower()}
        ]
    periods = periods_of(funded)
    if not periods:
        return [gettext("The term has not started: no commissioning or deployment date is recorded.")]
    if periods[-1].ends >= today:
        problems.append(gettext("The term runs until %(day)s.") % {"day": date_format(periods[-1].ends, "DATE_FORMAT")})
    accepted = set(funded.usage_reports.filter(status=UsageReport.Status.ACCEPTED).values_list("number", flat=True))
    missing = [period.name for period in periods if period.number not in accepted]
    if missing:
        names = ", ".join(words(name) for name in missing[:5])
        problems.append(
            (
                ngettext(
                    "%(count)d report not yet accepted: %(names)s and more.",
                    "%(count)d reports not yet accepted: %(names)s and more.",
                    len(missing),
                )
                if len(missing) > 5
                else ngettext(
                    "%(count)d report not yet accepted: %(names)s.",
                    "%(count)d reports not yet accepted: %(names)s.",
                    len(missing),
                )
            )
            % {"count": len(missing), "names": names}
        )
    open_payments = PaymentRequest.objects.filter(funded_project=funded, status__in=PaymentRequest.OPEN).count()
    if open_payments:
        problems.append(
            ngettext(
                "%(count)d payment request not settled (paid, rejected or withdrawn).",
                "%(count)d payment requests not settled (paid, rejected or withdrawn).",
                open_payments,
            )
            % {"count": open_payments}
        )
    remedies = open_remedies(funded).count()
    if remedies:
        problems.append(
            ngettext("%(count)d remedy still open.", "%(count)d remedies still open.", remedies) % {"count": remedies}
        )
    return problems
