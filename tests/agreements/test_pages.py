"""The agreement's page and PDF: its awardee and the district see them, nobody else (404)."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements import services
from tests.factories import PASSWORD, UserFactory, approved_application, executed_agreement, signatory

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


@pytest.mark.pdf
def test_a_draft_is_the_districts_until_it_is_sent(client, staff_user):
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    signed_in(client, agreement.application.applicant)
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404
    signed_in(client, UserFactory(role=Role.BOARD_MEMBER))
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    draft = client.get(reverse("agreements:document", args=[agreement.pk]))
    assert draft.content.startswith(b"%PDF") and "draft" in draft["Content-Disposition"]


def test_the_journey_through_the_pages(client, staff_user, django_capture_on_commit_callbacks):
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    detail = reverse("agreements:detail", args=[agreement.pk])
    signed_in(client, staff_user)
    page = client.get(detail).content.decode()
    assert "Send to the awardee to sign" in page
    client.post(reverse("agreements:send", args=[agreement.pk]))

    awardee = agreement.application.applicant
    signed_in(client, awardee)
    page = client.get(detail).content.decode()
    assert "Sign the agreement" in page and "Countersign" not in page
    response = client.post(reverse("agreements:sign", args=[agreement.pk]), {"name": "Maria Lopez"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "sent"  # title and consent missing: refused with the form's messages
    client.post(
        reverse("agreements:sign", args=[agreement.pk]),
        {"name": "Maria Lopez", "title": "Fleet Manager", "consent": "on"},
        REMOTE_ADDR="198.51.100.7",
    )
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signer_ip) == ("signed", "198.51.100.7")
    assert client.post(reverse("agreements:countersign", args=[agreement.pk]), {}).status_code == 404

    signed_in(client, staff_user)  # approved the award: may not countersign, and the page says why
    page = client.get(detail).content.decode()
    assert "You approved this award, so you cannot also countersign its agreement" in page
    assert 'id="countersign"' not in page
    client.post(reverse("agreements:countersign", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    signed_in(client, signatory())
    page = client.get(detail).content.decode()
    assert "You countersign for the District as <strong>Ana Ruiz</strong>, Deputy Executive Officer" in page
    client.post(reverse("agreements:countersign", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.status == "executed"
    assert "Countersigned for the District by Ana Ruiz, Deputy Executive Officer" in client.get(detail).content.decode()
    signed_in(client, staff_user)
    project = agreement.funded_projects.get().project
    response = client.post(
        reverse("agreements:event", args=[agreement.pk, project.pk]),
        {"event": "delivered", "on": str(agreement.executed_on), "note": ""},
    )
    assert response.status_code == 302
    assert agreement.obligations.get(key="surrender_to_dismantler").due is not None
    # A date in the future is refused with a message, never a 500.
    response = client.post(
        reverse("agreements:event", args=[agreement.pk, project.pk]),
        {"event": "dismantler_receipt", "on": "2099-01-01"},
        follow=True,
    )
    assert "a day still to come" in response.content.decode()


@pytest.mark.pdf
def test_staff_amend_through_the_page_and_see_the_pdf(client, staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=dt.date(2026, 2, 10))
    project = agreement.funded_projects.get().project
    signed_in(client, staff_user)
    response = client.post(
        reverse("agreements:amend", args=[agreement.pk]),
        {"kind": "reduce_award", "project": project.pk, "amount": "25000.00", "reason": "Lower final price."},
        follow=True,
    )
    assert "Amendment 1 made." in response.content.decode()
    pdf = client.get(reverse("agreements:amendment_document", args=[agreement.pk, 1]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    response = client.post(
        reverse("agreements:amend", args=[agreement.pk]),
        {"kind": "reduce_award", "project": project.pk, "amount": "999999.00", "reason": "Too much."},
        follow=True,
    )
    assert "would leave nothing" in response.content.decode()
    response = client.post(
        reverse("agreements:amend", args=[agreement.pk]), {"kind": "extend_term", "reason": "x"}, follow=True
    )
    assert "Needed for this amendment." in response.content.decode()


def test_the_staff_list_filters_by_program_and_kind(client, staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user)
    today = agreement.executed_on
    services.record_event(agreement.funded_projects.get().project, "delivered", today, actor=staff_user)
    signed_in(client, staff_user)
    page = client.get(reverse("agreements:obligations"), {"program": "PA2026-01", "kind": "destruction", "within": 90})
    text = page.content.decode()
    assert "Destroy the old equipment and engine" in text and "Notify South Coast AQMD before" not in text
    assert (
        "Nothing is due in this period."
        in client.get(reverse("agreements:obligations"), {"program": "PA2026-02", "within": 90}).content.decode()
    )
