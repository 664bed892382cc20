"""Inspection fixtures: an executed agreement's project, its awardee, staff, and two inspectors."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from inspections import services
from tests.factories import JPEG_BYTES, PASSWORD, PDF_BYTES, PNG_BYTES, UserFactory, executed_agreement  # noqa: F401


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, username="grants-officer", first_name="Lena", last_name="Park")


@pytest.fixture
def inspector(db):
    return UserFactory(role=Role.INSPECTOR, username="inspector-ana", first_name="Ana", last_name="Ruiz")


@pytest.fixture
def other_inspector(db):
    return UserFactory(role=Role.INSPECTOR, username="inspector-ben")


@pytest.fixture(autouse=True)
def _quick_agreement_pdfs(monkeypatch):
    """Inspections read the executed agreement, not its PDF (the agreements tests render the real one)."""
    from agreements import documents

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)


def funded(code="PA2026-02", *, staff, on=None, projects=({},)):
    agreement = executed_agreement(
        code, staff=staff, on=on or timezone.localdate() - dt.timedelta(days=30), projects=projects
    )
    return agreement.funded_projects.select_related("agreement__program", "project__application").get()


def awardee_of(line):
    return line.agreement.application.applicant


def jpeg(name="photo.jpg"):
    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def fake_jpeg(name="photo.jpg"):
    """A PDF named .jpg: refused by content."""
    return SimpleUploadedFile(name, PDF_BYTES, content_type="image/jpeg")


def observed_matching(inspection):
    """Every checklist value, equal to the application's declared value where there is one, yes to every check."""
    from inspections.selectors import rule_of

    values = {}
    for check in rule_of(inspection).checklist:
        field = check.field
        declared = (inspection.project.data or {}).get(check.declared) if check.declared else None
        if declared not in (None, ""):
            values[field.name] = declared
        elif field.kind == "boolean":
            values[field.name] = True
        elif field.kind == "date":
            values[field.name] = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
        elif field.kind in ("integer", "decimal"):
            values[field.name] = "600" if field.name == "total_power_output_kw" else "12"
        else:
            values[field.name] = f"Observed {field.name}"
    return values


def inspected(inspection, inspector, *, staff, result="passed", findings="", observed=None):
    """Assigned, scheduled for an hour ago, filled in, photographed, reported and submitted."""
    services.assign(inspection, inspector, actor=staff)
    services.schedule(inspection, actor=inspector, when=timezone.now() - dt.timedelta(hours=1), mode="on_site")
    services.save_checklist(inspection, observed or observed_matching(inspection), actor=inspector)
    from inspections.selectors import rule_of

    photos = [(caption, jpeg(f"photo-{number}.jpg")) for number, caption in enumerate(rule_of(inspection).photos)]
    if photos:
        services.add_photos(inspection, photos, actor=inspector)
    services.attach_report(inspection, pdf(), actor=inspector)
    services.submit(inspection, actor=inspector, result=result, findings=findings)
    inspection.refresh_from_db()
    return inspection


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client
