"""Recorded events date a project's stored obligations, with the seeds' numbers, and the selectors read them.

Sources: 001_ea26778b00a7e017.txt (PA2026-01 Section 2.3, 6.1, Table 1; PA2026-02 Section 4.2, 5; PA2026-03 Table 2,
Attachment A, DEFINITIONS), 002_93fe1fbed5faf247.txt (PA2022-01 OTHER IMPORTANT PROGRAM INFORMATION, PROJECT COST),
003_b264a6114e3b8c3f.txt (PA2025-04 MAXIMUM ELIGIBLE FUNDING, REPORTING AND MONITORING).
"""

import datetime as dt

import pytest

from agreements import selectors, services
from agreements.models import Agreement, Obligation
from applications.models import Application
from notices.models import Notice
from programs.models import Round
from tests.factories import executed_agreement

pytestmark = pytest.mark.django_db

D = dt.date
EXECUTED = D(2026, 2, 10)
LATER = D(2031, 1, 1)


def due(agreement, key):
    return Obligation.objects.get(agreement=agreement, key=key)


def project(agreement):
    return agreement.funded_projects.get().project


def record(agreement, event, on, staff, **kwargs):
    return services.record_event(project(agreement), event, on, actor=staff, today=kwargs.pop("today", LATER), **kwargs)


