"""notices.services: a notice is stored, rendered in text and HTML, e-mailed once, retried when it could not go."""

import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import Role
from notices import services
from notices.kinds import Kind
from notices.models import Notice
from notices.templatetags.notice_format import in_words, pacific, period_words
from programs.models import Program
from programs.rules.registry import get_rule_set
from tests.factories import UserFactory
from tests.notices.conftest import broker

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 5, 1)


def remind(person, today, due=DUE, **extra):
    """A reminder about PA2026-01's program row, standing in for an agreement's obligation."""
    program = Program.objects.get(code="PA2026-01")
    return services.remind(
        person,
        program,
        due=due,
        today=today,
        what="Destroy the old equipment",
        regarding="Agreement 2026-014, project 1",
        program=program,
        link="/agreements/14/",
        source="001_ea26778b00a7e017.txt, PA2026-01 Section 6.1",
        **extra,
    )


def test_dates_in_words_and_times_in_pacific_time():
    assert in_words(dt.date(2026, 3, 13)) == "Friday, March 13, 2026"
    assert pacific(dt.datetime(2026, 3, 13, 21, 5, tzinfo=dt.UTC)) == "Friday, March 13, 2026 at 2:05 PM PDT"
    assert pacific(dt.datetime(2026, 1, 6, 1, 30, tzinfo=dt.UTC)) == "Monday, January 5, 2026 at 5:30 PM PST"
    assert period_words(get_rule_set("PA2026-02").deficiency_response) == "14 calendar days"
    assert period_words(get_rule_set("PA2022-01").deficiency_response) == "7 business days"


def test_a_reminder_is_stored_and_mailed_in_text_and_html(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = remind(person, today=dt.date(2026, 4, 24))
    assert notice.kind == Kind.OBLIGATION_DUE_SOON and notice.recipient == person
    assert notice.subject == "Reminder: Destroy the old equipment, due Friday, May 1, 2026"
    assert notice.link == "http://127.0.0.1:8000/agreements/14/"
    assert notice.body_text.startswith(
        'Hello Maria Lopez,\n\nThis is a reminder: "Destroy the old equipment" is '
        "due on Friday, May 1, 2026, in 7 days.\n"
    )
    for line in (
        "Program: PA2026-01 Battery Electric Cargo Handling Equipment (CHE) Program",
        "Regarding: Agreement 2026-014, project 1",
        "Due: Friday, May 1, 2026",
        "Open it in the portal: http://127.0.0.1:8000/agreements/14/",
        "Where this comes from: Program Announcement PA2026-01, Section 6.1",
    ):
        assert line in notice.body_text
    assert "\n\n\n" not in notice.body_text
    assert "<strong>Destroy the old equipment</strong> is due on Friday, May 1, 2026, in 7 days." in notice.body_html
    assert '<a href="http://127.0.0.1:8000/agreements/14/"' in notice.body_html

    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (["maria@fleet.example"], notice.subject, notice.body_text)
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}
    assert message.alternatives[0] == (notice.body_html, "text/html")
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.sent_to == "maria@fleet.example" and notice.attempts == 1
    program = Program.objects.get(code="PA2026-01")
    assert notice.related == program
    assert notice.key == f"reminder:programs.program:{program.pk}:2026-05-01:7_days"


def test_a_reminder_is_sent_once_per_stage_however_often_the_task_runs(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(1, 32):  # every day of April and May 1, twice
            for _ in range(2):
                remind(person, today=dt.date(2026, 4, 1) + dt.timedelta(days=day - 1))
        remind(person, today=dt.date(2026, 5, 2))
        remind(person, today=dt.date(2026, 5, 20))
    assert [message.subject for message in mail.outbox] == [
        "Reminder: Destroy the old equipment, due Friday, May 1, 2026",
        "Reminder: Destroy the old equipment, due Friday, May 1, 2026",
        "Reminder: Destroy the old equipment, due Friday, May 1, 2026",
        "Overdue: Destroy the old equipment, due Friday, May 1, 2026",
    ]
    assert "in 14 days" in mail.outbox[0].body and "in 7 days" in mail.outbox[1].body
    assert "in 1 day." in mail.outbox[2].body
    assert "it is 1 day overdue" in mail.outbox[3].body
    assert Notice.objects.filter(recipient=person).count() == 4


def test_an_extended_due_date_gets_its_own_reminders(person):
    assert remind(person, today=dt.date(2026, 4, 30)) is not None
    assert remind(person, today=dt.date(2026, 4, 30)) is None
    assert remind(person, today=dt.date(2026, 5, 24), due=dt.date(2026, 5, 31)) is not None


def test_nothing_before_the_first_reminder_day(person):
    assert remind(person, today=dt.date(2026, 4, 16)) is None
    assert not Notice.objects.exists()


def test_staff_wide_notices_go_to_every_staff_user_once(db, django_capture_on_commit_callbacks):
    staff = [UserFactory(role=Role.STAFF) for _ in range(3)]
    UserFactory(role=Role.STAFF, is_active=False)
    UserFactory(role=Role.BOARD_MEMBER)
    UserFactory(role=Role.APPLICANT)
    arguments = {
        "regarding": "Agreement 2026-014",
        "link": "/admin/",
        "key": "agreement-signed:14",
        "context": {"signed_by": "Maria Lopez, Fleet Manager", "signed_at": timezone.now()},
    }
    with django_capture_on_commit_callbacks(execute=True):
        notices = services.notify_staff(Kind.AGREEMENT_SIGNED, **arguments)
        assert services.notify_staff(Kind.AGREEMENT_SIGNED, **arguments) == []
    assert [notice.recipient for notice in notices] == staff
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in staff)
    assert "Maria Lopez, Fleet Manager signed the agreement for Agreement 2026-014 on " in mail.outbox[0].body


