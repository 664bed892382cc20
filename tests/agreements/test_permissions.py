"""Who may see and change agreements: the awardee their own (another awardee gets a 404), staff everything, board
members read and change nothing, inspectors and port representatives nothing (404), anonymous visitors sign in."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements import services
from agreements.models import Agreement, Amendment, Obligation, ProjectEvent
from tests.factories import PASSWORD, UserFactory, executed_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=dt.date(2026, 2, 10))
    services.extend_milestone(
        agreement,
        agreement.funded_projects.get().project,
        "final_invoice",
        dt.date(2028, 6, 30),
        actor=staff_user,
        reason="Extended (test).",
    )
    return agreement


def urls(agreement):
    project = agreement.funded_projects.get().project
    obligation = Obligation.objects.get(agreement=agreement, key="destruction_notice")
    own = {
        "detail": reverse("agreements:detail", args=[agreement.pk]),
        "document": reverse("agreements:document", args=[agreement.pk]),
        "translation": reverse("agreements:translation", args=[agreement.pk]),  # the Spanish courtesy translation
        "amendment": reverse("agreements:amendment_document", args=[agreement.pk, 1]),
    }
    district = {
        "obligations": reverse("agreements:obligations"),
        "values": reverse("agreements:values", args=[agreement.pk, project.pk]),
    }
    writes = {
        name: reverse(f"agreements:{name}", args=[agreement.pk])
        for name in ("sign", "send", "recall", "return", "countersign", "amend")
    }
    writes.update(
        {
            "event": reverse("agreements:event", args=[agreement.pk, project.pk]),
            "complete": reverse("agreements:complete", args=[agreement.pk, obligation.pk]),
            "waive": reverse("agreements:waive", args=[agreement.pk, obligation.pk]),
            "values": district["values"],
        }
    )
    return own, district, writes


WRITE_DATA = {
    "reason": "x",
    "title": "Owner",
    "name": "A",
    "consent": "on",
    "event": "delivered",
    "on": "2026-06-30",
    "kind": "terminate",
}


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return user


def unchanged(agreement):
    agreement.refresh_from_db()
    return (
        agreement.status == Agreement.Status.EXECUTED
        and Amendment.objects.count() == 1
        and not ProjectEvent.objects.filter(key="delivered").exists()
        and not Obligation.objects.filter(done_on__isnull=False, key="destruction_notice").exists()
    )


def test_the_awardee_reads_their_own_and_changes_nothing_staff_do(client, agreement):
    own, district, writes = urls(agreement)
    signed_in(client, agreement.application.applicant)
    for url in [*own.values(), reverse("agreements:list"), reverse("agreements:calendar")]:
        assert client.get(url).status_code == 200, url
    for url in district.values():
        assert client.get(url).status_code == 404, url
    for name, url in writes.items():
        expected = 302 if name == "sign" else 404  # signing an executed agreement: refused with a message
        assert client.post(url, WRITE_DATA).status_code == expected, url
    assert unchanged(agreement)


def test_another_awardee_gets_404_on_every_url(client, agreement):
    own, district, writes = urls(agreement)
    signed_in(client, UserFactory(role=Role.APPLICANT))
    for url in [*own.values(), *district.values()]:
        assert client.get(url).status_code == 404, url
    for url in writes.values():
        assert client.post(url, WRITE_DATA).status_code == 404, url
    assert agreement.number not in client.get(reverse("agreements:list")).content.decode()
    assert agreement.number not in client.get(reverse("agreements:calendar")).content.decode()
    assert unchanged(agreement)


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.PORT_REPRESENTATIVE])
def test_inspectors_and_port_representatives_see_nothing(client, agreement, role):
    own, district, writes = urls(agreement)
    signed_in(client, UserFactory(role=role))
    for url in [*own.values(), *district.values(), reverse("agreements:list"), reverse("agreements:calendar")]:
        assert client.get(url).status_code == 404, url
    for url in writes.values():
        assert client.post(url, WRITE_DATA).status_code == 404, url
    assert unchanged(agreement)


def test_board_members_read_everything_and_change_nothing(client, agreement):
    own, district, writes = urls(agreement)
    signed_in(client, UserFactory(role=Role.BOARD_MEMBER))
    for url in [*own.values(), district["obligations"], reverse("agreements:list")]:
        assert client.get(url).status_code == 200, url
    page = client.get(own["detail"]).content.decode()
    assert "Staff actions" not in page and "Mark done" not in page
    assert client.get(district["values"]).status_code == 404
    for url in writes.values():
        assert client.post(url, WRITE_DATA).status_code == 404, url
    assert unchanged(agreement)


def test_staff_read_everything_and_writes_need_post(client, agreement, staff_user):
    own, district, writes = urls(agreement)
    signed_in(client, staff_user)
    for url in [*own.values(), district["obligations"], reverse("agreements:list")]:
        assert client.get(url).status_code == 200, url
    assert "Staff actions" in client.get(own["detail"]).content.decode()
    for name, url in writes.items():
        if name != "values":
            assert client.get(url).status_code == 405, url


def test_anonymous_visitors_are_sent_to_sign_in(client, agreement):
    own, district, writes = urls(agreement)
    for url in [*own.values(), *district.values(), reverse("agreements:list"), reverse("agreements:calendar")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in writes.values():
        response = client.post(url, WRITE_DATA)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


ADMINS = ("agreement", "obligation", "projectevent", "amendment")


@pytest.mark.parametrize(
    ("role", "status"), [(Role.STAFF, 200), (Role.BOARD_MEMBER, 200), (Role.APPLICANT, 302), (Role.INSPECTOR, 302)]
)
def test_the_admin_is_read_only(client, agreement, role, status):
    signed_in(client, UserFactory(role=role))
    records = {
        "agreement": agreement,
        "obligation": agreement.obligations.first(),
        "projectevent": agreement.events.first(),
        "amendment": agreement.amendments.first(),
    }
    for name in ADMINS:
        assert client.get(reverse(f"admin:agreements_{name}_changelist")).status_code == status, name
        change = reverse(f"admin:agreements_{name}_change", args=[records[name].pk])
        assert client.get(change).status_code == status, name
        if role in (Role.STAFF, Role.BOARD_MEMBER):
            assert client.post(change, {"status": "closed"}).status_code == 403, name
            assert client.get(reverse(f"admin:agreements_{name}_add")).status_code == 403, name
            history = records[name].history.first()
            revert = reverse(f"admin:agreements_{name}_simple_history", args=[records[name].pk, history.history_id])
            assert client.post(revert, {}).status_code == 403, name
    assert unchanged(agreement)
