"""Payment requests: what an awardee asks to be paid on an executed agreement's funded project, with the proof, and
the two decisions before money moves (staff approve the computed amount; a second person with the finance permission
releases it as a disbursement in the fund ledger).

- :class:`PaymentRequest`: one request on one funded project. A state machine: draft -> submitted -> approved ->
  paid, or returned to the awardee (and submitted again), rejected, withdrawn; finance may send an approved request
  back to staff. The amounts dashboards sum (invoiced, approved, paid) are typed, indexed columns.
- :class:`CostLine`: the invoiced amounts by cost line, and the other funding received (``kind``).
- :class:`PaymentDocument`: a file in one of the program's named upload slots (``payments.rules.PAYMENT_RULES``),
  private and streamed after a permission check; staff may refuse one with a reason.
- :class:`Confirmation`: a clearance that is payments' own business (BABA documentation approved, all funding sources
  reported), confirmed by staff on the request. Inspection clearances come from ``payments.selectors.clearances_for``.
- :class:`Step`: who moved a request from one state to another, when and why.
- :class:`Milestone`: a funded project's payment schedule where the agreement divides the award (PA2026-03).

"Every program pays on reimbursement, after the work is done and proven" (001_ea26778b00a7e017.txt, PA2026-01 6.1;
PA2026-02 SECTION 5; PA2026-03 SECTION II "Payments"; 003_b264a6114e3b8c3f.txt SECTION V; 002_93fe1fbed5faf247.txt
PAYMENT TERMS). Every write goes through ``payments.services``; reads through ``payments.selectors``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, FundedProject
from applications.models import Project
from core.fields import dollars
from funding.models import LedgerEntry
from programs.models import Program

ZERO = Decimal("0.00")


class PaymentRequest(models.Model):
    """One request for payment on one funded project of an executed agreement."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, under review")
        RETURNED = "returned", _("Returned to the awardee")
        APPROVED = "approved", _("Approved, awaiting release")
        PAID = "paid", _("Paid")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    class Method(models.TextChoices):
        ACH = "ach", _("ACH transfer")
        WIRE = "wire", _("Wire transfer")
        CHECK = "check", _("Check")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="payment_requests", verbose_name=_("agreement")
    )
    funded_project = models.ForeignKey(
        FundedProject, on_delete=models.PROTECT, related_name="payment_requests", verbose_name=_("funded project")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="payment_requests", verbose_name=_("project")
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="payment_requests", verbose_name=_("program")
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("1 for the project's first request, and so on."))
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, db_index=True)
    # What the awardee gives.
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    milestone = models.PositiveSmallIntegerField(
        _("milestone"), null=True, blank=True, help_text=_("The payment schedule's milestone this invoice is for.")
    )
    values = models.JSONField(
        _("program's request facts"),
        default=dict,
        blank=True,
        help_text=_("The program's own request fields (financed equipment, verified kW)."),
    )
    invoiced_eligible_cost = dollars(_("eligible cost invoiced and paid"), default=ZERO)
    other_incentives = dollars(_("other funding received"), default=ZERO)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # Staff's approval: the amount computed by payments.rules.payable, never typed.
    approved_amount = dollars(_("approved amount"), null=True, blank=True, db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # A supervisor's second approval, above the program's amount (``Program.second_approval_above``).
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second approval by"),
    )
    second_approved_at = models.DateTimeField(_("second approval"), null=True, blank=True)
    computation = models.JSONField(
        _("computation at approval"),
        default=dict,
        blank=True,
        help_text=_("The payable amount, its limits and the clause, as approved."),
    )
    # Finance's release: a disbursement in the fund ledger.
    paid_amount = dollars(_("amount paid"), null=True, blank=True, db_index=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, db_index=True)
    payment_method = models.CharField(_("payment method"), max_length=10, choices=Method.choices, blank=True)
    payment_reference = models.CharField(
        _("payment reference"), max_length=100, blank=True, help_text=_("Check number, ACH trace or wire reference.")
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    disbursements = models.ManyToManyField(
        LedgerEntry, blank=True, related_name="payment_requests", verbose_name=_("disbursements in the fund ledger")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")
        ordering = ["-created_at", "-pk"]
        permissions = [("release_paymentrequest", "Can release an approved payment (finance)")]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_payment_request_number_per_project"),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="one_open_payment_request_per_project",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True) | Q(paid_amount__gt=0), name="payment_paid_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"], name="payment_program_status"),
            models.Index(fields=["submitted_at", "id"], name="payment_queue"),  # staff's queue's order (issue 25)
        ]

    def __str__(self) -> str:
        return _("Payment request %(number)s for %(project)s") % {"number": self.number, "project": self.reference}

    def get_absolute_url(self) -> str:
        return reverse("payments:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The project in people's words: "PA2026-02-00012 #1"."""
        return f"{self.agreement.number} #{self.funded_project.position}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    # Transitions: only ``payments.services`` calls them, with the row locked.
    @transition(field=status, source=[Status.DRAFT, Status.RETURNED], target=Status.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def return_to_awardee(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.REJECTED)
    def reject(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.SUBMITTED)
    def send_back(self):
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.PAID)
    def release(self):
        pass

    @transition(field=status, source=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED], target=Status.WITHDRAWN)
    def withdraw(self):
        pass


class CostLine(models.Model):
    """One invoiced cost the awardee paid, or one other source of funding received for the project."""

    class Kind(models.TextChoices):
        COST = "cost", _("Invoiced cost")
        OTHER_FUNDING = "other_funding", _("Other funding received")

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    reference = models.CharField(_("invoice number or source"), max_length=100, blank=True)
    amount = dollars(_("amount"))
    # Staff's review: a line the agreement does not pay for, disallowed with the reason (issue 21).
    disallowed_reason = models.TextField(_("why staff disallowed it"), blank=True)
    disallowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disallowed by"),
    )
    disallowed_at = models.DateTimeField(_("disallowed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["request", "kind", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_line_amount_positive")]

    def __str__(self) -> str:
        return f"{self.description}: ${self.amount:,.2f}"


