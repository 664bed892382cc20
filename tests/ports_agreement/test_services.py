"""Services on PostgreSQL: the agreement's term and exit, plans, defaults and the fund, Rule 4001 steps."""

import datetime as dt
from decimal import Decimal as D

import pytest

from accounts.roles import Role
from ports_agreement import selectors, services
from ports_agreement.models import (
    CommentSubject,
    DefaultKind,
    DefaultStatus,
    ERPStatus,
    MitigationFundEntry,
    PlanDecision,
    PlanStatus,
    PublicCommentPeriod,
)
from ports_agreement.tasks import flag_overdue_milestones
from tests.factories import UserFactory

from .factories import (
    AgreementFactory,
    AnnualReportFactory,
    BaselineFactory,
    ControlStrategyFactory,
    DeterminationFactory,
    EmissionReductionPlanFactory,
    InfrastructurePlanFactory,
    MilestoneFactory,
    port,
    tier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


# --- Agreement term and exit -------------------------------------------------------------------------------------


def test_the_term_is_five_years_from_execution():
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7))
    assert agreement.term_ends_on == dt.date(2030, 11, 7)
    assert agreement.ends_on == dt.date(2030, 11, 7)
    assert agreement.is_in_force(dt.date(2030, 11, 6)) and not agreement.is_in_force(dt.date(2030, 11, 7))


def test_an_exit_notice_takes_effect_45_days_later_and_ends_the_pause(staff):
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7))
    notice = services.record_exit_notice(
        agreement, given_by="Port of Long Beach", noticed_on=dt.date(2028, 1, 15), actor=staff
    )
    assert notice.exit_effective_on == dt.date(2028, 2, 29)
    assert agreement.ends_on == dt.date(2028, 2, 29)  # the rulemaking pause ends with the agreement
    assert agreement.is_in_force(dt.date(2028, 2, 28)) and not agreement.is_in_force(dt.date(2028, 2, 29))


def test_the_district_may_exit_too_but_not_a_stranger_or_after_the_end(staff):
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7), parties=[port("pola")])
    services.record_exit_notice(agreement, given_by="South Coast AQMD", noticed_on=dt.date(2026, 1, 2), actor=staff)
    with pytest.raises(services.PortsError, match="not a party"):
        services.record_exit_notice(agreement, given_by="Port of Long Beach", noticed_on=dt.date(2026, 1, 2))
    with pytest.raises(services.PortsError, match="not in force"):
        services.record_exit_notice(agreement, given_by="Port of Los Angeles", noticed_on=dt.date(2026, 3, 1))


# --- Zero-emission infrastructure plans --------------------------------------------------------------------------


def test_a_plan_goes_through_public_review_to_approval():
    plan = InfrastructurePlanFactory()
    with pytest.raises(services.PortsError, match="comment period"):
        services.open_public_review(plan, on=dt.date(2027, 1, 4))
    PublicCommentPeriod.objects.create(
        plan=plan, subject=CommentSubject.DEVELOPMENT, opens_on=dt.date(2027, 1, 4), closes_on=dt.date(2027, 2, 3)
    )
    services.open_public_review(plan, on=dt.date(2027, 1, 4))
    with pytest.raises(services.PortsError, match="cannot be skipped"):
        services.submit_infrastructure_plan(plan, on=dt.date(2027, 2, 3))
    services.submit_infrastructure_plan(plan, on=dt.date(2027, 2, 4))
    with pytest.raises(services.PortsError, match="approval first"):
        services.approve_infrastructure_plan(plan, on=dt.date(2027, 3, 1), verification="Checked")
    PublicCommentPeriod.objects.create(
        plan=plan, subject=CommentSubject.APPROVAL, opens_on=dt.date(2027, 2, 5), closes_on=dt.date(2027, 3, 7)
    )
    services.approve_infrastructure_plan(plan, on=dt.date(2027, 3, 8), verification="Targets verified")
    assert (plan.status, plan.approved_on) == (PlanStatus.APPROVED, dt.date(2027, 3, 8))


def test_a_returned_plan_needs_a_modification_comment_period():
    plan = InfrastructurePlanFactory(status=PlanStatus.SUBMITTED)
    services.return_infrastructure_plan(plan, reason="Milestones are outside the port's control")
    PublicCommentPeriod.objects.create(
        plan=plan, subject=CommentSubject.DEVELOPMENT, opens_on=dt.date(2027, 1, 4), closes_on=dt.date(2027, 2, 3)
    )
    with pytest.raises(services.PortsError, match="plan modification"):
        services.open_public_review(plan, on=dt.date(2027, 1, 4))


