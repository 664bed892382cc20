"""Writes for the Cooperative Agreement and Rule 4001: every change of state goes through here.

Nothing is ever penalized automatically: the daily check only flags overdue milestones, and a default is
assessed (and paid into the Clean Air Mitigation Fund) only by a staff decision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import workflow

from . import rules, selectors
from .models import (
    Agreement,
    AnnualReport,
    CommentSubject,
    ControlStrategy,
    Default,
    DefaultKind,
    DefaultTier,
    Determination,
    EmissionReductionPlan,
    ERPStatus,
    ExitNotice,
    InfrastructurePlan,
    Milestone,
    MilestoneReport,
    MilestoneReportStatus,
    MitigationFundEntry,
    PlanDecision,
    PlanStatus,
    Port,
    ProgressReport,
    PublicCommentPeriod,
    StrategySchedule,
)


class PortsError(workflow.WorkflowError):
    """A request the agreement or the rule does not allow, with a message for the person who asked."""


def _sentence(error: Exception) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


def _move(obj, action: str, refusal: str) -> None:
    workflow.require(obj, action, refusal, PortsError)
    getattr(obj, action)()


# --- Cooperative Agreement ---------------------------------------------------------------------------------------


def record_exit_notice(
    agreement: Agreement, *, given_by: str, noticed_on: dt.date, reason: str = "", actor=None
) -> ExitNotice:
    """Any party may exit "for any reason" on 45 days' notice (000, "Agreement Term and Exit Clause")."""
    parties = {ExitNotice.DISTRICT, *(port.name for port in agreement.ports.all())}
    if given_by not in parties:
        raise PortsError(f"{given_by} is not a party to the agreement; parties: {', '.join(sorted(parties))}.")
    if not agreement.is_in_force(noticed_on):
        raise PortsError(f"The agreement is not in force on {noticed_on:%B %-d, %Y}; no notice can be given.")
    return ExitNotice.objects.create(
        agreement=agreement, given_by=given_by, noticed_on=noticed_on, reason=reason.strip(), recorded_by=actor
    )


def _closed_period(plan: InfrastructurePlan, subjects: tuple[str, ...], on: dt.date) -> PublicCommentPeriod | None:
    return plan.comment_periods.filter(subject__in=subjects, closes_on__lt=on).order_by("-closes_on").first()


def open_public_review(plan: InfrastructurePlan, *, on: dt.date) -> PublicCommentPeriod:
    """A draft (development) or returned (modification) plan goes out for the public comment period staff
    recorded for it (000, "Details of ZE Infrastructure Plans": public review and comment built in)."""
    subject = CommentSubject.MODIFICATION if plan.status == PlanStatus.RETURNED else CommentSubject.DEVELOPMENT
    period = plan.comment_periods.filter(subject=subject, closes_on__gte=on).order_by("opens_on").first()
    if period is None:
        raise PortsError(f"Record the plan's public comment period ({CommentSubject(subject).label.lower()}) first.")
    _move(
        plan,
        "open_public_review",
        f"A plan that is {plan.get_status_display().lower()} cannot go out for public review.",
    )
    plan.save()
    return period


def submit_infrastructure_plan(plan: InfrastructurePlan, *, on: dt.date) -> None:
    """Submitted to the district only after its public comment period has closed (000, "Details of ZE
    Infrastructure Plans": public review built in for development and modification)."""
    if _closed_period(plan, (CommentSubject.DEVELOPMENT, CommentSubject.MODIFICATION), on) is None:
        raise PortsError("The plan's public comment period has not closed; the public process cannot be skipped.")
    _move(plan, "submit", f"A plan that is {plan.get_status_display().lower()} cannot be submitted.")
    plan.submitted_on = on
    plan.save()