def test_pa2026_01_destruction_notice_certificate_and_final_invoice(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    destroy = due(agreement, "destroy_old_equipment")
    assert (destroy.due, destroy.status, destroy.waiting_for) == (None, "waiting", "delivery of the new equipment")
    assert due(agreement, "final_invoice").due == D(2028, 2, 28)  # Section 6.1

    record(agreement, "delivered", D(2027, 12, 31), staff_user)
    # 60 calendar days across February 29, 2028 (Table 1 step 4B); the notice 14 days before that last day.
    assert due(agreement, "destroy_old_equipment").due == D(2028, 2, 29)
    assert due(agreement, "destruction_notice").due == D(2028, 2, 15)
    assert due(agreement, "notify_delivery").status == "done"
    assert due(agreement, "certificate_of_destruction").status == "waiting"

    record(agreement, "destroyed", D(2028, 2, 20), staff_user)
    assert due(agreement, "destroy_old_equipment").status == "done"
    assert due(agreement, "destruction_notice").due == D(2028, 2, 6)  # the actual destruction counts
    assert due(agreement, "certificate_of_destruction").due == D(2028, 4, 20)  # 60 days, not Section 2.3's 90


def test_pa2026_01_term_five_years_from_commissioning_with_semi_annual_reports(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    assert due(agreement, "reports").waiting_for == "commissioning of the new equipment"
    record(agreement, "delivered", D(2026, 8, 1), staff_user)
    record(agreement, "commissioned", D(2026, 8, 31), staff_user)
    assert not Obligation.objects.filter(agreement=agreement, key="reports").exists()
    assert due(agreement, "term_end").due == D(2031, 8, 31)
    reports = Obligation.objects.filter(agreement=agreement, kind="report").order_by("due")
    assert reports.count() == 10
    # Periods counted in months from August 31: the first ends February 27, 2027, due 30 days later.
    assert reports.first().due == D(2027, 3, 29)
    assert Obligation.objects.filter(agreement=agreement, kind="certification").count() == 5


def test_pa2026_02_scrapping_within_90_days_of_the_dismantlers_receipt(staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    record(agreement, "delivered", D(2026, 6, 1), staff_user)
    assert due(agreement, "surrender_to_dismantler").due == D(2026, 8, 30)
    assert due(agreement, "scrap_old_vehicle").waiting_for == "the dismantler's receipt for the old vehicle"
    record(agreement, "dismantler_receipt", D(2026, 7, 15), staff_user)
    assert due(agreement, "surrender_to_dismantler").status == "done"
    assert due(agreement, "scrap_old_vehicle").due == D(2026, 10, 13)
    assert due(agreement, "deploy_new_vehicle").due == D(2028, 2, 29)  # "no later than February 2028"


def test_pa2026_03_milestones_are_the_agreements_dates(staff_user):
    agreement = executed_agreement("PA2026-03", staff=staff_user, on=EXECUTED)
    values = agreement.funded_projects.get().values
    assert due(agreement, "milestone_commissioned").due == D.fromisoformat(values["commissioning_date"])
    assert due(agreement, "commissioning_deadline").due == D(2028, 3, 31)  # WHEN: "by March 2028"
    record(agreement, "commissioned", D(2027, 3, 31), staff_user)
    reports = Obligation.objects.filter(agreement=agreement, kind="report").order_by("due")
    assert reports.count() == 10 and reports.last().name.startswith("Semi-annual and annual report 10")
    assert due(agreement, "term_end").due == D(2032, 3, 31)


def test_pa2022_01_in_operation_earlier_of_18_months_and_march_31_2024(staff_user):
    agreement = executed_agreement("PA2022-01", staff=staff_user, on=EXECUTED)
    in_operation = due(agreement, "in_operation")
    # Executed in 2026, after the seed's March 31, 2024: that date is the earlier one, already past.
    assert (in_operation.due, in_operation.status) == (D(2024, 3, 31), "overdue")
    assert due(agreement, "invoice").due == D(2024, 3, 31)


def test_a_reissued_rounds_dates_move_the_obligations(staff_user):
    agreement = executed_agreement("PA2022-01", staff=staff_user, on=EXECUTED)
    round_ = agreement.program.current_round
    Round.objects.filter(pk=round_.pk).update(
        terms={"operational_deadline": "2029-03-31", "invoice_deadline": "2029-03-31"}
    )
    Application.objects.filter(pk=agreement.application_id).update(round=round_)
    services.refresh_obligations(Agreement.objects.get(pk=agreement.pk), today=EXECUTED)
    assert due(agreement, "in_operation").due == D(2027, 8, 10)  # 18 months from February 10, 2026: earlier
    invoice = due(agreement, "invoice")
    assert invoice.due == D(2029, 3, 31) and "changed by the re-issued announcement" in invoice.source


def test_soon_project_life_from_the_table_and_annual_reports(staff_user):
    agreement = executed_agreement("PA2025-04", staff=staff_user, on=EXECUTED)
    assert due(agreement, "destroy_old_equipment").status == "not dated"
    record(agreement, "commissioned", D(2026, 6, 15), staff_user)
    assert due(agreement, "term_end").due == D(2031, 6, 15)  # replacement: five years
    assert Obligation.objects.filter(agreement=agreement, kind="report").count() == 5


def test_a_correction_is_recorded_not_overwritten(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    first = record(agreement, "delivered", D(2026, 6, 30), staff_user)
    with pytest.raises(services.AgreementError, match="say why the date changes"):
        record(agreement, "delivered", D(2026, 7, 2), staff_user)
    with pytest.raises(services.AgreementError, match="already recorded on June 30, 2026"):
        record(agreement, "delivered", D(2026, 6, 30), staff_user, note="again")
    second = record(agreement, "delivered", D(2026, 7, 2), staff_user, note="The bill of lading says July 2.")
    assert second.corrects == first
    assert selectors.events_of(project(agreement))["delivered"] == D(2026, 7, 2)
    assert [event.on for event in selectors.event_history(project(agreement)) if event.key == "delivered"] == [
        D(2026, 6, 30),
        D(2026, 7, 2),
    ]
    assert due(agreement, "destroy_old_equipment").due == D(2026, 8, 31)


def test_events_refused(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    with pytest.raises(services.AgreementError, match="not an event of PA2026-01"):
        record(agreement, "shipped", D(2026, 6, 30), staff_user)
    with pytest.raises(services.AgreementError, match="a day still to come"):
        record(agreement, "delivered", D(2026, 6, 30), staff_user, today=D(2026, 6, 29))
    with pytest.raises(services.AgreementError, match="before the rebate agreement's execution on February 10, 2026"):
        record(agreement, "delivered", D(2026, 2, 9), staff_user)
    # A planned destruction date is announced ahead.
    record(agreement, "delivered", D(2026, 6, 1), staff_user, today=D(2026, 6, 2))
    planned = record(agreement, "destruction_planned", D(2026, 7, 20), staff_user, today=D(2026, 6, 2))
    assert planned.on == D(2026, 7, 20) and due(agreement, "destruction_notice").due == D(2026, 7, 6)


def test_completing_and_waiving_obligations(staff_user):
    agreement = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    record(agreement, "delivered", D(2026, 6, 30), staff_user)
    notice = Notice.objects.first()  # any model instance can be the record that satisfied it
    done = services.complete_obligation(
        project(agreement), "destruction_notice", on=D(2026, 8, 1), actor=staff_user, record=notice, today=LATER
    )
    assert (done.status, done.done_on, done.record) == ("done", D(2026, 8, 1), notice)
    with pytest.raises(services.AgreementError, match="already done"):
        services.complete_obligation(project(agreement), "destruction_notice", on=D(2026, 8, 1), actor=staff_user)
    with pytest.raises(services.AgreementError, match="is done when the destruction of the old equipment"):
        services.complete_obligation(project(agreement), "destroy_old_equipment", on=D(2026, 8, 1), actor=staff_user)
    late = services.complete_obligation(
        project(agreement), "final_invoice", on=D(2028, 3, 1), actor=staff_user, today=LATER
    )
    assert late.status == "done late"
    # The record survives a refresh after another event moves the dates.
    record(agreement, "destroyed", D(2026, 8, 20), staff_user)
    assert due(agreement, "destruction_notice").done_on == D(2026, 8, 1)
    waived = services.waive_obligation(
        project(agreement),
        "certificate_of_destruction",
        actor=staff_user,
        reason="Destruction witnessed by the district's inspector.",
    )
    assert waived.status == "waived" and waived.waived_by == staff_user


def test_the_day_moves_due_obligations_to_overdue(staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    record(agreement, "delivered", D(2026, 6, 1), staff_user, today=D(2026, 6, 2))
    assert due(agreement, "surrender_to_dismantler").status == "due"  # due August 30, 2026
    assert services.roll_statuses(D(2026, 8, 30)) == 0
    assert services.roll_statuses(D(2026, 8, 31)) == 1
    assert due(agreement, "surrender_to_dismantler").status == "overdue"


def test_upcoming_and_overdue_by_program_and_kind(staff_user):
    trucks = executed_agreement("PA2026-02", staff=staff_user, on=EXECUTED)
    record(trucks, "delivered", D(2026, 6, 1), staff_user, today=D(2026, 6, 2))
    cargo = executed_agreement("PA2026-01", staff=staff_user, on=EXECUTED)
    record(cargo, "delivered", D(2026, 6, 10), staff_user, today=D(2026, 6, 11))
    listed = selectors.upcoming_and_overdue(today=D(2026, 8, 1), within_days=30)
    assert [(item.agreement.program.code, item.key, item.due) for item in listed] == [
        ("PA2026-01", "destruction_notice", D(2026, 7, 26)),
        ("PA2026-01", "destroy_old_equipment", D(2026, 8, 9)),
        ("PA2026-02", "surrender_to_dismantler", D(2026, 8, 30)),
    ]
    assert [item.key for item in selectors.upcoming_and_overdue(today=D(2026, 8, 1), program="PA2026-02")] == [
        "surrender_to_dismantler"
    ]
    assert [item.key for item in selectors.upcoming_and_overdue(today=D(2026, 8, 1), kind="notice")] == [
        "destruction_notice"
    ]
    assert [item.key for item in selectors.upcoming_and_overdue(today=D(2026, 8, 1), overdue_only=True)] == [
        "destruction_notice"
    ]


def test_selectors_for_the_later_stages(staff_user):
    agreement = executed_agreement("PA2025-04", staff=staff_user, on=EXECUTED)
    funded = agreement.funded_projects.get()
    assert selectors.is_executed(funded.project)
    assert selectors.agreement_of(agreement.application) == agreement
    assert selectors.events_of(funded.project) == {"agreement_executed": EXECUTED}
    values = selectors.agreement_values(funded.project)
    assert values["project_type"] == "replacement" and values["award"] == funded.award
    assert values["term_extension_months"] == 0
    assert selectors.terms_for(agreement)["district_share_percent"] == 75
    calendar = selectors.calendar_of(funded.project, as_of=EXECUTED)
    assert calendar.term.waiting_for.startswith("installation and start of operation")
