"""Who may see and do what with payment requests: awardees only their own, staff decide, finance releases (its own
permission), board members read only, every other role gets a 404, anonymous visitors sign in."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from funding.models import LedgerEntry
from payments import services
from payments.models import PaymentRequest
from tests.factories import UserFactory
from tests.payments.conftest import awardee_of, funded_project, login, submitted_request

pytestmark = pytest.mark.django_db
Status = PaymentRequest.Status


@pytest.fixture
def approved(staff_user, inspections):
    request = submitted_request(funded_project("PA2026-02", staff=staff_user))
    services.approve(request, actor=staff_user)
    request.refresh_from_db()
    return request


def reads(request):
    document = request.documents.first()
    return [reverse("payments:detail", args=[request.pk]), reverse("payments:download", args=[request.pk, document.pk])]


def district_reads(request):
    return [
        reverse("payments:queue"),
        reverse("payments:projects"),
        reverse("payments:project", args=[request.funded_project_id]),
        reverse("payments:released_csv"),
    ]


def awardee_writes(request):
    pk, line, document = request.pk, request.lines.first().pk, request.documents.first().pk
    return [
        reverse("payments:facts", args=[pk]),
        reverse("payments:line_add", args=[pk, "cost"]),
        reverse("payments:line_delete", args=[pk, line]),
        reverse("payments:upload", args=[pk]),
        reverse("payments:document_delete", args=[pk, document]),
        reverse("payments:submit", args=[pk]),
        reverse("payments:withdraw", args=[pk]),
        reverse("payments:start", args=[request.funded_project_id]),
    ]


def staff_writes(request):
    pk, document = request.pk, request.documents.first().pk
    return [
        reverse("payments:approve", args=[pk]),
        reverse("payments:return", args=[pk]),
        reverse("payments:reject", args=[pk]),
        reverse("payments:document_refuse", args=[pk, document]),
        reverse("payments:confirm", args=[pk, "funding_sources_reported"]),
        reverse("payments:unconfirm", args=[pk, "funding_sources_reported"]),
        reverse("payments:schedule", args=[request.funded_project_id]),
        reverse("payments:close", args=[request.funded_project_id]),
    ]


def finance_writes(request):
    return [reverse("payments:release", args=[request.pk])]


def all_writes(request):
    return (
        awardee_writes(request)
        + staff_writes(request)
        + finance_writes(request)
        + [reverse("payments:send_back", args=[request.pk])]
    )


POST = {
    "reason": "x",
    "paid_on": "2026-01-02",
    "method": "ach",
    "reference": "R",
    "certify": "on",
    "note": "x",
    "description": "x",
    "amount": "1.00",
    "kind": "cost",
    "invoice_date": "2026-01-02",
}


def unchanged(request):
    before = (
        request.status,
        request.lines.count(),
        request.documents.count(),
        LedgerEntry.objects.filter(kind="disbursement").count(),
        PaymentRequest.objects.count(),
    )
    request.refresh_from_db()
    return before == (
        request.status,
        request.lines.count(),
        request.documents.count(),
        LedgerEntry.objects.filter(kind="disbursement").count(),
        PaymentRequest.objects.count(),
    )


def test_another_awardee_gets_404_everywhere_and_changes_nothing(client, approved):
    login(client, UserFactory(role=Role.APPLICANT))
    for url in reads(approved):
        assert client.get(url).status_code == 404, url
    for url in all_writes(approved):
        assert client.post(url, POST).status_code == 404, url
    assert unchanged(approved)
    assert approved.agreement.number not in client.get(reverse("payments:index")).content.decode()


def test_the_awardee_reads_its_own_and_cannot_decide_or_release(client, approved):
    login(client, awardee_of(approved.funded_project))
    for url in reads(approved):
        assert client.get(url).status_code == 200, url
    for url in district_reads(approved):
        assert client.get(url).status_code == 404, url
    for url in staff_writes(approved) + finance_writes(approved) + [reverse("payments:send_back", args=[approved.pk])]:
        assert client.post(url, POST).status_code == 404, url
    assert unchanged(approved)


@pytest.mark.parametrize("role", [Role.STAFF, Role.BOARD_MEMBER, Role.FINANCE])
def test_the_district_reads_every_request(client, approved, role):
    login(client, UserFactory(role=role))
    for url in reads(approved) + district_reads(approved):
        assert client.get(url).status_code == 200, url


def test_board_members_read_only(client, approved):
    login(client, UserFactory(role=Role.BOARD_MEMBER))
    page = client.get(reverse("payments:detail", args=[approved.pk])).content.decode()
    assert "Release $400,000.00" not in page and "Send back" not in page
    for url in all_writes(approved):
        assert client.post(url, POST).status_code == 404, url
    assert unchanged(approved)


def test_release_needs_the_finance_permission(client, approved):
    login(client, UserFactory(role=Role.STAFF))
    assert "Release $400,000.00" not in client.get(reverse("payments:detail", args=[approved.pk])).content.decode()
    assert client.post(reverse("payments:release", args=[approved.pk]), POST).status_code == 404
    assert unchanged(approved)
    client.logout()
    login(client, UserFactory(role=Role.FINANCE))
    assert "Release $400,000.00" in client.get(reverse("payments:detail", args=[approved.pk])).content.decode()
    for url in staff_writes(approved) + awardee_writes(approved):
        assert client.post(url, POST).status_code == 404, url
    assert unchanged(approved)


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.PORT_REPRESENTATIVE])
def test_other_roles_get_404_everywhere(client, approved, role):
    login(client, UserFactory(role=role))
    for url in reads(approved) + district_reads(approved) + [reverse("payments:index")]:
        assert client.get(url).status_code == 404, url
    for url in all_writes(approved):
        assert client.post(url, POST).status_code == 404, url
    assert unchanged(approved)


def test_anonymous_visitors_are_sent_to_sign_in(client, approved):
    for url in reads(approved) + district_reads(approved):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in all_writes(approved):
        response = client.post(url, POST)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_writes_need_post(client, approved):
    login(client, UserFactory(role=Role.STAFF))
    for url in staff_writes(approved) + [reverse("payments:send_back", args=[approved.pk])]:
        assert client.get(url).status_code == 405, url


@pytest.mark.parametrize(("role", "status"), [(Role.STAFF, 200), (Role.BOARD_MEMBER, 200), (Role.APPLICANT, 302)])
def test_the_admin_shows_payment_requests_read_only(client, approved, role, status):
    login(client, UserFactory(role=role))
    assert client.get(reverse("admin:payments_paymentrequest_changelist")).status_code == status
    assert client.get(reverse("admin:payments_paymentrequest_change", args=[approved.pk])).status_code == status
    if role is not Role.APPLICANT:
        assert (
            client.post(
                reverse("admin:payments_paymentrequest_change", args=[approved.pk]), {"status": "paid"}
            ).status_code
            == 403
        )
        assert client.get(reverse("admin:payments_paymentrequest_add")).status_code == 403
        history = reverse("admin:payments_paymentrequest_history", args=[approved.pk])
        assert client.get(history).status_code == 200
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
