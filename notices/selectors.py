"""Reads of notices: a person only ever reads their own."""

from .models import Notice


def notices_of(user):
    return Notice.objects.filter(recipient=user)


def unread_count(user) -> int:
    return notices_of(user).filter(read_at__isnull=True).count()
