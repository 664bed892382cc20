"""The pages: the inspector's day through the views (schedule, checklist against the application, several photos at
once, the report, submit), staff's list, assignment and review, and the awardee's panel on the agreement page.
Bad input is named, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import Inspection
from inspections.rules.programs import TRUCK_DESTRUCTION_PHOTOS

from .conftest import awardee_of, fake_jpeg, funded, jpeg, login, observed_matching, pdf, png

pytestmark = pytest.mark.django_db


def test_the_inspector_does_the_whole_job_through_the_pages(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "destruction", actor=staff_user)
    staff = login(client, staff_user)
    page = staff.get(reverse("inspections:staff")).content.decode()
    assert f"Destruction inspection · {line.agreement.number} #1" in page
    response = staff.post(
        reverse("inspections:assign", args=[inspection.pk]),
        {f"a{inspection.pk}-inspector": inspector.pk, "next": "staff"},
    )
    assert response.status_code == 302 and response.url == reverse("inspections:staff")
    client.logout()

    login(client, inspector)
    mine = client.get(reverse("inspections:mine")).content.decode()
    assert inspection.get_absolute_url() in mine and "To schedule" in mine
    url = inspection.get_absolute_url()
    today = timezone.localdate()
    client.post(
        reverse("inspections:schedule", args=[inspection.pk]),
        {"on": today.isoformat(), "at": "00:00", "mode": "on_site"},
    )
    values = {**observed_matching(inspection), "odometer": "612900"}
    values["vin"] = line.project.data["existing_vin"].lower()  # case aside, the declared VIN
    client.post(
        reverse("inspections:checklist", args=[inspection.pk]),
        {name: ("true" if value is True else value) for name, value in values.items()},
    )
    page = client.get(url).content.decode()
    assert 'data-check="odometer" data-mismatch="true"' in page
    assert "1 observed value differs from the application." in page
    assert "612,000" in page  # declared odometer, in words
    assert "data-site>Where: " in page and line.project.data["existing_yard_address"] in page

    files = {
        f"photo-{index}": [jpeg(f"p{index}a.jpg"), png(f"p{index}b.png")]
        for index in range(len(TRUCK_DESTRUCTION_PHOTOS))
    }
    response = client.post(reverse("inspections:photos", args=[inspection.pk]), files, follow=True)
    assert "16 photos added." in response.content.decode()
    response = client.post(
        reverse("inspections:photos", args=[inspection.pk]), {"photo-0": fake_jpeg("x.jpg")}, follow=True
    )
    assert "x.jpg does not contain a valid JPG file." in response.content.decode()
    client.post(reverse("inspections:report", args=[inspection.pk]), {"report": pdf("signed.pdf")})
    response = client.post(reverse("inspections:submit", args=[inspection.pk]), {"result": "passed"}, follow=True)
    assert "Report submitted for review. It is now locked." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "submitted"
    photo = inspection.photos.first()
    streamed = client.get(reverse("inspections:photo", args=[inspection.pk, photo.pk]))
    assert streamed.status_code == 200 and streamed["Content-Type"] == "image/jpeg"
    assert client.get(reverse("inspections:report_file", args=[inspection.pk]))["Content-Type"] == "application/pdf"
    locked = client.post(reverse("inspections:checklist", args=[inspection.pk]), {"odometer": "1"}, follow=True)
    assert "a submitted report is locked" in locked.content.decode()
    client.logout()

    login(client, staff_user)
    response = client.post(reverse("inspections:accept", args=[inspection.pk]), {"note": "Good photos."}, follow=True)
    assert "Report accepted." in response.content.decode()
    agreement_page = client.get(line.agreement.get_absolute_url()).content.decode()
    assert 'data-inspection-kind="destruction"' in agreement_page


def test_bad_input_is_named_never_a_500(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "post", actor=staff_user)
    services.assign(inspection, inspector, actor=staff_user)
    login(client, inspector)
    response = client.post(
        reverse("inspections:schedule", args=[inspection.pk]),
        {"on": "someday", "at": "10:00", "mode": "on_site"},
        follow=True,
    )
    assert response.status_code == 400 and 'id="id_on-error">Date: enter a date.' in response.content.decode()
    services.schedule(inspection, actor=inspector, when=timezone.now(), mode="virtual")
    response = client.post(reverse("inspections:checklist", args=[inspection.pk]), {"odometer": "lots"}, follow=True)
    assert response.status_code == 400
    assert 'id="id_odometer-error">Odometer reading (miles): enter a whole number.' in response.content.decode()
    response = client.post(reverse("inspections:submit", args=[inspection.pk]), {"result": "passed"}, follow=True)
    page = response.content.decode()
    assert "Upload the signed inspection report (PDF)." in page and "Photos still needed: VIN tag" in page
    response = client.post(reverse("inspections:photos", args=[inspection.pk]), {}, follow=True)
    assert "Choose at least one photo." in response.content.decode()


def test_the_awardee_reports_delivery_gives_notice_and_uploads_on_the_agreement_page(client, staff_user):
    line = funded("PA2026-01", staff=staff_user)
    awardee = awardee_of(line)
    login(client, awardee)
    page = client.get(line.agreement.get_absolute_url()).content.decode()
    assert "Not cleared for payment yet" in page and 'data-form="ready-post"' in page
    delivered = timezone.localdate() - dt.timedelta(days=3)
    response = client.post(
        reverse("inspections:ready", args=[line.project.pk, "post"]), {"on": delivered.isoformat()}, follow=True
    )
    page = response.content.decode()
    assert "the district will assign an inspector" in page
    assert 'data-form="ready-post"' not in page
    last_day = delivered + dt.timedelta(days=60)
    assert f"Destroy the old equipment by {last_day:%B %-d, %Y} (60 days)." in page
    assert "Notify the district at least 14 days before the destruction." in page
    too_soon = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        reverse("inspections:notice", args=[line.project.pk]), {"planned_on": too_soon.isoformat()}, follow=True
    )
    assert "at least 14 days before the destruction" in response.content.decode()
    planned = timezone.localdate() + dt.timedelta(days=20)
    client.post(reverse("inspections:notice", args=[line.project.pk]), {"planned_on": planned.isoformat()})
    assert Inspection.objects.get(project=line.project, kind="destruction").due == planned
    response = client.post(
        reverse("inspections:document_upload", args=[line.project.pk]),
        {"kind": "certificate_of_destruction", "on": timezone.localdate().isoformat(), "file": jpeg("cod.png")},
        follow=True,
    )
    assert "cod.png does not contain a valid PNG file." in response.content.decode()
    client.post(
        reverse("inspections:document_upload", args=[line.project.pk]),
        {"kind": "certificate_of_destruction", "on": timezone.localdate().isoformat(), "file": pdf("cod.pdf")},
    )
    document = line.project.inspection_documents.get()
    assert client.get(reverse("inspections:document", args=[document.pk])).status_code == 200


def test_staff_see_what_the_agreements_say_needs_an_inspection_and_open_it(client, staff_user):
    from agreements import services as agreements
    from tests.factories import approved_application

    line = funded("PA2026-02", staff=staff_user)
    delivered = timezone.localdate() - dt.timedelta(days=4)
    agreements.record_event(line.project, "delivered", delivered, actor=staff_user, note="Phoned in.")
    soon = approved_application("PA2025-04", staff=staff_user).agreement  # drafted: a pre-inspection is due
    login(client, staff_user)
    page = client.get(reverse("inspections:staff")).content.decode()
    row = f'data-to-open="{line.agreement.number}-1-post"'
    assert row in page and f"Delivery of the new vehicle recorded on {delivered:%B %-d, %Y}" in page
    assert f'data-to-open="{soon.number}-1-pre"' in page
    response = client.post(
        reverse("inspections:open"), {"funded": line.pk, "kind": "post", "why": "Delivery recorded"}, follow=True
    )
    assert "Inspection opened." in response.content.decode()
    assert Inspection.objects.get(project=line.project, kind="post").status == "needed"
    assert row not in client.get(reverse("inspections:staff")).content.decode()
    soon_line = soon.funded_projects.get()
    client.post(reverse("inspections:open"), {"funded": soon_line.pk, "kind": "pre", "why": "Before the work"})
    assert Inspection.objects.get(project=soon_line.project, kind="pre").status == "needed"
    response = client.post(reverse("inspections:open"), {"funded": soon_line.pk, "kind": "post"}, follow=True)
    assert "executed agreement in force" in response.content.decode()


def test_a_soon_destruction_inspection_follows_the_accepted_post_inspection(client, staff_user, inspector):
    from inspections import selectors

    from .conftest import inspected

    line = funded("PA2025-04", staff=staff_user)
    post = services.report_ready(
        line.project, "post", timezone.localdate() - dt.timedelta(days=1), actor=awardee_of(line)
    )
    assert selectors.awaiting_opening() == []  # the new equipment is in: too late for a pre-inspection
    services.accept(inspected(post, inspector, staff=staff_user), actor=staff_user)
    assert [(row.kind, row.why) for row in selectors.awaiting_opening()] == [
        ("destruction", "The post-inspection is accepted: the old engine or vehicle is to be destroyed")
    ]
    found = selectors.clearances(line.project)
    assert found["installed_and_operating"].passed and not found["destruction_verified"].passed
