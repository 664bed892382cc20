"""Payment fixtures: an executed agreement's funded project, its awardee, staff, finance, and the inspections stubbed
through the one adapter (``payments.selectors.clearances_for``) until the inspections app provides them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from payments import selectors, services
from payments.rules.programs import PAYMENT_RULES
from tests.factories import PASSWORD, PDF_BYTES, UserFactory, executed_agreement


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")


@pytest.fixture
def finance_user(db):
    return UserFactory(role=Role.FINANCE, username="finance-officer", first_name="Omar", last_name="Haddad")


class Inspections:
    """What the stubbed inspections app reports: every inspection clearance passed unless set otherwise."""

    def __init__(self):
        self.failed: dict[str, str] = {}

    def fail(self, key: str, reason: str = "failed at inspection") -> None:
        self.failed[key] = reason

    def passed(self, key: str) -> None:
        self.failed.pop(key, None)

    def __call__(self, project):
        rules = PAYMENT_RULES[project.application.program.code]
        return {
            item.key: selectors.ClearanceState(item.key not in self.failed, self.failed.get(item.key, ""))
            for item in rules.clearances
            if item.key not in selectors.STAFF_CLEARANCES
        }


@pytest.fixture
def inspections(monkeypatch):
    stub = Inspections()
    monkeypatch.setattr(selectors, "clearances_for", stub)
    return stub


def funded_project(code="PA2026-02", *, staff, **kwargs):
    agreement = executed_agreement(code, staff=staff, **kwargs)
    return agreement.funded_projects.select_related("agreement__program", "project").get()


def awardee_of(funded):
    return funded.agreement.application.applicant


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def prepared_request(
    funded, *, invoice_date=None, costs=("438500.00",), other=(), values=None, milestone=None, documents=None
):
    """A draft request with its invoice date, cost lines, other funding and every always-required document."""
    awardee = awardee_of(funded)
    request = services.start_request(funded, actor=awardee)
    raw = {"invoice_date": (invoice_date or dt.date.today() - dt.timedelta(days=3)).isoformat(), **(values or {})}
    services.save_request(request, raw, actor=awardee, milestone=milestone)
    for number, amount in enumerate(costs, start=1):
        services.add_line(
            request,
            kind="cost",
            description=f"Cost {number}",
            reference=f"INV-{number}",
            amount=Decimal(amount),
            actor=awardee,
        )
    for number, amount in enumerate(other, start=1):
        services.add_line(
            request, kind="other_funding", description=f"Grant {number}", amount=Decimal(amount), actor=awardee
        )
    rules = PAYMENT_RULES[funded.agreement.program.code]
    keys = documents if documents is not None else [doc.key for doc in rules.documents if doc.needed == "always"]
    for key in keys:
        services.add_document(request, slot=key, upload=pdf(f"{key}.pdf"), actor=awardee)
    request.refresh_from_db()
    return request


def submitted_request(funded, **kwargs):
    request = prepared_request(funded, **kwargs)
    services.submit(request, actor=awardee_of(funded), certified=True)
    request.refresh_from_db()
    return request


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _quick_agreement_pdfs(monkeypatch):
    """Payments read the executed agreement, not its PDF: a stand-in PDF keeps each test's agreement quick (the
    agreements tests render the real one)."""
    from agreements import documents

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)
