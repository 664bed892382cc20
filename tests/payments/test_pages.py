"""The pages: the awardee's preview and the staff page show the same computed amount and holds; bad input is named on
the form, never a 500; uploads are checked like the applications' attachments; the CSV export for accounting."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from payments import services
from payments.models import PaymentRequest
from tests.factories import PDF_BYTES, UserFactory
from tests.payments.conftest import awardee_of, funded_project, login, prepared_request, submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(staff_user):
    return funded_project("PA2026-02", staff=staff_user)


def page(client, request):
    response = client.get(reverse("payments:detail", args=[request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_awardee_sees_a_request_payment_button_and_starts_one(client, funded):
    login(client, awardee_of(funded))
    listing = client.get(reverse("payments:index")).content.decode()
    assert "Request payment" in listing and "$400,000.00" in listing
    response = client.post(reverse("payments:start", args=[funded.pk]))
    request = PaymentRequest.objects.get()
    assert response.url == reverse("payments:detail", args=[request.pk])
    assert "Request payment" not in client.get(reverse("payments:index")).content.decode()


def test_the_preview_and_the_staff_page_show_the_same_computation(client, funded, staff_user):
    request = submitted_request(funded, costs=("438500.00",), other=("25000.00",))
    login(client, awardee_of(funded))
    awardee = page(client, request)
    client.logout()
    login(client, staff_user)
    staff = page(client, request)
    for text in (
        "$0.00",
        "The inspection has not verified the new vehicle&#x27;s deployment",
        "Once nothing holds it: $400,000.00",
        "$413,500.00",
    ):
        assert text in awardee and text in staff, text
    assert "the inspection of the new vehicle has not been opened yet" in staff
    assert 'id="cannot-approve"' in staff


def test_staff_approve_from_the_page(client, funded, staff_user, inspections):
    request = submitted_request(funded)
    login(client, staff_user)
    assert "Approve $400,000.00" in page(client, request)
    response = client.post(reverse("payments:approve", args=[request.pk]), {"note": ""}, follow=True)
    assert "Approved. Finance releases the payment next." in response.content.decode()
    request.refresh_from_db()
    assert request.approved_amount == Decimal("400000.00")


def test_a_refusal_comes_back_as_a_message(client, funded, staff_user):
    request = submitted_request(funded)  # inspections not recorded: approval refused
    login(client, staff_user)
    response = client.post(reverse("payments:approve", args=[request.pk]), {"note": ""}, follow=True)
    assert "Payment is held: the inspection has not verified" in response.content.decode()
    request.refresh_from_db()
    assert request.status == PaymentRequest.Status.SUBMITTED


def test_bad_facts_are_named_on_the_form(client, funded):
    request = services.start_request(funded, actor=awardee_of(funded))
    login(client, awardee_of(funded))
    response = client.post(reverse("payments:facts", args=[request.pk]), {"invoice_date": "31/02/2026"})
    assert response.status_code == 400
    assert "Invoice (payment request) date: enter a date." in response.content.decode()
    response = client.post(
        reverse("payments:line_add", args=[request.pk, "cost"]),
        {"cost-description": "Truck", "cost-amount": "-5", "cost-kind": "cost"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "must be at least $0.01." in page and "Ensure this value" not in page
    assert not request.lines.exists()


def test_uploads_are_checked_like_attachments(client, funded, settings):
    request = services.start_request(funded, actor=awardee_of(funded))
    login(client, awardee_of(funded))
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("payments:upload", args=[request.pk]), {"slot": "itemized_invoice", "files": [fake]})
    assert response.status_code == 400 and "invoice.pdf does not contain a valid PDF file." in (
        response.content.decode()
    )
    settings.UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"x" * 20, content_type="application/pdf")
    response = client.post(reverse("payments:upload", args=[request.pk]), {"slot": "itemized_invoice", "files": [big]})
    assert response.status_code == 400 and "the limit is 10" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    good = SimpleUploadedFile("invoice.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(reverse("payments:upload", args=[request.pk]), {"slot": "itemized_invoice", "files": [good]})
    assert response.status_code == 302
    document = request.documents.get()
    assert document.file.name.startswith(f"payments/{request.pk}/") and "invoice" not in document.file.name
    download = client.get(reverse("payments:download", args=[request.pk, document.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert 'filename="invoice.pdf"' in download["Content-Disposition"]


def test_submit_needs_the_certification_box(client, funded, inspections):
    request = prepared_request(funded)
    login(client, awardee_of(funded))
    response = client.post(reverse("payments:submit", args=[request.pk]), {})
    assert response.status_code == 400 and "Tick the certification to submit." in response.content.decode()
    response = client.post(reverse("payments:submit", args=[request.pk]), {"certify": "on"}, follow=True)
    assert "Payment request submitted." in response.content.decode()


def test_the_spanish_page_for_the_awardee(client, funded):
    request = prepared_request(funded)
    login(client, awardee_of(funded))
    client.cookies["django_language"] = "es"
    html = page(client, request)
    assert "Solicitud de pago 1" in html and "Lo que se puede pagar" in html
    assert "Registro del vehículo nuevo" in html  # the rules' document labels too (payments/rule_labels.py)
    assert "La inspección no ha verificado la puesta en servicio del vehículo nuevo" in html


def test_released_payments_csv_for_accounting(client, funded, staff_user, finance_user, inspections):
    request = submitted_request(funded)
    services.approve(request, actor=staff_user)
    request.refresh_from_db()
    services.release(request, actor=finance_user, paid_on=timezone.localdate(), method="check", reference="104233")
    submitted_request(funded_project("PA2026-02", staff=staff_user))  # not released: not exported
    login(client, finance_user)
    response = client.get(reverse("payments:released_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert (row["amount"], row["method"], row["reference"], row["program"]) == (
        "400000.00",
        "Check",
        "104233",
        "PA2026-02",
    )
    assert row["approved_by"] == "Lena Park" and row["released_by"] == "Omar Haddad"
    assert row["ledger_entries"] == str(request.disbursements.get().pk)
    later = client.get(reverse("payments:released_csv") + "?start=2099-01-01")
    assert len(list(csv.reader(io.StringIO(b"".join(later.streaming_content).decode())))) == 1  # the header
    for bad in ("2026-13-45", "yesterday"):
        response = client.get(reverse("payments:released_csv") + f"?end={bad}")
        assert response.status_code == 400 and response.content == b"end: give a date as YYYY-MM-DD."


def test_the_queue_lists_what_waits(client, funded, staff_user):
    request = submitted_request(funded)
    login(client, UserFactory(role=Role.BOARD_MEMBER))
    html = client.get(reverse("payments:queue")).content.decode()
    assert str(request) in html and "to release" not in html
