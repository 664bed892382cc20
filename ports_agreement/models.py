"""The Cooperative Agreement with the Ports (000_5a27d03f56223f7e.txt) and Rule 4001 (004_af983ba73b5d80a4.txt).

State changes go through ``ports_agreement.services``; workflows are django-fsm state machines.
Deadlines are computed by ``ports_agreement.rules.deadline`` and stored where staff filter on them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from . import rules
from .rules.feasibility import CARL_MOYER_NOX_PM_LIMIT

JOINT_OR_PORT = Coalesce(F("port"), Value(0))  # joint filings (no port) are unique too
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


def tons_per_day(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=10, decimal_places=4, validators=NON_NEGATIVE, help_text="tons/day"
    )


def dollars(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, validators=NON_NEGATIVE, **kwargs)


class Port(models.Model):
    """The Port of Los Angeles or the Port of Long Beach (Rule 4001 (c)(2))."""

    code = models.SlugField(max_length=10, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PortRepresentative(models.Model):
    """A sign-in for one port: its representative submits that port's reports and plans, and only those."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="port_representative")
    port = models.ForeignKey(Port, on_delete=models.PROTECT, related_name="representatives")

    def __str__(self) -> str:
        return f"{self.user} ({self.port})"


class PortScoped(models.Model):
    """Rule 4001 lets the Ports comply "jointly or separately" ((b)): ``port`` is empty for a joint filing."""

    port = models.ForeignKey(
        Port, on_delete=models.PROTECT, null=True, blank=True, help_text="Leave empty for both Ports jointly."
    )

    class Meta:
        abstract = True

    @property
    def scope(self) -> str:
        return str(self.port) if self.port_id else str(_("Both Ports jointly"))


# --- Cooperative Agreement ---------------------------------------------------------------------------------------


class Agreement(models.Model):
    """The Cooperative Agreement: a 5-year term from execution, and any party may exit on 45 days' notice
    (000_5a27d03f56223f7e.txt, "Agreement Term and Exit Clause")."""

    title = models.CharField(max_length=200, default="Cooperative Agreement with the Ports")
    ports = models.ManyToManyField(Port, related_name="agreements", help_text="The port parties (one or both).")
    executed_on = models.DateField()
    term_ends_on = models.DateField(editable=False)
    history = HistoricalRecords(m2m_fields=[ports])

    class Meta:
        ordering = ["-executed_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.executed_on:%b %-d, %Y})"

    def save(self, *args, **kwargs):
        self.term_ends_on = self.term.due
        super().save(*args, **kwargs)

    @property
    def term(self):
        return rules.deadline("term_ends_on", self.executed_on)

    @property
    def exit_notice(self) -> ExitNotice | None:
        return self.exit_notices.order_by("exit_effective_on").first()

    @property
    def ends_on(self) -> dt.date:
        """The day the agreement, and with it the rulemaking pause, ends."""
        notice = self.exit_notice
        return rules.rulemaking_pause_ends(self.term_ends_on, notice.exit_effective_on if notice else None)

    def is_in_force(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.executed_on <= on < self.ends_on


class ExitNotice(models.Model):
    """A party's notice of exit "for any reason"; the exit takes effect 45 days later."""

    DISTRICT = "South Coast AQMD"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="exit_notices")
    given_by = models.CharField(max_length=100, help_text="The party giving notice: the district or a port.")
    noticed_on = models.DateField()
    reason = models.TextField(blank=True, help_text="Optional: any party may exit for any reason.")
    exit_effective_on = models.DateField(editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["noticed_on"]

    def __str__(self) -> str:
        return f"Exit notice by {self.given_by}, effective {self.exit_effective_on}"

    def save(self, *args, **kwargs):
        self.exit_effective_on = self.exit_effective.due
        super().save(*args, **kwargs)

    @property
    def exit_effective(self):
        return rules.deadline("exit_effective_on", self.noticed_on)


class BoardReport(models.Model):
    """A report to the Board and public on implementation progress (000, "Board Resolution")."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="board_reports")
    presented_on = models.DateField()
    summary = models.TextField()

    class Meta:
        ordering = ["-presented_on"]

    def __str__(self) -> str:
        return f"Board report {self.presented_on}"


class SourceCategory(models.TextChoices):
    """All five port source categories (000, "Zero-Emission (ZE) Infrastructure Plans Cover All Port Sources")."""

    OCEAN_GOING_VESSELS = "ogv", _("Ocean-going vessels")
    TRUCKS = "trucks", _("Trucks")
    LOCAL_SWITCHERS = "switchers", _("Local switcher locomotives")
    CARGO_HANDLING_EQUIPMENT = "che", _("Cargo handling equipment")
    HARBOR_CRAFT = "harbor_craft", _("Harbor craft")


class Phase(models.IntegerChoices):
    """Plans are developed "in three phases (2027 - 2029)" (000, "Details of ZE Infrastructure Plans")."""

    PHASE_1 = 2027, _("Phase 1 (2027)")
    PHASE_2 = 2028, _("Phase 2 (2028)")
    PHASE_3 = 2029, _("Phase 3 (2029)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLIC_REVIEW = "public_review", _("Public review")
    SUBMITTED = "submitted", _("Submitted to the district")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for modification")


class InfrastructurePlan(models.Model):
    """A port's zero-emission infrastructure plan for one source category in one phase.

    Contents per 000, "Details of ZE Infrastructure Plans" and "Community Concerns": planning targets, key
    milestones within the port's control, how old equipment will be decommissioned, and the district's
    verification. Public review is built into development, modification and approval.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="plans")
    port = models.ForeignKey(Port, on_delete=models.PROTECT, related_name="infrastructure_plans")
    source_category = models.CharField(max_length=20, choices=SourceCategory.choices)
    phase = models.PositiveIntegerField(choices=Phase.choices)
    planning_targets = models.TextField(blank=True)
    decommissioning = models.TextField("How old equipment will be decommissioned", blank=True)
    status = FSMField(default=PlanStatus.DRAFT, choices=PlanStatus.choices, db_index=True)
    submitted_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    verification = models.TextField("District verification", blank=True)
    verified_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase", "port", "source_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "port", "source_category", "phase"], name="one_plan_per_port_category_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.port} {self.get_source_category_display()}, {self.get_phase_display()}"

    @transition(field=status, source=[PlanStatus.DRAFT, PlanStatus.RETURNED], target=PlanStatus.PUBLIC_REVIEW)
    def open_public_review(self):
        pass

    @transition(field=status, source=PlanStatus.PUBLIC_REVIEW, target=PlanStatus.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=PlanStatus.SUBMITTED, target=PlanStatus.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=[PlanStatus.SUBMITTED, PlanStatus.APPROVED], target=PlanStatus.RETURNED)
    def return_for_modification(self):
        pass


