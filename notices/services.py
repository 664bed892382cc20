"""Writes to notices: create one (rendered from its templates), queue it, send it, mark it read.

The one way the portal tells people something: ``notify`` stores the notice, which the person sees on their
Notices page at once, and queues the e-mail on Celery after the surrounding transaction commits. A broker that
cannot be reached never fails the request: the notice stays unsent and ``send_unsent`` (every ten minutes on beat)
sends it later. See ``docs/notices.md`` for the interface other apps call.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from core import citations
from core.queueing import enqueue

from . import letters, reminders
from .kinds import Kind
from .models import Inbox, LetterTemplate, Notice

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_AFTER = dt.timedelta(minutes=2)
"""``send_unsent`` leaves a fresh notice to the task queued when it was created."""
BLANK_LINES = re.compile(r"\n{3,}")


def notify(
    recipient,
    kind: Kind | str,
    *,
    regarding: str,
    program=None,
    link: str = "",
    related=None,
    context: dict | None = None,
    key: str | None = None,
    reply_to: str = "",
) -> Notice | None:
    """Tell ``recipient`` something, in the language they read: store the notice and queue its e-mail once the
    transaction commits.

    ``regarding`` names what it is about in people's words ("Application PA2026-02-00012"); ``program`` (a
    ``programs.models.Program``) and ``link`` (a path such as ``reverse(...)`` or an absolute URL) appear in every
    message; ``related`` is the object it concerns; ``context`` holds what the kind's templates need. With a
    ``key`` the notice is created at most once per recipient and key, even from concurrent transactions, and a
    repeat returns None. ``reply_to`` is the address a reply by e-mail goes to (a conversation's signed address,
    ``conversations.services.reply_address``); without it the e-mail has no Reply-To.
    """
    kind = Kind(kind)
    if key and Notice.objects.filter(recipient=recipient, key=key).exists():
        return None  # already told; the unique constraint below settles races
    with translation.override(language_of(recipient)):
        notice = _render(recipient, kind, key=key, regarding=regarding, program=program, link=link, context=context)
    if related is not None:
        notice.related_type = ContentType.objects.get_for_model(related)
        notice.related_id = related.pk
    notice.reply_to = reply_to
    try:
        with transaction.atomic():
            notice.save()
            count_unread(recipient.pk, 1)
    except IntegrityError:
        if not key or not Notice.objects.filter(recipient=recipient, key=key).exists():
            raise
        return None  # a concurrent transaction told them first
    transaction.on_commit(lambda: _queue(notice.pk))
    return notice


def language_of(recipient) -> str:
    """The language ``recipient`` reads (``accounts.models.Profile.language``, chosen with the language switch)."""
    from accounts.services import profile_of

    return profile_of(recipient).language or settings.LANGUAGE_CODE


def _render(recipient, kind: Kind, *, key, regarding, program, link, context) -> Notice:
    """The unsaved notice with its subject and bodies rendered in the active language."""
    values = {
        "recipient": recipient,
        "name": recipient.get_full_name() or recipient.get_username(),
        "regarding": str(regarding),  # a lazy name ("Rebate agreement ...") in the recipient's language
        "program": program,
        "link": urljoin(settings.PORTAL_URL, link) if link else "",
        "notices_link": urljoin(settings.PORTAL_URL, reverse("notices:list")),
        **(context or {}),
    }
    templates = f"notices/email/{kind.value}"
    letter = edited_letter(program, kind, translation.get_language())
    if letter is not None:  # the program's own wording (issue 21): plain text with placeholders, never a template
        filled = letters.values(
            kind,
            recipient_name=values["name"],
            regarding=values["regarding"],
            program=program,
            link=values["link"],
            context=values,
        )
        values["letter_text"] = letters.fill(letter.body, filled)
        values["letter_html"] = letters.as_html(values["letter_text"])
        values["subject"] = " ".join(letters.fill(letter.subject, filled).split())[:255]
        templates = "notices/letters/email"
    else:
        values["subject"] = " ".join(render_to_string(f"{templates}/subject.txt", values).split())[:255]
        if kind in letters.REQUIRED:  # a decision's standard letter ends with the next step and whom to contact
            values["standard_close"] = {
                "next_step": letters.next_step(kind),
                "contact": letters.contacts(program, values),
            }
    text = render_to_string(f"{templates}/body.txt", values)
    return Notice(
        recipient=recipient,
        kind=kind.value,
        key=key or "",
        link=values["link"],
        subject=values["subject"],
        body_text=BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.splitlines())).strip() + "\n",
        body_html=render_to_string(f"{templates}/body.html", values),
    )


def edited_letter(program, kind: Kind, language: str | None) -> LetterTemplate | None:
    """The program's edited letter for ``kind`` in ``language``, if staff wrote one (else the standard letter)."""
    if program is None or kind not in letters.LETTER_KINDS:
        return None
    language = (language or settings.LANGUAGE_CODE).split("-")[0]
    return LetterTemplate.objects.filter(program_id=program.pk, kind=kind.value, language=language).first()


