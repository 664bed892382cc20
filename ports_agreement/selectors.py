"""Reads for staff, board members and port representatives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from accounts.roles import Role, has_role
from core.deadlines import Deadline

from . import rules
from .models import (
    Agreement,
    AnnualReport,
    Baseline,
    Default,
    DefaultStatus,
    DefaultTier,
    Determination,
    EmissionReductionPlan,
    ERPStatus,
    InfrastructurePlan,
    Milestone,
    MilestoneReport,
    MilestoneReportStatus,
    MitigationFundEntry,
    Phase,
    Port,
    PortRepresentative,
    ProgressReport,
    SourceCategory,
)

ZERO = Decimal("0")


# --- Port representatives: their own port's filings (and joint filings) only ------------------------------------


def port_of(user) -> Port:
    """The port a representative speaks for; anyone else gets a 404."""
    link = PortRepresentative.objects.select_related("port").filter(user_id=user.pk).first()
    if link is None:
        raise Http404("Only port representatives file for a port.")
    return link.port


def own(port: Port) -> Q:
    """The port's own filings and the joint ones ("jointly or separately", Rule 4001 (b))."""
    return Q(port=port) | Q(port__isnull=True)


def reports_of(port: Port) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(own(port)).select_related("port", "determination")


def plans_of(port: Port) -> QuerySet[EmissionReductionPlan]:
    return EmissionReductionPlan.objects.filter(own(port)).select_related("port", "determination__report")


def plans_required_of(port: Port) -> QuerySet[Determination]:
    return Determination.objects.filter(Q(report__port=port) | Q(report__port__isnull=True), plan_required=True)


def progress_reports_of(port: Port) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(Q(plan__port=port) | Q(plan__port__isnull=True)).select_related("plan")


def milestones_of(port: Port) -> QuerySet[Milestone]:
    """The milestones of the port's own infrastructure plans (issue 22: the port reports progress on them)."""
    return Milestone.objects.filter(plan__port=port).select_related("plan__port")


def reports_on(milestone: Milestone) -> QuerySet[MilestoneReport]:
    return milestone.reports.select_related("submitted_by", "reviewed_by").order_by("-reported_on", "-pk")


REVIEW_PAGE = 100


def milestone_reports_to_review() -> QuerySet[MilestoneReport]:
    """The ports' progress reports awaiting staff, oldest first, on the (status, reported_on) index; bounded."""
    return (
        MilestoneReport.objects.filter(status=MilestoneReportStatus.SUBMITTED)
        .select_related("milestone__plan__port", "submitted_by")
        .order_by("reported_on", "pk")[:REVIEW_PAGE]
    )


def milestone_report_visible_to(user, pk: int) -> MilestoneReport:
    """A progress report for staff and board members, or the representative of its port; anyone else a 404."""
    report = MilestoneReport.objects.select_related("milestone__plan__port").filter(pk=pk).first()
    if report is None:
        raise Http404("No such progress report.")
    if may_read_status(user):
        return report
    link = PortRepresentative.objects.filter(user_id=user.pk, port_id=report.milestone.plan.port_id).exists()
    if not link:
        raise Http404("Not this port's progress report.")
    return report


def may_read_status(user) -> bool:
    """Board members and staff read every port's part of the agreement."""
    return user.is_superuser or has_role(user, Role.BOARD_MEMBER) or has_role(user, Role.STAFF)


def may_review(user) -> bool:
    """Staff decide the ports' progress reports (board members read only)."""
    return user.is_superuser or has_role(user, Role.STAFF)


# --- Cooperative Agreement ---------------------------------------------------------------------------------------


def current_agreement() -> Agreement | None:
    return Agreement.objects.prefetch_related("ports", "exit_notices").first()


def _milestones(port: Port | None) -> QuerySet[Milestone]:
    milestones = Milestone.objects.select_related("plan__port")
    return milestones if port is None else milestones.filter(plan__port=port)


def overdue_milestones(on: dt.date, port: Port | None = None) -> QuerySet[Milestone]:
    return _milestones(port).filter(completed_on__isnull=True, due_on__lt=on)


def milestones_due(on: dt.date, within_days: int = 90, port: Port | None = None) -> QuerySet[Milestone]:
    return _milestones(port).filter(
        completed_on__isnull=True, due_on__gte=on, due_on__lte=on + dt.timedelta(days=within_days)
    )


def phase_progress(agreement: Agreement, port: Port | None = None) -> list[tuple[str, list[list[InfrastructurePlan]]]]:
    """Rows of source categories, columns of phases, each cell the ports' plans (one port's, given one)."""
    plans = agreement.plans.select_related("port")
    plans = list(plans if port is None else plans.filter(port=port))
    return [
        (
            label,
            [
                [plan for plan in plans if plan.source_category == category and plan.phase == phase]
                for phase in Phase.values
            ],
        )
        for category, label in SourceCategory.choices
    ]


@dataclass(frozen=True)
class TierTotal:
    tier: DefaultTier
    assessed: int
    assessed_amount: Decimal
    pending: int


def penalty_totals(port: Port | None = None) -> list[TierTotal]:
    """Per tier: defaults assessed and their sum, and defaults recorded or disputed but not yet decided (one
    port's, given one)."""
    whose = Q() if port is None else Q(defaults__port=port)
    tiers = DefaultTier.objects.annotate(
        assessed=Count("defaults", filter=whose & Q(defaults__status=DefaultStatus.ASSESSED)),
        assessed_amount=Sum("defaults__amount", filter=whose & Q(defaults__status=DefaultStatus.ASSESSED)),
        pending=Count(
            "defaults", filter=whose & Q(defaults__status__in=[DefaultStatus.RECORDED, DefaultStatus.DISPUTED])
        ),
    )
    return [TierTotal(tier, tier.assessed, tier.assessed_amount or ZERO, tier.pending) for tier in tiers]