class Milestone(models.Model):
    """A key milestone of a plan; only those within the port's control can be a default (000, "Enforcement")."""

    plan = models.ForeignKey(InfrastructurePlan, on_delete=models.CASCADE, related_name="milestones")
    description = models.CharField(max_length=300)
    due_on = models.DateField()
    within_port_control = models.BooleanField(default=True)
    completed_on = models.DateField(null=True, blank=True)
    flagged_overdue_on = models.DateField(
        null=True, blank=True, editable=False, help_text="Set by the daily check; staff decide whether it is a default."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.completed_on is None and self.due_on < (on or timezone.localdate())


class CommentSubject(models.TextChoices):
    """What a public process is about (000, "Details of ZE Infrastructure Plans"; "Enforcement Provisions")."""

    DEVELOPMENT = "development", _("Plan development")
    MODIFICATION = "modification", _("Plan modification")
    APPROVAL = "approval", _("Plan approval")
    FUND_SPENDING = "fund_spending", _("Clean Air Mitigation Fund spending")


class PublicCommentPeriod(models.Model):
    subject = models.CharField(max_length=20, choices=CommentSubject.choices)
    plan = models.ForeignKey(
        InfrastructurePlan, on_delete=models.CASCADE, null=True, blank=True, related_name="comment_periods"
    )
    description = models.CharField(max_length=300, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="comment_period_closes_after_it_opens"
            )
        ]

    def __str__(self) -> str:
        about = self.plan or self.description
        return f"{self.get_subject_display()}: {about} ({self.opens_on} to {self.closes_on})"

    def has_closed(self, on: dt.date | None = None) -> bool:
        return self.closes_on < (on or timezone.localdate())


