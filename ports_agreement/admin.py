"""Staff manage the Cooperative Agreement and Rule 4001 here.

Every state change (exit notice, plan workflow, default decisions, fund spending, determinations, plan
decisions) calls ``ports_agreement.services``; a refusal comes back as an error message, never a 500.
Deadlines are shown with their period and source clause, and overdue ones are flagged.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html

from core.admin import AuditedHistoryAdmin

from . import selectors, services
from .models import (
    Agreement,
    AnnualReport,
    Baseline,
    BoardReport,
    Comment,
    ControlStrategy,
    Default,
    DefaultTier,
    Determination,
    EmissionReductionPlan,
    ExitNotice,
    InfrastructurePlan,
    Milestone,
    MitigationFundEntry,
    PlanDecision,
    Port,
    PortRepresentative,
    ProgressReport,
    PublicCommentPeriod,
)


def show_deadline(deadline, *, done: bool = False):
    """A deadline with its period and source clause; red when it has passed and nothing was done."""
    if deadline is None:
        return "—"
    overdue = not done and deadline.due < timezone.localdate()
    return format_html(
        '<span style="{}">{}</span>{}<br><small>{} from {}; {}</small>',
        "color:#b02a37;font-weight:bold" if overdue else "",
        deadline.due.strftime("%b %-d, %Y"),
        " OVERDUE" if overdue else "",
        deadline.period.describe(),
        deadline.trigger.strftime("%b %-d, %Y"),
        deadline.period.source,
    )


class ServiceAdmin(AuditedHistoryAdmin):
    """Turns a service's refusal into an error message on the page the staff member came from."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.PortsError as error:
            messages.error(request, str(error))
            return redirect(request.get_full_path())

    def run(self, request, queryset, service, done: str, **kwargs):
        """Apply ``service`` to each selected object, reporting each refusal by name."""
        for obj in queryset:
            try:
                service(obj, **kwargs)
            except services.PortsError as error:
                messages.error(request, f"{obj}: {error}")
            else:
                messages.success(request, f"{obj}: {done}.")


@admin.register(Port)
class PortAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


@admin.register(PortRepresentative)
class PortRepresentativeAdmin(admin.ModelAdmin):
    list_display = ("user", "port")
    list_filter = ("port",)
    autocomplete_fields = ("user",)