def test_the_beat_task_flags_overdue_milestones_without_penalizing():
    overdue = MilestoneFactory(due_on=dt.date(2020, 1, 1))
    done = MilestoneFactory(due_on=dt.date(2020, 1, 1), completed_on=dt.date(2019, 12, 1))
    future = MilestoneFactory(due_on=dt.date(2099, 1, 1))
    assert flag_overdue_milestones.delay().get() == 1
    overdue.refresh_from_db(), done.refresh_from_db(), future.refresh_from_db()
    assert overdue.flagged_overdue_on is not None
    assert done.flagged_overdue_on is None and future.flagged_overdue_on is None
    assert not overdue.defaults.exists()
    assert flag_overdue_milestones.delay().get() == 0  # flagged once


# --- Defaults, penalties and the Clean Air Mitigation Fund -------------------------------------------------------


def record(agreement, staff, tier_name, kind=DefaultKind.PLAN_SUBMISSION, port_code="pola"):
    return services.record_default(
        agreement=agreement,
        port=port(port_code),
        kind=kind,
        tier=tier(tier_name),
        occurred_on=dt.date(2028, 1, 5),
        description="Missed",
        actor=staff,
    )


@pytest.mark.parametrize(
    ("tier_name", "amount"), [("Tier I", D("50000")), ("Tier II", D("100000")), ("Tier III", D("200000"))]
)
def test_each_tier_assesses_its_amount_into_the_fund(staff, tier_name, amount):
    default = record(AgreementFactory(), staff, tier_name)
    assert default.amount == amount and default.status == DefaultStatus.RECORDED
    assert selectors.fund_balance() == 0  # nothing is paid until staff decide
    deposit = services.assess_default(default, on=dt.date(2028, 2, 1), resolution="", actor=staff)
    assert deposit.amount == amount
    assert selectors.fund_balance() == amount


def test_penalty_totals_per_tier_and_overall(staff):
    agreement = AgreementFactory()
    for name in ("Tier I", "Tier I", "Tier II", "Tier III", "Tier III"):
        services.assess_default(record(agreement, staff, name), on=dt.date(2028, 2, 1), resolution="", actor=staff)
    record(agreement, staff, "Tier II")  # pending, not assessed
    totals = {
        total.tier.name: (total.assessed, total.assessed_amount, total.pending) for total in selectors.penalty_totals()
    }
    assert totals == {"Tier I": (2, D("100000"), 0), "Tier II": (1, D("100000"), 1), "Tier III": (2, D("400000"), 0)}
    assert selectors.board_status(dt.date(2028, 3, 1))["penalties_assessed"] == D("600000")
    assert selectors.fund_balance() == D("600000")


def test_editing_a_tier_does_not_change_recorded_defaults(staff):
    default = record(AgreementFactory(), staff, "Tier I")
    tier_1 = tier("Tier I")
    tier_1.amount_per_default = D("75000")
    tier_1.save()
    assert record(default.agreement, staff, "Tier I").amount == D("75000")
    default.refresh_from_db()
    assert default.amount == D("50000")


def test_a_disputed_default_is_resolved_by_dismissal_or_assessment(staff):
    agreement = AgreementFactory()
    dismissed, upheld = record(agreement, staff, "Tier II"), record(agreement, staff, "Tier II")
    for default in (dismissed, upheld):
        services.dispute_default(default, dispute="The delay was the utility's, outside our control")
    services.dismiss_default(dismissed, on=dt.date(2028, 3, 1), resolution="Agreed: outside the port's control")
    with pytest.raises(services.PortsError, match="dispute was resolved"):
        services.assess_default(upheld, on=dt.date(2028, 3, 1), resolution="", actor=staff)
    services.assess_default(upheld, on=dt.date(2028, 3, 1), resolution="Upheld after mediation", actor=staff)
    assert (dismissed.status, upheld.status) == (DefaultStatus.DISMISSED, DefaultStatus.ASSESSED)
    assert selectors.fund_balance() == D("100000")
    with pytest.raises(services.PortsError, match="cannot be assessed"):
        services.assess_default(dismissed, on=dt.date(2028, 3, 2), resolution="x", actor=staff)


