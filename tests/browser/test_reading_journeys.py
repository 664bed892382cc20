"""What people read, in a real Chromium (issue 20): a Spanish-speaking awardee from the approval notice to the signed
agreement and a payment request, every page in Spanish with dates in Spanish words and the agreement's Spanish
courtesy translation beside the binding English PDF; a board member reading the dashboard's headline figures and the
report's executive summary. Screenshots go to ``tmp/screenshots/`` (looked at when the journey changes)."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.roles import Role
from agreements import services as agreements
from tests.browser.menu import go
from tests.browser.second_factor import pass_second_factor
from tests.factories import PASSWORD, UserFactory, approved_application, executed_agreement, signatory
from tests.reading.crawl import ENGLISH, findings_in

pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "tmp" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button.btn-primary").click()
    pass_second_factor(page)


def pdf_text(page: Page, url: str) -> str:
    response = page.request.get(url, timeout=180_000)  # the Board report renders for a minute on a busy machine
    assert response.headers["content-type"] == "application/pdf"
    return " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(response.body())).pages)


def test_a_spanish_speaking_awardee_signs_and_requests_payment(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")
    application = approved_application("PA2026-02", staff=staff)
    awardee = application.applicant
    awardee.profile.language = "es"  # a Spanish-speaking account: its notices are written in Spanish
    awardee.profile.save(update_fields=["language"])
    agreement = agreements.send(application.agreement, actor=staff)

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Español").click()
    sign_in(page, live_server.url, awardee.username)
    page.locator("#nav-notices").click()
    shot(page, "es-00-notices")
    page.get_by_role("link", name=re.compile(f"listo para firmar.*{application.reference}")).click()
    page.get_by_role("link", name="Abrir", exact=True).click()
    expect(page.locator("#agreement-status")).to_have_text("Enviado al beneficiario para su firma")
    shot(page, "es-01-agreement-to-sign")

    translation = page.locator("#agreement-translation")
    text = pdf_text(page, live_server.url + translation.get_attribute("href"))
    assert "Traducción de cortesía" in text and "prevalece el original en inglés" in text
    assert "Compromisos del beneficiario" in text
    english = pdf_text(page, live_server.url + page.locator("#agreement-pdf").get_attribute("href"))
    assert "This is the binding English original" in english
    assert not findings_in(english) and not findings_in(text)

    page.fill("[name=name]", "María López")
    page.fill("[name=title]", "Gerente de flota")
    page.check("[name=consent]")
    page.get_by_role("button", name="Firmar el acuerdo").click()
    expect(page.locator("#agreement-status")).to_have_text("Firmado por el beneficiario")
    shot(page, "es-02-signed")

    agreements.countersign(agreement, actor=signatory(), ip="198.51.100.7")
    page.reload()
    expect(page.locator("#agreement-status")).to_have_text("Formalizado")
    expect(page.locator("main")).to_contain_text(" de ")  # "formalizado el 7 de diciembre de 2026"
    executed = pdf_text(page, live_server.url + page.locator("#agreement-pdf").get_attribute("href"))
    assert "Certificate of electronic signatures" in executed and "198.51.100.7" in executed
    assert "SHA-256 of the document the Awardee signed" in executed

    go(page, "Acuerdos")
    page.get_by_role("link", name="Mi calendario").click()
    expect(page.locator("main")).to_contain_text("de 20")  # dates in Spanish words: "29 de febrero de 2028"
    shot(page, "es-03-calendar")
    body = page.locator("main").inner_text()
    assert not findings_in(body), findings_in(body)
    # Every obligation, its period and the event it waits for in Spanish: "Llevar el vehículo antiguo a un
    # desmantelador autorizado", "90 días naturales después de la entrega del vehículo nuevo".
    assert "Llevar el vehículo antiguo a un desmantelador autorizado" in body
    assert "90 días naturales después de la entrega del vehículo nuevo" in body
    assert not findings_in(body, checks=ENGLISH), findings_in(body, checks=ENGLISH)

    go(page, "Pagos")
    page.locator(f"[data-project='{agreement.number} #1']").get_by_role("button", name="Solicitar el pago").click()
    expect(page.locator("#request-status")).to_have_text("Borrador")
    page.fill("[name=cost-description]", "Camión nuevo")
    page.fill("[name=cost-amount]", "-5")
    page.locator("#costs").get_by_role("button", name="Agregar").click()
    shot(page, "es-04-payment-request")
    # One message, in Spanish, naming the field, with the limit as money.
    expect(page.locator("main")).to_contain_text("debe ser al menos $0.01")
    body = page.locator("main").inner_text()
    assert "Ensure" not in body
    # What the payable amount waits for, in Spanish too ("Indique la fecha de la factura").
    assert "Indique la fecha de la factura" in body
    assert not findings_in(body.replace(agreement.program.title, ""), checks=ENGLISH), findings_in(body, checks=ENGLISH)


def test_a_board_member_reads_the_answer_first(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="grants-officer")
    board = UserFactory(role=Role.BOARD_MEMBER, username="board-member")
    executed_agreement("PA2026-02", staff=staff)
    approved_application("PA2025-04", staff=staff)

    sign_in(page, live_server.url, board.username)
    go(page, "Dashboard")
    headline = page.locator("#headline")
    expect(headline).to_be_visible()
    expect(headline.locator("[data-figure=awarded]")).to_contain_text("$")
    expect(headline.locator("[data-answer='communities-PA2025-04']")).to_contain_text("against a floor of 50%")
    expect(headline.locator("[data-answer='per-ton-PA2025-04']")).to_contain_text("per ton of NOx")
    # The headline comes before the first table.
    assert page.evaluate(
        "document.querySelector('#headline').compareDocumentPosition(document.querySelector('main table')) & 4"
    )
    shot(page, "board-01-dashboard")
    body = page.locator("main").inner_text()
    assert not findings_in(body), findings_in(body)

    text = pdf_text(page, live_server.url + page.get_by_role("link", name="Board report (PDF)").get_attribute("href"))
    summary = text.split("Portfolio")[0]
    assert "Executive summary" in summary and "is awarded" in summary and "floor of 50%" in summary
    assert not findings_in(text), findings_in(text)
