"""Writes to usage reporting: the report schedule, filing and reviewing reports, remedies and closeout.

Every state change runs in one transaction that locks the agreement's row (``core.workflow.lock``) and then
the report's (``select_for_update``), re-reads it and checks its state inside the lock, so two requests at the same
moment act one after the other. Refusals raise :class:`ReportingError` (a ``WorkflowError``) with a message for the
person who asked; bad figures raise ``InputError`` naming each field.

- ``sync_schedule(funded)``: one :class:`UsageReport` per reporting period of the term as the agreement now stands
  (created, and re-dated while still open, after an extension);
- ``save_report(report, raw, *, actor)``, ``submit(report, *, actor, certified, certifier_name)``: the awardee;
  submitting completes the report's obligation (and the yearly labor-law certification's) in the agreement's calendar;
- ``accept(report, *, actor, note)``, ``return_report(report, *, actor, reason)``: staff; each records the cumulative
  shortfall ``reporting.rules.usage`` computes;
- ``record_remedy(funded, kind, *, actor, reason, ...)``: an extension (``agreements.services.extend_term``: the
  obligation calendar moves), a transfer (``agreements.services.transfer``), a partial payback with the amount owed,
  or a waiver; ``settle_remedy``;
- ``request_inspection(report, *, actor, reason)``: an overdue report asks for an inspection (adapter below);
- ``close_project(funded, *, actor, note)``: closeout, releasing in the fund ledger the award not paid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements import services as agreements
from agreements.models import Agreement, Amendment, FundedProject, Obligation, ProjectEvent
from core import workflow
from core.money import usd
from core.workflow import WorkflowError
from programs.rules.fields import InputError, parse_values, to_jsonable

from . import notify, selectors
from .models import Closeout, Remedy, ReportDocument, UsageReport

ZERO = Decimal("0.00")


class ReportingError(WorkflowError):
    """A request about a usage report, a remedy or a closeout refused, with a message for the person who asked."""


def _lock_report(report: UsageReport) -> UsageReport:
    """The agreement's row first, then the report's (the order every stage takes them in)."""
    workflow.lock(report.agreement)
    return workflow.lock(report)


def _locked(report: UsageReport) -> str:
    return _("%(report)s is %(status)s: it cannot be changed.") % {
        "report": report.display_name,
        "status": str(report.get_status_display()).lower(),
    }


def _require_staff(actor, what: str) -> None:
    if not selectors.may_review(actor):
        raise ReportingError(f"Only program staff {what}.")


def _require_awardee(actor, report: UsageReport) -> None:
    from agreements.selectors import is_awardee

    if not is_awardee(actor, report.agreement):
        raise ReportingError(_("Only the awardee files its usage reports."))


# --- The schedule ----------------------------------------------------------------------------------------------


@transaction.atomic
def sync_schedule(funded: FundedProject) -> list[UsageReport]:
    """One report per period of the term (``selectors.periods_of``): new periods are added (after an extension), the
    dates of a report not yet submitted follow the schedule, and an untouched report of a period the term no longer
    has is removed. Idempotent; nothing before the term starts."""
    agreement = workflow.lock(funded.agreement)
    funded.refresh_from_db()
    if agreement.status != Agreement.Status.EXECUTED or funded.status != FundedProject.Status.ACTIVE:
        return list(funded.usage_reports.all())
    periods = selectors.periods_of(funded)
    form = selectors.report_form(agreement.program.code)
    stored = {report.number: report for report in funded.usage_reports.select_for_update()}
    for period in periods:
        fields = {
            "name": period.name[:120],
            "period_start": period.starts,
            "period_end": period.ends,
            "months": period.months,
            "due": period.due,
            "closes_year": period.closes_year,
        }
        report = stored.get(period.number)
        if report is None:
            stored[period.number] = UsageReport.objects.create(
                funded_project=funded,
                agreement=agreement,
                project=funded.project,
                program=agreement.program,
                number=period.number,
                unit=_unit(form),
                **fields,
            )
        elif report.is_editable and any(getattr(report, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(report, name, value)
            report.save()
    numbers = {period.number for period in periods}
    for number, report in list(stored.items()):
        if number not in numbers and report.status == UsageReport.Status.DUE and not report.values:
            report.delete()
            del stored[number]
    # Not ``save``: the mark is no change to the project (no history row, and ``save`` would clear it)
    FundedProject.objects.filter(pk=funded.pk).update(schedule_synced_at=timezone.now())
    return [stored[number] for number in sorted(stored)]


def sync_all(*, everything: bool = False) -> int:
    """The projects in reporting whose schedule may have moved since it was last brought up to date (the daily task):
    never synced, the project changed (``FundedProject.save`` clears the mark), an event recorded, an amendment made or
    a remedy decided since. The schedule follows from those alone, not from the date, so a steady day syncs none
    (issue 25: every project in reporting, locked one by one, every day). ``everything`` after a change of a round's
    terms. Returns how many reports the synced projects have."""
    projects = selectors.in_reporting()
    if not everything:
        synced = OuterRef("schedule_synced_at")
        projects = projects.filter(
            Q(schedule_synced_at__isnull=True)
            | Exists(ProjectEvent.objects.filter(project=OuterRef("project"), recorded_at__gte=synced))
            | Exists(Amendment.objects.filter(agreement=OuterRef("agreement"), made_at__gte=synced))
            | Exists(Remedy.objects.filter(funded_project=OuterRef("pk"), decided_at__gte=synced))
        )
    return sum(len(sync_schedule(funded)) for funded in projects)


def _unit(form) -> str:
    if form is None:
        return ""
    return next((spec.unit for spec in form.fields if spec.name == form.usage_field), "")


# --- Filing ----------------------------------------------------------------------------------------------------


def _figures(report: UsageReport, raw: dict, *, partial: bool) -> dict:
    form = selectors.report_form(report.program.code)
    if form is None:
        raise ReportingError(f"{report.program.code} has no usage report form.")
    values = parse_values(form.fields, raw, partial=partial, strict=False)
    usage, in_area = values.get(form.usage_field), values.get(form.in_area_field) if form.in_area_field else None
    if usage is not None and in_area is not None and in_area > usage:
        label = next(spec.label for spec in form.fields if spec.name == form.in_area_field)
        raise InputError(
            {
                form.in_area_field: _("%(field)s cannot be more than the period's usage (%(usage)s).")
                % {"field": _(label), "usage": f"{usage:,}"}
            }
        )
    report.values = to_jsonable(form.fields, values)
    report.usage, report.in_area = usage, in_area
    return values


@transaction.atomic
def save_report(report: UsageReport, raw: dict, *, actor) -> UsageReport:
    """The awardee saves the figures as a draft (blank fields allowed; a bad number is refused, named)."""
    _lock_report(report)
    _require_awardee(actor, report)
    if not report.is_editable:
        raise ReportingError(_locked(report))
    _figures(report, raw, partial=True)
    if report.status == UsageReport.Status.DUE:
        report.save_draft()
    report.save()
    return report


@transaction.atomic
def add_document(report: UsageReport, *, slot: str, upload, actor) -> ReportDocument:
    """A file in one of the program's report slots (checked by the form with ``applications.forms.upload_problem``)."""
    _lock_report(report)
    _require_awardee(actor, report)
    if not report.is_editable:
        raise ReportingError(_locked(report))
    form = selectors.report_form(report.program.code)
    if slot not in {item.key for item in form.documents}:
        raise ReportingError(_("Choose one of the program's report documents."))
    return ReportDocument.objects.create(
        report=report,
        slot=slot,
        file=upload,
        original_name=upload.name[:255],
        content_type=(getattr(upload, "content_type", "") or "")[:100],
        size=upload.size,
        uploaded_by=actor,
    )


