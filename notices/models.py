from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .kinds import Kind
from .letters import LETTER_KINDS


class Notice(models.Model):
    """One message to one person: listed on their Notices page and sent by e-mail (``notices.services``).

    Subject and bodies are rendered once, when the notice is created, so the e-mail and the page say the same
    thing whenever the message is sent. ``key`` names the event for notices that must never repeat (a reminder
    per obligation, due date and stage; a decision): one per recipient and key, enforced by the database.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    related_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    related_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    key = models.CharField(_("idempotency key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.EmailField(_("sent to"), blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    failure = models.TextField(_("last failure"), blank=True)
    archived_at = models.DateTimeField(
        _("archived"),
        null=True,
        blank=True,
        help_text=_("Read and older than the retention period: off the person's Notices page, kept for audit."),
    )
    reply_to = models.EmailField(
        _("reply-to address"),
        max_length=254,
        blank=True,
        help_text=_("Where a reply by e-mail goes (a conversation's signed address); blank: no reply by e-mail."),
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notice_once_per_recipient_and_key"
            ),
        ]
        indexes = [
            # The Notices page reads the live notices only: the archived ones (``services.archive_old``) stay out of
            # its index (issue 25, "notices older than a retention period are archived")
            models.Index(
                fields=["recipient", "-created_at"], condition=Q(archived_at__isnull=True), name="notice_inbox_live"
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(archived_at__isnull=True, read_at__isnull=False),
                name="notice_to_archive",
            ),
            models.Index(fields=["related_type", "related_id"], name="notice_related"),
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="notice_unsent"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label if self.kind in Kind.values else self.kind

    @property
    def portal_link(self) -> str:
        """The link as a path on this portal, so the Notices page works whatever host PORTAL_URL names."""
        link = urlsplit(self.link)
        if link.netloc != urlsplit(settings.PORTAL_URL).netloc:
            return self.link
        return urlunsplit(("", "", link.path, link.query, link.fragment))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Inbox(models.Model):
    """A person's notices at a glance: how many are unread, kept by ``notices.services`` as notices are created and
    read (the navbar reads this one row instead of counting every notice on every page), and whether they chose
    one e-mail a day instead of one per notice (issue 21, "an opt-in daily digest")."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="inbox"
    )
    unread = models.PositiveIntegerField(_("unread notices"), default=0)
    daily_digest = models.BooleanField(
        _("one e-mail a day"),
        default=False,
        help_text=_(
            "Instead of an e-mail for each notice, one e-mail each morning listing the notices of the day before. "
            "Every notice still appears on your Notices page at once."
        ),
    )
    digest_sent_on = models.DateField(_("last digest sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")

    def __str__(self) -> str:
        return str(self.user)


class LetterTemplate(models.Model):
    """A program's own wording of a decision letter in one language, written by staff (issue 21; ``notices.letters``).

    Plain text with the placeholders ``notices.letters.PLACEHOLDERS`` lists, never a Django template. While a program
    has one for a kind and the recipient's language, ``notices.services.notify`` sends it instead of the standard
    letter; "reset to the standard letter" deletes it. The history keeps every version, who saved it and when.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="letters", verbose_name=_("program")
    )
    kind = models.CharField(_("decision"), max_length=40, choices=[(kind.value, kind.label) for kind in LETTER_KINDS])
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("letter"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")
        ordering = ["program", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "language"], name="one_letter_per_program_kind_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_language_display()})"
