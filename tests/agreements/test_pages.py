"""The agreement's page and PDF: its awardee and the district see them, nobody else (404)."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, approved_application, executed_agreement

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_awardee_sees_the_calendar_and_the_executed_pdf_unchanged(client, staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=dt.date(2026, 2, 10))
    signed_in(client, agreement.application.applicant)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Executed" in page and "Submit the payment request" in page and "Tuesday, February 29, 2028" in page
    response = client.get(reverse("agreements:document", args=[agreement.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == agreement.executed_sha256


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.INSPECTOR, Role.PORT_REPRESENTATIVE])
def test_anyone_else_gets_404(client, staff_user, role):
    agreement = executed_agreement("PA2026-02", staff=staff_user)
    signed_in(client, UserFactory(role=role))
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404
    assert client.get(reverse("agreements:document", args=[agreement.pk])).status_code == 404


def test_a_draft_is_the_districts_until_it_is_sent(client, staff_user):
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    signed_in(client, agreement.application.applicant)
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404
    signed_in(client, UserFactory(role=Role.BOARD_MEMBER))
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    draft = client.get(reverse("agreements:document", args=[agreement.pk]))
    assert draft.content.startswith(b"%PDF") and "draft" in draft["Content-Disposition"]