@transaction.atomic
def submit(
    report: UsageReport, *, actor, certified: bool = False, certifier_name: str = "", today: dt.date | None = None
) -> UsageReport:
    """The awardee submits: every figure of the program's form, every document slot filled and, on the report that
    closes a project year, the labor-law certification ("due at the same time as the annual progress reports":
    001_ea26778b00a7e017.txt PA2026-01 6.12, PA2026-02 6.7; 003_b264a6114e3b8c3f.txt SECTION VI;
    002_93fe1fbed5faf247.txt COMPLIANCE WITH LABOR LAWS). The report's obligation (and the certification's) is done
    in the agreement's calendar on the day it is submitted."""
    _lock_report(report)
    _require_awardee(actor, report)
    if not report.is_editable:
        raise ReportingError(_locked(report))
    today = today or timezone.localdate()
    if report.period_end >= today:
        raise ReportingError(
            _("The period runs until %(day)s: submit the report after it ends.")
            % {"day": date_format(report.period_end, "DATE_FORMAT")}
        )
    _figures(report, report.values, partial=False)
    form = selectors.report_form(report.program.code)
    have = set(report.documents.values_list("slot", flat=True))
    missing = [_(item.label) for item in form.documents if item.key not in have]
    if missing:
        raise ReportingError(_("Upload: %(documents)s.") % {"documents": "; ".join(missing)})
    if report.closes_year:
        if not certified or not certifier_name.strip():
            raise ReportingError(
                _(
                    "This report closes a project year: give the yearly labor-law certification "
                    "(tick the box and type the name of the person certifying)."
                )
            )
        report.labor_law_certified, report.certified_by_name = True, certifier_name.strip()[:150]
    report.submit()
    report.submitted_at, report.submitted_by = timezone.now(), actor
    assessment = selectors.assessment_of(report.funded_project, extra=report)
    _record_shortfall(report, assessment)
    report.save()
    _complete(report, f"report_{report.number}", actor, today)
    if report.closes_year:
        _complete(report, f"certification_{report.number}", actor, today)
    notify.submitted(report)
    return report


