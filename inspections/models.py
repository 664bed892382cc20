"""Inspections of funded projects: the inspection itself (a state machine), its photos, the awardee's destruction
documents, and every step with who, when and why.

- :class:`Inspection`: one inspection of one project (pre, post, destruction, installation, monitoring), in versions: a
  submitted report is locked, and a correction is a new version (``version`` + 1, ``supersedes`` the returned one).
  States: needed -> assigned -> scheduled -> submitted -> accepted, or returned (a new version follows).
- :class:`InspectionPhoto`: a JPEG or PNG with a caption (from the program's required list, or the inspector's own).
- :class:`ProjectDocument`: what the awardee uploads for the destruction: the dismantler's receipt, the
  Certificate of Destruction, their photos.
- :class:`Step`: every transition, with the actor and the reason.

Writes only through ``inspections.services``; reads through ``inspections.selectors``. Files are private (never
served by URL): views stream them after the permission check.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from agreements.models import Agreement
from applications.models import Project

from .rules.base import InspectionKind


def private_path(instance, filename: str) -> str:
    """Never a guessable name; the extension kept so the content type can be told."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"inspections/{instance.project_id}/{uuid.uuid4().hex}.{extension}"


class Inspection(models.Model):
    class Kind(models.TextChoices):
        PRE = InspectionKind.PRE.value, _("Pre-inspection")
        POST = InspectionKind.POST.value, _("Post-inspection")
        DESTRUCTION = InspectionKind.DESTRUCTION.value, _("Destruction inspection")
        INSTALLATION = InspectionKind.INSTALLATION.value, _("Installation inspection")
        MONITORING = InspectionKind.MONITORING.value, _("Monitoring inspection")

    class Status(models.TextChoices):
        NEEDED = "needed", _("Needs an inspector")
        ASSIGNED = "assigned", _("Assigned, to schedule")
        SCHEDULED = "scheduled", _("Scheduled")
        SUBMITTED = "submitted", _("Report submitted, under review")
        ACCEPTED = "accepted", _("Report accepted")
        RETURNED = "returned", _("Returned for correction")

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        VIRTUAL = "virtual", _("Virtual (video or photographs)")

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    OPEN = (Status.NEEDED, Status.ASSIGNED, Status.SCHEDULED, Status.SUBMITTED)
    EDITABLE = (Status.ASSIGNED, Status.SCHEDULED)

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("agreement")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    status = FSMField(_("status"), default=Status.NEEDED, choices=Status.choices, db_index=True)
    why = models.CharField(_("why it is needed"), max_length=300, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspector"),
    )
    due = models.DateField(_("due"), null=True, blank=True, db_index=True)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, blank=True)
    inspected_on = models.DateField(
        _("inspected on"),
        null=True,
        blank=True,
        help_text=_("The day the inspection was done, given with the report (it may differ from the date scheduled)."),
    )
    observed = models.JSONField(_("observed values"), default=dict, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    report = models.FileField(_("signed report (PDF)"), upload_to=private_path, blank=True)
    report_name = models.CharField(_("report file name"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_reason = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["inspector", "status"], name="inspection_inspector_status"),
            models.Index(fields=["project", "kind"], name="inspection_project_kind"),
            # Staff's lists (issue 25): every inspection newest first, those needing an inspector by due date, the
            # reports to review oldest first
            models.Index(fields=["-created_at", "-id"], name="inspection_newest"),
            models.Index(
                fields=["due", "created_at", "id"], condition=models.Q(status="needed"), name="inspection_needing"
            ),
            models.Index(
                fields=["submitted_at", "id"], condition=models.Q(status="submitted"), name="inspection_to_review"
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["project", "kind", "version"], name="one_inspection_version")]

    def __str__(self) -> str:
        text = f"{self.get_kind_display()} of {self.project}"
        return f"{text} (version {self.version})" if self.version > 1 else text

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    # Transitions: only ``inspections.services`` calls them, with the row locked.
    @transition(field=status, source=[Status.NEEDED, Status.ASSIGNED, Status.SCHEDULED], target=Status.ASSIGNED)
    def assign(self):
        pass

    @transition(field=status, source=[Status.ASSIGNED, Status.SCHEDULED], target=Status.SCHEDULED)
    def schedule(self):
        pass

    @transition(field=status, source=Status.SCHEDULED, target=Status.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.ACCEPTED)
    def accept(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def send_back(self):
        pass


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(_("caption"), max_length=200)
    file = models.FileField(_("photo"), upload_to=private_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["inspection", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.caption}: {self.original_name}"

    @property
    def project_id(self):
        return self.inspection.project_id


class ProjectDocument(models.Model):
    """A document the awardee gives for the destruction of the old equipment."""

    class Kind(models.TextChoices):
        DISMANTLER_RECEIPT = "dismantler_receipt", _("Dismantler's receipt")
        CERTIFICATE_OF_DESTRUCTION = "certificate_of_destruction", _("Certificate of Destruction")
        DESTRUCTION_PHOTO = "destruction_photo", _("Photo of the destruction")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="inspection_documents")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="inspection_documents")
    kind = models.CharField(_("document"), max_length=40, choices=Kind.choices)
    on = models.DateField(_("dated"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=private_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("destruction document")
        verbose_name_plural = _("destruction documents")
        ordering = ["project", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class Step(models.Model):
    """Who moved an inspection, when, and why (every transition, through the services)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=Inspection.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Inspection.Status.choices)
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
        verbose_name = _("inspection step")
        verbose_name_plural = _("inspection steps")
        ordering = ["inspection", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"


class ToOpen(models.Model):
    """A project the agreement says needs an inspection none has opened: the delivery (installation, destruction
    notice, dismantler's receipt) recorded with no inspection of its kind, or SOON's accepted post-inspection with no
    destruction inspection (issue 25). Kept by ``inspections.services.sync_to_open`` whenever an agreement's events or
    projects change and whenever an inspection is opened or accepted, so staff's lists read these rows instead of
    every delivery event ever recorded."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    funded = models.ForeignKey("agreements.FundedProject", on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Inspection.Kind.choices)
    event = models.CharField(_("event"), max_length=40, blank=True)
    event_on = models.DateField(_("event date"), null=True, blank=True)
    number = models.CharField(_("agreement number"), max_length=40)
    position = models.PositiveIntegerField(default=1)
    since = models.DateTimeField(_("needed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection to open")
        verbose_name_plural = _("inspections to open")
        ordering = ["number", "position", "kind"]
        indexes = [models.Index(fields=["number", "position", "kind"], name="to_open_order")]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="one_to_open_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to open: {self.number} #{self.position}"
