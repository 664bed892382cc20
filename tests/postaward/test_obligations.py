"""Every program's post-award obligations with the seeds' periods and dates, at their boundaries.

Sources: 001_ea26778b00a7e017.txt (PA2026-01 Sections 2.3, 6.1, Table 1; PA2026-02 Sections 1.1, 4.2,
5, Table 1; PA2026-03 WHEN, Table 2, Attachment A), 002_93fe1fbed5faf247.txt (PA2022-01 OTHER IMPORTANT
PROGRAM INFORMATION) and 003_b264a6114e3b8c3f.txt (PA2025-04 MAXIMUM ELIGIBLE FUNDING, REPORTING).
"""

import datetime as dt

import pytest

from agreements.rules.obligations import Status, obligations_input
from agreements.rules.obligations import calendar as build_calendar
from agreements.rules.registry import post_award, resolve_terms
from programs.rules.fields import InputError

D = dt.date


def calendar(code, events=None, *, as_of="2026-01-01", **document):
    return obligations_input(code, {"as_of": as_of, "events": events or {}, **document})


def obligation(result, key):
    return next(item for item in result.obligations if item.key == key)


# --- PA2026-01 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delivered", "destroy_by"),
    [
        (D(2026, 6, 30), D(2026, 8, 29)),
        (D(2027, 12, 31), D(2028, 2, 29)),  # 60 calendar days across February 29, 2028
        (D(2026, 12, 31), D(2027, 3, 1)),  # ... and across February 28, 2027
    ],
)
def test_pa2026_01_destruction_within_60_days_of_delivery(delivered, destroy_by):
    result = calendar("PA2026-01", {"delivered": delivered.isoformat()})
    destroy = obligation(result, "destroy_old_equipment")
    assert destroy.due == destroy_by
    assert destroy.period == "60 calendar days after delivery of the new equipment"
    assert "Table 1 step 4B" in destroy.source and "001_ea26778b00a7e017.txt" in destroy.source


def test_pa2026_01_destruction_on_day_60_is_done_on_day_61_is_late():
    on_time = calendar("PA2026-01", {"delivered": "2026-06-30", "destroyed": "2026-08-29"}, as_of="2026-09-30")
    late = calendar("PA2026-01", {"delivered": "2026-06-30", "destroyed": "2026-08-30"}, as_of="2026-09-30")
    assert obligation(on_time, "destroy_old_equipment").status is Status.DONE
    assert obligation(late, "destroy_old_equipment").status is Status.DONE_LATE


def test_pa2026_01_destruction_waits_for_delivery():
    destroy = obligation(calendar("PA2026-01", {"agreement_executed": "2026-02-10"}), "destroy_old_equipment")
    assert (destroy.due, destroy.waiting_for, destroy.status) == (None, "delivery of the new equipment", Status.WAITING)


def test_pa2026_01_notice_14_days_before_the_planned_destruction_else_before_the_deadline():
    planned = calendar("PA2026-01", {"delivered": "2026-06-30", "destruction_planned": "2026-08-20"})
    assert obligation(planned, "destruction_notice").due == D(2026, 8, 6)
    unplanned = calendar("PA2026-01", {"delivered": "2026-06-30"})
    assert obligation(unplanned, "destruction_notice").due == D(2026, 8, 15)  # August 29 less 14 days
    done = calendar("PA2026-01", {"delivered": "2026-06-30", "destroyed": "2026-08-10"})
    assert obligation(done, "destruction_notice").due == D(2026, 7, 27)  # the actual destruction counts


def test_pa2026_01_certificate_of_destruction_60_days_after_destruction_not_90():
    result = calendar("PA2026-01", {"delivered": "2026-06-30", "destroyed": "2026-08-20"})
    certificate = obligation(result, "certificate_of_destruction")
    assert certificate.due == D(2026, 10, 19)
    assert "60 days, over Section 2.3's 90 days" in certificate.source


@pytest.mark.parametrize(("as_of", "status"), [("2028-02-28", Status.DUE), ("2028-02-29", Status.OVERDUE)])
def test_pa2026_01_final_invoice_february_28_2028_even_in_a_leap_year(as_of, status):
    final = obligation(calendar("PA2026-01", as_of=as_of), "final_invoice")
    assert (final.due, final.status) == (D(2028, 2, 28), status)
    assert final.source.startswith("001_ea26778b00a7e017.txt, PA2026-01 Section 6.1")