class LetterError(ValueError):
    """A letter staff may not save, with each problem in words (``errors``: field name -> message)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def letter_problems(kind: Kind, subject: str, body: str) -> dict[str, str]:
    """Why a letter cannot be saved, by field: placeholders not on the list, and those the kind must carry."""
    problems = {}
    for field, text in (("subject", subject), ("body", body)):
        if found := letters.unknown(text):
            problems[field] = _(
                "These placeholders are not on the list: %(names)s. Use only the placeholders listed beside the "
                "letter, each in braces, or remove the braces."
            ) % {"names": ", ".join(found)}
    if missing := letters.missing(kind, subject, body):
        problems.setdefault("body", "")
        problems["body"] = (
            problems["body"]
            + (" " if problems["body"] else "")
            + _("This letter must carry %(names)s: put each where its words belong.") % {"names": ", ".join(missing)}
        )
    if not subject.strip():
        problems["subject"] = _("Write the subject of the e-mail.")
    return problems


def save_letter(program, kind: Kind, language: str, *, subject: str, body: str, actor) -> LetterTemplate:
    """Store the program's wording of ``kind`` in ``language`` (created or changed; the history keeps the old one,
    who and when). Refused with ``LetterError`` when ``letter_problems`` finds any."""
    kind = Kind(kind)
    if kind not in letters.LETTER_KINDS or language not in dict(settings.LANGUAGES):
        raise LetterError({"body": _("There is no such letter.")})
    subject, body = subject.strip(), body.strip().replace("\r\n", "\n")
    if problems := letter_problems(kind, subject, body):
        raise LetterError(problems)
    with transaction.atomic():
        letter = (
            LetterTemplate.objects.select_for_update()
            .filter(program_id=program.pk, kind=kind.value, language=language)
            .first()
        ) or LetterTemplate(program_id=program.pk, kind=kind.value, language=language)
        letter.subject, letter.body, letter.updated_by = subject, body, actor
        letter._history_user = actor
        letter.save()
    return letter


def reset_letter(program, kind: Kind, language: str, *, actor) -> bool:
    """Back to the standard letter: the program's wording is deleted (its history, with who reset it, stays)."""
    with transaction.atomic():
        letter = (
            LetterTemplate.objects.select_for_update()
            .filter(program_id=program.pk, kind=Kind(kind).value, language=language)
            .first()
        )
        if letter is None:
            return False
        letter._history_user = actor
        letter.delete()
    return True


def preview_letter(program, kind: Kind, language: str, *, subject: str, body: str) -> dict:
    """The letter as a reader of ``language`` would receive it, filled with a sample application of ``program``
    (its reference, organization and award; an illustrative reason): subject, text and the e-mail's HTML."""
    sample = program.applications.filter(award_total__gt=0).order_by("pk").first() or (
        program.applications.order_by("pk").first()
    )
    with translation.override(language):
        link = urljoin(settings.PORTAL_URL, reverse("notices:list"))
        filled = letters.sample_values(kind, program=program, application=sample, link=link)
        text = letters.fill(body, filled)
        values = {
            "name": filled["applicant_name"],
            "regarding": filled["reference"],
            "program": program,
            "link": link,
            "notices_link": link,
            "subject": " ".join(letters.fill(subject, filled).split())[:255],
            "letter_text": text,
            "letter_html": letters.as_html(text),
        }
        return {
            "subject": values["subject"],
            "text": BLANK_LINES.sub("\n\n", render_to_string("notices/letters/email/body.txt", values)).strip(),
            "html": render_to_string("notices/letters/email/body.html", values),
        }


def staff_users(responsible=None):
    """Who on staff acts on something: ``responsible`` (the application's reviewer, the officer who sent the
    agreement, the approver of a payment) while they are active staff; otherwise everyone in the Staff role who can
    sign in, so that work nobody holds yet still reaches someone (issue 21: "notices go to the people who act on
    them")."""
    staff = get_user_model().objects.filter(groups__name=Role.STAFF.value, is_active=True).order_by("pk")
    if responsible is not None:
        chosen = staff.filter(pk=responsible.pk)
        if chosen.exists():
            return chosen
    return staff