def _complete(report: UsageReport, key: str, actor, today: dt.date) -> None:
    obligation = Obligation.objects.filter(project=report.project, key=key).first()
    if obligation is not None and not obligation.done_on and not obligation.waived_at:
        agreements.complete_obligation(report.project, key, on=today, actor=actor, record=report, today=today)


def _record_shortfall(report: UsageReport, assessment) -> None:
    if assessment is None:
        report.shortfall, report.share_short = None, False
        return
    report.shortfall = assessment.shortfall
    report.share_short = assessment.share_met_to_date is False


# --- Review ----------------------------------------------------------------------------------------------------


@transaction.atomic
def accept(report: UsageReport, *, actor, note: str = "") -> UsageReport:
    """Staff accept a submitted report; the cumulative shortfall on the day is kept with it."""
    _require_staff(actor, "accept usage reports")
    _lock_report(report)
    if report.status != UsageReport.Status.SUBMITTED:
        raise ReportingError(
            f"{report.name} is {report.get_status_display().lower()}: only a submitted report is accepted."
        )
    report.accept()
    report.reviewed_at, report.reviewed_by, report.review_note = timezone.now(), actor, note.strip()
    _record_shortfall(report, selectors.assessment_of(report.funded_project))
    report.save()
    notify.accepted(report)
    return report


@transaction.atomic
def return_report(report: UsageReport, *, actor, reason: str) -> UsageReport:
    """Staff return a submitted report to the awardee with what to correct."""
    _require_staff(actor, "return usage reports")
    if not reason.strip():
        raise ReportingError("Say what the awardee should correct.")
    _lock_report(report)
    if report.status != UsageReport.Status.SUBMITTED:
        raise ReportingError(
            f"{report.name} is {report.get_status_display().lower()}: only a submitted report is returned."
        )
    report.return_to_awardee()
    report.reviewed_at, report.reviewed_by, report.review_note = timezone.now(), actor, reason.strip()
    report.save()
    notify.returned(report)
    return report


# --- Remedies --------------------------------------------------------------------------------------------------


