"""Reporting fixtures: an executed agreement's funded project whose equipment is commissioned (the term and its
report schedule start), its awardee and staff."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from agreements import services as agreements
from reporting import services
from tests.factories import PASSWORD, PDF_BYTES, UserFactory, executed_agreement

D = dt.date
EXECUTED, COMMISSIONED = D(2019, 1, 10), D(2019, 6, 1)


@pytest.fixture
def staff_user(db):
    return UserFactory(
        role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park", email="lena@district.example"
    )


@pytest.fixture(autouse=True)
def _quick_agreement_pdfs(monkeypatch):
    """Reporting reads the agreement, not its PDFs: stand-in PDFs keep each test quick."""
    from agreements import documents

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)
    monkeypatch.setattr(documents, "render_amendment", lambda *args, **kwargs: PDF_BYTES)


def in_reporting(code="PA2026-02", *, staff, executed=EXECUTED, commissioned=COMMISSIONED, values=None, today=None):
    """A funded project commissioned on ``commissioned``, with ``values`` set on what the agreement states (e.g.
    SOON's contracted annual hours), and its report schedule generated."""
    agreement = executed_agreement(code, staff=staff, on=executed)
    funded = agreement.funded_projects.select_related("agreement__program", "project").get()
    if values:
        funded.values = {**funded.values, **values}
        funded.save(update_fields=["values"])
    agreements.record_event(funded.project, "commissioned", commissioned, actor=staff, today=today or commissioned)
    services.sync_schedule(funded)
    funded.refresh_from_db()
    return funded


def awardee_of(funded):
    return funded.agreement.application.applicant


def pdf(name="file.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


FIGURES = {
    "PA2026-01": lambda usage, in_area: {
        "hours_operated": usage,
        "msa_hours": in_area,
        "availability_percent": "95",
        "duty_cycle_coverage_percent": "90",
        "energy_used_kwh": "12000",
        "charging_sessions": "180",
        "charging_rate_kw": "150",
        "charger_uptime_percent": "98",
        "maintenance_cost": "1200.00",
        "operating_cost": "3400.00",
        "operational_fit": "Fits the terminal's shifts.",
        "operator_feedback": "Quiet and smooth.",
    },
    "PA2026-02": lambda usage, in_area: {"miles": usage, "msa_miles": in_area, "energy_used_kwh": "5200"},
    "PA2026-03": lambda usage, in_area: {"charging_stations": "4", "hoses_per_charger": "2", "throughput_kwh": usage},
    "PA2025-04": lambda usage, in_area: {
        "total_hours": usage,
        "district_hours": in_area,
        "where_operated": "Riverside County farms",
        "maintenance_and_repair": "Routine service only.",
    },
    "PA2022-01": lambda usage, in_area: {
        "annual_miles": usage,
        "in_area_miles": in_area,
        "where_operated": "Ports of Los Angeles and Long Beach",
        "operational_issues": "None.",
    },
}


def file_report(report, usage, in_area=None, *, today, certify=True):
    """The awardee fills in the program's figures, uploads every document and submits."""
    awardee = awardee_of(report.funded_project)
    code = report.program.code
    raw = {
        name: value
        for name, value in FIGURES[code](str(usage), str(in_area if in_area is not None else usage)).items()
        if value is not None
    }
    services.save_report(report, raw, actor=awardee)
    from reporting.rules.programs import REPORT_FORMS

    for slot in REPORT_FORMS[code].documents:
        services.add_document(report, slot=slot.key, upload=pdf(f"{slot.key}.pdf"), actor=awardee)
    services.submit(report, actor=awardee, certified=certify, certifier_name="Maria Lopez, Fleet Manager", today=today)
    report.refresh_from_db()
    return report


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


MILES = Decimal("7000")
