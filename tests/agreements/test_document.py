"""The agreement as a legal document (issue 20): parties, recitals, numbered clauses, one date per obligation, the
award and its fund, signatures, and once executed a certificate of the signing events with the SHA-256 of the PDF the
awardee signed; its Spanish courtesy translation says which text binds. No seed file name or author's note."""

import hashlib

import pytest
from django.utils import translation

from agreements import clauses_es, documents
from agreements import services as agreements
from agreements.clauses import CLAUSES, NO_OBLIGATION_BEFORE_EXECUTION
from tests.factories import approved_application, signatory
from tests.reading.crawl import findings_in, read_html


def test_every_clause_has_its_spanish_courtesy_translation():
    for code, clauses in CLAUSES.items():
        assert NO_OBLIGATION_BEFORE_EXECUTION[code][0] in clauses_es.TEXTS, code
        for clause in clauses:
            assert clause.heading in clauses_es.HEADINGS, (code, clause.heading)
            assert clause.text in clauses_es.TEXTS, (code, clause.heading)


@pytest.mark.django_db
def test_the_executed_agreement_reads_as_a_legal_document(staff_user):
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    agreements.send(agreement, actor=staff_user)
    agreements.sign(
        agreement,
        actor=agreement.application.applicant,
        name="Maria Lopez",
        title="Fleet Manager",
        consent=True,
        ip="192.0.2.10",
    )
    agreements.countersign(agreement, actor=signatory(), ip="198.51.100.7")
    agreement.refresh_from_db()
    with translation.override("en"):
        html = documents.agreement_html(agreement, executed=True)
    text, _ = read_html(html)
    for heading in (
        "Parties",
        "Recitals",
        "1. Award and fund source",
        "2. The Awardee's undertakings",
        "3. Term, reports and due dates",
        "4. Remedies",
        "Signatures",
        "Certificate of electronic signatures",
    ):
        assert heading in text, heading
    assert "binding English original" in text
    assert "2.1 Agreement requirements." in text
    assert "192.0.2.10" in text and "198.51.100.7" in text
    with agreement.sent_document.open("rb") as sent:
        assert hashlib.sha256(sent.read()).hexdigest() in text
    assert "How the dates are read" not in text
    assert not findings_in(text), findings_in(text)

    with translation.override("es"):
        spanish, _ = read_html(documents.agreement_html(agreement, executed=True))
    assert "Traducción de cortesía" in spanish and "prevalece el original en inglés" in spanish
    assert "2.1 Requisitos del acuerdo." in spanish
