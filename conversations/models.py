"""One conversation per application and per agreement between the applicant's people and the district's staff
(issue 22), with staff-only notes kept apart.

The conversation names its subject by one of two nullable one-to-one keys (the application or the agreement); the
stage apps resolve who may read and write it (``conversations.registry``), so this app imports none of them.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    STAFF = "staff", _("District staff")


class Conversation(models.Model):
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("application"),
    )
    agreement = models.OneToOneField(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation",
        verbose_name=_("agreement"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_to_applicant_at = models.DateTimeField(_("last message to the applicant"), null=True, blank=True)
    """When staff last wrote to the applicant (staff-only notes excluded): the applicant's "unread" compares to it."""
    last_to_staff_at = models.DateTimeField(_("last message to staff"), null=True, blank=True)
    """When the applicant's side last wrote (the staff's "unread" compares to it; staff-only notes too)."""

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, agreement__isnull=True)
                | Q(application__isnull=True, agreement__isnull=False),
                name="conversation_about_one_thing",
            )
        ]
        indexes = [
            models.Index(fields=["last_to_applicant_at"], name="conversation_to_applicant"),
            models.Index(fields=["last_to_staff_at"], name="conversation_to_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id}"

    @property
    def kind(self) -> str:
        """Which subject this is about: ``"application"`` or ``"agreement"`` (``conversations.registry``)."""
        return "application" if self.application_id else "agreement"

    @property
    def subject_id(self) -> int:
        return self.application_id or self.agreement_id


class Message(models.Model):
    """One message, never edited. ``staff_only``: a note among staff, never shown, mailed or exported to the
    applicant's side."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    body = models.TextField(_("message"))
    staff_only = models.BooleanField(_("note to staff only"), default=False)
    by_email = models.BooleanField(_("received by e-mail"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "-created_at", "-id"], name="message_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(staff_only=False) | Q(side="staff"), name="message_staff_only_by_staff")
        ]

    def __str__(self) -> str:
        return f"{self.conversation} message {self.pk}"


def file_path(instance: MessageFile, filename: str) -> str:
    """Private storage (streamed after a permission check), never a guessable name."""
    return f"conversations/{instance.message.conversation_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MessageFile(models.Model):
    """A file sent with a message: a PDF, JPEG or PNG checked by ``core.uploads`` (images re-encoded)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=file_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ReadMark(models.Model):
    """When a person last read a conversation (their "unread" on My work compares the conversation's last message
    to their side with it)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="read_mark_once")]

    def __str__(self) -> str:
        return f"{self.conversation} read by {self.user_id}"
