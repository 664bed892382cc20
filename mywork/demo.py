"""The demo's notices (issue 21: "a new applicant session starts with 48 unread notices and staff with 50+, most not
theirs to act on"). The demo replays years of history (awards since 2022, payments, reports, closeouts) through the
real services, and each step tells its people as it would have then. A fresh demo session should open on what is
real work today: a notice stays unread only when it is the newest about a row of its recipient's My work (an
agreement to sign, information to give, a payment request to check, ...); the demo's history is marked read, never
deleted (the Notices page still lists it)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from notices.models import Notice
from notices.services import count_unread

from .selectors import work_of


def read_the_demos_history() -> int:
    """Mark read every unread notice that points at nothing waiting on its recipient (``selectors.work_of``), their
    unread counts moved with them; returns how many. Idempotent: a second ``seed_demo`` finds nothing more to mark."""
    now = timezone.now()
    marked = 0
    unread = Notice.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    for user in get_user_model().objects.filter(Exists(unread)).order_by("pk"):
        waiting = {urlsplit(row.url).path for section in work_of(user).sections for row in section.rows}
        history = []
        for notice in Notice.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at", "-pk"):
            path = urlsplit(notice.link).path
            if path in waiting:
                waiting.discard(path)  # the newest notice about a piece of work stays news; older ones are history
            else:
                history.append(notice.pk)
        read = Notice.objects.filter(pk__in=history, read_at__isnull=True).update(read_at=now)
        count_unread(user.pk, -read)  # the navbar's count (``notices.Inbox.unread``) follows
        marked += read
    return marked