def test_pa2026_01_term_ends_five_years_after_commissioning_with_ten_semi_annual_reports():
    result = calendar("PA2026-01", {"delivered": "2026-06-30", "commissioned": "2026-07-06"})
    assert (result.term.starts, result.term.ends) == (D(2026, 7, 6), D(2031, 7, 6))
    assert obligation(result, "term_end").due == D(2031, 7, 6)
    reports = [item for item in result.obligations if item.key.startswith("report_")]
    certifications = [item for item in result.obligations if item.key.startswith("certification_")]
    assert len(reports) == 10 and len(certifications) == 5
    assert obligation(result, "report_1").name.startswith("Semi-annual usage report 1: July 6, 2026 to January 5, 2027")
    assert obligation(result, "report_1").due == D(2027, 2, 4)  # 30 days after January 5
    assert [item.key for item in certifications] == [f"certification_{n}" for n in (2, 4, 6, 8, 10)]


def test_reports_wait_for_the_term_to_start():
    reports = obligation(calendar("PA2026-01", {"delivered": "2026-06-30"}), "reports")
    assert reports.waiting_for == "commissioning of the new equipment"
    assert obligation(calendar("PA2026-01"), "term_end").status is Status.WAITING


# --- PA2026-02 -----------------------------------------------------------------------------------------


def test_pa2026_02_surrender_90_days_after_delivery_then_scrap_90_days_after_the_receipt():
    result = calendar("PA2026-02", {"delivered": "2027-12-01", "dismantler_receipt": "2027-12-30"}, as_of="2028-02-28")
    surrender, scrap = obligation(result, "surrender_to_dismantler"), obligation(result, "scrap_old_vehicle")
    assert (surrender.due, surrender.status, surrender.done_on) == (D(2028, 2, 29), Status.DONE, D(2027, 12, 30))
    assert scrap.due == D(2028, 3, 29)  # 90 days after December 30, 2027, across February 29
    assert obligation(calendar("PA2026-02", {"delivered": "2027-12-01"}), "scrap_old_vehicle").waiting_for == (
        "the dismantler's receipt for the old vehicle"
    )


@pytest.mark.parametrize(("as_of", "status"), [("2028-02-29", Status.DUE), ("2028-03-01", Status.OVERDUE)])
def test_pa2026_02_payment_requests_and_deployment_by_the_end_of_february_2028(as_of, status):
    result = calendar("PA2026-02", as_of=as_of)
    assert (obligation(result, "payment_request").due, obligation(result, "payment_request").status) == (
        D(2028, 2, 29),
        status,
    )
    assert obligation(result, "deploy_new_vehicle").due == D(2028, 2, 29)


def test_pa2026_02_operating_period_from_deployment_and_semi_annual_reports():
    result = calendar("PA2026-02", {"delivered": "2026-09-28", "commissioned": "2026-10-05"})
    assert result.term.ends == D(2031, 10, 5)
    assert obligation(result, "deploy_new_vehicle").status is Status.DONE
    report = obligation(result, "report_1")
    assert "with the vehicle registration and the vehicle insurance" in report.name
    assert sum(item.key.startswith("report_") for item in result.obligations) == 10


# --- PA2026-03 -----------------------------------------------------------------------------------------

SCHEDULE = {
    "equipment_order_date": "2026-03-15",
    "equipment_delivery_date": "2026-10-15",
    "installation_date": "2027-01-29",
    "commissioning_date": "2027-03-31",
}


def test_pa2026_03_milestones_are_the_agreement_dates_and_optional_ones_only_when_dated():
    result = calendar("PA2026-03", {"equipment_ordered": "2026-03-16"}, agreement=SCHEDULE, as_of="2026-04-01")
    keys = [item.key for item in result.obligations]
    assert "milestone_power_upgraded" not in keys and "milestone_design_completed" not in keys
    ordered = obligation(result, "milestone_equipment_ordered")
    assert (ordered.due, ordered.status, ordered.counting.value) == (
        D(2026, 3, 15),
        Status.DONE_LATE,
        "agreement milestone date",
    )
    assert obligation(result, "commissioning_deadline").due == D(2028, 3, 31)
    with_upgrade = calendar("PA2026-03", agreement={**SCHEDULE, "power_upgrade_date": "2026-09-30"})
    assert obligation(with_upgrade, "milestone_power_upgraded").due == D(2026, 9, 30)