class ExitNoticeInline(admin.TabularInline):
    model = ExitNotice
    extra = 0
    can_delete = False
    fields = ("given_by", "noticed_on", "exit_effective_on", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class BoardReportInline(admin.TabularInline):
    model = BoardReport
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(AuditedHistoryAdmin):
    history_revert = True  # reference data: no workflow state or money
    list_display = ("title", "executed_on", "term_ends_on", "ends_on", "in_force")
    filter_horizontal = ("ports",)
    readonly_fields = ("term_deadline", "exit_deadline", "ends_on")
    inlines = [ExitNoticeInline, BoardReportInline]

    @admin.display(boolean=True, description="In force")
    def in_force(self, agreement):
        return agreement.is_in_force()

    @admin.display(description="5-year term")
    def term_deadline(self, agreement):
        return show_deadline(agreement.term, done=True) if agreement.pk else "—"

    @admin.display(description="Exit")
    def exit_deadline(self, agreement):
        notice = agreement.exit_notice if agreement.pk else None
        return show_deadline(notice.exit_effective, done=True) if notice else "No exit notice"

    @admin.display(description="Agreement and rulemaking pause end")
    def ends_on(self, agreement):
        return agreement.ends_on if agreement.pk else "—"


@admin.register(ExitNotice)
class ExitNoticeAdmin(ServiceAdmin):
    list_display = ("agreement", "given_by", "noticed_on", "exit_effective_on")
    fields = ("agreement", "given_by", "noticed_on", "reason", "effective")
    readonly_fields = ("effective",)

    @admin.display(description="Exit takes effect")
    def effective(self, notice):
        return show_deadline(notice.exit_effective, done=True) if notice.pk else "45 calendar days after the notice"

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.record_exit_notice(
            obj.agreement, given_by=obj.given_by, noticed_on=obj.noticed_on, reason=obj.reason, actor=request.user
        )
        obj.pk, obj.exit_effective_on = saved.pk, saved.exit_effective_on


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1
    fields = ("description", "due_on", "within_port_control", "completed_on", "flagged_overdue_on", "overdue")
    readonly_fields = ("flagged_overdue_on", "overdue")

    @admin.display(boolean=True)
    def overdue(self, milestone):
        return milestone.is_overdue() if milestone.pk else None


class CommentPeriodInline(admin.TabularInline):
    model = PublicCommentPeriod
    extra = 0
    fields = ("subject", "opens_on", "closes_on", "description")
    show_change_link = True


@admin.register(InfrastructurePlan)
class InfrastructurePlanAdmin(ServiceAdmin):
    list_display = ("port", "source_category", "phase", "status", "submitted_on", "approved_on", "overdue_milestones")
    list_filter = ("port", "source_category", "phase", "status")
    readonly_fields = ("status", "submitted_on", "approved_on", "verified_on")
    inlines = [MilestoneInline, CommentPeriodInline]
    actions = ["open_public_review", "submit", "approve", "return_for_modification"]

    @admin.display(description="Overdue milestones")
    def overdue_milestones(self, plan):
        return sum(milestone.is_overdue() for milestone in plan.milestones.all()) or ""

    @admin.action(description="Open public review (with the comment period recorded on the plan)")
    def open_public_review(self, request, queryset):
        self.run(request, queryset, services.open_public_review, "out for public review", on=timezone.localdate())

    @admin.action(description="Record submission to the district today")
    def submit(self, request, queryset):
        self.run(request, queryset, services.submit_infrastructure_plan, "submitted", on=timezone.localdate())

    @admin.action(description="Approve today (with the district verification recorded on the plan)")
    def approve(self, request, queryset):
        for plan in queryset:
            self.run(
                request,
                [plan],
                services.approve_infrastructure_plan,
                "approved",
                on=timezone.localdate(),
                verification=plan.verification,
            )

    @admin.action(description="Return for modification (reason in the verification field)")
    def return_for_modification(self, request, queryset):
        for plan in queryset:
            self.run(
                request,
                [plan],
                services.return_infrastructure_plan,
                "returned for modification",
                reason=plan.verification,
            )


@admin.register(Milestone)
class MilestoneAdmin(AuditedHistoryAdmin):
    history_revert = True  # reference data: no workflow state or money
    list_display = ("description", "plan", "due_on", "within_port_control", "completed_on", "flagged_overdue_on")
    list_filter = (
        "plan__port",
        "plan__source_category",
        "within_port_control",
        ("flagged_overdue_on", admin.EmptyFieldListFilter),
    )
    date_hierarchy = "due_on"
    readonly_fields = ("flagged_overdue_on",)


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 1


@admin.register(PublicCommentPeriod)
class PublicCommentPeriodAdmin(AuditedHistoryAdmin):
    history_revert = True  # reference data: no workflow state or money
    list_display = ("__str__", "subject", "opens_on", "closes_on")
    list_filter = ("subject",)
    inlines = [CommentInline]


@admin.register(DefaultTier)
class DefaultTierAdmin(AuditedHistoryAdmin):
    list_display = ("name", "amount_per_default", "definition")


@admin.register(Default)
class DefaultAdmin(ServiceAdmin):
    list_display = ("__str__", "port", "kind", "tier", "amount", "status", "occurred_on")
    list_filter = ("status", "port", "kind", "tier")
    readonly_fields = ("status", "amount", "decided_on", "recorded_by")
    actions = ["open_dispute", "assess", "dismiss"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["description", "dispute", "resolution"])
            return
        saved = services.record_default(
            agreement=obj.agreement,
            port=obj.port,
            kind=obj.kind,
            tier=obj.tier,
            occurred_on=obj.occurred_on,
            description=obj.description,
            actor=request.user,
            plan=obj.plan,
            milestone=obj.milestone,
        )
        obj.pk = saved.pk

    @admin.action(description="Open dispute resolution (the port's dispute recorded on the default)")
    def open_dispute(self, request, queryset):
        for default in queryset:
            self.run(request, [default], services.dispute_default, "in dispute resolution", dispute=default.dispute)

    @admin.action(description="Assess the penalty today: pay into the Clean Air Mitigation Fund")
    def assess(self, request, queryset):
        for default in queryset:
            self.run(
                request,
                [default],
                services.assess_default,
                "assessed",
                on=timezone.localdate(),
                resolution=default.resolution,
                actor=request.user,
            )

    @admin.action(description="Dismiss today (reason in the resolution field)")
    def dismiss(self, request, queryset):
        for default in queryset:
            self.run(
                request,
                [default],
                services.dismiss_default,
                "dismissed",
                on=timezone.localdate(),
                resolution=default.resolution,
            )


@admin.register(MitigationFundEntry)
class MitigationFundEntryAdmin(ServiceAdmin):
    """Deposits come only from assessed defaults; staff add spending here."""

    list_display = ("entry_on", "kind", "amount", "description", "default", "public_process")
    list_filter = ("kind",)
    fields = ("entry_on", "amount", "public_process", "community_benefit", "description")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.spend_from_fund(
            amount=obj.amount,
            on=obj.entry_on,
            public_process=obj.public_process,
            community_benefit=obj.community_benefit,
            description=obj.description,
            actor=request.user,
        )
        obj.pk = saved.pk

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": f"Clean Air Mitigation Fund: balance ${selectors.fund_balance():,.2f}",
        }
        return super().changelist_view(request, extra_context)


