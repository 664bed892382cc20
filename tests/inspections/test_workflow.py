"""The inspection workflow with the seed's numbers: the awardee reports, staff assign, the inspector schedules, fills
in the checklist against the application, photographs, reports and submits; staff accept or return; what a passing
inspection confirms lands on the agreement's obligations and in the payment clearances."""

import datetime as dt

import pytest
from django.utils import timezone

from agreements.models import Obligation
from agreements.selectors import events_of
from core.workflow import WorkflowError
from inspections import selectors, services
from inspections.models import Inspection, InspectionPhoto, Step
from inspections.rules.programs import TRUCK_DESTRUCTION_PHOTOS
from programs.rules.fields import InputError

from .conftest import awardee_of, fake_jpeg, funded, inspected, jpeg, observed_matching, pdf, png

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_pa2026_02_delivery_inspection_and_scrapping_clear_the_payment(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    assert selectors.cleared_for_payment(project) == (
        False,
        "the inspection of the new vehicle has not been opened yet; "
        "the scrapping of the old vehicle has not been opened yet",
    )

    delivered = TODAY() - dt.timedelta(days=5)
    post = services.report_ready(project, "post", delivered, actor=awardee)
    assert post.status == "needed" and post.why == f"Delivery reported on {delivered:%B %-d, %Y}"
    assert events_of(project)["delivered"] == delivered
    assert Obligation.objects.get(project=project, key="notify_delivery").status == "done"
    assert list(selectors.needing_inspection()) == [post]

    inspected(post, inspector, staff=staff_user)
    assert post.status == "submitted"
    assert not selectors.clearances(project)["new_vehicle_inspection_passed"].passed
    services.accept(post, actor=staff_user)
    state = selectors.clearances(project)["new_vehicle_inspection_passed"]
    assert state.passed and "report accepted by Lena Park" in state.reason
    # "deployed ... post-inspection confirms it operational": the deployment milestone is done.
    assert events_of(project)["commissioned"] == TODAY()
    assert Obligation.objects.get(project=project, key="deploy_new_vehicle").status == "done"

    # Section 4.2: the dismantler's receipt; "scrapped within ninety (90) days of the dismantler's receipt".
    receipt_on = TODAY() - dt.timedelta(days=2)
    services.add_document(project, "dismantler_receipt", receipt_on, pdf("receipt.pdf"), actor=awardee)
    destruction = Inspection.objects.get(project=project, kind="destruction")
    assert destruction.due == receipt_on + dt.timedelta(days=90)
    assert selectors.destruction_dates(project)["last_day"] == receipt_on + dt.timedelta(days=90)
    assert Obligation.objects.get(project=project, key="surrender_to_dismantler").status == "done"
    inspected(destruction, inspector, staff=staff_user)
    services.accept(destruction, actor=staff_user)
    assert Obligation.objects.get(project=project, key="scrap_old_vehicle").status == "done"
    assert events_of(project)["destroyed"] == TODAY() - dt.timedelta(days=1)
    assert selectors.cleared_for_payment(project) == (True, "every inspection the payment needs has passed")


def test_pa2026_02_scrapping_needs_the_eight_photos_of_section_4_2(staff_user, inspector):
    assert TRUCK_DESTRUCTION_PHOTOS == (
        "VIN tag",
        "Front of the vehicle",
        "Side profile of the vehicle",
        "Rear of the vehicle",
        "Engine tag",
        "Engine block before destruction",
        "Engine block after destruction",
        "Cut frame rails",
    )
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "destruction", actor=staff_user)
    services.assign(inspection, inspector, actor=staff_user)
    services.schedule(inspection, actor=inspector, when=timezone.now() - dt.timedelta(hours=1), mode="virtual")
    services.save_checklist(inspection, observed_matching(inspection), actor=inspector)
    services.add_photos(inspection, [("VIN tag", jpeg()), ("Front of the vehicle", png())], actor=inspector)
    services.attach_report(inspection, pdf(), actor=inspector)
    with pytest.raises(InputError) as refused:
        services.submit(inspection, actor=inspector, result="passed")
    assert refused.value.errors["photos"] == (
        "Photos still needed: Side profile of the vehicle, Rear of the vehicle, Engine tag, Engine block before "
        "destruction, Engine block after destruction, Cut frame rails."
    )


