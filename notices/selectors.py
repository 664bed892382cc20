"""Reads of notices: a person only ever reads their own."""

from .kinds import Kind
from .models import Inbox, Notice


def notices_of(user, *, kind: str = "", unread: bool = False):
    """The person's notices, newest first; only one kind, or only the unread, when asked (the inbox index)."""
    notices = Notice.objects.filter(recipient=user)
    if kind in Kind.values:
        notices = notices.filter(kind=kind)
    if unread:
        notices = notices.filter(read_at__isnull=True)
    return notices


def unread_count(user) -> int:
    """The maintained count (``Inbox.unread``): one row read by its key, whatever the number of notices."""
    return Inbox.objects.filter(user=user).values_list("unread", flat=True).first() or 0


def inbox_of(user) -> Inbox:
    return Inbox.objects.filter(user=user).first() or Inbox(user=user)
