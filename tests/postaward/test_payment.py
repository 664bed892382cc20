"""Payable amounts with the seeds' numbers: INVEST CLEAN least-of, SOON 80%/85% against the contract maximum,
PA2026-03 milestones adding up to the award, PA2022-01 co-funding shares, deadlines at their boundaries, holds."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments.rules.payable import payment_input
from programs.rules.fields import InputError

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example(code):
    return json.loads((EXAMPLES / f"payment-{code}.json").read_text(), parse_float=str)


def pay(code, *, agreement=None, request=None, clearances=None, **document):
    base = example(code)
    base["agreement"].update(agreement or {})
    base["request"].update(request or {})
    base["clearances"].update(clearances or {})
    base.update(document)
    return payment_input(code, base)


# --- INVEST CLEAN least-of -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("equipment", "award", "cost", "other", "binding", "payable"),
    [
        ("yard_truck", "300000.00", "342750.00", "0.00", "award", "300000.00"),
        ("yard_truck", "300000.00", "289999.99", "0.00", "cost_less_other_incentives", "289999.99"),
        ("yard_truck", "300000.00", "342750.00", "60000.00", "cost_less_other_incentives", "282750.00"),
        ("top_handler", "400000.00", "512000.00", "0.00", "award", "400000.00"),
        # An agreement above the cap still pays only "Yard Truck Up to $300,000" (Section 2.1 Table 1).
        ("yard_truck", "320000.00", "342750.00", "0.00", "award_cap", "300000.00"),
    ],
)
def test_pa2026_01_pays_the_least_of_award_cap_and_cost_less_other_incentives(
    equipment, award, cost, other, binding, payable
):
    payment = pay(
        "PA2026-01",
        agreement={"award": award, "equipment_type": equipment},
        request={"invoiced_eligible_cost": cost, "other_incentives": other},
    )
    assert (payment.binding_limit, str(payment.payable)) == (binding, payable)


def test_pa2026_01_holds_until_post_inspection_approved_and_certificate_of_destruction_received():
    payment = pay(
        "PA2026-01", clearances={"post_inspection_approved": False, "certificate_of_destruction_received": False}
    )
    assert payment.payable == 0 and payment.payable_when_cleared == Decimal("300000.00")
    assert [hold.hold for hold in payment.holds] == ["post_inspection_approved", "certificate_of_destruction_received"]
    assert all("PA2026-01 Table 1 step 5" in hold.source for hold in payment.holds)


def test_pa2026_01_financed_equipment_needs_the_four_financing_documents():
    payment = pay("PA2026-01", request={"financed": True})
    assert [hold.hold for hold in payment.holds] == ["documents_missing"]
    assert [doc.key for doc in payment.documents_missing] == [
        "finance_agreement",
        "payment_authorization_form",
        "financing_checks",
        "wire_transfer",
    ]


@pytest.mark.parametrize(("invoice_date", "held"), [("2028-02-28", False), ("2028-02-29", True)])
def test_pa2026_01_final_invoice_no_later_than_february_28_2028(invoice_date, held):
    payment = pay("PA2026-01", request={"invoice_date": invoice_date})
    assert any(hold.hold == "deadline_passed" for hold in payment.holds) is held
    assert payment.deadline["date"] == "2028-02-28"


def test_pa2026_01_deadline_extended_at_the_districts_discretion():
    payment = pay("PA2026-01", request={"invoice_date": "2028-03-15"}, extended_deadline="2028-04-30")
    assert payment.cleared and payment.deadline["date"] == "2028-04-30"


@pytest.mark.parametrize(("invoice_date", "held"), [("2028-02-29", False), ("2028-03-01", True)])
def test_pa2026_02_payment_requests_by_february_2028(invoice_date, held):
    payment = pay("PA2026-02", request={"invoice_date": invoice_date}, clearances={"destruction_verified": True})
    assert any(hold.hold == "deadline_passed" for hold in payment.holds) is held


def test_pa2026_02_example_is_held_for_the_destruction_and_capped_at_400000():
    payment = pay("PA2026-02")
    assert payment.payable == 0 and payment.payable_when_cleared == Decimal("400000.00")
    assert [hold.hold for hold in payment.holds] == ["destruction_verified"]
    assert payment.limits["cost_less_other_incentives"] == Decimal("413500.00")


def test_pa2026_02_missing_dismantler_receipt_holds_payment():
    document = example("PA2026-02")
    document["documents"].remove("dismantler_receipt")
    document["clearances"]["destruction_verified"] = True
    payment = payment_input("PA2026-02", document)
    assert payment.payable == 0
    assert "dismantler receipt" in payment.holds[0].reason


# --- PA2026-03 milestones ------------------------------------------------------------------------------


def test_pa2026_03_milestone_payments_add_up_to_the_award():
    base = example("PA2026-03")
    paid = Decimal("0.00")
    for number in (1, 2, 3):
        document = copy.deepcopy(base)
        document["request"].update(
            {
                "milestone": number,
                "already_paid": str(paid),
                "invoiced_eligible_cost": "2950000.00",
                "verified_capacity_kw": "3600",
            }
        )
        document["clearances"].update({"installation_inspected": True, "capacity_verified": True})
        document["documents"].append("adequate_facility_letter")
        payment = payment_input("PA2026-03", document)
        assert payment.cleared
        paid += payment.payable
    assert paid == Decimal("2520000.00")  # $700 x 3,600 kW, the award


def test_pa2026_03_final_payment_needs_the_capacity_and_inspection_and_is_capped_by_verified_kw():
    payment = pay(
        "PA2026-03",
        request={
            "milestone": 3,
            "already_paid": "2016000.00",
            "invoiced_eligible_cost": "2950000.00",
            "verified_capacity_kw": "3400",
        },
    )
    assert {hold.hold for hold in payment.holds} == {"installation_inspected", "capacity_verified", "documents_missing"}
    # $700 x 3,400 kW verified = $2,380,000, less $2,016,000 paid
    assert (payment.binding_limit, payment.payable_when_cleared) == ("rebate_per_verified_kw", Decimal("364000.00"))


def test_pa2026_03_without_a_schedule_pays_once_for_the_whole_award():
    document = example("PA2026-03")
    del document["payment_schedule"]
    document["request"] = {"invoice_date": "2027-04-15", "invoiced_eligible_cost": "2950000.00"}
    document["clearances"].update({"installation_inspected": True, "capacity_verified": True})
    document["documents"].append("adequate_facility_letter")
    payment = payment_input("PA2026-03", document)
    assert payment.milestone == {
        "number": 1,
        "of": 1,
        "name": "Completion of all equipment installation",
        "amount": "2520000.00",
        "final": True,
    }
    assert payment.payable == Decimal("2520000.00")


def test_pa2026_03_schedule_must_divide_the_award():
    document = example("PA2026-03")
    document["payment_schedule"][2]["amount"] = "500000.00"
    with pytest.raises(InputError) as raised:
        payment_input("PA2026-03", document)
    assert "add up to $2,516,000.00, not the award $2,520,000.00" in raised.value.errors["payment_schedule"]


# --- SOON: 80% / 85% or the contract maximum, whichever is less -----------------------------------------


@pytest.mark.parametrize(
    ("project_type", "invoice", "maximum", "binding", "payable"),
    [
        ("replacement", "100000.00", "90000.00", "percent_of_invoice", "80000.00"),
        ("repower", "100000.00", "90000.00", "percent_of_invoice", "85000.00"),
        ("zero_emission", "100000.00", "90000.00", "percent_of_invoice", "85000.00"),
        ("replacement", "100000.00", "79999.99", "contract_maximum", "79999.99"),
        ("repower", "100000.00", "84000.00", "contract_maximum", "84000.00"),
        ("repower", "99999.99", "90000.00", "percent_of_invoice", "84999.99"),  # 84,999.9915 rounded down
    ],
)
def test_soon_pays_the_percentage_of_the_invoice_or_the_contract_maximum(
    project_type, invoice, maximum, binding, payable
):
    payment = pay(
        "PA2025-04",
        agreement={"project_type": project_type, "award": maximum},
        request={"invoiced_eligible_cost": invoice},
    )
    assert (payment.binding_limit, str(payment.payable)) == (binding, payable)
    assert payment.source == "003_b264a6114e3b8c3f.txt, PA2025-04 SECTION V: PAYMENT TERMS"


def test_soon_other_incentives_reduce_the_incremental_cost():
    payment = pay(
        "PA2025-04",
        agreement={"project_type": "replacement", "award": "90000.00"},
        request={"invoiced_eligible_cost": "100000.00", "other_incentives": "5000.00"},
    )
    assert (payment.binding_limit, payment.payable) == ("incremental_cost_less_other_incentives", Decimal("75000.00"))


def test_soon_waits_for_installation_operation_and_destruction_and_has_no_invoice_deadline():
    payment = pay(
        "PA2025-04",
        clearances={"installed_and_operating": False, "destruction_verified": False},
        request={"invoice_date": "2035-01-01"},
    )
    assert [hold.hold for hold in payment.holds] == ["installed_and_operating", "destruction_verified"]
    assert payment.deadline is None


# --- PA2022-01 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("public", "path", "other", "binding", "payable"),
    [
        (False, "CMP", "150000.00", "share_of_cost_less_other_funding", "232500.00"),  # 85% x 450,000 - 150,000
        (True, "CMP", "150000.00", "award", "267664.57"),  # public: 100% x 450,000 - 150,000 = 300,000
        # a Prop 1B project co-funded by another State source: 90% x 450,000 - 150,000 (Table 4 note 2)
        (True, "Prop 1B", "150000.00", "co_funded_share_of_cost_less_other_funding", "255000.00"),
        (False, "Prop 1B", "0.00", "award", "267664.57"),
    ],
)
def test_pa2022_01_grants_and_other_funds_within_the_cost_shares(public, path, other, binding, payable):
    payment = pay("PA2022-01", agreement={"public_agency": public, "path": path}, request={"other_incentives": other})
    assert (payment.binding_limit, str(payment.payable)) == (binding, payable)


@pytest.mark.parametrize(
    ("state", "binding", "payable", "note"),
    [
        # not said: taken as a State source (Table 4 note 1 names only State programs), 90% x 450,000 - 150,000
        (None, "co_funded_share_of_cost_less_other_funding", "255000.00", True),
        (True, "co_funded_share_of_cost_less_other_funding", "255000.00", False),
        # federal, local or private money: only the public agency's 100% share applies, then the award
        (False, "award", "267664.57", False),
    ],
)
def test_pa2022_01_prop1b_90_percent_cap_when_the_other_funding_is_a_state_source(state, binding, payable, note):
    """Issue 23: 002_93fe1fbed5faf247.txt, Table 4 notes 1 and 2 ("Co-funded projects can only utilize one additional
    source of State funding and the combined funding may not exceed 90% of the total eligible project cost")."""
    request = {"other_incentives": "150000.00"} | ({} if state is None else {"other_funding_state": state})
    payment = pay("PA2022-01", agreement={"public_agency": True, "path": "Prop 1B"}, request=request)
    assert (payment.binding_limit, str(payment.payable)) == (binding, payable)
    assert any("taken as one" in line for line in payment.notes) is note
    assert ("co_funded_share_of_cost_less_other_funding" in payment.limits) is (state is not False)


def test_pa2022_01_a_cmp_request_is_not_asked_whether_other_funding_is_state():
    with pytest.raises(InputError) as raised:
        pay("PA2022-01", agreement={"path": "CMP"}, request={"other_funding_state": True})
    assert raised.value.errors == {"request.other_funding_state": "is asked of a Prop 1B project only (agreement.path)"}


@pytest.mark.parametrize(("invoice_date", "held"), [("2024-03-31", False), ("2024-04-01", True)])
def test_pa2022_01_invoices_no_later_than_march_31_2024_or_forfeit(invoice_date, held):
    payment = pay("PA2022-01", request={"invoice_date": invoice_date})
    holds = [hold for hold in payment.holds if hold.hold == "deadline_passed"]
    assert bool(holds) is held
    if held:
        assert "may forfeit their funding" in holds[0].reason


def test_pa2022_01_funding_sources_reported_before_payment():
    payment = pay("PA2022-01", clearances={"funding_sources_reported": False})
    assert payment.payable == 0 and payment.holds[0].hold == "funding_sources_reported"


# --- Every program -------------------------------------------------------------------------------------


def test_already_paid_comes_off_and_nothing_is_paid_twice():
    first = pay("PA2026-01")
    second = pay("PA2026-01", request={"already_paid": str(first.payable)})
    assert (first.payable, second.payable) == (Decimal("300000.00"), Decimal("0.00"))


def test_bad_input_names_every_field():
    with pytest.raises(InputError) as raised:
        payment_input(
            "PA2025-04",
            {
                "agreement": {"award": "lots", "project_type": "retrofit"},
                "request": {"invoice_date": "2026-13-01", "invoiced_eligible_cost": "-5", "other_incentives": "1.234"},
                "clearances": {"installed_and_operating": "yes", "paid": True},
                "documents": ["invoice", "selfie"],
                "payment_schedule": [],
                "extra": {},
            },
        )
    assert set(raised.value.errors) == {
        "agreement.award",
        "agreement.project_type",
        "request.invoice_date",
        "request.invoiced_eligible_cost",
        "request.other_incentives",
        "clearances.installed_and_operating",
        "clearances.paid",
        "documents.selfie",
        "payment_schedule",
        "extra",
    }


MONEY = st.decimals(min_value=0, max_value=3_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(
    code=st.sampled_from(["PA2026-01", "PA2026-02", "PA2026-03", "PA2025-04", "PA2022-01"]),
    award=MONEY,
    cost=MONEY,
    other=MONEY,
    paid=MONEY,
    kw=st.decimals(min_value=0, max_value=10_000, places=1),
)
def test_total_paid_never_exceeds_the_award_and_payable_is_never_negative(code, award, cost, other, paid, kw):
    document = example(code)
    document["agreement"]["award"] = str(award)
    document.pop("payment_schedule", None)
    document["request"] = {
        "invoice_date": "2023-01-01",
        "invoiced_eligible_cost": str(cost),
        "other_incentives": str(other),
        "already_paid": str(paid),
    }
    if code == "PA2026-03":
        document["request"]["verified_capacity_kw"] = str(kw)
    payment = payment_input(code, document)
    assert Decimal(0) <= payment.payable <= payment.payable_when_cleared
    assert paid + payment.payable_when_cleared <= max(award, paid)
    assert payment.payable_when_cleared <= max(cost - other, Decimal(0))