@transaction.atomic
def record_remedy(
    funded: FundedProject,
    kind: str,
    *,
    actor,
    reason: str,
    report: UsageReport | None = None,
    months: int | None = None,
    new_owner_name: str = "",
    new_owner=None,
    amount_owed: Decimal | None = None,
    today: dt.date | None = None,
) -> Remedy:
    """Staff decide what follows a shortfall, with the reason and approval.

    - extension: "extend the agreement to allow for the makeup of the usage requirement shortfall"
      (001_ea26778b00a7e017.txt PA2026-01 6.5, PA2026-02 4.5; 003_b264a6114e3b8c3f.txt PROGRAM CRITERIA "an
      extension of the contract ... may be required"): an amendment through ``agreements.services.extend_term``, so
      the term, the report schedule and the obligation calendar move;
    - ownership transfer "to another entity committed to complying with the terms" once "South Coast AQMD and US EPA
      ... approve the justification" (PA2026-01 6.5, PA2026-02 4.5): ``agreements.services.transfer``;
    - partial payback "may be required if the proposed annual hours are not achieved" (SOON, PROGRAM CRITERIA): the
      amount owed, open until staff record it repaid (``settle_remedy``);
    - waiver: staff excuse the shortfall with the reason.
    """
    _require_staff(actor, "record remedies")
    if not reason.strip():
        raise ReportingError("Give the reason for the remedy and who approved it.")
    if kind not in Remedy.Kind.values:
        raise ReportingError("Choose a remedy.")
    agreement = workflow.lock(funded.agreement)
    funded.refresh_from_db()
    if report is not None and report.funded_project_id != funded.pk:
        raise ReportingError("The report is not this project's.")
    assessment = selectors.assessment_of(funded)
    fields: dict = {"shortfall": assessment.shortfall if assessment else None}
    status = Remedy.Status.SETTLED
    if kind == Remedy.Kind.EXTENSION:
        if not months:
            raise InputError({"months": "Give the months the term is extended by."})
        fields["amendment"] = agreements.extend_term(
            agreement, funded.project, months, actor=actor, reason=reason, today=today
        )
        fields["months"] = months
    elif kind == Remedy.Kind.TRANSFER:
        fields["amendment"] = agreements.transfer(
            agreement, new_owner_name=new_owner_name, new_owner=new_owner, actor=actor, reason=reason, today=today
        )
    elif kind == Remedy.Kind.PAYBACK:
        if amount_owed is None or amount_owed <= 0:
            raise InputError({"amount_owed": "Give the amount owed, more than $0.00."})
        if amount_owed > funded.award:
            raise InputError({"amount_owed": f"The amount owed cannot be more than the award, {usd(funded.award)}."})
        fields["amount_owed"] = amount_owed
        status = Remedy.Status.OPEN
    remedy = Remedy.objects.create(
        funded_project=funded,
        report=report,
        kind=kind,
        status=status,
        reason=reason.strip(),
        decided_by=actor,
        **fields,
    )
    if status == Remedy.Status.SETTLED:
        remedy.settled_by, remedy.settled_at = actor, timezone.now()
        remedy.save(update_fields=["settled_by", "settled_at"])
    if kind == Remedy.Kind.EXTENSION:
        sync_schedule(funded)
    notify.remedy(remedy)
    return remedy


@transaction.atomic
def settle_remedy(remedy: Remedy, *, actor, note: str) -> Remedy:
    """Staff record that an open remedy (a payback) is settled, and how (e.g. the repayment's reference)."""
    _require_staff(actor, "settle remedies")
    if not note.strip():
        raise ReportingError("Say how the remedy was settled (e.g. the repayment's reference).")
    workflow.lock(remedy.funded_project.agreement)
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    if remedy.status != Remedy.Status.OPEN:
        raise ReportingError("The remedy is already settled.")
    remedy.status, remedy.settled_by, remedy.settled_at = Remedy.Status.SETTLED, actor, timezone.now()
    remedy.settlement_note = note.strip()
    remedy.save()
    return remedy


