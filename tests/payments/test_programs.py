"""The payable amount of real requests, with the seeds' numbers, computed from the database by the same pure function
the command runs: INVEST CLEAN least-of, SOON 80%/85% against the contract maximum, PA2026-03 milestone payments that
add up to the award, PA2022-01's cost shares, the deadlines at their boundaries (round terms and extensions), and every
kind of hold with its reason."""

import datetime as dt
from decimal import Decimal

import pytest

from agreements.models import Amendment
from payments import selectors, services
from tests.payments.conftest import awardee_of, funded_project, pdf, prepared_request, submitted_request

pytestmark = pytest.mark.django_db


def payable_of(request):
    request.refresh_from_db()
    return selectors.computation(request).payment


def with_values(funded, **values):
    funded.values = {**funded.values, **values}
    funded.save(update_fields=["values"])
    return funded


# --- INVEST CLEAN: the least of the award, the cap and the cost paid less other incentives ---------------------


def test_pa2026_01_yard_truck_pays_the_300000_award_not_the_342750_invoice(staff_user, inspections):
    request = prepared_request(funded_project("PA2026-01", staff=staff_user), costs=("300000.00", "42750.00"))
    payment = payable_of(request)
    assert payment.limits == {
        "award": Decimal("300000.00"),
        "cost_less_other_incentives": Decimal("342750.00"),
        "award_cap": Decimal("300000.00"),
    }
    assert (payment.binding_limit, payment.payable) == ("award", Decimal("300000.00"))
    assert payment.deadline["date"] == "2028-02-28"


def test_pa2026_01_other_incentives_come_off_the_cost_paid(staff_user, inspections):
    request = prepared_request(funded_project("PA2026-01", staff=staff_user), costs=("342750.00",), other=("60000.00",))
    payment = payable_of(request)
    assert (payment.binding_limit, payment.payable) == ("cost_less_other_incentives", Decimal("282750.00"))


def test_pa2026_01_financed_equipment_needs_the_financing_documents(staff_user, inspections):
    request = prepared_request(
        funded_project("PA2026-01", staff=staff_user), costs=("342750.00",), values={"financed": "true"}
    )
    payment = payable_of(request)
    assert [doc.key for doc in payment.documents_missing] == [
        "finance_agreement",
        "payment_authorization_form",
        "financing_checks",
        "wire_transfer",
    ]
    with pytest.raises(services.PaymentError, match="Upload the required documents first: Finance agreement"):
        services.submit(request, actor=awardee_of(request.funded_project), certified=True)


def test_pa2026_02_pays_at_most_the_400000_award(staff_user, inspections):
    request = prepared_request(funded_project("PA2026-02", staff=staff_user), costs=("438500.00",), other=("25000.00",))
    payment = payable_of(request)
    assert payment.limits["cost_less_other_incentives"] == Decimal("413500.00")
    assert (payment.binding_limit, payment.payable) == ("award", Decimal("400000.00"))


# --- SOON: 80% of a replacement invoice, 85% of a repower or zero-emission invoice, or the contract maximum ------


@pytest.mark.parametrize(
    ("project_type", "invoice", "binding", "payable"),
    [
        ("replacement", "845000.00", "contract_maximum", "167200.00"),  # 80% = $676,000 > $167,200
        ("replacement", "200000.00", "percent_of_invoice", "160000.00"),  # 80% of $200,000
        ("repower", "190000.00", "percent_of_invoice", "161500.00"),  # 85% of $190,000
        ("zero_emission", "196000.00", "percent_of_invoice", "166600.00"),  # 85% of $196,000
        ("zero_emission", "197000.00", "contract_maximum", "167200.00"),  # 85% = $167,450 > $167,200
    ],
)
def test_soon_pays_the_percentage_of_the_invoice_or_the_contract_maximum(
    staff_user, inspections, project_type, invoice, binding, payable
):
    funded = with_values(funded_project("PA2025-04", staff=staff_user), project_type=project_type)
    payment = payable_of(prepared_request(funded, costs=(invoice,)))
    assert funded.award == Decimal("167200.00")
    assert (payment.binding_limit, payment.payable) == (binding, Decimal(payable))
    assert payment.deadline is None  # SECTION V sets no last day