def test_pa2026_03_semi_annual_and_annual_reports_for_five_years_from_commissioning():
    result = calendar("PA2026-03", {"commissioned": "2027-03-31"}, agreement=SCHEDULE)
    assert result.term.ends == D(2032, 3, 31)
    assert obligation(result, "report_1").name.startswith("Semi-annual report 1: March 31, 2027 to September 29")
    assert obligation(result, "report_2").name.startswith("Semi-annual and annual report 2")
    assert obligation(result, "certification_2").name == (
        "Yearly labor-law certification, with semi-annual and annual report 2"
    )
    assert not any(item.kind.value == "invoice" for item in result.obligations)  # no invoice deadline in PA2026-03


def test_pa2026_03_requires_the_agreement_schedule():
    with pytest.raises(InputError) as raised:
        calendar("PA2026-03", agreement={"equipment_order_date": "2026-03-15"})
    assert {"agreement.equipment_delivery_date", "agreement.installation_date", "agreement.commissioning_date"} <= set(
        raised.value.errors
    )


# --- PA2025-04 (SOON) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreement", "years"),
    [
        ({"project_type": "replacement"}, 5),
        ({"project_type": "replacement", "equipment_type": "excavator"}, 3),
        ({"project_type": "replacement", "equipment_type": "skid_steer_loader"}, 3),
        ({"project_type": "repower", "equipment_type": "excavator"}, 7),
        ({"project_type": "zero_emission", "equipment_type": "rough_terrain_forklift"}, 10),
        ({"project_type": "repower", "project_life_years": 6}, 6),
    ],
)
def test_soon_annual_reports_for_the_project_life(agreement, years):
    result = calendar(
        "PA2025-04", {"agreement_executed": "2026-01-20", "commissioned": "2026-03-02"}, agreement=agreement
    )
    assert result.term.months == 12 * years
    assert result.term.ends == D(2026 + years, 3, 2)
    assert sum(item.key.startswith("report_") for item in result.obligations) == years
    assert obligation(result, "report_1").due == D(2027, 3, 31)  # the year to March 1, 2027, plus 30 days


def test_soon_contract_term_is_the_completion_period_plus_the_project_life():
    result = calendar(
        "PA2025-04",
        {"agreement_executed": "2026-01-20", "commissioned": "2026-03-02"},
        agreement={"project_type": "replacement"},
    )
    term = result.term.as_dict()
    assert (term["completion_period_starts"], term["starts"], term["ends"]) == (
        "2026-01-20",
        "2026-03-02",
        "2031-03-02",
    )


def test_soon_destruction_is_required_without_a_period():
    destroy = obligation(calendar("PA2025-04", agreement={"project_type": "repower"}), "destroy_old_equipment")
    assert (destroy.due, destroy.status) == (None, Status.NOT_DATED)
    assert destroy.source == "003_b264a6114e3b8c3f.txt, PA2025-04 PROGRAM CRITERIA"


def test_soon_project_life_longer_than_the_table_is_refused():
    with pytest.raises(InputError) as raised:
        calendar(
            "PA2025-04",
            agreement={"project_type": "replacement", "equipment_type": "excavator", "project_life_years": 5},
        )
    assert "3-year maximum" in raised.value.errors["agreement.project_life_years"]


# --- PA2022-01 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "due"),
    [
        ("2022-09-30", D(2024, 3, 30)),  # 18 months, earlier than March 31, 2024
        ("2022-10-01", D(2024, 3, 31)),  # 18 months is April 1, 2024: March 31 is earlier
        ("2022-08-31", D(2024, 2, 29)),  # 18 months from August 31 ends on February 29, 2024
    ],
)
def test_pa2022_01_in_operation_18_months_after_execution_or_march_31_2024_whichever_earlier(executed, due):
    result = calendar("PA2022-01", {"agreement_executed": executed}, agreement={"path": "Prop 1B"})
    assert obligation(result, "in_operation").due == due


def test_pa2022_01_in_operation_before_execution_is_recorded_is_due_march_31_2024_at_the_latest():
    in_operation = obligation(calendar("PA2022-01", agreement={"path": "Prop 1B"}), "in_operation")
    assert in_operation.due == D(2024, 3, 31)
    assert "not yet recorded" in in_operation.period


def test_pa2022_01_invoices_by_march_31_2024_and_annual_reports_for_the_project_life():
    cmp = calendar(
        "PA2022-01",
        {"commissioned": "2023-06-30"},
        agreement={"path": "CMP", "project_life_years": 10},
        as_of="2024-04-01",
    )
    assert (obligation(cmp, "invoice").due, obligation(cmp, "invoice").status) == (D(2024, 3, 31), Status.OVERDUE)
    assert sum(item.key.startswith("report_") for item in cmp.obligations) == 10
    prop1b = calendar("PA2022-01", {"commissioned": "2023-06-30"}, agreement={"path": "Prop 1B"})
    assert prop1b.term.ends == D(2028, 6, 30)  # "Project life for the replacement truck is five years"