@admin.register(Baseline)
class BaselineAdmin(AuditedHistoryAdmin):
    list_display = ("__str__", "nox", "sox", "pm25", "pm25_equivalent")


@admin.register(AnnualReport)
class AnnualReportAdmin(ServiceAdmin):
    list_display = (
        "__str__",
        "port",
        "calendar_year",
        "projected",
        "submitted_on",
        "due_on",
        "pm25_equivalent",
        "determination_deadline",
    )
    list_filter = ("port", "calendar_year", "projected", ("determination", admin.EmptyFieldListFilter))
    readonly_fields = ("report_deadline", "determination_deadline", "pm25_equivalent")
    actions = ["determine"]

    @admin.display(description="Report due")
    def report_deadline(self, report):
        return show_deadline(report.report_due, done=True) if report.pk else "—"

    @admin.display(description="Determination due")
    def determination_deadline(self, report):
        return show_deadline(report.determination_due, done=hasattr(report, "determination")) if report.pk else "—"

    @admin.action(description="Determine and inform the Ports today (Rule 4001 (e)(1))")
    def determine(self, request, queryset):
        self.run(
            request, queryset, services.determine, "determined", notified_on=timezone.localdate(), actor=request.user
        )


@admin.register(Determination)
class DeterminationAdmin(AuditedHistoryAdmin):
    list_display = ("report", "percent_reduction", "plan_required", "notified_on", "plan_deadline")
    list_filter = ("plan_required",)
    readonly_fields = (
        "report",
        "baseline_pm25_equivalent",
        "report_pm25_equivalent",
        "percent_reduction",
        "plan_required",
        "reason",
        "decided_by",
        "plan_deadline",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description="Plan due")
    def plan_deadline(self, determination):
        return show_deadline(determination.plan_due, done=determination.plans.exists())


class ControlStrategyInline(admin.StackedInline):
    model = ControlStrategy
    extra = 0
    readonly_fields = ("feasible",)

    @admin.display(description="Feasibility (Rule 4001 (c)(5))")
    def feasible(self, strategy):
        return strategy.feasibility.reason if strategy.pk else "—"


@admin.register(EmissionReductionPlan)
class EmissionReductionPlanAdmin(AuditedHistoryAdmin):
    list_display = ("__str__", "port", "status", "received_on", "decision_deadline")
    list_filter = ("status", "port")
    readonly_fields = (
        "status",
        "approved_on",
        "revises",
        "decision_deadline",
        "public_meeting_deadline",
        "implementation_deadline",
    )
    inlines = [ControlStrategyInline]

    @admin.display(description="Decision due")
    def decision_deadline(self, plan):
        return show_deadline(plan.decision_due, done=hasattr(plan, "decision")) if plan.pk else "—"

    @admin.display(description="Public meeting no later than")
    def public_meeting_deadline(self, plan):
        return show_deadline(plan.public_meeting_by, done=True) if plan.pk else "—"

    @admin.display(description="Implementation due")
    def implementation_deadline(self, plan):
        return show_deadline(plan.implementation_due, done=True) if plan.pk else "—"


@admin.register(PlanDecision)
class PlanDecisionAdmin(ServiceAdmin):
    list_display = ("plan", "outcome", "decided_on", "notice_mailed_on", "hearing_board_upheld")
    list_filter = ("outcome",)
    readonly_fields = ("appeal_deadline", "revised_plan_deadline", "decided_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return (*self.readonly_fields, "plan", "outcome", "decided_on", "reasons", "notice_mailed_on")

    def save_model(self, request, obj, form, change):
        if change:
            services.record_hearing_board_decision(
                obj, decided_on=obj.hearing_board_decided_on, upheld=bool(obj.hearing_board_upheld)
            )
            return
        saved = services.decide_plan(
            obj.plan,
            outcome=obj.outcome,
            decided_on=obj.decided_on,
            reasons=obj.reasons,
            notice_mailed_on=obj.notice_mailed_on,
            actor=request.user,
        )
        obj.pk = saved.pk

    @admin.display(description="Appeal to the Hearing Board by")
    def appeal_deadline(self, decision):
        return show_deadline(decision.appeal_due, done=True) if decision.pk else "—"

    @admin.display(description="Revised plan due")
    def revised_plan_deadline(self, decision):
        if not decision.pk:
            return "—"
        return show_deadline(decision.revised_plan_due, done=hasattr(decision.plan, "revision"))


@admin.register(ProgressReport)
class ProgressReportAdmin(AuditedHistoryAdmin):
    list_display = ("plan", "reported_on", "reductions_achieved", "remaining_shortfall")
