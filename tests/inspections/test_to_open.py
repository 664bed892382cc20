"""The maintained "needs an inspection, none opened yet" rows (issue 25): written when the delivery is recorded,
re-dated when it is corrected, gone when the inspection is opened or the project terminated, and read by staff's
page without reading any delivery event."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreements
from inspections import selectors, services
from inspections.models import Inspection, ToOpen

from .conftest import awardee_of, funded, inspected, login


def kept():
    return list(ToOpen.objects.order_by("number", "kind").values_list("number", "kind", "event", "event_on"))


def test_a_delivery_needs_a_post_inspection_until_one_is_opened(staff_user):
    line = funded("PA2026-02", staff=staff_user)
    number = line.agreement.number
    assert kept() == []
    delivered = timezone.localdate() - dt.timedelta(days=6)
    agreements.record_event(line.project, "delivered", delivered, actor=staff_user, note="Phoned in.")
    assert kept() == [(number, "post", "delivered", delivered)]
    corrected = delivered + dt.timedelta(days=2)
    agreements.record_event(line.project, "delivered", corrected, actor=staff_user, note="The invoice's date.")
    assert kept() == [(number, "post", "delivered", corrected)]
    [row] = selectors.awaiting_opening()
    assert (row.kind, row.why) == ("post", f"Delivery of the new vehicle recorded on {corrected:%B %-d, %Y}")
    services.open_inspection(line.project, "post", actor=staff_user, why="Delivery recorded")
    assert kept() == [] and selectors.awaiting_opening() == []


def test_terminating_the_project_takes_it_off_the_list(staff_user):
    line = funded("PA2026-02", staff=staff_user)
    agreements.record_event(line.project, "delivered", timezone.localdate(), actor=staff_user, note="Phoned in.")
    assert [row[1] for row in kept()] == ["post"]
    agreements.terminate(line.agreement, actor=staff_user, reason="The awardee withdrew.", project=line.project)
    assert kept() == [] and selectors.awaiting_opening() == []


def test_soon_destruction_is_kept_once_the_post_inspection_passes(staff_user, inspector):
    line = funded("PA2025-04", staff=staff_user)
    post = services.report_ready(
        line.project, "post", timezone.localdate() - dt.timedelta(days=1), actor=awardee_of(line)
    )
    assert kept() == []
    services.accept(inspected(post, inspector, staff=staff_user), actor=staff_user)
    assert kept() == [(line.agreement.number, "destruction", "", None)]
    services.open_inspection(line.project, "destruction", actor=staff_user, why="After the post-inspection")
    assert kept() == []


def test_the_full_sync_rebuilds_the_rows_the_services_kept(staff_user):
    lines = [funded("PA2026-02", staff=staff_user) for _ in range(3)]
    for line in lines:
        agreements.record_event(line.project, "delivered", timezone.localdate(), actor=staff_user, note="Phoned in.")
    services.open_inspection(lines[0].project, "post", actor=staff_user)
    before = kept()
    assert len(before) == 2
    ToOpen.objects.all().delete()
    assert services.sync_to_open() == 2  # what the data migration runs
    assert kept() == before


def test_staff_page_reads_no_delivery_event(client, staff_user):
    for _ in range(3):
        line = funded("PA2026-02", staff=staff_user)
        agreements.record_event(line.project, "delivered", timezone.localdate(), actor=staff_user, note="Phoned in.")
    login(client, staff_user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("inspections:staff")).content.decode()
    assert html.count('-post"') == 3
    assert not [query["sql"] for query in queries if "agreements_projectevent" in query["sql"]]
    assert Inspection.objects.count() == 0
