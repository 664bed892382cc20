"""Demo data for the ports, called by ``python manage.py seed_demo`` (never against production data).

Links the demo user ``port_la`` to the Port of Los Angeles, then, through ``services`` wherever one exists, adds
the Cooperative Agreement with both Ports (000_5a27d03f56223f7e.txt), zero-emission infrastructure plans across
source categories and phases with milestones (one overdue, with its default), and a 2008 baseline with annual
reports and determinations for the Rule 4001 trend chart (004_af983ba73b5d80a4.txt). The emission figures are
illustrative: the real 2008 inventory (Final 2012 AQMP, Appendix IV-A) is not in the seeds. Agreement dates are
counted from today so the plans and milestones stay current; Rule 4001's report years are fixed by the rule.
Each part is skipped when it exists already, so the command can run twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import rules, services
from .models import (
    Agreement,
    AnnualReport,
    Baseline,
    CommentSubject,
    ControlStrategy,
    DefaultKind,
    DefaultTier,
    EmissionReductionPlan,
    InfrastructurePlan,
    Milestone,
    Phase,
    PlanDecision,
    PlanStatus,
    Port,
    PortRepresentative,
    PublicCommentPeriod,
    SourceCategory,
)

ILLUSTRATIVE = (
    "Illustrative demo figures, not the ports' 2008 baseline inventory (Final 2012 AQMP, Appendix IV-A, page IV-A-36)"
)
# Tons/day of NOx, SOx, PM2.5: PM2.5 equivalent 10.000 (Rule 4001 (c)(6)), so the 75% target ((c)(8)) is 2.500.
BASELINE = (D("40"), D("10"), D("1.9"))
# (calendar year, partly projected ((d)(1)), NOx, SOx, PM2.5, submitted on); reports under (d)(1)-(d)(2).
REPORTS = (
    (2014, True, D("21"), D("1.6"), D("0.85"), dt.date(2014, 10, 30)),  # 3.168: 68.32%, a plan is required
    (2014, False, D("19"), D("1.2"), D("0.5"), dt.date(2015, 6, 30)),  # 2.466: 75.34%, target met
    (2015, False, D("17"), D("1.0"), D("0.55"), dt.date(2016, 6, 28)),  # 2.270: 77.30%
    (2016, False, D("16"), D("0.8"), D("0.5"), dt.date(2017, 6, 29)),  # 2.044: 79.56%
    (2017, False, D("15"), D("0.7"), D("0.45"), dt.date(2018, 6, 27)),  # 1.871: 81.29%
)
DETERMINED_AFTER = dt.timedelta(days=20)  # within the 30 days of Rule 4001 (e)(1)
# (port, source category, phase, status reached, milestones as (description, due in days from today, done)):
# all five source categories, three phases (000_5a27d03f56223f7e.txt, "Zero-Emission (ZE) Infrastructure Plans
# Cover All Port Sources", "Details of ZE Infrastructure Plans").
PLANS = (
    (
        "pola",
        SourceCategory.CARGO_HANDLING_EQUIPMENT,
        Phase.PHASE_1,
        PlanStatus.APPROVED,
        (
            ("Utility service agreement for terminal charging", -60, True),
            ("Chargers for 40 yard tractors at Berth 200", 75, False),
        ),
    ),
    (
        "polb",
        SourceCategory.HARBOR_CRAFT,
        Phase.PHASE_1,
        PlanStatus.APPROVED,
        (
            ("Shore power design for harbor craft berths", -30, False),
            ("Shore power construction contract awarded", 200, False),
        ),
    ),
    (
        "polb",
        SourceCategory.CARGO_HANDLING_EQUIPMENT,
        Phase.PHASE_1,
        PlanStatus.SUBMITTED,
        (("Grid capacity study with Southern California Edison", 45, False),),
    ),
    (
        "pola",
        SourceCategory.TRUCKS,
        Phase.PHASE_2,
        PlanStatus.PUBLIC_REVIEW,
        (("Truck charging depot site selected", 400, False),),
    ),
    ("polb", SourceCategory.LOCAL_SWITCHERS, Phase.PHASE_3, PlanStatus.DRAFT, ()),
    ("pola", SourceCategory.OCEAN_GOING_VESSELS, Phase.PHASE_3, PlanStatus.DRAFT, ()),
)


def seed_ports_demo(now: dt.datetime) -> None:
    users = get_user_model().objects
    port_la, staff = users.get(username="port_la"), users.get(username="staff")
    pola = Port.objects.get(code="pola")
    PortRepresentative.objects.get_or_create(user=port_la, defaults={"port": pola})
    today = timezone.localdate(now)
    if not Agreement.objects.exists():
        _agreement(today, staff)
    if not Baseline.objects.filter(port=pola).exists():
        _rule_4001(pola, port_la, staff)


def _agreement(today: dt.date, staff) -> None:
    agreement = Agreement.objects.create(executed_on=today - dt.timedelta(days=300))
    agreement.ports.set(Port.objects.all())
    for port_code, category, phase, status, milestones in PLANS:
        plan = InfrastructurePlan.objects.create(
            agreement=agreement,
            port=Port.objects.get(code=port_code),
            source_category=category,
            phase=phase,
            planning_targets=f"Zero-emission infrastructure for {category.label.lower()} by the end of {phase}.",
            decommissioning="Replaced equipment is scrapped and the district is sent the dismantling records.",
        )
        for description, days, done in milestones:
            due_on = today + dt.timedelta(days=days)
            Milestone.objects.create(
                plan=plan, description=description, due_on=due_on, completed_on=due_on if done else None
            )
        _advance(plan, status, today)
    [overdue] = services.flag_overdue_milestones(today)
    default = services.record_default(
        agreement=agreement,
        port=overdue.plan.port,
        kind=DefaultKind.MILESTONE,
        milestone=overdue,
        tier=DefaultTier.objects.get(name="Tier I"),
        occurred_on=overdue.due_on + dt.timedelta(days=1),
        description=f"Missed milestone: {overdue}.",
        actor=staff,
    )
    services.assess_default(
        default,
        on=today - dt.timedelta(days=5),
        actor=staff,
        resolution="Not disputed under the agreement's dispute resolution process.",
    )


def _advance(plan: InfrastructurePlan, status: str, today: dt.date) -> None:
    """Take a draft plan through the public process to ``status`` (000, "Details of ZE Infrastructure Plans":
    public review and comment on development and approval)."""

    def days_ago(days):
        return today - dt.timedelta(days=days)

    if status == PlanStatus.DRAFT:
        return
    if status == PlanStatus.PUBLIC_REVIEW:
        PublicCommentPeriod.objects.create(
            subject=CommentSubject.DEVELOPMENT,
            plan=plan,
            opens_on=days_ago(10),
            closes_on=today + dt.timedelta(days=35),
        )
        services.open_public_review(plan, on=today)
        return
    PublicCommentPeriod.objects.create(
        subject=CommentSubject.DEVELOPMENT, plan=plan, opens_on=days_ago(200), closes_on=days_ago(155)
    )
    services.open_public_review(plan, on=days_ago(200))
    services.submit_infrastructure_plan(plan, on=days_ago(150))
    if status == PlanStatus.APPROVED:
        PublicCommentPeriod.objects.create(
            subject=CommentSubject.APPROVAL, plan=plan, opens_on=days_ago(120), closes_on=days_ago(90)
        )
        services.approve_infrastructure_plan(
            plan, on=days_ago(80), verification="Targets and milestones checked against the port's budget."
        )


def _rule_4001(pola: Port, port_la, staff) -> None:
    nox, sox, pm25 = BASELINE
    Baseline.objects.create(port=pola, nox=nox, sox=sox, pm25=pm25, source=ILLUSTRATIVE)
    for year, projected, nox, sox, pm25, submitted_on in REPORTS:
        report = services.submit_annual_report(
            AnnualReport(
                port=pola,
                calendar_year=year,
                projected=projected,
                nox=nox,
                sox=sox,
                pm25=pm25,
                submitted_on=submitted_on,
            ),
            actor=port_la,
        )
        determination = services.determine(report, notified_on=submitted_on + DETERMINED_AFTER, actor=staff)
        if determination.plan_required:
            _emission_reduction_plan(determination, port_la, staff)


def _emission_reduction_plan(determination, port_la, staff) -> None:
    """Filed within 180 days ((f)), its public meeting 60+ days before the Commission's approval ((f)(1)(E)(i)),
    approved within 45 days of receipt ((f)(2))."""
    notified = determination.notified_on
    plan = EmissionReductionPlan(
        determination=determination,
        port=determination.report.port,
        shortfall=determination.report_pm25_equivalent
        - determination.baseline_pm25_equivalent * (100 - rules.emissions.REDUCTION_TARGET) / 100,
        received_on=notified + dt.timedelta(days=160),
        public_meeting_on=notified + dt.timedelta(days=80),
        commission_approved_on=notified + dt.timedelta(days=150),
        progress_reporting="Progress reported with each annual emissions report ((d)(2)(A)).",
    )
    strategy = ControlStrategy(
        name="Vessel speed reduction incentive",
        actions="Dockage discount for 12 knots within 40 nautical miles",
        expected_reduction=plan.shortfall,
        cost=D("2500000"),
        nox_pm_cost_per_ton=D("21000"),
        sox_cost_per_ton=D("18000"),
        legal_authority=True,
        method="Port tariff incentive",
        schedule="Within 12 months of approval",
    )
    services.submit_emission_reduction_plan(plan, [strategy], actor=port_la)
    services.decide_plan(
        plan,
        outcome=PlanDecision.Outcome.APPROVED,
        decided_on=plan.received_on + dt.timedelta(days=30),
        reasons="Feasible strategies expected to eliminate the shortfall.",
        notice_mailed_on=plan.received_on + dt.timedelta(days=30),
        actor=staff,
    )