def notify_staff(kind: Kind | str, *, key: str | None = None, responsible=None, **arguments) -> list[Notice]:
    """``notify`` the staff who act on it (``staff_users``); with a ``key``, each of them at most once."""
    return [notice for user in staff_users(responsible) if (notice := notify(user, kind, key=key, **arguments))]


def remind(
    recipient,
    obligation,
    *,
    due: dt.date,
    what: str,
    regarding: str,
    today: dt.date | None = None,
    program=None,
    link: str = "",
    source: str = "",
) -> Notice | None:
    """Send the reminder ``obligation`` has reached today (14, 7 or 1 days before ``due``, or overdue), once.

    ``obligation`` is the model instance the reminder is about (its notices' ``related``); ``what`` names it in
    people's words ("Destroy the old equipment") and ``source`` cites its clause. The key is (obligation, due date,
    stage), so running this every day sends each reminder once and a new due date starts afresh. Returns None when
    no reminder is due today or this one was already sent (``notices.reminders``).
    """
    reminder = reminders.reminder_on(due, today or timezone.localdate())
    if reminder is None:
        return None
    kind = Kind.OBLIGATION_OVERDUE if reminder.overdue else Kind.OBLIGATION_DUE_SOON
    return notify(
        recipient,
        kind,
        regarding=regarding,
        program=program,
        link=link,
        related=obligation,
        key=reminder.key(f"reminder:{obligation._meta.label_lower}:{obligation.pk}"),
        context={
            "what": what,
            "due": due,
            "days_left": reminder.days_left,
            "days_late": -reminder.days_left,
            "source": citations.public(source),  # the public document's name and section (issue 20)
        },
    )


def _queue(notice_id: int) -> None:
    """Queue the e-mail; if the broker is down, say so in the log and leave it to ``send_unsent``."""
    from .tasks import send_notice

    enqueue(send_notice, notice_id, what=f"notice {notice_id}")


def send(notice_id: int) -> bool:
    """Send one notice by e-mail unless it was already sent; True if this call sent it.

    The row stays locked while the message goes out, so a queued task and the periodic retry never both send it;
    one that another worker is sending is skipped. A failure is recorded on the notice and retried later.
    """
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None or _digests(notice.recipient_id):
            return False  # sent, being sent, or held for the recipient's daily digest
        address = notice.recipient.email
        if not address:
            notice.failure = "The account has no e-mail address."
            notice.save(update_fields=["failure"])
            return False
        message = EmailMultiAlternatives(
            notice.subject,
            notice.body_text,
            settings.DEFAULT_FROM_EMAIL,
            [address],
            headers={"Auto-Submitted": "auto-generated"},
            reply_to=[notice.reply_to] if notice.reply_to else None,
        )  # RFC 3834: no auto-replies
        message.attach_alternative(notice.body_html, "text/html")
        notice.attempts += 1
        try:
            message.send()
        except Exception as error:  # SMTP refusals, timeouts, DNS: recorded, retried by send_unsent
            notice.failure = f"{type(error).__name__}: {error}"[:2000]
            notice.save(update_fields=["attempts", "failure"])
            logger.warning("Notice %s to %s not sent: %s", notice.pk, address, notice.failure)
            return False
        notice.sent_at = timezone.now()
        notice.sent_to = address
        notice.failure = ""
        notice.save(update_fields=["attempts", "sent_at", "sent_to", "failure"])
        return True


def send_unsent(limit: int = 200) -> int:
    """Send notices still unsent (broker down when queued, SMTP failure), oldest first; how many went out."""
    pending = (
        Notice.objects.filter(
            sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lte=timezone.now() - RETRY_AFTER
        )
        .exclude(recipient__email="")
        .exclude(recipient__inbox__daily_digest=True)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(send(pk) for pk in list(pending))


def mark_read(notice: Notice) -> None:
    """Read once: the unread count goes down only if this call is the one that marked it."""
    if notice.read_at is None:
        now = timezone.now()
        with transaction.atomic():
            if Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=now):
                count_unread(notice.recipient_id, -1)
        notice.read_at = now


def mark_all_read(user) -> int:
    with transaction.atomic():
        marked = Notice.objects.filter(recipient=user, read_at__isnull=True, archived_at__isnull=True).update(
            read_at=timezone.now()
        )
        count_unread(user.pk, -marked)
    return marked