def test_soon_other_incentives_reduce_the_incremental_cost(staff_user, inspections):
    funded = funded_project("PA2025-04", staff=staff_user)
    payment = payable_of(prepared_request(funded, costs=("200000.00",), other=("20000.00",)))
    assert (payment.binding_limit, payment.payable) == ("incremental_cost_less_other_incentives", Decimal("140000.00"))


# --- PA2026-03: milestone payments add up to the award ------------------------------------------------------------


def test_pa2026_03_milestone_payments_add_up_to_the_award(staff_user, finance_user, inspections):
    funded = funded_project("PA2026-03", staff=staff_user)
    services.set_schedule(
        funded,
        [
            ("Charging equipment delivered", Decimal("1008000.00")),
            ("Construction and installation complete", Decimal("1008000.00")),
            ("Commissioned, capacity verified", Decimal("504000.00")),
        ],
        actor=staff_user,
    )
    paid = []
    for number, invoiced in ((1, "1200000.00"), (2, "2310000.00"), (3, "2950000.00")):
        documents = [
            "itemized_invoice",
            "proof_of_expenditure",
            "vendor_invoice",
            "baba_certification",
            "epa_terms_documentation",
        ] + (["adequate_facility_letter"] if number == 3 else [])
        request = submitted_request(
            funded,
            costs=(invoiced,),
            milestone=number,
            documents=documents,
            values={"verified_capacity_kw": "3600"} if number == 3 else None,
        )
        held = payable_of(request)
        assert [hold.hold for hold in held.holds] == ["baba_documentation_approved"]  # staff's to confirm
        services.confirm(request, "baba_documentation_approved", actor=staff_user, note="Letters checked.")
        payment = payable_of(request)
        assert payment.milestone["number"] == number and payment.milestone["final"] is (number == 3)
        services.approve(request, actor=staff_user)
        request.refresh_from_db()
        services.release(request, actor=finance_user, paid_on=dt.date.today(), method="ach", reference=f"M{number}")
        paid.append(request.approved_amount)
    assert paid == [Decimal("1008000.00"), Decimal("1008000.00"), Decimal("504000.00")]
    assert sum(paid) == funded.award == Decimal("2520000.00")  # $700 x 3,600 kW
    assert selectors.balance_of(funded.project).outstanding == 0


def test_pa2026_03_a_schedule_must_divide_the_award(staff_user):
    funded = funded_project("PA2026-03", staff=staff_user)
    with pytest.raises(services.PaymentError, match=r"add up to \$2,516,000.00, not the award \$2,520,000.00"):
        services.set_schedule(
            funded,
            [
                ("Delivered", Decimal("1008000.00")),
                ("Installed", Decimal("1008000.00")),
                ("Commissioned", Decimal("500000.00")),
            ],
            actor=staff_user,
        )


def test_pa2026_03_without_a_schedule_pays_once_capped_by_the_verified_kw(staff_user, inspections):
    funded = funded_project("PA2026-03", staff=staff_user)
    request = prepared_request(
        funded,
        costs=("2950000.00",),
        values={"verified_capacity_kw": "3400"},
        documents=[
            "itemized_invoice",
            "proof_of_expenditure",
            "vendor_invoice",
            "baba_certification",
            "epa_terms_documentation",
            "adequate_facility_letter",
        ],
    )
    payment = payable_of(request)
    assert payment.milestone["final"] is True
    assert (payment.binding_limit, payment.payable_when_cleared) == (
        "rebate_per_verified_kw",
        Decimal("2380000.00"),
    )  # $700 x 3,400 kW


# --- PA2022-01: shares of the cost, funding sources reported, the invoice deadline ------------------------------