def approve_infrastructure_plan(plan: InfrastructurePlan, *, on: dt.date, verification: str) -> None:
    """Approval follows its own public comment period, and the district records its verification
    (000, "Community Concerns": "distinct roles for verification of Plans")."""
    if not verification.strip():
        raise PortsError("Record the district's verification of the plan.")
    if _closed_period(plan, (CommentSubject.APPROVAL,), on) is None:
        raise PortsError("Hold a public comment period on the plan's approval first.")
    _move(plan, "approve", f"A plan that is {plan.get_status_display().lower()} cannot be approved.")
    plan.approved_on = plan.verified_on = on
    plan.verification = verification.strip()
    plan.save()


def return_infrastructure_plan(plan: InfrastructurePlan, *, reason: str) -> None:
    if not reason.strip():
        raise PortsError("Say what the port must modify.")
    _move(
        plan,
        "return_for_modification",
        f"A plan that is {plan.get_status_display().lower()} cannot be returned for modification.",
    )
    plan.verification = reason.strip()
    plan.save()


def flag_overdue_milestones(on: dt.date | None = None) -> list[Milestone]:
    """Mark milestones past due and not complete, for staff to review; never records a default."""
    on = on or timezone.localdate()
    overdue = list(selectors.overdue_milestones(on).filter(flagged_overdue_on__isnull=True))
    Milestone.objects.filter(pk__in=[milestone.pk for milestone in overdue]).update(flagged_overdue_on=on)
    return overdue


def record_default(
    *,
    agreement: Agreement,
    port: Port,
    kind: str,
    tier: DefaultTier,
    occurred_on: dt.date,
    description: str,
    actor,
    plan: InfrastructurePlan | None = None,
    milestone: Milestone | None = None,
) -> Default:
    """Record a default at its tier's amount per default; it is not assessed until staff decide."""
    if not agreement.ports.filter(pk=port.pk).exists():
        raise PortsError(f"{port} is not a party to this agreement.")
    if milestone is not None:
        if not milestone.within_port_control:
            raise PortsError("Only a milestone within the port's control can be a default.")
        if milestone.plan.port_id != port.pk:
            raise PortsError("The milestone belongs to another port's plan.")
        plan = plan or milestone.plan
    elif kind == DefaultKind.MILESTONE:
        raise PortsError("Name the missed milestone.")
    if plan is not None and plan.port_id != port.pk:
        raise PortsError("The plan belongs to another port.")
    return Default.objects.create(
        agreement=agreement,
        port=port,
        kind=kind,
        tier=tier,
        amount=tier.amount_per_default,
        plan=plan,
        milestone=milestone,
        occurred_on=occurred_on,
        description=description.strip(),
        recorded_by=actor,
    )


def dispute_default(default: Default, *, dispute: str) -> None:
    if not dispute.strip():
        raise PortsError("Describe the port's dispute.")
    _move(default, "open_dispute", f"A default that is {default.get_status_display().lower()} cannot be disputed.")
    default.dispute = dispute.strip()
    default.save()


@transaction.atomic
def assess_default(default: Default, *, on: dt.date, resolution: str, actor) -> MitigationFundEntry:
    """Staff assess the penalty; the amount goes to the Clean Air Mitigation Fund (000, "Enforcement
    Provisions"). A disputed default is assessed only with the dispute's resolution recorded."""
    if default.status == "disputed" and not resolution.strip():
        raise PortsError("Record how the dispute was resolved.")
    _move(default, "assess", f"A default that is {default.get_status_display().lower()} cannot be assessed.")
    default.resolution, default.decided_on = resolution.strip(), on
    default.save()
    return MitigationFundEntry.objects.create(
        kind=MitigationFundEntry.Kind.DEPOSIT,
        entry_on=on,
        amount=default.amount,
        default=default,
        description=f"Assessed default: {default}",
        recorded_by=actor,
    )


def dismiss_default(default: Default, *, on: dt.date, resolution: str) -> None:
    if not resolution.strip():
        raise PortsError("Say why the default is dismissed.")
    _move(default, "dismiss", f"A default that is {default.get_status_display().lower()} cannot be dismissed.")
    default.resolution, default.decided_on = resolution.strip(), on
    default.save()