def test_only_a_milestone_within_the_ports_control_of_that_port_is_a_default(staff):
    agreement = AgreementFactory()
    outside = MilestoneFactory(plan__agreement=agreement, within_port_control=False)
    with pytest.raises(services.PortsError, match="within the port's control"):
        services.record_default(
            agreement=agreement,
            port=port("pola"),
            kind=DefaultKind.MILESTONE,
            tier=tier("Tier I"),
            occurred_on=dt.date(2028, 1, 5),
            description="x",
            actor=staff,
            milestone=outside,
        )
    mine = MilestoneFactory(plan=outside.plan)
    with pytest.raises(services.PortsError, match="another port"):
        services.record_default(
            agreement=agreement,
            port=port("polb"),
            kind=DefaultKind.MILESTONE,
            tier=tier("Tier I"),
            occurred_on=dt.date(2028, 1, 5),
            description="x",
            actor=staff,
            milestone=mine,
        )


def test_spending_needs_a_closed_public_process_a_community_benefit_and_funds(staff):
    services.assess_default(
        record(AgreementFactory(), staff, "Tier III"), on=dt.date(2028, 2, 1), resolution="", actor=staff
    )
    process = PublicCommentPeriod.objects.create(
        subject=CommentSubject.FUND_SPENDING, opens_on=dt.date(2028, 3, 1), closes_on=dt.date(2028, 3, 31)
    )
    spend = dict(
        amount=D("150000"), public_process=process, description="Air filtration in Wilmington schools", actor=staff
    )
    with pytest.raises(services.PortsError, match="public process"):
        services.spend_from_fund(on=dt.date(2028, 3, 31), community_benefit="Wilmington schools", **spend)
    with pytest.raises(services.PortsError, match="near-port community"):
        services.spend_from_fund(on=dt.date(2028, 4, 1), community_benefit=" ", **spend)
    with pytest.raises(services.PortsError, match="holds \\$200,000.00"):
        services.spend_from_fund(
            on=dt.date(2028, 4, 1), community_benefit="Wilmington", **{**spend, "amount": D("200000.01")}
        )
    services.spend_from_fund(on=dt.date(2028, 4, 1), community_benefit="Wilmington and West Long Beach", **spend)
    assert selectors.fund_balance() == D("50000")
    assert MitigationFundEntry.objects.filter(kind="spending").get().public_process == process


# --- Rule 4001 ---------------------------------------------------------------------------------------------------


def test_determination_at_74_99_percent_requires_a_plan_due_180_days_after_notice(staff):
    BaselineFactory()
    report = AnnualReportFactory(pm25=D("25.01"), submitted_on=dt.date(2016, 7, 1))
    assert report.due_on == dt.date(2016, 7, 1)
    assert report.determination_due.due == dt.date(2016, 7, 31)
    determination = services.determine(report, notified_on=dt.date(2016, 7, 20), actor=staff)
    assert determination.plan_required and determination.percent_reduction == D("74.99")
    assert determination.plan_due.due == dt.date(2017, 1, 16)


def test_determination_at_75_00_percent_requires_no_plan(staff):
    BaselineFactory()
    report = AnnualReportFactory(pm25=D("25.00"))
    determination = services.determine(report, notified_on=dt.date(2016, 7, 20), actor=staff)
    assert not determination.plan_required and determination.plan_due is None


def test_determination_needs_the_same_scopes_baseline(staff):
    BaselineFactory(port=port("pola"))
    with pytest.raises(services.PortsError, match="Both Ports jointly"):
        services.determine(AnnualReportFactory(), notified_on=dt.date(2016, 7, 20), actor=staff)


def test_a_report_is_unique_per_scope_year_and_kind(staff):
    AnnualReportFactory(calendar_year=2016)
    with pytest.raises(services.PortsError, match="already submitted"):
        services.submit_annual_report(AnnualReportFactory.build(calendar_year=2016), actor=staff)
    services.submit_annual_report(AnnualReportFactory.build(calendar_year=2016, port=port("pola")), actor=staff)
    with pytest.raises(services.PortsError, match="2014 to 2019"):
        services.submit_annual_report(AnnualReportFactory.build(calendar_year=2020), actor=staff)


def plan_with(determination=None, **fields):
    plan = EmissionReductionPlanFactory.build(determination=determination or DeterminationFactory(), **fields)
    return plan, [ControlStrategyFactory.build(plan=None)]