def fund_balance() -> Decimal:
    totals = MitigationFundEntry.objects.aggregate(
        deposits=Sum("amount", filter=Q(kind=MitigationFundEntry.Kind.DEPOSIT)),
        spending=Sum("amount", filter=Q(kind=MitigationFundEntry.Kind.SPENDING)),
    )
    return (totals["deposits"] or ZERO) - (totals["spending"] or ZERO)


# --- Rule 4001 ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    deadline: Deadline
    subject: object


def overdue_rule_4001(on: dt.date, port: Port | None = None) -> list[Overdue]:
    """Rule 4001 steps whose deadline has passed with nothing recorded, for staff to follow up (one port's
    filings and the joint ones, given a port)."""
    scope = Q() if port is None else own(port)
    reports = AnnualReport.objects.filter(scope)
    plans = EmissionReductionPlan.objects.filter(scope)
    determinations = Determination.objects.filter(
        Q() if port is None else Q(report__port=port) | Q(report__port__isnull=True)
    )
    items = [
        Overdue(report.determination_due, report)
        for report in reports.filter(determination__isnull=True).select_related("port")
    ]
    items += [
        Overdue(plan.decision_due, plan) for plan in plans.filter(status=ERPStatus.SUBMITTED).select_related("port")
    ]
    for plan in plans.filter(status=ERPStatus.DISAPPROVED, revision__isnull=True):
        if (due := plan.decision.revised_plan_due) is not None:
            items.append(Overdue(due, plan))
    for determination in determinations.filter(plan_required=True, plans__isnull=True).select_related("report"):
        items.append(Overdue(determination.plan_due, determination))
    return sorted((item for item in items if item.deadline.due < on), key=lambda item: item.deadline.due)


@dataclass(frozen=True)
class TrendPoint:
    report: AnnualReport
    pm25_equivalent: Decimal
    percent_reduction: Decimal
    meets_target: bool

    @property
    def percent_shown(self) -> Decimal:
        return rules.emissions.shown(self.percent_reduction)


@dataclass(frozen=True)
class Trend:
    baseline: Baseline
    target: Decimal  # the PM2.5 equivalent at exactly a 75 percent reduction
    points: list[TrendPoint]

    @property
    def scope(self) -> str:
        return self.baseline.scope


def rule_4001_trends(port: Port | None = None) -> list[Trend]:
    """For each scope with a baseline (a port's own and the joint one, given a port), PM2.5 equivalent per report
    against the 75 percent target (004_af983ba73b5d80a4.txt, Rule 4001 (c)(6), (c)(8))."""
    trends = []
    baselines = Baseline.objects.select_related("port").order_by("port__name")
    for baseline in baselines if port is None else baselines.filter(own(port)):
        base = baseline.pm25_equivalent
        points = []
        for report in AnnualReport.objects.filter(port=baseline.port).order_by("calendar_year", "-projected"):
            result = rules.determine(baseline.emissions, report.emissions)
            points.append(
                TrendPoint(report, result.report_pm25_equivalent, result.percent_reduction, not result.plan_required)
            )
        target = base * (100 - rules.emissions.REDUCTION_TARGET) / 100
        trends.append(Trend(baseline, target, points))
    return trends


def board_status(on: dt.date, port: Port | None = None) -> dict:
    """Everything the board's status pages and the annual progress report show, as of ``on``; given a port (its
    representative reading, issue 22), that port's part only: its plans and milestones, its defaults and
    penalties, its payments into the Clean Air Mitigation Fund (the deposits of its assessed defaults; the
    Board's spending is not the port's), its own and the joint Rule 4001 filings."""
    agreement = current_agreement()
    totals = penalty_totals(port)
    defaults = Default.objects.select_related("port", "tier")
    entries = MitigationFundEntry.objects.order_by("-entry_on", "-pk")
    if port is not None:
        defaults = defaults.filter(port=port)
        entries = entries.filter(default__port=port)
    return {
        "on": on,
        "port": port,
        "agreement": agreement,
        "exit_notice": agreement.exit_notice if agreement else None,
        "phase_progress": phase_progress(agreement, port) if agreement else [],
        "phases": Phase.choices,
        "milestones_due": milestones_due(on, port=port),
        "overdue_milestones": overdue_milestones(on, port),
        "defaults": defaults[:50],
        "penalty_totals": totals,
        "penalties_assessed": sum((total.assessed_amount for total in totals), ZERO),
        "fund_balance": fund_balance() if port is None else None,
        "fund_paid": None if port is None else (entries.aggregate(paid=Sum("amount"))["paid"] or ZERO),
        "fund_entries": entries[:20],
        "trends": rule_4001_trends(port),
        "overdue_rule_4001": overdue_rule_4001(on, port),
        "late_reports": [report for report in reports_in(port).order_by("calendar_year") if report.days_late],
    }


def reports_in(port: Port | None) -> QuerySet[AnnualReport]:
    """Every emissions report (staff and board), or a port's own and the joint ones."""
    reports = AnnualReport.objects.select_related("port")
    return reports if port is None else reports.filter(own(port))