def test_pa2022_01_non_public_prop_1b_co_funded_within_90_percent(staff_user, inspections):
    funded = funded_project("PA2022-01", staff=staff_user)
    request = prepared_request(funded, invoice_date=dt.date(2024, 3, 31), costs=("220000.00",), other=("10000.00",))
    payment = payable_of(request)
    # 85% of $220,000 = $187,000 less $10,000; 90% = $198,000 less $10,000
    assert payment.limits["share_of_cost_less_other_funding"] == Decimal("177000.00")
    assert payment.limits["co_funded_share_of_cost_less_other_funding"] == Decimal("188000.00")
    assert payment.binding_limit == "share_of_cost_less_other_funding"
    assert payment.payable_when_cleared == Decimal("177000.00")
    assert [hold.hold for hold in payment.holds] == ["funding_sources_reported"]
    assert payment.holds[0].reason == "all funding sources must be reported before invoice payment"


def test_pa2022_01_prop_1b_request_asks_whether_the_other_funding_is_state(staff_user, inspections):
    """Issue 23 (Table 4 notes 1 and 2): asked of a Prop 1B project only; "no" lifts the 90% cap."""
    funded = funded_project("PA2022-01", staff=staff_user)
    request = prepared_request(
        funded,
        invoice_date=dt.date(2024, 3, 31),
        costs=("220000.00",),
        other=("10000.00",),
        values={"other_funding_state": False},
    )
    rules = selectors.rules_of(request)
    assert funded.values["path"] == "Prop 1B"
    assert "other_funding_state" in [spec.name for spec in selectors.program_fields(rules, request)]
    payment = payable_of(request)
    assert "co_funded_share_of_cost_less_other_funding" not in payment.limits
    assert payment.limits["share_of_cost_less_other_funding"] == Decimal("177000.00")  # 85% x 220,000 - 10,000
    request.funded_project.values["path"] = "CMP"  # (not saved: the form of a CMP project)
    assert "other_funding_state" not in [spec.name for spec in selectors.program_fields(rules, request)]


@pytest.mark.parametrize(("invoice_date", "held"), [(dt.date(2024, 3, 31), False), (dt.date(2024, 4, 1), True)])
def test_pa2022_01_invoices_no_later_than_march_31_2024(staff_user, inspections, invoice_date, held):
    funded = funded_project("PA2022-01", staff=staff_user)
    request = submitted_request(funded, invoice_date=invoice_date, costs=("450000.00",))
    services.confirm(request, "funding_sources_reported", actor=staff_user)
    payment = payable_of(request)
    assert any(hold.hold == "deadline_passed" for hold in payment.holds) is held
    assert payment.payable == (0 if held else Decimal("200000.00"))


def test_an_amendment_extending_the_invoice_deadline_lifts_the_hold(staff_user, inspections):
    funded = funded_project("PA2022-01", staff=staff_user)
    request = prepared_request(funded, invoice_date=dt.date(2024, 6, 3), costs=("450000.00",))
    assert "deadline_passed" in [hold.hold for hold in payable_of(request).holds]
    Amendment.objects.create(
        agreement=funded.agreement,
        number=1,
        kind=Amendment.Kind.EXTEND_MILESTONE,
        project=funded.project,
        obligation_key="invoice",
        previous_due=dt.date(2024, 3, 31),
        new_due=dt.date(2024, 6, 30),
        reason="Board extension (test).",
        effective_on=dt.date(2024, 3, 1),
        made_by=staff_user,
    )
    payment = payable_of(request)
    assert "deadline_passed" not in [hold.hold for hold in payment.holds]
    assert payment.deadline["date"] == "2024-06-30"


