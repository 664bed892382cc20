"""Store a reply by e-mail to a conversation (issue 22): one RFC 822 message from standard input, as a mail
system's pipe delivers it, or from a file.

    manage.py receive_mail < message.eml
    manage.py receive_mail message.eml

A stored reply prints one line and exits 0; anything refused (forged token, another sender, an automatic message,
a file that is not a valid PDF, JPEG or PNG, ...) is logged on the ``conversations.inbound`` logger with its reason
and exits non-zero (sysexits: 65, 67 or 77), so the mail system may return it to its sender. See
``docs/conversations.md``.
"""

from __future__ import annotations

import logging
import sys

from django.core.management.base import BaseCommand, CommandError

from conversations import inbound

logger = logging.getLogger("conversations.inbound")


class Command(BaseCommand):
    help = "Store one reply by e-mail (RFC 822, from standard input or a file) in its conversation."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the message file; standard input when omitted")

    def handle(self, *args, file=None, **options):
        if file:
            try:
                with open(file, "rb") as handle:
                    raw = handle.read()
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}.", returncode=66) from None
        else:
            raw = sys.stdin.buffer.read()
        try:
            stored = inbound.receive(raw)
        except inbound.Refusal as refusal:
            logger.warning("Reply by e-mail refused: %s", refusal.reason)
            raise CommandError(f"Refused: {refusal.reason}.", returncode=refusal.code) from None
        message = stored.message
        logger.info(
            "Reply by e-mail from %s stored as message %s of conversation %s",
            stored.sender,
            message.pk,
            message.conversation_id,
        )
        self.stdout.write(f"Stored message {message.pk} in conversation {message.conversation_id}.")