# --- Overdue reports and inspections -----------------------------------------------------------------------------


def _inspection_adapter(report: UsageReport, *, actor, reason: str):
    """The one place an inspection is asked for: a monitoring inspection of the report's project
    (``inspections.rules.programs`` MONITORING: usage and operation checked on site; PA2026-02 SECTION 4 "Be
    available for a follow-up inspection", 4.3 data loggers, 4.4 "reserves the right to verify"; PA2025-04 REPORTING
    AND MONITORING), opened through ``inspections.services.open_inspection`` so it appears in staff's "needing an
    inspector" list. A monitoring inspection already open refuses the request (its ``InspectionError`` told as a
    ``ReportingError``, so the report page shows it), and the surrounding transaction records nothing."""
    from inspections.services import InspectionError, open_inspection

    try:
        return open_inspection(
            report.project,
            "monitoring",
            actor=actor,
            why=f"{report.name} overdue (due {report.due:%B %-d, %Y}): {reason.strip()}",
        )
    except InspectionError as error:
        raise ReportingError(str(error)) from error


@transaction.atomic
def request_inspection(report: UsageReport, *, actor, reason: str, today: dt.date | None = None) -> UsageReport:
    """Staff ask for an inspection of a project whose report is overdue: recorded on the report and opened as a
    monitoring inspection (``_inspection_adapter``), where the data loggers and registration are checked on site."""
    _require_staff(actor, "request inspections")
    if not reason.strip():
        raise ReportingError("Say what the inspection should check.")
    _lock_report(report)
    today = today or timezone.localdate()
    if not report.is_overdue_on(today):
        raise ReportingError(f"{report.name} is not overdue.")
    if report.inspection_requested_at:
        raise ReportingError("An inspection was already requested for this report.")
    report.inspection_requested_at, report.inspection_requested_by = timezone.now(), actor
    report.inspection_reason = reason.strip()
    report.save()
    _inspection_adapter(report, actor=actor, reason=reason)
    return report


# --- Closeout --------------------------------------------------------------------------------------------------


@transaction.atomic
def close_project(funded: FundedProject, *, actor, note: str, today: dt.date | None = None) -> Closeout:
    """Close a funded project once ``selectors.closeout_problems`` finds nothing in the way; the award not paid is
    released in the fund ledger (``funding.services.release``). When every project of the agreement is closed, the
    agreement is closed too (``agreements.services.close``), with its own closeout record."""
    from funding.selectors import balances_by_project
    from funding.services import release

    _require_staff(actor, "close projects")
    if not note.strip():
        raise ReportingError("Add a closeout note (what was checked).")
    agreement = workflow.lock(funded.agreement)
    funded.refresh_from_db()
    today = today or timezone.localdate()
    if problems := selectors.closeout_problems(funded, today=today):
        raise ReportingError("The project cannot be closed yet: " + " ".join(problems))
    balance = balances_by_project([funded.project]).get(funded.project_id)
    released, paid = ZERO, (balance.disbursed if balance else ZERO)
    if balance is not None and balance.outstanding > 0:
        released = balance.outstanding
        release(funded.project, released, actor=actor, reason=f"Closeout of {funded.project}: {note.strip()}")
    funded.status = FundedProject.Status.CLOSED
    funded.save(update_fields=["status"])
    closeout = Closeout.objects.create(
        agreement=agreement, funded_project=funded, released=released, paid=paid, note=note.strip(), closed_by=actor
    )
    agreements.refresh_obligations(agreement, today=today)
    if not agreement.funded_projects.filter(status=FundedProject.Status.ACTIVE).exists():
        agreements.close(agreement, actor=actor, reason=f"Every project closed out: {note.strip()}")
        totals = agreement.closeouts.filter(funded_project__isnull=False)
        Closeout.objects.create(
            agreement=agreement,
            released=sum((item.released for item in totals), ZERO),
            paid=sum((item.paid for item in totals), ZERO),
            note=note.strip(),
            closed_by=actor,
        )
    notify.closed(closeout)
    return closeout