@pytest.mark.parametrize(("invoice_date", "held"), [(dt.date(2028, 2, 29), False), (dt.date(2028, 3, 1), True)])
def test_pa2026_02_payment_requests_by_february_2028(staff_user, inspections, invoice_date, held):
    funded = funded_project("PA2026-02", staff=staff_user)
    request = services.start_request(funded, actor=awardee_of(funded))
    services.save_request(
        request, {"invoice_date": invoice_date.isoformat()}, actor=awardee_of(funded), today=dt.date(2028, 3, 10)
    )
    services.add_line(request, kind="cost", description="Truck", amount=Decimal("438500.00"), actor=awardee_of(funded))
    payment = payable_of(request)
    assert any(hold.hold == "deadline_passed" for hold in payment.holds) is held
    assert payment.deadline["date"] == "2028-02-29"


def test_a_reissued_round_moves_the_final_invoice_deadline(staff_user, inspections):
    funded = funded_project("PA2026-01", staff=staff_user)
    application = funded.agreement.application
    application.round = round_ = application.program.current_round
    application.save(update_fields=["round"])
    round_.terms = {**round_.terms, "final_invoice_deadline": "2026-10-30"}
    round_.save(update_fields=["terms"])
    request = prepared_request(funded, invoice_date=dt.date(2026, 10, 31), costs=("342750.00",))
    payment = payable_of(request)
    assert payment.deadline["date"] == "2026-10-30"
    passed = next(hold.reason for hold in payment.holds if hold.hold == "deadline_passed")
    assert "after the last day, October 30, 2026" in passed


# --- Holds ---------------------------------------------------------------------------------------------------------


def test_until_the_inspections_app_reports_every_inspection_clearance_waits(staff_user):
    """The adapter asks the inspections app (``inspections.selectors.clearances``): nothing inspected yet, nothing
    passed, each with the inspections app's reason."""
    request = prepared_request(funded_project("PA2026-02", staff=staff_user))
    result = selectors.computation(request)
    assert [(row.key, row.passed, row.reason) for row in result.clearances] == [
        ("new_vehicle_inspection_passed", False, "the inspection of the new vehicle has not been opened yet"),
        ("destruction_verified", False, "the scrapping of the old vehicle has not been opened yet"),
    ]
    assert result.payment.payable == 0 and result.payment.payable_when_cleared == Decimal("400000.00")
    assert [hold.reason for hold in result.payment.holds] == [
        "the inspection has not verified the new vehicle's deployment",
        "the destruction of the old vehicle has not been verified by inspection or proof of destruction",
    ]


def test_a_failed_destruction_inspection_holds_payment_and_approval(staff_user, inspections):
    inspections.fail("destruction_verified", "the engine block was not cut")
    request = submitted_request(funded_project("PA2026-02", staff=staff_user))
    rows = {row.key: row for row in selectors.computation(request).clearances}
    assert rows["destruction_verified"].reason == "the engine block was not cut"
    with pytest.raises(services.PaymentError, match="Payment is held: the destruction of the old vehicle"):
        services.approve(request, actor=staff_user)


def test_a_refused_document_counts_as_missing(staff_user, inspections):
    request = submitted_request(funded_project("PA2026-02", staff=staff_user))
    document = request.documents.get(slot="dismantler_receipt")
    services.refuse_document(document, actor=staff_user, reason="Unreadable scan.")
    payment = payable_of(request)
    assert [hold.hold for hold in payment.holds] == ["documents_missing"]
    assert "dismantler receipt" in payment.holds[0].reason
    services.return_to_awardee(request, actor=staff_user, reason="Upload a readable dismantler receipt.")
    services.add_document(request, slot="dismantler_receipt", upload=pdf(), actor=awardee_of(request.funded_project))
    assert payable_of(request).cleared


def test_an_incomplete_request_names_what_is_missing(staff_user, inspections):
    funded = funded_project("PA2026-02", staff=staff_user)
    request = services.start_request(funded, actor=awardee_of(funded))
    result = selectors.computation(request)
    assert result.payment is None
    assert result.problems == {
        "invoice_date": "give the invoice date",
        "invoiced_eligible_cost": "list at least one invoiced cost",
    }