class Comment(models.Model):
    period = models.ForeignKey(PublicCommentPeriod, on_delete=models.CASCADE, related_name="comments")
    commenter = models.CharField(max_length=200)
    received_on = models.DateField()
    text = models.TextField()

    class Meta:
        ordering = ["received_on"]

    def __str__(self) -> str:
        return f"{self.commenter}, {self.received_on}"


class DefaultTier(models.Model):
    """A penalty tier, editable by staff; seeded with the amounts of 000, "Penalty Structure for Contract
    Defaults" (Tier I $50,000, Tier II $100,000, Tier III $200,000 per default)."""

    name = models.CharField(max_length=30, unique=True)
    amount_per_default = dollars("$ per default")
    definition = models.TextField(help_text="Which defaults fall in this tier.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["amount_per_default"]

    def __str__(self) -> str:
        return f"{self.name} (${self.amount_per_default:,.0f})"


class DefaultKind(models.TextChoices):
    """The enforcement triggers of 000, "Enforcement Provisions" and "Community Concerns"."""

    PLAN_SUBMISSION = "plan_submission", _("Plan submission")
    PLAN_APPROVAL = "plan_approval", _("Plan approval")
    PLAN_MODIFICATION = "plan_modification", _("Plan modification")
    PUBLIC_PROCESS = "public_process", _("Public process")
    MILESTONE = "milestone", _("Implementation milestone within the port's control")


class DefaultStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    DISPUTED = "disputed", _("In dispute resolution")
    ASSESSED = "assessed", _("Assessed")
    DISMISSED = "dismissed", _("Dismissed")


class Default(models.Model):
    """A contract default with its tier; assessed only by a staff decision, disputable through the
    agreement's dispute resolution (000, "Penalty Structure for Contract Defaults")."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="defaults")
    port = models.ForeignKey(Port, on_delete=models.PROTECT, related_name="defaults")
    kind = models.CharField(max_length=30, choices=DefaultKind.choices)
    tier = models.ForeignKey(DefaultTier, on_delete=models.PROTECT, related_name="defaults")
    amount = dollars("Amount", editable=False, help_text="The tier's amount when the default was recorded.")
    plan = models.ForeignKey(
        InfrastructurePlan, on_delete=models.PROTECT, null=True, blank=True, related_name="defaults"
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="defaults")
    occurred_on = models.DateField()
    description = models.TextField()
    status = FSMField(default=DefaultStatus.RECORDED, choices=DefaultStatus.choices, db_index=True)
    dispute = models.TextField(blank=True)
    resolution = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.port} {self.get_kind_display()} default, {self.occurred_on} ({self.tier.name})"

    @transition(field=status, source=DefaultStatus.RECORDED, target=DefaultStatus.DISPUTED)
    def open_dispute(self):
        pass

    @transition(field=status, source=[DefaultStatus.RECORDED, DefaultStatus.DISPUTED], target=DefaultStatus.ASSESSED)
    def assess(self):
        pass

    @transition(field=status, source=[DefaultStatus.RECORDED, DefaultStatus.DISPUTED], target=DefaultStatus.DISMISSED)
    def dismiss(self):
        pass


class MitigationFundEntry(models.Model):
    """The Board-managed Clean Air Mitigation Fund ledger: deposits of assessed defaults, and spending that
    follows a public process and benefits the near-port community (000, "Enforcement Provisions")."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit (assessed default)")
        SPENDING = "spending", _("Spending")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    entry_on = models.DateField()
    amount = dollars("Amount", help_text="Always positive; the kind says which way it goes.")
    default = models.OneToOneField(
        Default, on_delete=models.PROTECT, null=True, blank=True, related_name="fund_deposit"
    )
    public_process = models.ForeignKey(
        PublicCommentPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="fund_spending"
    )
    community_benefit = models.TextField("Near-port community benefit", blank=True)
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry_on", "pk"]
        verbose_name_plural = "mitigation fund entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="deposit", default__isnull=False)
                | models.Q(kind="spending", public_process__isnull=False) & ~models.Q(community_benefit=""),
                name="fund_deposit_from_default_spending_with_public_process_and_benefit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ${self.amount:,.2f} on {self.entry_on}"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.kind == self.Kind.DEPOSIT else -self.amount


# --- Rule 4001 ---------------------------------------------------------------------------------------------------