def test_an_unknown_kind_is_refused(person):
    with pytest.raises(ValueError):
        services.notify(person, "award_cap", regarding="x")


def test_a_broker_that_cannot_be_reached_does_not_fail_the_request(person, caplog, django_capture_on_commit_callbacks):
    with broker("redis://127.0.0.1:1/0", broker_connection_timeout=1, broker_connection_max_retries=0):
        with django_capture_on_commit_callbacks(execute=True):
            notice = remind(person, today=dt.date(2026, 4, 24))
    assert f"Could not queue notice {notice.pk}" in caplog.text
    notice.refresh_from_db()
    assert notice.sent_at is None and mail.outbox == []
    assert services.send_unsent() == 0  # too fresh: the queued task has two minutes to send it first
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    assert services.send_unsent() == 1
    assert [message.to for message in mail.outbox] == [["maria@fleet.example"]]
    assert services.send_unsent() == 0


def test_a_failed_sending_is_recorded_and_retried_five_times_at_most(person, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_services.RefusingBackend"
    notice = remind(person, today=dt.date(2026, 4, 24))
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    for _ in range(7):
        services.send_unsent()
    notice.refresh_from_db()
    assert (notice.sent_at, notice.attempts) == (None, 5)
    assert notice.failure == "SMTPRecipientsRefused: {'maria@fleet.example': (550, b'No such user')}"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send(notice.pk) is True  # an administrator's "send now"
    notice.refresh_from_db()
    assert notice.failure == "" and notice.sent_at is not None


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"maria@fleet.example": (550, b"No such user")})


def test_no_e_mail_address_keeps_the_notice_on_the_page_only(db, django_capture_on_commit_callbacks):
    person = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notice = remind(person, today=dt.date(2026, 4, 24))
    notice.refresh_from_db()
    assert mail.outbox == [] and notice.sent_at is None
    assert notice.failure == "The account has no e-mail address."


def test_a_sent_notice_is_never_sent_again(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = remind(person, today=dt.date(2026, 4, 24))
    assert services.send(notice.pk) is False
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert services.send_unsent() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_transactions_racing_on_one_key_create_one_notice(seeded):
    """Real threads, real PostgreSQL: the second insert waits for the first and yields to it."""
    person = UserFactory()
    first_inserted, second_started = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = remind(person, today=dt.date(2026, 4, 24))
                first_inserted.set()
                second_started.wait(5)
                threading.Event().wait(0.5)  # the second is now blocked on the unique index
        finally:
            connection.close()

    def second():
        try:
            first_inserted.wait(5)
            second_started.set()
            results["second"] = remind(person, today=dt.date(2026, 4, 24))
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results["first"] is not None and results["second"] is None
    assert Notice.objects.filter(recipient=person).count() == 1
    assert len(mail.outbox) == 1


class SlowBackend(locmem.EmailBackend):
    """The locmem backend, taking half a second per message like a distant SMTP server."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_one_notice_send_it_once(seeded, settings):
    """Real threads, real PostgreSQL: the queued task and the retry sweep at once; the second skips the locked row."""
    settings.EMAIL_BACKEND = "tests.notices.test_services.SlowBackend"
    notice = Notice.objects.create(
        recipient=UserFactory(email="maria@fleet.example"),
        kind=Kind.AGREEMENT_READY,
        subject="Agreement ready",
        body_text="Text",
        body_html="<p>HTML</p>",
    )
    results = []

    def worker():
        try:
            results.append(services.send(notice.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.attempts == 1 and notice.sent_at is not None