def test_pa2026_01_destruction_notice_is_at_least_14_days_ahead_and_within_60_days_of_delivery(staff_user):
    line = funded("PA2026-01", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    today = TODAY()
    delivered = today - dt.timedelta(days=10)
    services.report_ready(project, "post", delivered, actor=awardee, today=today)
    assert selectors.destruction_dates(project) == {
        "window_days": 60,
        "notice_days": 14,
        "counted_from": "delivered",
        "last_day": delivered + dt.timedelta(days=60),
    }
    with pytest.raises(InputError) as refused:
        services.give_destruction_notice(project, today + dt.timedelta(days=13), actor=awardee, today=today)
    assert "at least 14 days before the destruction" in refused.value.errors["planned_on"]
    with pytest.raises(InputError) as refused:
        services.give_destruction_notice(project, delivered + dt.timedelta(days=61), actor=awardee, today=today)
    assert refused.value.errors["planned_on"] == (
        f"The destruction must happen by {delivered + dt.timedelta(days=60):%B %-d, %Y} (60 days after delivery)."
    )
    inspection = services.give_destruction_notice(project, today + dt.timedelta(days=14), actor=awardee, today=today)
    assert inspection.kind == "destruction" and inspection.due == today + dt.timedelta(days=14)
    notice = Obligation.objects.get(project=project, key="destruction_notice")
    assert notice.done_on == today


def test_pa2026_01_certificate_of_destruction_gates_its_clearance(staff_user, inspector):
    line = funded("PA2026-01", staff=staff_user)
    project, awardee = line.project, awardee_of(line)
    inspection = services.open_inspection(project, "destruction", actor=staff_user)
    inspected(inspection, inspector, staff=staff_user)
    services.accept(inspection, actor=staff_user)
    state = selectors.clearances(project)["certificate_of_destruction_received"]
    assert not state.passed
    assert state.reason == (
        "the destruction of the old equipment and engine passed, but the Certificate of "
        "Destruction has not been uploaded"
    )
    assert Obligation.objects.get(project=project, key="certificate_of_destruction").done_on is None
    services.add_document(project, "certificate_of_destruction", TODAY(), pdf("cod.pdf"), actor=awardee)
    assert selectors.clearances(project)["certificate_of_destruction_received"].passed
    assert Obligation.objects.get(project=project, key="certificate_of_destruction").done_on == TODAY()
    assert Obligation.objects.get(project=project, key="destroy_old_equipment").status in ("done", "done_late")


def test_declared_and_observed_are_compared_and_mismatches_flagged(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "destruction", actor=staff_user)
    services.assign(inspection, inspector, actor=staff_user)
    services.schedule(inspection, actor=inspector, when=timezone.now(), mode="on_site")
    inspection = services.save_checklist(
        inspection,
        {"vin": "1xkad49x7cj000001", "odometer": "612,500", "engine_serial_number": "79000001"},
        actor=inspector,
    )
    rows = {row.key: row for row in selectors.comparison(inspection)}
    assert rows["vin"].declared == "1XKAD49X7CJ000001" and rows["vin"].match is True
    assert rows["odometer"].declared == 612000 and rows["odometer"].observed == 612500
    assert rows["odometer"].mismatch
    assert rows["engine_serial_number"].match is True
    assert rows["make"].match is None  # not observed yet
    with pytest.raises(InputError) as refused:
        services.save_checklist(inspection, {"odometer": "many"}, actor=inspector)
    assert "odometer" in refused.value.errors


def test_photos_are_checked_by_content(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "post", actor=staff_user)
    services.assign(inspection, inspector, actor=staff_user)
    with pytest.raises(InputError) as refused:
        services.add_photos(inspection, [("VIN tag", fake_jpeg("vin.jpg"))], actor=inspector)
    assert refused.value.errors["photos"] == "vin.jpg does not contain a valid JPG file."
    with pytest.raises(InputError) as refused:
        services.add_photos(inspection, [("VIN tag", pdf("vin.pdf"))], actor=inspector)
    assert refused.value.errors["photos"] == "vin.pdf is not a JPEG or PNG file."
    with pytest.raises(InputError):
        services.add_photos(inspection, [("  ", jpeg())], actor=inspector)
    with pytest.raises(InputError) as refused:
        services.attach_report(inspection, jpeg("report.jpg"), actor=inspector)
    assert refused.value.errors["report"] == "report.jpg is not a PDF file."
    assert not InspectionPhoto.objects.exists()


def test_a_submitted_report_is_locked_and_a_correction_is_a_new_version(staff_user, inspector, other_inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = inspected(
        services.open_inspection(line.project, "post", actor=staff_user), inspector, staff=staff_user
    )
    with pytest.raises(WorkflowError):
        services.save_checklist(inspection, {"odometer": "13"}, actor=inspector)
    with pytest.raises(WorkflowError):
        services.add_photos(inspection, [("VIN tag", jpeg())], actor=inspector)
    with pytest.raises(WorkflowError):
        services.save_checklist(inspection, {"odometer": "13"}, actor=other_inspector)
    with pytest.raises(WorkflowError):
        services.return_report(inspection, actor=staff_user, reason="  ")
    correction = services.return_report(inspection, actor=staff_user, reason="The odometer photo is blurred.")
    inspection.refresh_from_db()
    assert inspection.status == "returned" and inspection.review_reason == "The odometer photo is blurred."
    assert (correction.version, correction.supersedes, correction.status) == (2, inspection, "scheduled")
    assert correction.photos.count() == inspection.photos.count() == 4
    assert not selectors.clearances(line.project)["new_vehicle_inspection_passed"].passed
    services.save_checklist(correction, {**correction.observed, "odometer": "13"}, actor=inspector)
    with pytest.raises(InputError) as refused:  # the corrected report is signed again
        services.submit(correction, actor=inspector, result="passed")
    assert refused.value.errors == {"report": "Upload the signed inspection report (PDF)."}
    services.attach_report(correction, pdf("report-v2.pdf"), actor=inspector)
    services.submit(correction, actor=inspector, result="passed")
    services.accept(correction, actor=staff_user)
    assert selectors.clearances(line.project)["new_vehicle_inspection_passed"].passed
    assert list(Step.objects.filter(inspection=inspection).values_list("action", flat=True)) == [
        "open",
        "assign",
        "schedule",
        "submit",
        "send_back",
    ]


def test_a_failed_inspection_holds_the_payment_with_its_findings(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "post", actor=staff_user)
    observed = {**observed_matching(inspection), "operational": False}
    with pytest.raises(InputError) as refused:
        inspected(inspection, inspector, staff=staff_user, observed=observed)
    assert refused.value.errors["result"] == (
        "It cannot pass while these are not verified: The vehicle is deployed and operational."
    )
    with pytest.raises(InputError) as refused:
        services.submit(inspection, actor=inspector, result="failed", findings="")
    assert refused.value.errors["findings"] == "Say what failed."
    services.submit(inspection, actor=inspector, result="failed", findings="The truck does not start.")
    services.accept(inspection, actor=staff_user)
    state = selectors.clearances(line.project)["new_vehicle_inspection_passed"]
    assert not state.passed and state.reason.endswith("The truck does not start.")
    assert "commissioned" not in events_of(line.project)


def test_only_staff_assign_and_only_inspectors_are_assigned(staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "post", actor=staff_user)
    with pytest.raises(WorkflowError):
        services.assign(inspection, inspector, actor=inspector)
    with pytest.raises(WorkflowError):
        services.assign(inspection, staff_user, actor=staff_user)
    with pytest.raises(WorkflowError):
        services.open_inspection(line.project, "post", actor=staff_user)
    with pytest.raises(WorkflowError):
        services.schedule(inspection, actor=inspector, when=timezone.now(), mode="on_site")  # not assigned yet


def test_pa2026_03_installation_verifies_the_capacity(staff_user, inspector):
    line = funded("PA2026-03", staff=staff_user)
    inspection = services.report_ready(
        line.project, "installation", TODAY() - dt.timedelta(days=1), actor=awardee_of(line)
    )
    inspected(inspection, inspector, staff=staff_user)
    services.accept(inspection, actor=staff_user)
    found = selectors.clearances(line.project)
    assert found["installation_inspected"].passed
    assert found["capacity_verified"].passed and found["capacity_verified"].reason.startswith("3,600 kW verified")


@pytest.mark.parametrize(
    ("code", "keys"),
    [
        ("PA2026-01", {"post_inspection_approved", "certificate_of_destruction_received"}),
        ("PA2026-02", {"new_vehicle_inspection_passed", "destruction_verified"}),
        ("PA2026-03", {"installation_inspected", "capacity_verified"}),
        ("PA2025-04", {"installed_and_operating", "destruction_verified"}),
        ("PA2022-01", {"in_operation", "destruction_verified"}),
    ],
)
def test_the_clearances_are_the_ones_payments_asks_for(staff_user, code, keys):
    from payments.rules.programs import PAYMENT_RULES
    from payments.selectors import STAFF_CLEARANCES

    asked = {item.key for item in PAYMENT_RULES[code].clearances if item.key not in STAFF_CLEARANCES}
    assert asked == keys
    line = funded(code, staff=staff_user)
    found = selectors.clearances(line.project)
    assert set(found) == keys and not any(state.passed for state in found.values())
