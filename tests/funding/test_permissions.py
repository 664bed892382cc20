"""Who may see and change funding: staff decide, board members read, everyone else gets a 404 (anonymous: sign in)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from funding import services
from funding.models import FundingRound, LedgerEntry
from programs.models import Program
from tests.factories import PASSWORD, UserFactory, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding_round(staff_user):
    complete_application(staff=staff_user)
    return services.run_round(services.start_round(Program.objects.get(code="PA2026-02"), actor=staff_user))


def reads(funding_round):
    return [
        reverse("funding:index"),
        reverse("funding:program", args=["PA2026-02"]),
        reverse("funding:round", args=[funding_round.pk]),
        reverse("funding:round_csv", args=[funding_round.pk]),
        reverse("funding:round_pdf", args=[funding_round.pk]),
    ]


def writes(funding_round):
    fund = funding_round.program.fund_sources.get()
    return [
        reverse("funding:preview", args=["PA2026-02"]),
        reverse("funding:approve", args=[funding_round.pk]),
        reverse("funding:retry", args=[funding_round.pk]),
        reverse("funding:decide_line", args=[funding_round.pk, funding_round.lines.get().pk]),
        reverse("funding:offer_waitlist", args=[funding_round.pk, funding_round.lines.get().pk]),
        reverse("funding:reserve", args=["PA2026-02", fund.pk]),
        reverse("funding:share", args=["PA2026-03", 1]),
        reverse("funding:budget", args=["PA2026-02", fund.pk]),
        reverse("funding:fund_new", args=["PA2025-04"]),
    ]


def signed_in(client, role):
    client.login(username=UserFactory(role=role).username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", [Role.STAFF, Role.BOARD_MEMBER])
def test_staff_and_board_read_every_funding_page(client, funding_round, role):
    signed_in(client, role)
    for url in reads(funding_round):
        assert client.get(url).status_code == 200, url


def test_board_members_change_nothing(client, funding_round):
    signed_in(client, Role.BOARD_MEMBER)
    page = client.get(reverse("funding:round", args=[funding_round.pk])).content.decode()
    assert "Approve the recommended awards" not in page
    assert (
        "Preview ranking and allocation"
        not in client.get(reverse("funding:program", args=["PA2026-02"])).content.decode()
    )
    entries = LedgerEntry.objects.count()
    for url in writes(funding_round):
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.PREVIEW and LedgerEntry.objects.count() == entries


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.INSPECTOR, Role.PORT_REPRESENTATIVE])
def test_other_roles_get_404_everywhere(client, funding_round, role):
    signed_in(client, role)
    for url in reads(funding_round):
        assert client.get(url).status_code == 404, url
    for url in writes(funding_round):
        assert client.post(url, {"reason": "x"}).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client, funding_round):
    for url in reads(funding_round) + writes(funding_round):
        response = client.post(url) if url in writes(funding_round) else client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_writes_need_post(client, funding_round):
    signed_in(client, Role.STAFF)
    for url in writes(funding_round):
        assert client.get(url).status_code == 405, url


@pytest.mark.parametrize(("role", "status"), [(Role.STAFF, 200), (Role.BOARD_MEMBER, 200), (Role.APPLICANT, 302)])
def test_the_admin_shows_funds_ledger_and_rounds_read_only(client, funding_round, role, status):
    signed_in(client, role)
    entry = LedgerEntry.objects.first()
    for name in ("fundsource", "ledgerentry", "fundinground"):
        assert client.get(reverse(f"admin:funding_{name}_changelist")).status_code == status, name
    assert client.get(reverse("admin:funding_ledgerentry_change", args=[entry.pk])).status_code == status
    if role is not Role.APPLICANT:
        response = client.post(reverse("admin:funding_ledgerentry_change", args=[entry.pk]), {"amount": "1"})
        assert response.status_code == 403
        assert client.get(reverse("admin:funding_ledgerentry_add")).status_code == 403
        assert (
            client.post(reverse("admin:funding_ledgerentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
            == 403
        )
    entry.refresh_from_db()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
