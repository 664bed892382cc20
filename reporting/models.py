"""Usage reporting after payment, remedies for a shortfall, and closeout.

- :class:`UsageReport`: one report of one funded project for one reporting period of its term, generated from the
  agreement (``agreements.rules.schedule.report_schedule``: semi-annual for INVEST CLEAN, 001_ea26778b00a7e017.txt
  PA2026-01 6.3, PA2026-02 4.4, PA2026-03 "DELIVERABLES"; annual for SOON, 003_b264a6114e3b8c3f.txt "REPORTING AND
  MONITORING", and PA2022-01, 002_93fe1fbed5faf247.txt "DELIVERABLES"). A state machine: due -> draft -> submitted ->
  accepted, or returned to the awardee (and submitted again). Overdue is not a state: it is derived from the due date
  (``is_overdue``), so it is right whatever day it is read. The usage the checks and dashboards read (``usage``,
  ``in_area``, ``unit``) are typed, indexed columns; the program's other metrics (``reporting.rules.programs``,
  numbers with their units) are in ``values``, typed by the program's fields on every read and write.
- :class:`ReportDocument`: a file in one of the program's report document slots (registration, insurance, energy meter
  records ...), checked by the applications' upload helper, private and streamed after a permission check.
- :class:`Remedy`: what staff decided about a shortfall: an extension (through an agreement amendment), an ownership
  transfer (an amendment, approved first), a partial payback with the amount owed, or a waiver with its reason.
- :class:`Closeout`: the closing of a funded project, and of the agreement once all its projects are closed.

Every write goes through ``reporting.services``; reads through ``reporting.selectors``.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, Amendment, FundedProject
from applications.models import Project
from core.fields import dollars
from programs.models import Program


def quantity(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=4, **kwargs)


class UsageReport(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, under review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for changes")

    OPEN = (Status.DUE, Status.DRAFT, Status.RETURNED)
    EDITABLE = (Status.DUE, Status.DRAFT, Status.RETURNED)

    funded_project = models.ForeignKey(
        FundedProject, on_delete=models.PROTECT, related_name="usage_reports", verbose_name=_("project")
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="usage_reports")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="usage_reports")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="usage_reports")
    number = models.PositiveSmallIntegerField(_("period"))
    name = models.CharField(_("report"), max_length=120)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    months = models.PositiveSmallIntegerField(_("months in the period"))
    due = models.DateField(_("due"), db_index=True)
    closes_year = models.BooleanField(
        _("closes a project year"),
        default=False,
        help_text=_("The yearly labor-law certification travels with this report."),
    )
    status = FSMField(_("status"), default=Status.DUE, choices=Status.choices, db_index=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    usage = quantity(_("usage in the period"), null=True, blank=True)
    in_area = quantity(_("usage inside the area"), null=True, blank=True)
    values = models.JSONField(_("reported figures"), default=dict, blank=True)
    labor_law_certified = models.BooleanField(_("labor-law certification given"), default=False)
    certified_by_name = models.CharField(_("certified by"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("staff's review"), blank=True)
    shortfall = quantity(_("cumulative usage shortfall when reviewed"), null=True, blank=True)
    share_short = models.BooleanField(_("share inside the area below the requirement"), default=False)
    inspection_requested_at = models.DateTimeField(_("inspection requested"), null=True, blank=True)
    inspection_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspection requested by"),
    )
    inspection_reason = models.TextField(_("why an inspection was requested"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("usage report")
        verbose_name_plural = _("usage reports")
        ordering = ["due", "funded_project", "number"]
        constraints = [models.UniqueConstraint(fields=["funded_project", "number"], name="one_report_per_period")]
        indexes = [
            models.Index(fields=["program", "status", "period_end"], name="report_program_status_end"),
            models.Index(fields=["status", "due"], name="report_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number} #{self.funded_project.position}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """ "Semi-annual report 3" in the reader's language (the rules' report names are in ``rule_labels``)."""
        from django.utils.translation import gettext

        base, _space, number = self.name.rpartition(" ")
        return f"{gettext(base)} {number}" if base else self.name

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def is_overdue_on(self, today) -> bool:
        return self.status in self.OPEN and self.due < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    # Transitions: only ``reporting.services`` calls them, with the row locked.
    @transition(field=status, source=[Status.DUE, Status.DRAFT], target=Status.DRAFT)
    def save_draft(self):
        pass

    @transition(field=status, source=[Status.DUE, Status.DRAFT, Status.RETURNED], target=Status.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.ACCEPTED)
    def accept(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def return_to_awardee(self):
        pass


def document_path(instance: ReportDocument, filename: str) -> str:
    """Private storage (streamed after a permission check), never a guessable name."""
    return f"reporting/{instance.report_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ReportDocument(models.Model):
    """A file in one of the program's report document slots (``reporting.rules.programs.REPORT_FORMS``)."""

    report = models.ForeignKey(UsageReport, on_delete=models.CASCADE, related_name="documents")
    slot = models.CharField(_("document"), max_length=60)
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        ordering = ["report", "slot", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.slot}: {self.original_name}"


class Remedy(models.Model):
    """Staff's decision about a usage shortfall, with who, when and why.

    An extension and a transfer are amendments of the agreement (``agreements.services.extend_term`` / ``transfer``),
    recorded here with the amendment; a payback stays open until staff record it repaid; a waiver closes the matter
    with its reason.
    """

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("Extension of the term to make up the shortfall")
        TRANSFER = "ownership_transfer", _("Transfer of ownership to a committed operator")
        PAYBACK = "partial_payback", _("Partial payback of funds")
        WAIVER = "waiver", _("Waiver")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SETTLED = "settled", _("Settled")

    funded_project = models.ForeignKey(FundedProject, on_delete=models.PROTECT, related_name="remedies")
    report = models.ForeignKey(UsageReport, on_delete=models.PROTECT, null=True, blank=True, related_name="remedies")
    kind = models.CharField(_("remedy"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    shortfall = quantity(_("cumulative shortfall when decided"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months added to the term"), null=True, blank=True)
    amendment = models.ForeignKey(
        Amendment, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("amendment")
    )
    amount_owed = dollars(_("amount owed"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settlement_note = models.TextField(_("how it was settled"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["funded_project", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.funded_project}: {self.get_kind_display()}"


class Closeout(models.Model):
    """The closing of one funded project (``funded_project`` set) or of its whole agreement (blank), with what was
    released in the fund ledger and who closed it, when and why."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="closeouts")
    funded_project = models.OneToOneField(
        FundedProject, on_delete=models.PROTECT, null=True, blank=True, related_name="closeout"
    )
    released = dollars(_("award released in the fund ledger"), default=0)
    paid = dollars(_("paid on the award"), default=0)
    note = models.TextField(_("note"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closeout")
        verbose_name_plural = _("closeouts")
        ordering = ["agreement", "closed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"], condition=models.Q(funded_project__isnull=True), name="one_agreement_closeout"
            )
        ]

    def __str__(self) -> str:
        what = self.funded_project if self.funded_project_id else self.agreement
        return f"Closeout of {what}"
