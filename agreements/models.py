"""Agreements: the awardee's rebate agreement or contract, its funded projects, the events recorded on each project,
the obligations those events date, and the amendments.

- :class:`Agreement`: one per approved application (drafted when it is approved), in the program's own noun
  (``agreements.rules``: "rebate agreement" for INVEST CLEAN, "contract" for PA2022-01 and SOON). A state machine:
  drafted -> sent -> signed (by a person authorized for the awardee) -> executed (countersigned by staff), then
  terminated or closed. "The South Coast AQMD has no obligation to fund a project until an Agreement is fully
  executed by both parties" (001_ea26778b00a7e017.txt, PA2026-02 SECTION 4; 003_b264a6114e3b8c3f.txt, PROJECT COST).
- :class:`FundedProject`: one project of the agreement with its award, the fund paying it and what the agreement
  sets for it (milestone dates, project type, project life, the annual usage it requires).
- :class:`ProjectEvent`: something that happened to a project (delivery, commissioning, a dismantler's receipt ...),
  never edited: a correction is a new row pointing at the one it corrects.
- :class:`Obligation`: one dated (or waiting) obligation of a project, stored from the pure calendar
  (``agreements.rules.obligations.calendar``) whenever an event, a completion, a waiver or an amendment changes it.
- :class:`Amendment`: a change to an executed agreement, its own record and PDF.

Every write goes through ``agreements.services``; reads through ``agreements.selectors``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from agreements.rules.base import ObligationKind
from agreements.rules.obligations import Status as CalendarStatus
from agreements.rules.registry import post_award
from applications.models import Application, Project
from core.fields import dollars
from programs.models import Program

NOUNS = {
    "rebate agreement": pgettext_lazy("agreement noun", "rebate agreement"),
    "contract": pgettext_lazy("agreement noun", "contract"),
}
"""The programs' nouns (``agreements.rules``, ``PostAward.agreement_noun``) in the reader's language."""


def document_path(instance, filename: str) -> str:
    """Private storage (streamed after a permission check), never a guessable name."""
    agreement_id = instance.pk if isinstance(instance, Agreement) else instance.agreement_id
    return f"agreements/{agreement_id}/{uuid.uuid4().hex}.pdf"


class Agreement(models.Model):
    """The agreement between the district and the awardee for an approved application's funded projects."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        SENT = "sent", _("Sent to the awardee to sign")
        SIGNED = "signed", _("Signed by the awardee")
        EXECUTED = "executed", _("Executed")
        TERMINATED = "terminated", _("Terminated")
        CLOSED = "closed", _("Closed")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement", verbose_name=_("application")
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("program"))
    number = models.CharField(_("number"), max_length=40, unique=True)
    status = FSMField(_("status"), default=Status.DRAFTED, choices=Status.choices, db_index=True)
    awardee_name = models.CharField(
        _("awardee"), max_length=200, help_text=_("The awardee as the agreement names it (the applicant's name).")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner after a transfer"),
        help_text=_("Set by an ownership transfer: the new owner's account. Blank: the application's applicant."),
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_document = models.FileField(_("agreement as sent"), upload_to=document_path, blank=True)
    # The awardee's signature: a person authorized for the awardee, in the browser.
    signer_name = models.CharField(_("signed by (name)"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_consent = models.BooleanField(_("consented to sign electronically"), default=False)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signer_ip = models.GenericIPAddressField(_("signed from (IP address)"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signing account"),
    )
    # The district's countersignature.
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("countersigned by"),
    )
    countersigner_name = models.CharField(_("countersigner's name"), max_length=150, blank=True)
    countersigner_title = models.CharField(_("countersigner's title"), max_length=150, blank=True)
    countersigned_at = models.DateTimeField(_("countersigned"), null=True, blank=True)
    countersigner_ip = models.GenericIPAddressField(_("countersigned from (IP address)"), null=True, blank=True)
    executed_on = models.DateField(_("executed on"), null=True, blank=True, db_index=True)
    executed_document = models.FileField(_("executed agreement"), upload_to=document_path, blank=True)
    executed_sha256 = models.CharField(_("SHA-256 of the executed PDF"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-pk"]
        permissions = [("countersign_agreement", "Can countersign agreements for the district (signature authority)")]
        indexes = [
            models.Index(fields=["program", "status"], name="agreement_program_status"),
            # The district's list, newest first (issue 25: a sort of every agreement without it)
            models.Index(fields=["-created_at", "-id"], name="agreement_newest"),
        ]

    def __str__(self) -> str:
        return _("%(noun)s %(number)s") % {"noun": capfirst(self.noun_display), "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    @property
    def noun(self) -> str:
        """The program's word for it: "rebate agreement" (INVEST CLEAN) or "contract" (PA2022-01, SOON)."""
        return post_award(self.program.code).agreement_noun

    @property
    def noun_display(self) -> str:
        """The noun in the reader's language ("rebate agreement", "acuerdo de reembolso")."""
        return str(NOUNS.get(self.noun, self.noun))

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.EXECUTED

    # Transitions: only ``agreements.services`` calls them, with the row locked.
    @transition(field=status, source=Status.DRAFTED, target=Status.SENT)
    def send(self):
        pass

    @transition(field=status, source=Status.SENT, target=Status.DRAFTED)
    def recall(self):
        pass

    @transition(field=status, source=Status.SENT, target=Status.SIGNED)
    def sign(self):
        pass

    @transition(field=status, source=Status.SIGNED, target=Status.SENT)
    def return_signature(self):
        pass

    @transition(field=status, source=Status.SIGNED, target=Status.EXECUTED)
    def countersign(self):
        pass

    @transition(
        field=status, source=[Status.DRAFTED, Status.SENT, Status.SIGNED, Status.EXECUTED], target=Status.TERMINATED
    )
    def terminate(self):
        pass

    @transition(field=status, source=Status.EXECUTED, target=Status.CLOSED)
    def close(self):
        pass


class Step(models.Model):
    """Who moved an agreement from one state to another, when, and why (every transition, through the services)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=Agreement.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Agreement.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement step")
        verbose_name_plural = _("agreement steps")
        ordering = ["agreement", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"


class FundedProject(models.Model):
    """One project of an agreement: what the agreement awards it and sets for it.

    ``values`` holds the program's agreement fields (``agreements.rules`` ``PostAward.agreement_fields``: PA2026-03's
    milestone dates, SOON's project type and life, PA2022-01's funding path and project life) and the annual usage the
    agreement requires (``annual_requirement``), as JSON primitives; ``selectors.agreement_values`` types them.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("In the agreement")
        TERMINATED = "terminated", _("Terminated")
        CLOSED = "closed", _("Closed")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="funded_projects")
    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="funded", verbose_name=_("project"))
    position = models.PositiveIntegerField(default=1)
    award = dollars(
        _("award"), db_index=True, help_text=_("The award the agreement states, less any reduction by amendment.")
    )
    fund_names = models.CharField(_("paid from"), max_length=300, blank=True)
    values = models.JSONField(_("what the agreement sets"), default=dict, blank=True)
    term_extension_months = models.PositiveSmallIntegerField(_("term extended by (months)"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    schedule_synced_at = models.DateTimeField(
        _("report schedule brought up to date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set by the usage-report schedule; any change to the project clears it, so the daily task redoes it."
        ),
    )
    history = HistoricalRecords(excluded_fields=["schedule_synced_at"])

    class Meta:
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        ordering = ["agreement", "position"]

    def __str__(self) -> str:
        return str(self.project)

    def save(self, *args, **kwargs):
        """Any change (values, an extension, the status) may move the report schedule: the daily task's
        ``reporting.services.sync_all`` picks up a project whose ``schedule_synced_at`` is cleared (issue 25)."""
        self.schedule_synced_at = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "schedule_synced_at"}
        super().save(*args, **kwargs)


class ProjectEvent(models.Model):
    """One recorded event of a project, e.g. delivery of the new equipment on June 30, 2026.

    ``key`` is one of the program's post-award events (``agreements.rules``, ``PostAward.events``). Rows are never
    edited: a corrected date is a new row whose ``corrects`` points at the row it replaces, with a note saying why,
    so the calendar's history shows both.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="events")
    key = models.CharField(_("event"), max_length=40)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by", verbose_name=_("corrects")
    )
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["project", "on", "pk"]
        indexes = [models.Index(fields=["project", "key"], name="event_project_key")]

    def __str__(self) -> str:
        return f"{self.label} on {self.on:%B %-d, %Y}"

    @property
    def label(self) -> str:
        program = post_award(self.agreement.program.code)
        keys = {event.key for event in program.events}
        return program.event(self.key).label if self.key in keys else self.key


class Amendment(models.Model):
    """One amendment of an executed agreement, with its own PDF (stored unchanged once made).

    - ``extend_term``: ``months`` added to a project's term (e.g. to make up a usage shortfall, PA2026-02 4.5);
    - ``extend_milestone``: a new, later due date for one obligation (``obligation_key``, ``new_due``);
    - ``reduce_award``: ``amount`` taken off a project's award and released in the fund ledger;
    - ``transfer``: the agreement passes to a new owner (``new_owner_name``, ``new_owner``), approved first
      (PA2026-01 6.5: "South Coast AQMD and US EPA will review and approve the justification");
    - ``terminate``: the agreement (or one project) ends; what is awarded and not yet paid is released.
    """

    class Kind(models.TextChoices):
        EXTEND_TERM = "extend_term", _("Extend the term")
        EXTEND_MILESTONE = "extend_milestone", _("Extend a milestone or deadline")
        REDUCE_AWARD = "reduce_award", _("Reduce the award")
        TRANSFER = "transfer", _("Transfer to a new owner")
        TERMINATE = "terminate", _("Terminate")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("project"),
        help_text=_("Blank: the whole agreement."),
    )
    months = models.PositiveSmallIntegerField(_("months added to the term"), null=True, blank=True)
    obligation_key = models.CharField(_("obligation"), max_length=60, blank=True)
    previous_due = models.DateField(_("due before"), null=True, blank=True)
    new_due = models.DateField(_("new due date"), null=True, blank=True)
    amount = dollars(_("award reduced by"), null=True, blank=True)
    released = dollars(_("released in the fund ledger"), null=True, blank=True)
    previous_owner_name = models.CharField(_("previous owner"), max_length=200, blank=True)
    new_owner_name = models.CharField(_("new owner"), max_length=200, blank=True)
    new_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new owner's account"),
    )
    reason = models.TextField(_("reason and approval"))
    effective_on = models.DateField(_("effective"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    document = models.FileField(_("amendment PDF"), upload_to=document_path, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_amendment_number")]

    def __str__(self) -> str:
        return f"{self.agreement} amendment {self.number}: {self.get_kind_display()}"


class ChangeRequest(models.Model):
    """The awardee asks for a change to its executed agreement (issue 22): an extension of a project's term, a
    transfer to a new owner (PA2026-01 6.5, PA2026-02 4.5: approved by the District before it is authorized) or a
    withdrawal. Staff approve it, which makes the amendment through ``agreements.services`` (``amendment``), or
    decline it with a reason; either way who decided, when and why is kept."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("Extend a project's term")
        TRANSFER = "transfer", _("Transfer the agreement to a new owner")
        WITHDRAWAL = "withdrawal", _("Withdraw from the agreement")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the District's decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="change_requests")
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("project"),
        help_text=_("Blank: the whole agreement."),
    )
    months = models.PositiveSmallIntegerField(_("months asked for"), null=True, blank=True)
    new_owner_name = models.CharField(_("new owner"), max_length=200, blank=True)
    reason = models.TextField(_("the awardee's reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    amendment = models.OneToOneField(
        Amendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_request",
        verbose_name=_("amendment made"),
    )

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["agreement", "-requested_at", "-pk"]
        indexes = [models.Index(fields=["agreement", "status"], name="change_request_open")]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("agreements:decide", args=[self.agreement_id, self.pk])


class Obligation(models.Model):
    """One obligation of a funded project, as the pure calendar dates it (``agreements.rules.obligations``).

    Stored so that staff lists filter and sort on typed, indexed columns (``due``, ``status``, ``kind``) and so the
    record that satisfied it is kept. ``services.refresh_obligations`` rewrites the dated fields whenever an event,
    a completion, a waiver or an amendment changes them; what fulfilled it (``done_on``, ``record``) and a waiver
    are kept across refreshes. ``status`` is the calendar's on the day of the last refresh (the daily task moves
    due ones to overdue); ``cancelled`` marks what a termination ended.
    """

    class Status(models.TextChoices):
        WAITING = CalendarStatus.WAITING.value, _("Waiting for an event")
        DUE = CalendarStatus.DUE.value, _("Due")
        OVERDUE = CalendarStatus.OVERDUE.value, _("Overdue")
        DONE = CalendarStatus.DONE.value, _("Done")
        DONE_LATE = CalendarStatus.DONE_LATE.value, _("Done late")
        WAIVED = CalendarStatus.WAIVED.value, _("Waived")
        NOT_DATED = CalendarStatus.NOT_DATED.value, _("Not dated")
        RUNNING = CalendarStatus.RUNNING.value, _("Running")
        ENDED = CalendarStatus.ENDED.value, _("Ended")
        CANCELLED = "cancelled", _("Cancelled (agreement terminated)")

    class Kind(models.TextChoices):
        """``agreements.rules.base.ObligationKind``, with labels people read."""

        MILESTONE = ObligationKind.MILESTONE.value, _("Milestone")
        NOTICE = ObligationKind.NOTICE.value, _("Notice to the district")
        DESTRUCTION = ObligationKind.DESTRUCTION.value, _("Destruction of the old equipment")
        DOCUMENTATION = ObligationKind.DOCUMENTATION.value, _("Documentation")
        INVOICE = ObligationKind.INVOICE.value, _("Invoice or payment request")
        REPORT = ObligationKind.REPORT.value, _("Report")
        CERTIFICATION = ObligationKind.CERTIFICATION.value, _("Labor-law certification")
        TERM = ObligationKind.TERM.value, _("Agreement term")

    OPEN = (Status.DUE, Status.OVERDUE)
    FINISHED = (Status.DONE, Status.DONE_LATE, Status.WAIVED, Status.ENDED, Status.CANCELLED)

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="obligations")
    key = models.CharField(_("key"), max_length=60)
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("obligation"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    due = models.DateField(_("due"), null=True, blank=True, db_index=True)
    waiting_for = models.CharField(_("waiting for"), max_length=200, blank=True)
    counting = models.CharField(_("counted in"), max_length=60)
    period = models.CharField(_("period"), max_length=300)
    source = models.TextField(_("clause"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completion recorded by"),
    )
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    original_due = models.DateField(_("due before the extension"), null=True, blank=True)
    extended_by = models.ForeignKey(
        Amendment, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("extended by")
    )
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("waived by"),
    )
    waived_at = models.DateTimeField(_("waived"), null=True, blank=True)
    waiver_reason = models.TextField(_("why it was waived"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["project", "position"]
        constraints = [models.UniqueConstraint(fields=["project", "key"], name="one_obligation_per_project_key")]
        indexes = [
            models.Index(fields=["status", "due"], name="obligation_status_due"),
            models.Index(fields=["kind", "status", "due"], name="obligation_kind_status_due"),
            models.Index(fields=["due"], condition=Q(status__in=["due", "overdue"]), name="obligation_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.name}"

    def get_absolute_url(self) -> str:
        return f"{reverse('agreements:detail', args=[self.agreement_id])}#obligation-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
