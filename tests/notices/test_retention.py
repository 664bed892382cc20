"""Notice retention (issue 25): read notices older than NOTICE_RETENTION_DAYS are archived by the nightly task, set
based; they leave the Notices page, the unread counter does not move, and they stay for audit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from notices import selectors, services, tasks
from notices.kinds import Kind
from notices.models import Notice
from tests.factories import PASSWORD, superuser


def aged(person, days: int, *, read: bool, key: str = "") -> Notice:
    notice = services.notify(
        person, Kind.PAYMENT_SUBMITTED, regarding=f"Payment {days}", link="/payments/1/", key=key or None
    )
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    if read:
        services.mark_read(notice)
    return Notice.objects.get(pk=notice.pk)


def live(person):
    return set(selectors.notices_of(person).values_list("pk", flat=True))


def test_read_notices_past_retention_are_archived_and_unread_ones_stay(person, settings):
    settings.NOTICE_RETENTION_DAYS = 400
    old_read = aged(person, 401, read=True)
    old_unread = aged(person, 500, read=False)
    recent_read = aged(person, 399, read=True)
    assert selectors.unread_count(person) == 1
    assert tasks.archive_old_notices() == 1
    assert Notice.objects.get(pk=old_read.pk).archived_at is not None
    assert Notice.objects.get(pk=old_unread.pk).archived_at is None
    assert Notice.objects.get(pk=recent_read.pk).archived_at is None
    assert live(person) == {old_unread.pk, recent_read.pk}
    assert selectors.unread_count(person) == 1 == selectors.notices_of(person, unread=True).count()
    assert tasks.archive_old_notices() == 0  # again the same night: nothing left to do
    assert Notice.objects.count() == 3  # nothing deleted


def test_the_archive_runs_in_batches(person, monkeypatch):
    monkeypatch.setattr(services, "ARCHIVE_BATCH", 2)
    for days in (500, 501, 502, 503, 504):
        aged(person, days, read=True)
    assert services.archive_old(days=400) == 5
    assert Notice.objects.filter(archived_at__isnull=True).count() == 0


def test_an_archived_notice_keeps_its_key(person):
    aged(person, 450, read=True, key="reminder:x:1")
    services.archive_old(days=400)
    assert services.notify(person, Kind.PAYMENT_SUBMITTED, regarding="again", key="reminder:x:1") is None


@pytest.mark.django_db
def test_archived_notices_are_off_the_page_but_open_by_link_and_in_the_admin(client, person):
    notice = aged(person, 450, read=True)
    services.archive_old(days=400)
    client.login(username=person.username, password=PASSWORD)
    assert reverse("notices:detail", args=[notice.pk]) not in client.get(reverse("notices:list")).content.decode()
    assert client.get(reverse("notices:detail", args=[notice.pk])).status_code == 200
    admin = superuser()
    client.login(username=admin.username, password=PASSWORD)
    changelist = reverse("admin:notices_notice_changelist")
    change = reverse("admin:notices_notice_change", args=[notice.pk])
    assert change in client.get(changelist + "?archived=yes").content.decode()
    assert change not in client.get(changelist + "?archived=no").content.decode()