def document_path(instance: PaymentDocument, filename: str) -> str:
    """Private storage (streamed after a permission check), never a guessable name."""
    return f"payments/{instance.request_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class PaymentDocument(models.Model):
    """A file in one of the program's payment document slots (``PaymentRules.documents``)."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="documents")
    slot = models.CharField(_("document"), max_length=60)
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    refused_reason = models.TextField(_("why staff refused it"), blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refused by"),
    )
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment document")
        verbose_name_plural = _("payment documents")
        ordering = ["request", "slot", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.slot}: {self.original_name}"

    @property
    def is_refused(self) -> bool:
        return self.refused_at is not None


class Confirmation(models.Model):
    """A clearance staff confirmed on the request (``payments.selectors.STAFF_CLEARANCES``), with who, when and why."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="confirmations")
    key = models.CharField(_("clearance"), max_length=60)
    note = models.TextField(_("note"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["request", "key"]
        constraints = [models.UniqueConstraint(fields=["request", "key"], name="one_confirmation_per_key")]

    def __str__(self) -> str:
        return f"{self.key} confirmed by {self.confirmed_by}"


class Step(models.Model):
    """Who moved a request from one state to another, when, and why (every transition, through the services)."""

    ACTIONS = {
        "start": _("Started"),
        "submit": _("Submitted"),
        "return_to_awardee": _("Returned to the awardee"),
        "reject": _("Rejected"),
        "approve": _("Approved"),
        "second_approve": _("Second approval (supervisor)"),
        "disallow_line": _("Cost line disallowed"),
        "send_back": _("Sent back to staff"),
        "release": _("Paid"),
        "withdraw": _("Withdrawn"),
        "unconfirm": _("Clearance taken back"),
    }

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=PaymentRequest.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PaymentRequest.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment step")
        verbose_name_plural = _("payment steps")
        ordering = ["request", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        return self.ACTIONS.get(self.action, self.action)


class Milestone(models.Model):
    """One payment of a funded project's schedule: "Invoices may be submitted at milestones prescribed in the
    agreement" (001_ea26778b00a7e017.txt, PA2026-03 Table 2 step 5). The amounts add up to the award."""

    funded_project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="payment_milestones")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("milestone"), max_length=200)
    amount = dollars(_("amount"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ["funded_project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["funded_project", "number"], name="one_payment_milestone_per_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_milestone_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}: ${self.amount:,.2f}"