class Baseline(PortScoped):
    """2008 baseline emissions of all port-related sources (Rule 4001 (c)(1)), per port or joint."""

    nox = tons_per_day("NOx")
    sox = tons_per_day("SOx")
    pm25 = tons_per_day("PM2.5")
    source = models.CharField(max_length=200, default="Final 2012 AQMP, Appendix IV-A, page IV-A-36")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                JOINT_OR_PORT,
                name="one_baseline_per_scope",
                violation_error_message="This port (or joint) baseline exists.",
            )
        ]

    def __str__(self) -> str:
        return f"2008 baseline, {self.scope}"

    @property
    def emissions(self) -> rules.Emissions:
        return rules.Emissions(self.nox, self.sox, self.pm25)

    @property
    def pm25_equivalent(self) -> Decimal:
        return rules.pm25_equivalent(self.emissions)


class AnnualReport(PortScoped):
    """An emissions report: the partly projected 2014 report ((d)(1)) or a year's actual emissions ((d)(2))."""

    calendar_year = models.PositiveIntegerField()
    projected = models.BooleanField("Partly projected (2014 report under (d)(1))", default=False)
    nox = tons_per_day("NOx")
    sox = tons_per_day("SOx")
    pm25 = tons_per_day("PM2.5")
    submitted_on = models.DateField()
    due_on = models.DateField(editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["calendar_year", "projected"]
        constraints = [
            models.UniqueConstraint(
                JOINT_OR_PORT,
                F("calendar_year"),
                F("projected"),
                name="one_report_per_scope_year_and_kind",
                violation_error_message="A report for this year and kind exists for this scope.",
            ),
        ]

    def __str__(self) -> str:
        if self.projected:
            return str(_("%(year)s emissions report (projected), %(scope)s")) % {
                "year": self.calendar_year,
                "scope": self.scope,
            }
        return str(_("%(year)s emissions report (actual), %(scope)s")) % {
            "year": self.calendar_year,
            "scope": self.scope,
        }

    def save(self, *args, **kwargs):
        self.due_on = self.report_due.due
        super().save(*args, **kwargs)

    def clean(self):
        """Only the years Rule 4001 (d)(1)-(d)(2) asks a report for: the admin's "add" raised (a 500) on year 1."""
        if self.calendar_year is None:
            return
        try:
            self.report_due  # noqa: B018 (raises for a year the rule does not cover)
        except ValueError as error:
            text = str(error)
            raise ValidationError({"calendar_year": f"{text[:1].upper()}{text[1:]}."}) from None

    @property
    def report_due(self):
        return rules.report_due(self.calendar_year, projected=self.projected)

    @property
    def days_late(self) -> int:
        """Days after its due day (``due_on``: November 1, 2014 for the partly projected 2014 report, Rule 4001
        (d)(1); July 1 of the next year for a year's actual emissions, (d)(2)) the report was filed; 0 if on time."""
        return rules.days_late(self.submitted_on, self.due_on)

    @property
    def determination_due(self):
        return rules.deadline("determination_due", self.submitted_on)

    @property
    def emissions(self) -> rules.Emissions:
        return rules.Emissions(self.nox, self.sox, self.pm25)

    @property
    def pm25_equivalent(self) -> Decimal:
        return rules.pm25_equivalent(self.emissions)

    @property
    def baseline(self) -> Baseline | None:
        return Baseline.objects.filter(port=self.port).first()


class Determination(models.Model):
    """The Executive Officer's (e)(1) determination on a report: plan required or not, due 30 days after it."""

    report = models.OneToOneField(AnnualReport, on_delete=models.PROTECT, related_name="determination")
    baseline_pm25_equivalent = models.DecimalField(max_digits=14, decimal_places=6)
    report_pm25_equivalent = models.DecimalField(max_digits=14, decimal_places=6)
    percent_reduction = models.DecimalField(max_digits=9, decimal_places=4)
    plan_required = models.BooleanField()
    reason = models.TextField()
    notified_on = models.DateField(help_text="The day the Executive Officer informed the Ports.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-notified_on"]

    def __str__(self) -> str:
        return f"Determination on the {self.report}"

    @property
    def plan_due(self):
        return rules.deadline("plan_due", self.notified_on) if self.plan_required else None


class ERPStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, under review")
    APPROVED = "approved", _("Approved")
    DISAPPROVED = "disapproved", _("Disapproved (in whole or in part)")
    VIOLATION = "violation", _("Revised plan disapproved: violation")


class EmissionReductionPlan(PortScoped):
    """An Emission Reduction Plan (Rule 4001 (f)), or a revised one (``revises`` set, (f)(2)(C), (f)(2)(F))."""

    determination = models.ForeignKey(Determination, on_delete=models.PROTECT, related_name="plans")
    revises = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="revision")
    shortfall = models.DecimalField(
        "Shortfall (PM2.5 equivalent, tons/day)", max_digits=10, decimal_places=4, validators=NON_NEGATIVE
    )
    received_on = models.DateField()
    public_meeting_on = models.DateField("Public meeting to solicit input", help_text="Rule 4001 (f)(1)(E)(i)")
    commission_approved_on = models.DateField("Board of Harbor Commissioners approval", help_text="Rule 4001 (f)(1)(E)")
    uses_extended_schedule = models.BooleanField(
        "Shortfall cannot be eliminated within 18 months",
        default=False,
        help_text="The plan then includes strategies implemented within 18 and within 30 months ((f)(1)(B)(i)).",
    )
    strategies_not_included = models.TextField(
        blank=True, help_text="Every potential strategy left out, and why it is not feasible ((f)(1)(B)(ii))."
    )
    progress_reporting = models.TextField("Process for progress reports", help_text="Rule 4001 (f)(1)(D)")
    carl_moyer_limit = dollars("Applicable Carl Moyer limit, NOx+PM ($/ton)", default=CARL_MOYER_NOX_PM_LIMIT)
    status = FSMField(default=ERPStatus.SUBMITTED, choices=ERPStatus.choices, db_index=True)
    approved_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on"]

    def __str__(self) -> str:
        kind = _("Revised Emission Reduction Plan") if self.revises_id else _("Emission Reduction Plan")
        received = date_format(self.received_on) if self.received_on else ""
        return str(_("%(kind)s, %(scope)s, received %(date)s")) % {"kind": kind, "scope": self.scope, "date": received}

    @property
    def is_revision(self) -> bool:
        return self.revises_id is not None

    @property
    def decision_due(self):
        name = "revised_plan_decision_due" if self.is_revision else "plan_decision_due"
        return rules.deadline(name, self.received_on)

    @property
    def public_meeting_by(self):
        return rules.deadline("public_meeting_by", self.commission_approved_on)

    @property
    def implementation_due(self):
        if not self.approved_on:
            return None
        name = "extended_implementation_due" if self.uses_extended_schedule else "implementation_due"
        return rules.deadline(name, self.approved_on)

    @transition(field=status, source=ERPStatus.SUBMITTED, target=ERPStatus.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=ERPStatus.SUBMITTED, target=ERPStatus.DISAPPROVED)
    def disapprove(self):
        pass

    @transition(field=status, source=ERPStatus.SUBMITTED, target=ERPStatus.VIOLATION)
    def disapprove_revision(self):
        pass


