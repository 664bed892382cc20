"""Writes to conversations: a message posted (on a page or by e-mail), its files checked and stored, the other side
told by a notice with a signed Reply-To address, and a person's read mark.

Staff-only notes (``Message.staff_only``) are written by staff alone and are never notified, mailed or shown to the
applicant's side (issue 22: "staff-only notes kept apart").
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from core import uploads
from notices.kinds import Kind
from notices.services import language_of, notify

from . import registry
from .models import Conversation, Message, MessageFile, ReadMark, Side

logger = logging.getLogger(__name__)

MAX_LENGTH = 5000
"""Characters in one message (a page's text box and a reply by e-mail alike)."""
MAX_FILES = 5
"""Files with one message (a reply by e-mail may carry several; the page sends one)."""
REPLY_PREFIX = "reply+"


class ConversationError(Exception):
    """A message that cannot be posted, with the reason in the reader's language."""


def conversation_for(kind: str, obj, *, create: bool = False) -> Conversation | None:
    """The subject's conversation (made on the first message when ``create``; two first messages at once make one)."""
    found = Conversation.objects.filter(**{kind: obj}).first()
    if found is not None or not create:
        return found
    try:
        with transaction.atomic():
            return Conversation.objects.create(**{kind: obj})
    except IntegrityError:
        return Conversation.objects.get(**{kind: obj})


def file_problem(upload) -> str | None:
    """What is wrong with a file sent with a message (``core.uploads``: a PDF, JPEG or PNG that is what it says)."""
    return uploads.problem(upload)


@transaction.atomic
def post(kind: str, obj, *, author, body: str, staff_only: bool = False, files=(), by_email: bool = False) -> Message:
    """``author`` writes to the other side of ``obj``'s conversation; staff may keep it to staff (``staff_only``).

    The author's side is asked of the subject's stage, inside the conversation's row lock: a person who may only read
    (board, auditor) or may not see it is refused, and so is a staff-only note from the applicant's side. Every file
    is checked before anything is stored; images are stored re-encoded (``core.uploads.safe_copy``).
    """
    subject = registry.subject(kind)
    side = subject.side(author, obj) if subject else None
    if side not in registry.WRITERS:
        raise ConversationError(_("You cannot write in this conversation."))
    if staff_only and side != registry.STAFF:
        raise ConversationError(_("Only district staff keep notes to staff."))
    body = (body or "").strip()
    if not body:
        raise ConversationError(_("Message: write your message."))
    if len(body) > MAX_LENGTH:
        raise ConversationError(
            _("Message: at most %(limit)s characters (this one has %(count)s).")
            % {"limit": f"{MAX_LENGTH:,}", "count": f"{len(body):,}"}
        )
    files = [item for item in files if item]
    if len(files) > MAX_FILES:
        raise ConversationError(_("Attach at most %(limit)s files to one message.") % {"limit": MAX_FILES})
    for item in files:
        if problem := file_problem(item):
            raise ConversationError(problem)
    conversation = conversation_for(kind, obj, create=True)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    message = Message.objects.create(
        conversation=conversation, author=author, side=side, body=body, staff_only=staff_only, by_email=by_email
    )
    for item in files:
        stored = uploads.safe_copy(item)
        MessageFile.objects.create(
            message=message,
            file=stored,
            original_name=item.name[:255],
            content_type=(getattr(stored, "content_type", "") or "")[:100],
            size=stored.size,
        )
    now = message.created_at
    if side == registry.APPLICANT:
        Conversation.objects.filter(pk=conversation.pk).update(last_to_staff_at=now)
    elif not staff_only:
        Conversation.objects.filter(pk=conversation.pk).update(last_to_applicant_at=now)
    mark_read(conversation, author, at=now)
    if not staff_only:
        _tell(subject, kind, obj, conversation, message)
    return message


def _tell(subject, kind: str, obj, conversation: Conversation, message: Message) -> None:
    """A notice to each person on the other side, in their language, replying by e-mail to a signed address."""
    to = Side.STAFF if message.side == Side.APPLICANT else Side.APPLICANT
    files = [item.original_name for item in message.files.all()]
    for person in subject.recipients(obj, to):
        if person.pk == message.author_id:
            continue
        address = reply_address(conversation, person)
        with translation.override(language_of(person)):
            regarding = str(subject.regarding(obj))
        notify(
            person,
            Kind.CONVERSATION_MESSAGE,
            regarding=regarding,
            program=subject.program(obj),
            link=subject.link(obj, to),
            related=message,
            context={
                "message": message,
                "author_name": author_name(message),
                "to_staff": to == Side.STAFF,
                "files": files,
                "reply_by_email": bool(address),
            },
            key=f"conversation-message:{message.pk}",
            reply_to=address,
        )


def author_name(message: Message) -> str:
    author = message.author
    return author.get_full_name() or author.get_username()


def mark_read(conversation: Conversation, user, *, at=None) -> None:
    """``user`` has read ``conversation`` up to ``at`` (made if missing, then moved forward only: concurrent marks keep
    the later time)."""
    at = at or timezone.now()
    ReadMark.objects.bulk_create([ReadMark(conversation=conversation, user=user, read_at=at)], ignore_conflicts=True)
    ReadMark.objects.filter(conversation=conversation, user=user, read_at__lt=at).update(read_at=at)


# --- Replies by e-mail ------------------------------------------------------------------------------------------


class ReplySigner(signing.Signer):
    """``django.core.signing``'s signer with a lower-case hexadecimal signature: the address's local part survives
    mail systems that change its case."""

    def signature(self, value, key=None):
        key = key or self.key
        return salted_hmac(self.salt + "signer", value, key, algorithm=self.algorithm).hexdigest()[:40]

    def unsign(self, signed_value):
        return super().unsign(signed_value.lower())


def _signer() -> ReplySigner:
    return ReplySigner(salt="conversations.reply", sep=".", algorithm="sha256")


def reply_token(conversation: Conversation, user) -> str:
    """A token naming the conversation and the person it was sent to, signed with the site's secret key."""
    return _signer().sign(f"{conversation.pk}-{user.pk}")


def reply_address(conversation: Conversation, user) -> str:
    """``reply+<token>@<CONVERSATION_REPLY_DOMAIN>``, or ``""`` when no domain receives replies (the e-mail then
    asks to answer in the portal)."""
    domain = getattr(settings, "CONVERSATION_REPLY_DOMAIN", "")
    if not domain:
        return ""
    return f"{REPLY_PREFIX}{reply_token(conversation, user)}@{domain}"


def read_token(token: str) -> tuple[int, int]:
    """(conversation id, user id) of a genuine token; ``signing.BadSignature`` for anything else."""
    value = _signer().unsign(token)
    conversation_id, _sep, user_id = value.partition("-")
    if not conversation_id.isdigit() or not user_id.isdigit():
        raise signing.BadSignature("malformed token")
    return int(conversation_id), int(user_id)


def subject_of(conversation: Conversation):
    """(kind, object) of a conversation, read through its key."""
    kind = conversation.kind
    return kind, getattr(conversation, kind)