def test_pa2022_01_cmp_needs_the_project_life():
    with pytest.raises(InputError) as raised:
        calendar("PA2022-01", agreement={"path": "CMP"})
    assert "agreement.project_life_years" in raised.value.errors


# --- Every program -------------------------------------------------------------------------------------


def test_an_amendment_extends_an_obligation_and_the_term():
    result = calendar(
        "PA2026-01",
        {"commissioned": "2026-07-06"},
        agreement={"term_extension_months": 4},
        extensions={"final_invoice": "2028-06-30"},
        as_of="2028-03-15",
    )
    final = obligation(result, "final_invoice")
    assert (final.due, final.original_due, final.status) == (D(2028, 6, 30), D(2028, 2, 28), Status.DUE)
    assert result.term.ends == D(2031, 11, 6)
    last = max((item for item in result.reports), key=lambda period: period.number)
    assert (last.number, last.months, last.ends) == (11, 4, D(2031, 11, 5))


def test_waived_and_done_records():
    result = calendar(
        "PA2026-01", {"delivered": "2026-06-30"}, done={"destruction_notice": "2026-07-20"}, waived=["final_invoice"]
    )
    assert obligation(result, "destruction_notice").status is Status.DONE
    assert obligation(result, "final_invoice").status is Status.WAIVED


def test_bad_input_names_every_field():
    with pytest.raises(InputError) as raised:
        obligations_input(
            "PA2026-01",
            {
                "as_of": "tomorrow",
                "events": {"delivered": "30/06/2026", "shipped": "2026-06-01"},
                "done": {"destroy_old_equipment": "2026-07-01", "no_such": "2026-07-01"},
                "surprise": 1,
                "extensions": {"final_invoice": "2028-01-01"},
                "round": {"final_invoice_deadline": "soon"},
            },
        )
    assert set(raised.value.errors) == {
        "as_of",
        "events.delivered",
        "events.shipped",
        "surprise",
        "round.final_invoice_deadline",
    }
    with pytest.raises(InputError) as raised:
        obligations_input(
            "PA2026-01",
            {
                "events": {"delivered": "2026-06-30"},
                "done": {"destroy_old_equipment": "2026-07-01", "no_such": "2026-07-01"},
                "extensions": {"final_invoice": "2028-01-01"},
            },
        )
    assert raised.value.errors.keys() == {"done.destroy_old_equipment", "done.no_such", "extensions.final_invoice"}
    assert "give events.destroyed" in raised.value.errors["done.destroy_old_equipment"]


def test_events_before_execution_are_refused_and_unknown_programs_named():
    with pytest.raises(InputError) as raised:
        calendar("PA2026-02", {"agreement_executed": "2026-03-02", "delivered": "2026-03-01"})
    assert "is before the rebate agreement's execution" in raised.value.errors["events.delivered"]
    with pytest.raises(InputError) as raised:
        calendar("PA2099-01")
    assert "unknown program" in raised.value.errors["program"]


def test_a_round_moves_a_date_and_says_so():
    result = calendar(
        "PA2026-01",
        round={"final_invoice_deadline": "2028-06-30", "destroy_old_equipment_days": 45},
        events={"delivered": "2026-06-30"},
    )
    final, destroy = obligation(result, "final_invoice"), obligation(result, "destroy_old_equipment")
    assert final.due == D(2028, 6, 30) and "changed by the re-issued announcement" in final.source
    assert destroy.due == D(2026, 8, 14) and destroy.period.startswith("45 calendar days")


def test_an_application_stage_date_follows_the_round():
    """PA2026-02's deployment deadline is its rule set's term; the agreement's obligation reads the same term."""
    program = post_award("PA2026-02")
    seed_only = build_calendar(program, resolve_terms("PA2026-02"), {}, {}, as_of=D(2026, 1, 1))
    reissued = build_calendar(
        program, resolve_terms("PA2026-02", {"deployment_deadline": "2028-08-31"}), {}, {}, as_of=D(2026, 1, 1)
    )
    assert obligation(seed_only, "deploy_new_vehicle").due == D(2028, 2, 29)
    deploy = obligation(reissued, "deploy_new_vehicle")
    assert deploy.due == D(2028, 8, 31) and "changed by the re-issued announcement" in deploy.source
