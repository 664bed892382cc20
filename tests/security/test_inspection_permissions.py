"""The permission matrix for inspections: an inspector sees and changes only their own assignments (every URL tried
with another inspector's objects: 404), the awardee reports only on their own projects and reads only their own
documents, board members read and change nothing, finance, port representatives and other applicants see nothing,
anonymous visitors sign in. No refused request changes anything."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from inspections import services
from inspections.models import Inspection, InspectionPhoto, ProjectDocument, Step
from tests.factories import PASSWORD, UserFactory
from tests.inspections.conftest import awardee_of, funded, inspected, jpeg, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_agreement_pdfs(monkeypatch):
    from agreements import documents
    from tests.factories import PDF_BYTES

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)


@pytest.fixture
def world(db):
    staff = UserFactory(role=Role.STAFF)
    inspector = UserFactory(role=Role.INSPECTOR, username="inspector-own")
    line = funded("PA2026-01", staff=staff)
    awardee = awardee_of(line)
    submitted = inspected(services.open_inspection(line.project, "post", actor=staff), inspector, staff=staff)
    editable = services.open_inspection(line.project, "destruction", actor=staff)
    services.assign(editable, inspector, actor=staff)
    services.schedule(editable, actor=inspector, when=timezone.now(), mode="on_site")
    services.add_photos(editable, [("Engine tag", jpeg())], actor=inspector)
    document = services.add_document(
        line.project, "certificate_of_destruction", timezone.localdate(), pdf(), actor=awardee
    )
    return {
        "staff": staff,
        "inspector": inspector,
        "line": line,
        "awardee": awardee,
        "submitted": submitted,
        "editable": editable,
        "document": document,
    }


def urls(world):
    submitted, editable, project = world["submitted"], world["editable"], world["line"].project
    photo = submitted.photos.first()
    reads = {
        "detail": reverse("inspections:detail", args=[submitted.pk]),
        "detail_editable": reverse("inspections:detail", args=[editable.pk]),
        "photo": reverse("inspections:photo", args=[submitted.pk, photo.pk]),
        "report": reverse("inspections:report_file", args=[submitted.pk]),
    }
    document = reverse("inspections:document", args=[world["document"].pk])
    inspector_writes = {
        name: reverse(f"inspections:{name}", args=[editable.pk])
        for name in ("schedule", "checklist", "photos", "report", "submit")
    }
    inspector_writes["photo_delete"] = reverse(
        "inspections:photo_delete", args=[editable.pk, editable.photos.first().pk]
    )
    staff_writes = {name: reverse(f"inspections:{name}", args=[submitted.pk]) for name in ("accept", "return")}
    staff_writes["assign"] = reverse("inspections:assign", args=[editable.pk])
    staff_writes["open"] = reverse("inspections:open")
    staff_writes["assign_selected"] = reverse("inspections:assign_selected")  # the staff list's one form
    awardee_writes = {
        "ready": reverse("inspections:ready", args=[project.pk, "post"]),
        "notice": reverse("inspections:notice", args=[project.pk]),
        "document_upload": reverse("inspections:document_upload", args=[project.pk]),
    }
    return reads, document, inspector_writes, staff_writes, awardee_writes


def data(world):
    inspector = world["inspector"]
    return {
        "on": timezone.localdate().isoformat(),
        "at": "09:00",
        "mode": "virtual",
        "make": "Changed",
        "result": "failed",
        "findings": "x",
        "reason": "x",
        "note": "x",
        f"a{world['editable'].pk}-inspector": inspector.pk,
        "inspector": inspector.pk,
        "inspections": [world["editable"].pk],
        "kind": "pre",
        "why": "x",
        "funded": world["line"].pk,
        "planned_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }


def snapshot():
    return (
        list(
            Inspection.objects.order_by("pk").values_list(
                "status", "inspector_id", "scheduled_for", "mode", "observed", "result"
            )
        ),
        InspectionPhoto.objects.count(),
        ProjectDocument.objects.count(),
        Step.objects.count(),
    )


def sign_in(client, user):
    client.login(username=user.username, password=PASSWORD)


def post_all(client, world, writes):
    for url in writes.values():
        files = {"photo-0": jpeg(), "report": pdf(), "file": pdf()}
        assert client.post(url, {**data(world), **files}).status_code == 404, url


def test_another_inspector_gets_404_on_every_url(client, world):
    reads, document, inspector_writes, staff_writes, awardee_writes = urls(world)
    before = snapshot()
    sign_in(client, UserFactory(role=Role.INSPECTOR, username="inspector-other"))
    for url in [*reads.values(), document, reverse("inspections:staff")]:
        assert client.get(url).status_code == 404, url
    assert world["line"].agreement.number not in client.get(reverse("inspections:mine")).content.decode()
    post_all(client, world, {**inspector_writes, **staff_writes, **awardee_writes})
    assert snapshot() == before


def test_the_assigned_inspector_reads_and_fills_in_only_their_own(client, world):
    reads, document, inspector_writes, staff_writes, awardee_writes = urls(world)
    sign_in(client, world["inspector"])
    for url in [*reads.values(), document]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("inspections:staff")).status_code == 404
    before = snapshot()
    post_all(client, world, {**staff_writes, **awardee_writes})
    assert snapshot() == before
    response = client.post(inspector_writes["checklist"], {"make": "Kalmar"})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=world["editable"].pk).observed == {}  # "make" is no field of destruction
    response = client.post(inspector_writes["checklist"], {"dismantler": "South Bay Dismantlers"})
    assert Inspection.objects.get(pk=world["editable"].pk).observed == {"dismantler": "South Bay Dismantlers"}


def test_board_members_read_everything_and_change_nothing(client, world):
    reads, document, inspector_writes, staff_writes, awardee_writes = urls(world)
    before = snapshot()
    sign_in(client, UserFactory(role=Role.BOARD_MEMBER))
    for url in [*reads.values(), document, reverse("inspections:staff")]:
        assert client.get(url).status_code == 200, url
    page = client.get(reads["detail"]).content.decode()
    assert "Accept the report" not in page and 'id="assign"' not in page and 'id="review"' not in page
    post_all(client, world, {**inspector_writes, **staff_writes, **awardee_writes})
    assert snapshot() == before


def test_the_awardee_reports_on_their_own_and_reads_no_inspection_page(client, world):
    reads, document, inspector_writes, staff_writes, awardee_writes = urls(world)
    before = snapshot()
    sign_in(client, world["awardee"])
    for url in reads.values():
        assert client.get(url).status_code == 404, url
    assert client.get(document).status_code == 200
    post_all(client, world, {**inspector_writes, **staff_writes})
    assert snapshot() == before


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.FINANCE, Role.PORT_REPRESENTATIVE])
def test_everyone_else_sees_nothing(client, world, role):
    reads, document, inspector_writes, staff_writes, awardee_writes = urls(world)
    before = snapshot()
    sign_in(client, UserFactory(role=role))
    for url in [
        *reads.values(),
        document,
        reverse("inspections:staff"),
        reverse("inspections:mine"),
        reverse("inspections:index"),
    ]:
        assert client.get(url).status_code == 404, url
    post_all(client, world, {**inspector_writes, **staff_writes, **awardee_writes})
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    reads, document, inspector_writes, staff_writes, awardee_writes = urls(world)
    for url in [*reads.values(), document, reverse("inspections:staff"), reverse("inspections:mine")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in [*inspector_writes.values(), *staff_writes.values(), *awardee_writes.values()]:
        response = client.post(url, data(world))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_staff_writes_need_post(client, world):
    reads, document, inspector_writes, staff_writes, awardee_writes = urls(world)
    sign_in(client, world["staff"])
    for url in [*reads.values(), document, reverse("inspections:staff")]:
        assert client.get(url).status_code == 200, url
    for url in staff_writes.values():
        assert client.get(url).status_code == 405, url