class StrategySchedule(models.TextChoices):
    WITHIN_18_MONTHS = "18", _("Within 18 months of approval")
    WITHIN_30_MONTHS = "30", _("Beyond 18 but within 30 months")


class ControlStrategy(models.Model):
    """A control strategy with the elements of Rule 4001 (f)(1)(C)."""

    plan = models.ForeignKey(EmissionReductionPlan, on_delete=models.CASCADE, related_name="strategies")
    name = models.CharField(max_length=200)
    actions = models.TextField("Actions to be taken")
    expected_reduction = models.DecimalField(
        "Expected reduction (PM2.5 equivalent, tons/day)", max_digits=10, decimal_places=4, validators=NON_NEGATIVE
    )
    cost = dollars("Cost")
    nox_pm_cost_per_ton = dollars("Cost-effectiveness, NOx+PM ($/ton)", null=True, blank=True)
    sox_cost_per_ton = dollars("Cost-effectiveness, SOx ($/ton)", null=True, blank=True)
    legal_authority = models.BooleanField("The Ports have the legal authority to implement it")
    method = models.TextField("Method of implementation")
    schedule = models.TextField("Implementation schedule")
    implemented_within = models.CharField(
        max_length=2, choices=StrategySchedule.choices, default=StrategySchedule.WITHIN_18_MONTHS
    )

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name_plural = "control strategies"

    def __str__(self) -> str:
        return self.name

    @property
    def feasibility(self) -> rules.Feasibility:
        return rules.feasibility(
            legal_authority=self.legal_authority,
            nox_pm_cost_per_ton=self.nox_pm_cost_per_ton,
            sox_cost_per_ton=self.sox_cost_per_ton,
            moyer_limit=self.plan.carl_moyer_limit,
        )