@transaction.atomic
def spend_from_fund(
    *,
    amount: Decimal,
    on: dt.date,
    public_process: PublicCommentPeriod,
    community_benefit: str,
    description: str,
    actor,
) -> MitigationFundEntry:
    """Spending needs a completed public process and a near-port community benefit (000, "Enforcement
    Provisions": "Public process before funds spent"; "Must benefit near-port community")."""
    if amount <= 0:
        raise PortsError("The amount must be greater than zero.")
    if public_process.subject != CommentSubject.FUND_SPENDING or not public_process.has_closed(on):
        raise PortsError("Spending needs a public process on fund spending that closed before the spending date.")
    if not community_benefit.strip():
        raise PortsError("Describe the benefit to the near-port community.")
    balance = selectors.fund_balance()
    if amount > balance:
        raise PortsError(f"The fund holds ${balance:,.2f}; ${amount:,.2f} cannot be spent.")
    return MitigationFundEntry.objects.create(
        kind=MitigationFundEntry.Kind.SPENDING,
        entry_on=on,
        amount=amount,
        public_process=public_process,
        community_benefit=community_benefit.strip(),
        description=description.strip(),
        recorded_by=actor,
    )


# --- Rule 4001 ---------------------------------------------------------------------------------------------------


def submit_annual_report(report: AnnualReport, *, actor) -> AnnualReport:
    """Store a report (from a validated form); the years come from Rule 4001 (d)(1)-(d)(2)."""
    try:
        rules.report_due(report.calendar_year, projected=report.projected)
    except ValueError as error:
        raise PortsError(_sentence(error)) from error
    duplicate = AnnualReport.objects.filter(
        port=report.port, calendar_year=report.calendar_year, projected=report.projected
    ).exclude(pk=report.pk)
    if duplicate.exists():
        raise PortsError(f"A {report.calendar_year} report of this kind was already submitted for {report.scope}.")
    report.submitted_by = actor
    report.save()
    return report


def determine(report: AnnualReport, *, notified_on: dt.date, actor) -> Determination:
    """The Executive Officer's (e)(1) determination, from the report and the same scope's 2008 baseline."""
    if hasattr(report, "determination"):
        raise PortsError("This report already has a determination.")
    baseline = report.baseline
    if baseline is None:
        raise PortsError(f"Enter the 2008 baseline for {report.scope} first.")
    if notified_on < report.submitted_on:
        raise PortsError("The Ports cannot be informed before the report was submitted.")
    try:
        result = rules.determine(baseline.emissions, report.emissions)
    except ValueError as error:
        raise PortsError(_sentence(error)) from error
    return Determination.objects.create(
        report=report,
        baseline_pm25_equivalent=result.baseline_pm25_equivalent,
        report_pm25_equivalent=result.report_pm25_equivalent,
        percent_reduction=result.percent_reduction,
        plan_required=result.plan_required,
        reason=result.reason,
        notified_on=notified_on,
        decided_by=actor,
    )


def plan_problems(plan: EmissionReductionPlan, strategies: list[ControlStrategy]) -> list[str]:
    """What stops a plan from complying with Rule 4001 (f)(1), in words the Ports can act on."""
    problems = []
    if not plan.determination.plan_required:
        problems.append("The determination found no plan required for that year ((e)(1)(A)).")
    if plan.public_meeting_on > plan.public_meeting_by.due:
        problems.append(
            f"The public meeting must be held no later than 60 days before the Board of Harbor "
            f"Commissioners' consideration, by {plan.public_meeting_by.due:%B %-d, %Y} ((f)(1)(E)(i))."
        )
    if plan.commission_approved_on > plan.received_on:
        problems.append("The Board of Harbor Commissioners must approve the plan before it is submitted ((f)(1)(E)).")
    if not strategies:
        problems.append("Include at least one control strategy ((f)(1)(A)).")
    if plan.uses_extended_schedule and not plan.strategies_not_included.strip():
        problems.append("List every potential strategy left out and why it is not feasible ((f)(1)(B)(ii)).")
    if not plan.uses_extended_schedule and any(
        strategy.implemented_within == StrategySchedule.WITHIN_30_MONTHS for strategy in strategies
    ):
        problems.append(
            "Strategies beyond 18 months are allowed only when the shortfall cannot be eliminated "
            "within 18 months ((f)(1)(B))."
        )
    return problems


