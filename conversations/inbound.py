"""A reply by e-mail (issue 22, "e-mailed both ways"): one RFC 822 message, accepted only from the person the
conversation's notice was sent to, at the signed address it carried.

``receive(raw)`` reads the message and either stores the reply (``services.post``, files checked as on the page) or
refuses it with a ``Refusal`` naming the reason; ``manage.py receive_mail`` logs the outcome, one line each.
Checked, in order: not an automatic message (RFC 3834: out-of-office, bounces, lists); a recipient address
``reply+<token>@CONVERSATION_REPLY_DOMAIN`` whose token is genuine (``django.core.signing``); the conversation
and the person exist; the sender's address is one of that person's (their account's, or a verified address of theirs);
the person may still write in the conversation; the reply, once the quoted text is cut, is not empty; every file is
a PDF, JPEG or PNG that is what it says.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from . import registry, services
from .models import Conversation, Message

RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc", "Envelope-To")
MARKER = re.compile(r"^\s*##-")
QUOTE_HEADERS = (
    re.compile(r"^\s*On\b.*\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*El\b.*\bescribió:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Original Message|Mensaje original)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^\s*(From|De):\s.+", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's line before the quoted message
)
SIGNATURE = re.compile(r"^-- ?$")
WROTE_SPLIT = re.compile(r"^\s*On\b[^\n]*$", re.IGNORECASE)


class Refusal(Exception):
    """A message that is not stored: ``reason`` for the log, ``code`` the exit status for the mail system
    (sysexits: 65 data error, 67 unknown address, 77 not permitted)."""

    def __init__(self, reason: str, code: int = 65):
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass
class Stored:
    message: Message
    sender: str


def parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def receive(raw: bytes) -> Stored:
    """Store the reply in ``raw`` or raise ``Refusal``."""
    mail = parse(raw)
    if _automatic(mail):
        raise Refusal("automatic message (Auto-Submitted, Precedence or a bounce): not stored", 65)
    token = _token(mail)
    if token is None:
        raise Refusal("no reply address of this portal among the recipients", 67)
    try:
        conversation_id, user_id = services.read_token(token)
    except signing.BadSignature:
        raise Refusal("reply address with a forged or damaged token", 67) from None
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if conversation is None or user is None:
        raise Refusal(f"token for conversation {conversation_id} and user {user_id}, which no longer exist", 67)
    sender = _sender(mail)
    if not sender or not _belongs_to(sender, user):
        raise Refusal(
            f"sender {sender or '(none)'} is not an address of user {user.pk}, to whom conversation "
            f"{conversation.pk}'s notice was sent",
            77,
        )
    kind, obj = services.subject_of(conversation)
    subject = registry.subject(kind)
    if subject is None or subject.side(user, obj) not in registry.WRITERS:
        raise Refusal(f"user {user.pk} may no longer write in conversation {conversation.pk}", 77)
    body = fresh_text(_text(mail))
    files = _files(mail)
    if not body and files:
        body = "(" + ", ".join(item.name for item in files) + ")"
    try:
        message = services.post(kind, obj, author=user, body=body, files=files, by_email=True)
    except services.ConversationError as error:
        raise Refusal(f"reply from {sender} to conversation {conversation.pk} refused: {error}", 65) from None
    return Stored(message, sender)


def _automatic(mail: EmailMessage) -> bool:
    auto = str(mail.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(mail.get("Precedence", "")).strip().lower()
    sender = str(mail.get("Return-Path", "")).strip()
    return auto != "no" or precedence in ("bulk", "junk", "list", "auto_reply") or sender == "<>"


def _token(mail: EmailMessage) -> str | None:
    domain = (getattr(settings, "CONVERSATION_REPLY_DOMAIN", "") or "").lower()
    if not domain:
        return None
    values = [str(value) for header in RECIPIENT_HEADERS for value in mail.get_all(header, [])]
    for _name, address in getaddresses(values):
        local, _at, host = address.rpartition("@")
        if host.lower() == domain and local.lower().startswith(services.REPLY_PREFIX):
            return local[len(services.REPLY_PREFIX) :]
    return None


def _sender(mail: EmailMessage) -> str:
    header = mail.get("From")
    addresses = getattr(header, "addresses", ()) if header is not None else ()
    if len(addresses) != 1:
        return ""
    address: Address = addresses[0]
    return (address.addr_spec or "").strip().lower()


def _belongs_to(address: str, user) -> bool:
    """The user's account address, or an address of theirs they confirmed (django-allauth)."""
    if user.email and user.email.strip().lower() == address:
        return True
    try:
        from allauth.account.models import EmailAddress
    except ImportError:  # pragma: no cover - allauth is installed
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=address, verified=True).exists()


def _text(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", content)
        content = re.sub(r"(?i)<blockquote\b.*", "", content, flags=re.DOTALL)  # the quoted message
        content = html.unescape(re.sub(r"<[^>]+>", "", content))
    return content


def fresh_text(text: str) -> str:
    """The reply without what it quotes: cut at the notice's "reply above this line" marker, a line that starts a
    quotation ("On ... wrote:", "-----Original Message-----", "From: ..."), the first quoted line ("> ...") or the
    signature separator ("-- "); trailing blank lines dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if MARKER.match(line) or line.lstrip().startswith(">") or SIGNATURE.match(line):
            break
        if any(pattern.match(line) for pattern in QUOTE_HEADERS):
            break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if WROTE_SPLIT.match(line) and following.strip().lower().endswith("wrote:"):
            break  # "On Mon, Dec 7, 2026 at 9:00 AM Clean Air Grants <...>" wrapped onto two lines
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _files(mail: EmailMessage) -> list[SimpleUploadedFile]:
    files = []
    for part in mail.iter_attachments():
        name = part.get_filename() or "attachment"
        data = part.get_payload(decode=True) or b""
        files.append(SimpleUploadedFile(name, data, content_type=part.get_content_type()))
    return files