class PlanDecision(models.Model):
    """The Executive Officer's written decision on a plan ((f)(2)), its public notice ((f)(2)(E)),
    and any appeal to the District Hearing Board ((g)(2))."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DISAPPROVED = "disapproved", _("Disapproved in whole")
        PARTLY_DISAPPROVED = "partly_disapproved", _("Disapproved in part")

    plan = models.OneToOneField(EmissionReductionPlan, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    decided_on = models.DateField()
    reasons = models.TextField(help_text="In writing; required for a disapproval ((f)(2)(B)(i)).")
    notice_mailed_on = models.DateField(help_text="Public notice mailed with the notice to the Ports ((f)(2)(E)(i)).")
    hearing_board_decided_on = models.DateField(null=True, blank=True)
    hearing_board_upheld = models.BooleanField(
        null=True, blank=True, help_text="Whether the Hearing Board upheld the disapproval."
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.decided_on}"

    @property
    def is_disapproval(self) -> bool:
        return self.outcome != self.Outcome.APPROVED

    @property
    def appeal_period_starts(self):
        return rules.deadline("appeal_period_starts", self.notice_mailed_on)

    @property
    def appeal_due(self):
        return rules.deadline("appeal_due", self.appeal_period_starts.due)

    @property
    def revised_plan_due(self):
        """60 days after disapproval, or after a Hearing Board decision upholding it ((f)(2)(C)(ii)-(iii))."""
        if not self.is_disapproval or self.plan.is_revision:
            return None
        if self.hearing_board_decided_on and self.hearing_board_upheld:
            return rules.deadline("revised_plan_due_after_appeal", self.hearing_board_decided_on)
        return rules.deadline("revised_plan_due", self.decided_on)


class ProgressReport(models.Model):
    """Progress toward eliminating the shortfall ((d)(2)(A), (f)(1)(D))."""

    plan = models.ForeignKey(EmissionReductionPlan, on_delete=models.PROTECT, related_name="progress_reports")
    reported_on = models.DateField()
    reductions_achieved = models.DecimalField(
        "Reductions achieved (PM2.5 equivalent, tons/day)", max_digits=10, decimal_places=4, validators=NON_NEGATIVE
    )
    narrative = models.TextField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on"]

    def __str__(self) -> str:
        return f"Progress report {self.reported_on}"

    @property
    def remaining_shortfall(self) -> Decimal:
        return max(self.plan.shortfall - self.reductions_achieved, Decimal("0"))


# --- Milestone progress, reported by the port (issue 22) ---------------------------------------------------------


def evidence_path(instance, filename: str) -> str:
    """Never a guessable name (the files are streamed after the permission check, never served by URL)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"ports/milestones/{instance.milestone_id}/{uuid.uuid4().hex}.{extension}"


class MilestoneReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, under review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned to the port")


class MilestoneReport(models.Model):
    """The port's report of progress on one milestone of its plan, with evidence; staff accept it (a reported
    completion then completes the milestone) or return it with the reason. A milestone not completed by its date
    is flagged by the daily check and a default is staff's decision, as before (000, "Enforcement Provisions":
    "key milestones within the port's control")."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="reports")
    progress = models.TextField(_("progress"))
    completed_on = models.DateField(_("milestone reached on"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path)
    evidence_name = models.CharField(_("evidence file name"), max_length=255)
    evidence_type = models.CharField(_("evidence content type"), max_length=100)
    reported_on = models.DateField(_("reported on"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = FSMField(
        _("status"), default=MilestoneReportStatus.SUBMITTED, choices=MilestoneReportStatus.choices, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["status", "reported_on"], name="milestone_report_status_day")]

    def __str__(self) -> str:
        return f"{self.milestone}: progress reported on {self.reported_on}"

    @transition(field=status, source=MilestoneReportStatus.SUBMITTED, target=MilestoneReportStatus.ACCEPTED)
    def accept(self):
        pass

    @transition(field=status, source=MilestoneReportStatus.SUBMITTED, target=MilestoneReportStatus.RETURNED)
    def send_back(self):
        pass
