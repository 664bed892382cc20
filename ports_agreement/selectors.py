"""Reads for staff, board members and port representatives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

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


# --- Cooperative Agreement ---------------------------------------------------------------------------------------


def current_agreement() -> Agreement | None:
    return Agreement.objects.prefetch_related("ports", "exit_notices").first()


def overdue_milestones(on: dt.date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(completed_on__isnull=True, due_on__lt=on).select_related("plan__port")


def milestones_due(on: dt.date, within_days: int = 90) -> QuerySet[Milestone]:
    return Milestone.objects.filter(
        completed_on__isnull=True, due_on__gte=on, due_on__lte=on + dt.timedelta(days=within_days)
    ).select_related("plan__port")


def phase_progress(agreement: Agreement) -> list[tuple[str, list[list[InfrastructurePlan]]]]:
    """Rows of source categories, columns of phases, each cell the ports' plans."""
    plans = list(agreement.plans.select_related("port"))
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


def penalty_totals() -> list[TierTotal]:
    """Per tier: defaults assessed and their sum, and defaults recorded or disputed but not yet decided."""
    tiers = DefaultTier.objects.annotate(
        assessed=Count("defaults", filter=Q(defaults__status=DefaultStatus.ASSESSED)),
        assessed_amount=Sum("defaults__amount", filter=Q(defaults__status=DefaultStatus.ASSESSED)),
        pending=Count("defaults", filter=Q(defaults__status__in=[DefaultStatus.RECORDED, DefaultStatus.DISPUTED])),
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


def overdue_rule_4001(on: dt.date) -> list[Overdue]:
    """Rule 4001 steps whose deadline has passed with nothing recorded, for staff to follow up."""
    items = [
        Overdue(report.determination_due, report)
        for report in AnnualReport.objects.filter(determination__isnull=True).select_related("port")
    ]
    items += [
        Overdue(plan.decision_due, plan)
        for plan in EmissionReductionPlan.objects.filter(status=ERPStatus.SUBMITTED).select_related("port")
    ]
    for plan in EmissionReductionPlan.objects.filter(status=ERPStatus.DISAPPROVED, revision__isnull=True):
        if (due := plan.decision.revised_plan_due) is not None:
            items.append(Overdue(due, plan))
    for determination in Determination.objects.filter(plan_required=True, plans__isnull=True).select_related("report"):
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


def rule_4001_trends() -> list[Trend]:
    """For each scope with a baseline, PM2.5 equivalent per report against the 75 percent target
    (004_af983ba73b5d80a4.txt, Rule 4001 (c)(6), (c)(8))."""
    trends = []
    for baseline in Baseline.objects.select_related("port").order_by("port__name"):
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


def board_status(on: dt.date) -> dict:
    """Everything the board's status pages and the annual progress report show, as of ``on``."""
    agreement = current_agreement()
    totals = penalty_totals()
    return {
        "on": on,
        "agreement": agreement,
        "exit_notice": agreement.exit_notice if agreement else None,
        "phase_progress": phase_progress(agreement) if agreement else [],
        "phases": Phase.choices,
        "milestones_due": milestones_due(on),
        "overdue_milestones": overdue_milestones(on),
        "defaults": Default.objects.select_related("port", "tier")[:50],
        "penalty_totals": totals,
        "penalties_assessed": sum((total.assessed_amount for total in totals), ZERO),
        "fund_balance": fund_balance(),
        "fund_entries": MitigationFundEntry.objects.order_by("-entry_on", "-pk")[:20],
        "trends": rule_4001_trends(),
        "overdue_rule_4001": overdue_rule_4001(on),
    }