def test_the_public_meeting_is_at_least_60_days_before_the_commission(staff):
    plan, strategies = plan_with(public_meeting_on=dt.date(2016, 10, 17), commission_approved_on=dt.date(2016, 12, 15))
    with pytest.raises(services.PortsError, match="by October 16, 2016"):
        services.submit_emission_reduction_plan(plan, strategies, actor=staff)
    plan.public_meeting_on = dt.date(2016, 10, 16)
    services.submit_emission_reduction_plan(plan, strategies, actor=staff)
    assert plan.decision_due.due == dt.date(2017, 2, 24)  # 45 days after January 10, 2017


def test_the_18_30_month_split_needs_the_list_of_strategies_left_out(staff):
    plan, strategies = plan_with(uses_extended_schedule=True)
    strategies[0].implemented_within = "30"
    with pytest.raises(services.PortsError, match="\\(f\\)\\(1\\)\\(B\\)\\(ii\\)"):
        services.submit_emission_reduction_plan(plan, strategies, actor=staff)
    plan.strategies_not_included = "Shore power for all bulk vessels: $80,000/ton NOx+PM, above the Moyer limit."
    services.submit_emission_reduction_plan(plan, strategies, actor=staff)
    decision = services.decide_plan(
        plan,
        outcome=PlanDecision.Outcome.APPROVED,
        decided_on=dt.date(2017, 2, 20),
        reasons="",
        notice_mailed_on=dt.date(2017, 2, 20),
        actor=staff,
    )
    assert plan.implementation_due.due == dt.date(2019, 8, 20)  # 30 months
    assert decision.appeal_due.due == dt.date(2017, 3, 5)


def test_a_strategy_beyond_18_months_needs_the_extended_schedule(staff):
    plan, strategies = plan_with()
    strategies[0].implemented_within = "30"
    with pytest.raises(services.PortsError, match="cannot be eliminated within 18 months"):
        services.submit_emission_reduction_plan(plan, strategies, actor=staff)


def test_disapproval_revision_and_second_disapproval_is_a_violation(staff):
    plan, strategies = plan_with()
    services.submit_emission_reduction_plan(plan, strategies, actor=staff)
    with pytest.raises(services.PortsError, match="in writing"):
        services.decide_plan(
            plan,
            outcome=PlanDecision.Outcome.DISAPPROVED,
            decided_on=dt.date(2017, 2, 20),
            reasons=" ",
            notice_mailed_on=dt.date(2017, 2, 20),
            actor=staff,
        )
    decision = services.decide_plan(
        plan,
        outcome=PlanDecision.Outcome.PARTLY_DISAPPROVED,
        decided_on=dt.date(2017, 2, 20),
        reasons="Strategy 2 lacks a schedule",
        notice_mailed_on=dt.date(2017, 2, 21),
        actor=staff,
    )
    assert plan.status == ERPStatus.DISAPPROVED
    assert decision.appeal_period_starts.due == dt.date(2017, 2, 24)
    assert decision.revised_plan_due.due == dt.date(2017, 4, 21)
    services.record_hearing_board_decision(decision, decided_on=dt.date(2017, 5, 1), upheld=True)
    assert decision.revised_plan_due.due == dt.date(2017, 6, 30)  # 60 days after the Hearing Board

    revised, revised_strategies = plan_with(determination=plan.determination, received_on=dt.date(2017, 6, 1))
    services.submit_emission_reduction_plan(revised, revised_strategies, actor=staff)
    assert revised.revises == plan and revised.decision_due.due == dt.date(2017, 7, 16)
    services.decide_plan(
        revised,
        outcome=PlanDecision.Outcome.DISAPPROVED,
        decided_on=dt.date(2017, 7, 10),
        reasons="Still short",
        notice_mailed_on=dt.date(2017, 7, 10),
        actor=staff,
    )
    assert revised.status == ERPStatus.VIOLATION
    third, third_strategies = plan_with(determination=plan.determination)
    with pytest.raises(services.PortsError, match="already"):
        services.submit_emission_reduction_plan(third, third_strategies, actor=staff)


def test_overdue_rule_4001_steps_are_listed_for_staff():
    report = AnnualReportFactory(submitted_on=dt.date(2016, 7, 1))
    items = selectors.overdue_rule_4001(dt.date(2016, 8, 1))
    assert [(item.subject, item.deadline.due) for item in items] == [(report, dt.date(2016, 7, 31))]
    assert selectors.overdue_rule_4001(dt.date(2016, 7, 31)) == []