@transaction.atomic
def submit_emission_reduction_plan(
    plan: EmissionReductionPlan, strategies: list[ControlStrategy], *, actor
) -> EmissionReductionPlan:
    """Store a plan or, after a disapproval, the revised plan ((f), (f)(2)(C))."""
    earlier = plan.determination.plans.exclude(pk=plan.pk).order_by("-received_on").first()
    if earlier is not None:
        if earlier.status != ERPStatus.DISAPPROVED or hasattr(earlier, "revision"):
            raise PortsError(f"A plan for this determination is already {earlier.get_status_display().lower()}.")
        plan.revises = earlier
    problems = plan_problems(plan, strategies)
    if problems:
        raise PortsError(" ".join(problems))
    plan.submitted_by = actor
    plan.save()
    for strategy in strategies:
        strategy.plan = plan
        strategy.save()
    return plan


@transaction.atomic
def decide_plan(
    plan: EmissionReductionPlan, *, outcome: str, decided_on: dt.date, reasons: str, notice_mailed_on: dt.date, actor
) -> PlanDecision:
    """Approve or disapprove within 45 days, in writing with reasons ((f)(2), (f)(2)(B)(i)); disapproving a
    revised plan puts the Ports in violation for those portions ((f)(2)(F)(ii))."""
    if decided_on < plan.received_on:
        raise PortsError("A plan cannot be decided before it was received.")
    if notice_mailed_on < decided_on:
        raise PortsError("The public notice is mailed when the Ports are notified, not before the decision.")
    if outcome != PlanDecision.Outcome.APPROVED and not reasons.strip():
        raise PortsError("Give the reasons for the disapproval in writing.")
    if outcome == PlanDecision.Outcome.APPROVED:
        _move(plan, "approve", "Only a plan under review can be approved.")
        plan.approved_on = decided_on
    else:
        action = "disapprove_revision" if plan.is_revision else "disapprove"
        _move(plan, action, "Only a plan under review can be disapproved.")
    plan.save()
    return PlanDecision.objects.create(
        plan=plan,
        outcome=outcome,
        decided_on=decided_on,
        reasons=reasons.strip(),
        notice_mailed_on=notice_mailed_on,
        decided_by=actor,
    )


def record_hearing_board_decision(decision: PlanDecision, *, decided_on: dt.date | None, upheld: bool) -> None:
    """An appeal under Rule 216 ((g)(2)); if the disapproval is upheld the revised plan is due 60 days later."""
    if not decision.is_disapproval:
        raise PortsError("Only a disapproval can be appealed.")
    if decided_on is None:
        raise PortsError("Enter the date of the Hearing Board's decision.")
    if decided_on < decision.decided_on:
        raise PortsError("The Hearing Board cannot decide before the disapproval.")
    decision.hearing_board_decided_on, decision.hearing_board_upheld = decided_on, upheld
    decision.save()


def submit_progress_report(report: ProgressReport, *, actor) -> ProgressReport:
    """Progress toward the shortfall under an approved plan ((d)(2)(A), (f)(1)(D))."""
    if report.plan.status != ERPStatus.APPROVED:
        raise PortsError("Progress reports follow an approved plan.")
    report.submitted_by = actor
    report.save()
    return report


# --- Milestone progress, reported by the port (issue 22) ---------------------------------------------------------

EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def evidence_problem(upload) -> str | None:
    """Why an evidence file is refused (size, kind, or content not what its name says), or None."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        return _("%(name)s is %(size)s; the limit is %(limit)s.") % {
            "name": upload.name,
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }
    extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EVIDENCE_TYPES:
        return _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": upload.name}
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[extension][1]):
        return _("%(name)s does not contain a valid %(type)s file.") % {
            "name": upload.name,
            "type": extension[1:].upper(),
        }
    return None


def _lock_milestone(milestone: Milestone) -> Milestone:
    return Milestone.objects.select_for_update().select_related("plan__port").get(pk=milestone.pk)


@transaction.atomic
def report_milestone_progress(
    milestone: Milestone,
    *,
    port: Port,
    actor,
    progress: str,
    evidence,
    completed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> MilestoneReport:
    """The port reports progress on a milestone of its own plan, with evidence (PDF, JPEG or PNG); a completion
    date, if given, is a day that has come. One report under review at a time per milestone."""
    today = today or timezone.localdate()
    milestone = _lock_milestone(milestone)
    if milestone.plan.port_id != port.pk:
        raise PortsError(_("This milestone belongs to another port's plan."))
    if milestone.completed_on:
        raise PortsError(
            _("This milestone was completed on %(day)s.") % {"day": date_format(milestone.completed_on, "DATE_FORMAT")}
        )
    if milestone.reports.filter(status=MilestoneReportStatus.SUBMITTED).exists():
        raise PortsError(_("A progress report on this milestone is already under review."))
    problems = {}
    if not progress.strip():
        problems["progress"] = _("Say what has been done.")
    if completed_on and completed_on > today:
        problems["completed_on"] = _("%(day)s is still to come: give the day the milestone was reached.") % {
            "day": date_format(completed_on, "DATE_FORMAT")
        }
    if evidence is None:
        problems["evidence"] = _("Attach the evidence (PDF, JPEG or PNG).")
    elif problem := evidence_problem(evidence):
        problems["evidence"] = problem
    if problems:
        raise MilestoneReportError(problems)
    extension = "." + evidence.name.rsplit(".", 1)[-1].lower()
    return MilestoneReport.objects.create(
        milestone=milestone,
        progress=progress.strip(),
        completed_on=completed_on,
        evidence=evidence,
        evidence_name=evidence.name[:255],
        evidence_type=EVIDENCE_TYPES[extension][0],
        reported_on=today,
        submitted_by=actor,
    )


class MilestoneReportError(PortsError):
    """A progress report refused, with a message for each field at fault."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def _lock_report(report: MilestoneReport) -> MilestoneReport:
    return MilestoneReport.objects.select_for_update().select_related("milestone__plan__port").get(pk=report.pk)


@transaction.atomic
def accept_milestone_report(report: MilestoneReport, *, actor, note: str = "") -> MilestoneReport:
    """Staff accept the port's report; a reported completion completes the milestone on the day reported (a
    completion after the due day leaves any default already recorded to staff's decision, as before)."""
    report = _lock_report(report)
    _move(report, "accept", _("This progress report has already been decided."))
    report.reviewed_by, report.reviewed_at, report.review_note = actor, timezone.now(), note.strip()
    report.save()
    if report.completed_on:
        milestone = _lock_milestone(report.milestone)
        milestone.completed_on = report.completed_on
        milestone.save(update_fields=["completed_on"])
    return report


@transaction.atomic
def return_milestone_report(report: MilestoneReport, *, actor, reason: str) -> MilestoneReport:
    """Staff return the report to the port with the reason; the port may report again."""
    if not reason.strip():
        raise MilestoneReportError({"reason": _("Say why the report goes back to the port.")})
    report = _lock_report(report)
    _move(report, "send_back", _("This progress report has already been decided."))
    report.reviewed_by, report.reviewed_at, report.review_note = actor, timezone.now(), reason.strip()
    report.save()
    return report
