"""The opt-in daily digest (issue 21): one e-mail a day of the notices not yet e-mailed and still unread, instead of
one per notice; the choice is the person's own, on their e-mail settings page."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from notices import services, tasks
from notices.kinds import Kind
from notices.models import Inbox, Notice
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return UserFactory(role=Role.STAFF)


def tell(user, what):
    return services.notify(user, Kind.PAYMENT_SUBMITTED, regarding=what, link="/payments/1/")


def test_the_setting_is_the_readers_own_choice(client, reader):
    client.login(username=reader.username, password=PASSWORD)
    assert client.get(reverse("notices:settings")).status_code == 200
    client.post(reverse("notices:settings"), {"daily_digest": "on"})
    assert Inbox.objects.get(user=reader).daily_digest
    client.post(reverse("notices:settings"), {})
    assert not Inbox.objects.get(user=reader).daily_digest


def test_with_the_digest_notices_wait_for_one_morning_email(reader, django_capture_on_commit_callbacks):
    services.set_daily_digest(reader, True)
    with django_capture_on_commit_callbacks(execute=True):
        first, second = tell(reader, "Payment request 1"), tell(reader, "Payment request 2")
    assert mail.outbox == []  # held, not sent one by one
    assert services.send_unsent() == 0
    services.mark_read(first)
    today = timezone.localdate()
    assert tasks.send_daily_digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    assert message.subject == "Clean Air Grants: 1 new notice"
    assert second.subject in message.body and first.subject not in message.body
    assert "http://127.0.0.1:8000/payments/1/" in message.body
    assert Notice.objects.get(pk=second.pk).sent_at is not None
    assert Inbox.objects.get(user=reader).digest_sent_on == today
    assert services.send_digests() == 0  # once a day
    assert services.send_digests(today + dt.timedelta(days=1)) == 0  # nothing new: no empty e-mail
    assert len(mail.outbox) == 1


def test_without_the_digest_each_notice_is_sent(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(reader, "Payment request 1")
    assert len(mail.outbox) == 1
    assert services.send_digests() == 0


def test_the_digest_in_the_readers_language(reader):
    from accounts.services import profile_of

    profile = profile_of(reader)
    profile.language = "es"
    profile.save()
    services.set_daily_digest(reader, True)
    tell(reader, "Solicitud de pago 1")
    services.send_digests()
    assert mail.outbox[0].subject == "Clean Air Grants: 1 aviso nuevo"


def test_routed_to_the_responsible_staff_member(db):
    reviewer, other = UserFactory(role=Role.STAFF), UserFactory(role=Role.STAFF)
    assert list(services.staff_users(reviewer)) == [reviewer]
    assert list(services.staff_users(None)) == [reviewer, other]
    reviewer.is_active = False
    reviewer.save()
    assert list(services.staff_users(reviewer)) == [other]  # gone: everyone who remains
    applicant = UserFactory(role=Role.APPLICANT)
    assert list(services.staff_users(applicant)) == [other]  # not staff: never told staff's work