def count_unread(user_id: int, change: int) -> None:
    """Move a person's count of unread notices (``Inbox.unread``) by ``change``, creating their inbox on the first
    notice: the row is made if missing (a conflict ignored), then moved by one ``UPDATE ... SET unread = unread + n``,
    so concurrent notices and reads add up; it never goes below zero. Portable: the demo runs on SQLite too."""
    if not change:
        return
    Inbox.objects.bulk_create([Inbox(user_id=user_id)], ignore_conflicts=True)
    Inbox.objects.filter(user_id=user_id).update(unread=Greatest(F("unread") + change, 0))


def set_daily_digest(user, chosen: bool) -> Inbox:
    """The person's choice: one e-mail a day (True) or one per notice."""
    inbox, _ = Inbox.objects.get_or_create(user=user)
    inbox.daily_digest = chosen
    inbox.save(update_fields=["daily_digest"])
    return inbox


def _digests(user_id: int) -> bool:
    return Inbox.objects.filter(user_id=user_id, daily_digest=True).exists()


DIGEST_LIMIT = 100
"""Notices listed in one digest, oldest first; the rest wait for the next day (all are on the Notices page)."""


def send_digests(today: dt.date | None = None) -> int:
    """Each morning (settings.CELERY_BEAT_SCHEDULE): one e-mail to each person who chose the daily digest; how many
    went out."""
    today = today or timezone.localdate()
    people = Inbox.objects.filter(daily_digest=True).exclude(digest_sent_on=today).values_list("user_id", flat=True)
    return sum(send_digest(user_id, today) for user_id in list(people))


def send_digest(user_id: int, today: dt.date) -> bool:
    """One e-mail listing the person's notices not yet e-mailed and still unread, once a day: the inbox row stays
    locked while it goes out (a second worker skips it) and records the day; the notices listed are marked sent."""
    with transaction.atomic():
        inbox = (
            Inbox.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(user_id=user_id, daily_digest=True)
            .exclude(digest_sent_on=today)
            .first()
        )
        if inbox is None:
            return False
        user = inbox.user
        inbox.digest_sent_on = today
        inbox.save(update_fields=["digest_sent_on"])
        notices = list(
            Notice.objects.filter(
                recipient=user, sent_at__isnull=True, read_at__isnull=True, archived_at__isnull=True
            ).order_by("created_at", "pk")[:DIGEST_LIMIT]
        )
        if not notices or not user.email:
            return False
        with translation.override(language_of(user)):
            values = {
                "name": user.get_full_name() or user.get_username(),
                "notices": notices,
                "count": len(notices),
                "day": today,
                "notices_link": urljoin(settings.PORTAL_URL, reverse("notices:list")),
                "settings_link": urljoin(settings.PORTAL_URL, reverse("notices:settings")),
            }
            subject = " ".join(render_to_string("notices/email/digest/subject.txt", values).split())[:255]
            message = EmailMultiAlternatives(
                subject,
                render_to_string("notices/email/digest/body.txt", values),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                headers={"Auto-Submitted": "auto-generated"},
            )
            message.attach_alternative(render_to_string("notices/email/digest/body.html", values), "text/html")
        message.send()  # a failure rolls the day back: the next run tries again
        Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(
            sent_at=timezone.now(), sent_to=user.email, failure=""
        )
        return True


ARCHIVE_BATCH = 10_000
"""Notices archived per UPDATE: each batch is its own short transaction, so the daily run never holds many row locks."""


def archive_old(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """The daily retention run (``notices.tasks.archive_old_notices``): every notice read and created more than
    ``days`` (``settings.NOTICE_RETENTION_DAYS``) ago is marked archived, set-based: one ``UPDATE ... WHERE id IN
    (SELECT ... LIMIT n)`` per batch, found by the partial index ``notice_to_archive`` (the read, live notices by
    date), so a day's run reads only what turned old. Unread notices are never archived, so ``Inbox.unread`` does
    not move; the rows stay (their keys still stop a reminder from repeating, and the admin shows them for audit).
    Returns how many were archived."""
    now = now or timezone.now()
    days = settings.NOTICE_RETENTION_DAYS if days is None else days
    cutoff = now - dt.timedelta(days=days)
    old = Notice.objects.filter(archived_at__isnull=True, read_at__isnull=False, created_at__lt=cutoff)
    archived = 0
    while True:
        with transaction.atomic():
            batch = old.order_by("created_at").values("pk")[:ARCHIVE_BATCH]
            moved = old.filter(pk__in=batch).update(archived_at=now)
        archived += moved
        if moved < ARCHIVE_BATCH:
            return archived
