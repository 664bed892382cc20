"""Issue 22, inspectors: a refused save keeps every value typed and marks only the field at fault, in words; the
dates are checked against the facts (not before the delivery inspected, no destruction or inspection in the
future, a report submitted the day the inspection was done without re-scheduling)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import Inspection
from programs.rules.fields import InputError

from .conftest import awardee_of, funded, jpeg, login, observed_matching, pdf

pytestmark = pytest.mark.django_db


def _scheduled(line, kind, inspector, staff, *, when=None):
    inspection = services.open_inspection(line.project, kind, actor=staff)
    services.assign(inspection, inspector, actor=staff)
    services.schedule(inspection, actor=inspector, when=when or timezone.now() - dt.timedelta(hours=1), mode="on_site")
    inspection.refresh_from_db()
    return inspection


def _posted(values):
    return {name: ("true" if value is True else value) for name, value in values.items()}


def _invalid_fields(page: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]*?name="([^"]+)"[^>]*?aria-invalid="true"', page) + re.findall(
        r'<(?:input|select|textarea)[^>]*?aria-invalid="true"[^>]*?name="([^"]+)"', page
    )


def test_a_mistyped_odometer_keeps_every_other_value_and_marks_only_the_odometer(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = _scheduled(line, "destruction", inspector, staff_user)
    typed = {**observed_matching(inspection), "odometer": "612,9OO", "dismantler": "Pick-A-Part Wilmington"}
    response = login(client, inspector).post(reverse("inspections:checklist", args=[inspection.pk]), _posted(typed))
    page = response.content.decode()

    assert response.status_code == 400
    assert "Nothing was saved: correct the field marked below" in page
    for name, value in typed.items():
        if value is not True:
            assert f'value="{value}"' in page, name  # every value as typed, the wrong one too
    assert sorted(set(_invalid_fields(page))) == ["odometer"]
    assert 'id="id_odometer-error">Odometer reading' in page  # the message in words, under the field
    inspection.refresh_from_db()
    assert inspection.observed == {}  # nothing half saved


def test_a_destruction_date_in_the_future_is_refused_on_its_field(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = _scheduled(line, "destruction", inspector, staff_user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(InputError) as refused:
        services.save_checklist(inspection, {"destroyed_on": tomorrow}, actor=inspector)
    assert refused.value.errors == {
        "destroyed_on": f"{tomorrow:%B %-d, %Y} is still to come: give the day the destruction was done."
    }
    typed = {**observed_matching(inspection), "destroyed_on": tomorrow.isoformat()}
    response = login(client, inspector).post(reverse("inspections:checklist", args=[inspection.pk]), _posted(typed))
    page = response.content.decode()
    assert response.status_code == 400
    assert sorted(set(_invalid_fields(page))) == ["destroyed_on"]
    assert f'value="{typed["vin"]}"' in page and f'value="{tomorrow.isoformat()}"' in page
    # today is a fact
    services.save_checklist(inspection, {"destroyed_on": timezone.localdate()}, actor=inspector)


def test_an_inspection_is_not_scheduled_before_the_delivery_it_inspects(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    delivered = timezone.localdate() - dt.timedelta(days=3)
    inspection = services.report_ready(line.project, "post", delivered, actor=awardee_of(line))
    services.assign(inspection, inspector, actor=staff_user)
    early = timezone.make_aware(dt.datetime.combine(delivered - dt.timedelta(days=2), dt.time(9)))
    with pytest.raises(InputError) as refused:
        services.schedule(inspection, actor=inspector, when=early, mode="on_site")
    assert refused.value.errors["on"] == (
        f"{delivered - dt.timedelta(days=2):%B %-d, %Y} is before the delivery of the new equipment it inspects, "
        f"recorded on {delivered:%B %-d, %Y}."
    )
    response = login(client, inspector).post(
        reverse("inspections:schedule", args=[inspection.pk]),
        {"on": (delivered - dt.timedelta(days=2)).isoformat(), "at": "09:15", "mode": "virtual"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert _invalid_fields(page) == ["on"]
    assert (
        'name="at" value="09:15"' in page
        and 'value="virtual" class="form-check-input" id="id_mode_1" required checked' in page
    )
    # the day of the delivery is fine
    services.schedule(
        inspection,
        actor=inspector,
        when=timezone.make_aware(dt.datetime.combine(delivered, dt.time(15))),
        mode="on_site",
    )
    assert Inspection.objects.get(pk=inspection.pk).status == "scheduled"


def _ready_to_submit(inspection, inspector):
    services.save_checklist(inspection, observed_matching(inspection), actor=inspector)
    from inspections.selectors import rule_of

    services.add_photos(
        inspection,
        [(caption, jpeg(f"p{n}.jpg")) for n, caption in enumerate(rule_of(inspection).photos)],
        actor=inspector,
    )
    services.attach_report(inspection, pdf(), actor=inspector)


def test_a_report_is_submitted_the_day_the_inspection_was_done_without_rescheduling(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    later = timezone.now() + dt.timedelta(days=4)
    inspection = _scheduled(line, "destruction", inspector, staff_user, when=later)
    _ready_to_submit(inspection, inspector)
    inspection.refresh_from_db()
    today = timezone.localdate()

    problems = services.submission_problems(inspection, result="passed", findings="")
    assert problems == {
        "inspected_on": f"The inspection is scheduled for {timezone.localtime(later):%B %-d, %Y}: give the day it "
        f"was done, or submit it after."
    }
    future = services.submission_problems(
        inspection, result="passed", findings="", inspected_on=today + dt.timedelta(days=1)
    )
    assert future == {
        "inspected_on": f"{today + dt.timedelta(days=1):%B %-d, %Y} is still to come: give the day the inspection "
        f"was done."
    }

    client = login(client, inspector)
    refused = client.post(
        reverse("inspections:submit", args=[inspection.pk]),
        {"result": "passed", "findings": "Scrapped as declared, frame rails cut.", "inspected_on": ""},
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    assert _invalid_fields(page) == ["inspected_on"]
    assert "Scrapped as declared, frame rails cut.</textarea>" in page
    assert 'value="passed" class="form-check-input" id="id_result_0" required checked' in page

    response = client.post(
        reverse("inspections:submit", args=[inspection.pk]),
        {"result": "passed", "findings": "Scrapped as declared.", "inspected_on": today.isoformat()},
        follow=True,
    )
    assert "Report submitted for review. It is now locked." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "submitted" and inspection.inspected_on == today
    assert inspection.scheduled_for == later  # not re-scheduled
    assert f"inspected {today:%B %-d, %Y}" in response.content.decode()


def test_an_inspection_date_before_the_delivery_is_refused_at_submission(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    delivered = timezone.localdate() - dt.timedelta(days=3)
    inspection = services.report_ready(line.project, "post", delivered, actor=awardee_of(line))
    services.assign(inspection, inspector, actor=staff_user)
    services.schedule(inspection, actor=inspector, when=timezone.now() - dt.timedelta(hours=1), mode="on_site")
    inspection.refresh_from_db()
    problems = services.submission_problems(
        inspection, result="failed", findings="Not there", inspected_on=delivered - dt.timedelta(days=1)
    )
    assert problems["inspected_on"].startswith(f"{delivered - dt.timedelta(days=1):%B %-d, %Y} is before the delivery")


@pytest.mark.parametrize(
    ("typed_vin", "message"),
    [
        ("1XKAD49X0CJ000001", "this VIN's check digit (its 9th character) does not match; check each character."),
        ("1XKAD49X7CJ00000", "enter the 17 letters and digits of the VIN (it has no I, O or Q)."),
    ],
)
def test_the_observed_vin_is_checked_like_the_applicants_and_every_other_value_kept(
    client, staff_user, inspector, typed_vin, message
):
    """Issue 26: the inspector's VIN has the applicant's format check (``core.validators.check_vin``)."""
    line = funded("PA2026-02", staff=staff_user)
    inspection = _scheduled(line, "destruction", inspector, staff_user)
    typed = {**observed_matching(inspection), "vin": typed_vin, "dismantler": "Pick-A-Part Wilmington"}
    response = login(client, inspector).post(reverse("inspections:checklist", args=[inspection.pk]), _posted(typed))
    page = response.content.decode()
    assert response.status_code == 400
    assert sorted(set(_invalid_fields(page))) == ["vin"]
    assert f'id="id_vin-error">VIN of the old vehicle: {message}' in page.replace("&#x27;", "'")
    for name, value in typed.items():
        if value is not True:
            assert f'value="{value}"' in page, name  # every value as typed, the wrong VIN too
    inspection.refresh_from_db()
    assert inspection.observed == {}
    # the declared VIN, typed in small letters, is kept in capitals
    good = {**typed, "vin": line.project.data["existing_vin"].lower()}
    assert client.post(reverse("inspections:checklist", args=[inspection.pk]), _posted(good)).status_code == 302
    inspection.refresh_from_db()
    assert inspection.observed["vin"] == line.project.data["existing_vin"].upper()
