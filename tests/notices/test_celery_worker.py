"""A queued notice is sent by a real Celery worker consuming from Redis, against PostgreSQL."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone

from notices import services
from notices.kinds import Kind
from notices.models import Notice
from notices.tasks import send_unsent_notices
from portal.celery import app
from tests.factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until_sent(notice: Notice, seconds: float = 60) -> Notice:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        notice.refresh_from_db()
        if notice.sent_at:
            return notice
        time.sleep(0.1)
    raise AssertionError("the worker did not send the notice")


def test_the_worker_sends_a_queued_notice(seeded, redis_worker):
    person = UserFactory(email="maria@fleet.example")
    notice = services.notify(person, Kind.AGREEMENT_READY, regarding="Agreement 2026-014", link="/")
    assert app.conf.task_always_eager is False
    notice = wait_until_sent(notice)
    assert [message.to for message in mail.outbox] == [["maria@fleet.example"]]
    assert mail.outbox[0].subject == notice.subject


def test_the_periodic_task_sends_what_was_left_unsent(seeded, redis_worker):
    person = UserFactory(email="maria@fleet.example")
    waiting = Notice.objects.create(
        recipient=person, kind=Kind.AGREEMENT_READY, subject="Left unsent", body_text="Text", body_html="<p>HTML</p>"
    )
    Notice.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - dt.timedelta(minutes=30))
    send_unsent_notices.delay()
    wait_until_sent(waiting)
    assert [message.subject for message in mail.outbox] == ["Left unsent"]
