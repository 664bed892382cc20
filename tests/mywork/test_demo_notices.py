"""The demo's notices (issue 21): a fresh ``applicant`` or ``staff`` session starts with a handful of unread notices,
each the newest about a row of their My work, not dozens from the replayed history (48 and 54 unread before); the
history is read, not deleted."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from mywork.demo import read_the_demos_history
from mywork.selectors import work_of
from notices.models import Inbox, Notice

pytestmark = pytest.mark.django_db

HANDFUL = 8


@pytest.mark.parametrize("name", ["applicant", "staff", "signatory", "supervisor", "finance", "inspector", "port_la"])
def test_each_demo_account_starts_with_a_handful_of_unread_notices_that_are_real_work(demo, name):
    user = get_user_model().objects.get(username=name)
    unread = list(Notice.objects.filter(recipient=user, read_at__isnull=True))
    waiting = {urlsplit(row.url).path for section in work_of(user).sections for row in section.rows}
    print(f"{name}: {len(unread)} unread of {Notice.objects.filter(recipient=user).count()} notices")
    assert len(unread) <= HANDFUL, [notice.subject for notice in unread]
    inbox = Inbox.objects.filter(user=user).values_list("unread", flat=True).first() or 0
    assert inbox == len(unread)  # the navbar's count says the same
    paths = [urlsplit(notice.link).path for notice in unread]
    assert set(paths) <= waiting, [notice.subject for notice in unread]
    assert len(paths) == len(set(paths))  # one notice per piece of work: the newest


def test_the_applicant_and_staff_have_real_work_unread_and_their_history_kept(demo):
    users = get_user_model().objects
    for name in ("applicant", "staff"):
        notices = Notice.objects.filter(recipient=users.get(username=name))
        assert notices.filter(read_at__isnull=True).exists(), name  # some real work is still news
        assert notices.filter(read_at__isnull=False).count() >= 20, name  # the history is on the Notices page, read
    assert read_the_demos_history() == 0  # a second seed_demo finds nothing more to mark
