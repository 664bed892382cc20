"""The daily task reminds the awardee 14, 7 and 1 days before an obligation is due and on the day it becomes overdue,
each once (locmem e-mail), and a date an amendment moves starts afresh."""

import datetime as dt

import pytest
from django.core import mail

from agreements import services
from agreements.models import Obligation
from agreements.tasks import remind_obligations
from notices.models import Notice
from tests.factories import executed_agreement

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def surrender(staff_user, django_capture_on_commit_callbacks):
    """PA2026-02, delivered June 1, 2026: the old vehicle is surrendered to a dismantler by August 30, 2026 (90 days,
    Table 1 step 4b)."""
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=D(2026, 2, 10))
    services.record_event(
        agreement.funded_projects.get().project, "delivered", D(2026, 6, 1), actor=staff_user, today=D(2026, 6, 2)
    )
    mail.outbox.clear()
    Notice.objects.all().delete()
    return Obligation.objects.get(agreement=agreement, key="surrender_to_dismantler")


def run(day: dt.date, capture) -> int:
    with capture(execute=True):
        return remind_obligations(today=day.isoformat())


def subjects():
    return [message.subject for message in mail.outbox]


def test_each_reminder_is_sent_once(surrender, django_capture_on_commit_callbacks):
    awardee = surrender.agreement.application.applicant
    assert surrender.due == D(2026, 8, 30)
    assert run(D(2026, 8, 15), django_capture_on_commit_callbacks) == 0
    assert run(D(2026, 8, 16), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 8, 16), django_capture_on_commit_callbacks) == 0  # the same day again
    assert run(D(2026, 8, 17), django_capture_on_commit_callbacks) == 0
    assert run(D(2026, 8, 23), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 8, 29), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 8, 30), django_capture_on_commit_callbacks) == 0  # the due day: the one-day reminder stands
    assert run(D(2026, 8, 31), django_capture_on_commit_callbacks) == 1
    assert run(D(2026, 9, 30), django_capture_on_commit_callbacks) == 0
    assert subjects() == [
        "Reminder: Drive the old vehicle to an approved dismantler, due Sunday, August 30, 2026",
    ] * 3 + ["Overdue: Drive the old vehicle to an approved dismantler, due Sunday, August 30, 2026"]
    assert {message.to[0] for message in mail.outbox} == {awardee.email}
    first = Notice.objects.order_by("pk").first()
    assert "in 14 days" in first.body_text and "Table 1 step 4b" in first.body_text
    assert first.link.endswith(f"/agreements/{surrender.agreement_id}/#obligation-{surrender.pk}")
    surrender.refresh_from_db()
    assert surrender.status == "overdue"


def test_nothing_once_done(surrender, staff_user, django_capture_on_commit_callbacks):
    services.record_event(
        surrender.project, "dismantler_receipt", D(2026, 8, 10), actor=staff_user, today=D(2026, 8, 10)
    )
    surrender.refresh_from_db()
    assert surrender.status == "done"
    assert run(D(2026, 8, 16), django_capture_on_commit_callbacks) == 0
    # The scrapping, due 90 days after the receipt (November 8, 2026), is reminded in its turn.
    assert run(D(2026, 10, 25), django_capture_on_commit_callbacks) == 1
    assert "Have the old vehicle scrapped" in subjects()[0]


def test_a_date_moved_by_an_amendment_starts_afresh(surrender, staff_user, django_capture_on_commit_callbacks):
    assert run(D(2026, 8, 23), django_capture_on_commit_callbacks) == 1
    services.extend_milestone(
        surrender.agreement,
        surrender.project,
        "surrender_to_dismantler",
        D(2026, 9, 30),
        actor=staff_user,
        reason="The dismantler's yard was closed by fire.",
        today=D(2026, 8, 24),
    )
    assert run(D(2026, 8, 31), django_capture_on_commit_callbacks) == 0  # no longer overdue
    assert run(D(2026, 9, 16), django_capture_on_commit_callbacks) == 1
    assert subjects()[-1] == (
        "Reminder: Drive the old vehicle to an approved dismantler, due Wednesday, September 30, 2026"
    )


def test_a_terminated_agreement_reminds_nobody(surrender, staff_user, django_capture_on_commit_callbacks):
    services.terminate(surrender.agreement, actor=staff_user, reason="Declined.")
    assert run(D(2026, 8, 31), django_capture_on_commit_callbacks) == 0
