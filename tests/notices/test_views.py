"""The Notices page: everyone signed in sees their own notices, newest first, and nobody else's (404)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from notices import services
from notices.kinds import Kind
from notices.models import Notice
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def tell(user, what="Agreement 2026-014"):
    return services.notify(user, Kind.AGREEMENT_READY, regarding=what, link="/")


def owner_urls(notice):
    return [
        ("get", reverse("notices:detail", args=[notice.pk])),
        ("post", reverse("notices:read", args=[notice.pk])),
    ]


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.APPLICANT)


@pytest.fixture
def owners_notice(owner):
    return tell(owner)


def sign_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_notices_page_with_only_its_own(client, owners_notice, role):
    user = UserFactory(role=role)
    mine = tell(user, what="Agreement 2026-015")
    page = sign_in(client, user).get(reverse("notices:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.subject in html and owners_notice.subject not in html
    assert 'id="unread-notices">1<' in html


@pytest.mark.parametrize("role", list(Role))
def test_nobody_opens_or_marks_another_persons_notice(client, owners_notice, role):
    sign_in(client, UserFactory(role=role))
    for method, url in owner_urls(owners_notice):
        assert getattr(client, method)(url).status_code == 404, url
    client.post(reverse("notices:read_all"))
    owners_notice.refresh_from_db()
    assert owners_notice.read_at is None


def test_not_even_a_superuser_reads_another_persons_notice_on_the_page(client, owners_notice):
    admin = UserFactory(role=Role.STAFF, is_superuser=True)
    sign_in(client, admin)
    assert client.get(reverse("notices:detail", args=[owners_notice.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, owners_notice):
    for method, url in [
        *owner_urls(owners_notice),
        ("get", reverse("notices:list")),
        ("post", reverse("notices:read_all")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize(("role", "status"), [(Role.STAFF, 403), (Role.BOARD_MEMBER, 403), (Role.APPLICANT, 302)])
def test_no_role_reads_notices_in_the_admin(client, owners_notice, role, status):
    sign_in(client, UserFactory(role=role))
    assert client.get(reverse("admin:notices_notice_changelist")).status_code == status
    assert client.get(reverse("admin:notices_notice_change", args=[owners_notice.pk])).status_code == status


def test_newest_first_unread_marked_and_read_when_opened(client, owner):
    older = tell(owner, what="Agreement 2026-015")
    Notice.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    newer = tell(owner, what="Agreement 2026-016")
    sign_in(client, owner)
    html = client.get(reverse("notices:list")).content.decode()
    assert html.index(newer.subject) < html.index(older.subject)
    assert html.count('data-read="false"') == 2 and 'id="unread-notices">2<' in html

    detail = client.get(reverse("notices:detail", args=[newer.pk])).content.decode()
    assert "The agreement for Agreement 2026-016 is ready." in detail
    assert 'class="btn btn-success" href="/">' in detail
    newer.refresh_from_db()
    assert newer.read_at is not None
    html = client.get(reverse("notices:list")).content.decode()
    assert html.count('data-read="false"') == 1 and 'id="unread-notices">1<' in html


def test_mark_read_and_mark_all_read(client, owner):
    first, second = tell(owner, what="A"), tell(owner, what="B")
    sign_in(client, owner)
    response = client.post(reverse("notices:read", args=[first.pk]), {"next": "/notices/?page=1"})
    assert response.status_code == 302 and response.url == "/notices/?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    response = client.post(reverse("notices:read_all"), {"next": "https://evil.example/"})
    assert response.url == reverse("notices:list")
    assert not Notice.objects.filter(recipient=owner, read_at__isnull=True).exists()
    assert client.get(reverse("notices:read_all")).status_code == 405


def test_an_empty_page_says_so_and_the_navbar_shows_no_count(client, owner):
    html = sign_in(client, owner).get(reverse("notices:list")).content.decode()
    assert 'id="no-notices"' in html and 'id="unread-notices"' not in html
    assert 'id="nav-notices"' in html


def test_the_page_is_paginated_25_to_a_page(client, owner):
    for number in range(30):
        services.notify(owner, Kind.AGREEMENT_READY, regarding=f"Agreement {number}", link="/")
    html = sign_in(client, owner).get(reverse("notices:list"), {"page": 2}).content.decode()
    assert html.count("data-notice=") == 5 and "Page 2 of 2" in html


def test_the_navbar_reads_the_maintained_count_not_the_notices(client, owner):
    """Issue 21: the unread count is one row by its key (``Inbox.unread``), never a COUNT over the notices."""
    for number in range(3):
        tell(owner, f"Agreement {number}")
    sign_in(client, owner)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("home")).content.decode()
    assert 'id="unread-notices">3<' in html
    assert not [query for query in queries if '"notices_notice"' in query["sql"]]
    assert len([query for query in queries if '"notices_inbox"' in query["sql"]]) == 1


def test_the_count_follows_reading_one_and_marking_all(client, owner):
    first, *_ = [tell(owner, f"Agreement {number}") for number in range(3)]
    sign_in(client, owner)
    client.get(reverse("notices:detail", args=[first.pk]))
    client.get(reverse("notices:detail", args=[first.pk]))  # read twice, counted once
    assert 'id="unread-notices">2<' in client.get(reverse("home")).content.decode()
    client.post(reverse("notices:read_all"))
    assert 'id="unread-notices"' not in client.get(reverse("home")).content.decode()
    tell(owner, "Agreement 9")
    assert 'id="unread-notices">1<' in client.get(reverse("home")).content.decode()


def test_notices_filter_by_kind_and_unread(client, owner):
    read = services.notify(owner, Kind.PAYMENT_APPROVED, regarding="Payment request 1", link="/")
    services.mark_read(read)
    services.notify(owner, Kind.PAYMENT_APPROVED, regarding="Payment request 2", link="/")
    tell(owner)
    sign_in(client, owner)
    html = client.get(reverse("notices:list"), {"kind": Kind.PAYMENT_APPROVED}).content.decode()
    assert html.count("data-notice=") == 2
    html = client.get(reverse("notices:list"), {"kind": Kind.PAYMENT_APPROVED, "unread": "1"}).content.decode()
    assert html.count("data-notice=") == 1
    html = client.get(reverse("notices:list"), {"kind": "no-such-kind"}).content.decode()  # ignored, not an error
    assert html.count("data-notice=") == 3
