"""Each program's payment clause: documents, clearances and limits, with the seed clause of each.

The award caps, the rebate per kW, SOON's funding percentages and PA2022-01's co-funding shares are the
application-stage rule sets' (``programs.rules``): the payment re-applies them to the costs actually paid.
The invoice and payment-request deadlines are the agreements' (``agreements.rules``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from agreements.rules import pa2022_01 as truck_agreement
from agreements.rules import pa2025_04 as soon_agreement
from programs.rules import pa2022_01_cmp as cmp
from programs.rules import pa2022_01_prop1b as prop1b
from programs.rules import pa2025_04, pa2026_01, pa2026_02, pa2026_03
from programs.rules.base import Source
from programs.rules.fields import Field, Kind
from programs.rules.invest_clean import SEED as INVEST_CLEAN
from programs.rules.pa2022_01_common import SEED as PA2022_01_SEED

from .base import Clearance, Needed, PaymentDocument, PaymentRules


def _invest_clean(code: str, section: str) -> Source:
    return Source(INVEST_CLEAN, f"{code} {section}")


# --- PA2026-01 ------------------------------------------------------------------------------------------

CHE_STEP_5 = _invest_clean("PA2026-01", "Table 1 step 5")
CHE_PAYMENT = _invest_clean("PA2026-01", "Section 6.1")


def _che_limits(agreement: Mapping[str, Any], request: Mapping[str, Any]) -> dict[str, Decimal]:
    """ "Yard Truck Up to $300,000 / Top Handler Up to $400,000" (Section 2.1 Table 1)."""
    return {"award_cap": pa2026_01.AWARD_CAPS[agreement["equipment_type"]]}


PA2026_01 = PaymentRules(
    code="PA2026-01",
    source=_invest_clean("PA2026-01", "Section 6.1 and Table 1 step 5"),
    agreement_fields=(
        Field(
            "equipment_type",
            "Equipment type",
            Kind.CHOICE,
            choices=tuple(choice for choice in pa2026_01.EQUIPMENT_CHOICES if choice[0] in pa2026_01.AWARD_CAPS),
        ),
    ),
    request_fields=(Field("financed", "The equipment is financed", Kind.BOOLEAN, required=False),),
    clearances=(
        Clearance(
            "post_inspection_approved",
            "Post-inspection report approved",
            "the post-inspection report of the new equipment has not been approved",
            CHE_STEP_5,
        ),
        Clearance(
            "certificate_of_destruction_received",
            "Certificate of Destruction received",
            "the old equipment is not shown scrapped: no Certificate of Destruction has been received "
            '("Payment will not be issued until the existing equipment is scrapped")',
            _invest_clean("PA2026-01", 'Table 1 step 5; Section 2.3 "Required Destruction of Old Equipment"'),
        ),
    ),
    documents=(
        PaymentDocument("payment_invoice", "Invoice requesting payment from the Awardee", CHE_STEP_5),
        PaymentDocument("vendor_invoices", "Purchase invoices from the vendor", CHE_STEP_5),
        PaymentDocument("proof_of_payment", "Bank-cleared checks from the Awardee to the vendor", CHE_STEP_5),
        PaymentDocument(
            "finance_agreement",
            "Finance agreement between the Awardee and the financing company",
            CHE_STEP_5,
            Needed.FINANCED,
        ),
        PaymentDocument("payment_authorization_form", "Payment Authorization Form", CHE_STEP_5, Needed.FINANCED),
        PaymentDocument(
            "financing_checks",
            "Bank-cleared checks from the Awardee to the financing company",
            CHE_STEP_5,
            Needed.FINANCED,
        ),
        PaymentDocument(
            "wire_transfer",
            "Wire transfer from the Awardee or financing company to the vendor",
            CHE_STEP_5,
            Needed.FINANCED,
        ),
    ),
    limits=_che_limits,
    deadline_hold="Payment only if South Coast AQMD extends the deadline at its sole discretion (Section 6.1).",
)

# --- PA2026-02 ------------------------------------------------------------------------------------------

TRUCK_PAYMENT = _invest_clean("PA2026-02", 'SECTION 5 "PAYMENT TERMS"')

PA2026_02 = PaymentRules(
    code="PA2026-02",
    source=_invest_clean("PA2026-02", 'SECTION 5 "PAYMENT TERMS" and Table 1 step 5'),
    clearances=(
        Clearance(
            "new_vehicle_inspection_passed",
            "Inspection of the new vehicle's deployment passed",
            "the inspection has not verified the new vehicle's deployment",
            TRUCK_PAYMENT,
        ),
        Clearance(
            "destruction_verified",
            "Destruction of the old vehicle verified",
            "the destruction of the old vehicle has not been verified by inspection or proof of destruction",
            _invest_clean("PA2026-02", 'SECTION 5; Section 4.2 "SCRAPPING REQUIREMENTS"'),
        ),
    ),
    documents=(
        PaymentDocument(
            "itemized_invoice", "Itemized invoice requesting payment", _invest_clean("PA2026-02", "Table 1 step 5")
        ),
        PaymentDocument("sale_agreement", "Signed sale agreement for the new vehicle", TRUCK_PAYMENT),
        PaymentDocument("proof_of_payment", "Proof of payment for the new vehicle", TRUCK_PAYMENT),
        PaymentDocument("registration", "Registration of the new vehicle", TRUCK_PAYMENT),
        PaymentDocument("insurance", "Insurance of the new vehicle", TRUCK_PAYMENT),
        PaymentDocument("warranty", "Warranty information of the new vehicle", TRUCK_PAYMENT),
        PaymentDocument(
            "fleet_compliance", "Proof of fleet compliance with applicable fleet/truck regulations", TRUCK_PAYMENT
        ),
        PaymentDocument(
            "dismantler_receipt",
            "Proof that the old vehicle was surrendered to an authorized dismantler (dismantler receipt)",
            _invest_clean("PA2026-02", 'SECTION 5; Section 4.2 ("before the rebate can be processed")'),
        ),
    ),
    limits=lambda agreement, request: {"award_cap": pa2026_02.AWARD_CAP},  # "up to $400,000", Section 1.2
)

# --- PA2026-03 ------------------------------------------------------------------------------------------

STATION_PAYMENTS = _invest_clean("PA2026-03", 'SECTION II "Payments"')
BABA = _invest_clean("PA2026-03", 'SECTION II "Build America Buy America (BABA)" ("prior to payment")')


def _station_limits(agreement: Mapping[str, Any], request: Mapping[str, Any]) -> dict[str, Decimal]:
    """$700 per kW of the capacity verified by the "Adequate Facility Letter" (SECTION II "Payments")."""
    if "verified_capacity_kw" not in request:
        return {}
    return {"rebate_per_verified_kw": pa2026_03.REBATE_PER_KW * request["verified_capacity_kw"]}


PA2026_03 = PaymentRules(
    code="PA2026-03",
    source=_invest_clean("PA2026-03", 'SECTION II "Payments"; Table 2 step 5'),
    request_fields=(
        Field(
            "verified_capacity_kw",
            "Total charging capacity verified (Adequate Facility Letter)",
            Kind.DECIMAL,
            unit="kW",
            required=False,
        ),
        Field(
            "milestone",
            "Milestone of the agreement's payment schedule this invoice is for",
            Kind.INTEGER,
            required=False,
            min_value=Decimal(1),
        ),
    ),
    clearances=(
        Clearance(
            "baba_documentation_approved",
            "Build America, Buy America documentation approved",
            "the documentation that the equipment and materials meet BABA has not been approved",
            BABA,
        ),
        Clearance(
            "installation_inspected",
            "Charging station installed and inspected in place",
            "the installation is not complete and inspected",
            _invest_clean(
                "PA2026-03", 'SECTION II "Payments" ("upon the completion of the installation"); Table 2 step 4b'
            ),
            Needed.FINAL,
        ),
        Clearance(
            "capacity_verified",
            "Charger capacity verified",
            "the site's total charging capacity has not been verified",
            STATION_PAYMENTS,
            Needed.FINAL,
        ),
    ),
    documents=(
        PaymentDocument(
            "itemized_invoice",
            "Itemized invoice for the procurement and installation of eligible equipment",
            STATION_PAYMENTS,
        ),
        PaymentDocument("proof_of_expenditure", "Proof of expenditure", STATION_PAYMENTS),
        PaymentDocument("vendor_invoice", "Vendor's invoice with a detailed breakdown of costs", STATION_PAYMENTS),
        PaymentDocument("baba_certification", "Manufacturers' BABA certification letters", BABA),
        PaymentDocument(
            "epa_terms_documentation",
            "Documentation of compliance with the EPA terms and conditions (BABA, DBRA ...)",
            STATION_PAYMENTS,
        ),
        PaymentDocument(
            "adequate_facility_letter",
            '"Adequate Facility Letter" or equivalent from the licensed electrician or utility',
            STATION_PAYMENTS,
            Needed.FINAL,
        ),
    ),
    limits=_station_limits,
    milestones=True,
    notes=(
        'SECTION II "Payments" and Table 2 step 5 both say one rebate payment per site, while step 5 also lets '
        "invoices follow the agreement's milestones. The portal pays one payment at the completion of all "
        "installation unless the agreement sets a milestone schedule, whose amounts must add up to the award; "
        "the capacity, installation and inspection checks apply to the final payment.",
    ),
)

# --- PA2025-04 (SOON) -----------------------------------------------------------------------------------

SOON_PAYMENT = Source(pa2025_04.SEED, "PA2025-04 SECTION V: PAYMENT TERMS")


def _soon_limits(agreement: Mapping[str, Any], request: Mapping[str, Any]) -> dict[str, Decimal]:
    """85% of a repower invoice, 80% of a replacement invoice, 85% of a zero-emission invoice (SECTION V, as the
    MAXIMUM ELIGIBLE FUNDING table and DEFINITIONS 7), reduced by other incentives (PROJECT CRITERIA:
    "The incremental cost shall be reduced by the value of any current financial incentive")."""
    percent = pa2025_04.MAXIMUM_FUNDING_TABLE[agreement["project_type"]].max_percent
    invoiced = request["invoiced_eligible_cost"] * percent / 100
    return {
        "percent_of_invoice": invoiced,
        "incremental_cost_less_other_incentives": invoiced - request.get("other_incentives", Decimal(0)),
    }


PA2025_04 = PaymentRules(
    code="PA2025-04",
    source=SOON_PAYMENT,
    award_label="contract_maximum",
    agreement_fields=(soon_agreement.PROJECT_TYPE,),
    clearances=(
        Clearance(
            "installed_and_operating",
            "Installation and start of operation confirmed by the post-inspection",
            "the funded equipment's installation and start of operation have not been confirmed",
            SOON_PAYMENT,
        ),
        # SECTION V names installation and operation only; the destruction is required (PROGRAM CRITERIA) and
        # "all CMP requirements apply" (introduction), so payment also waits for the destruction inspection.
        Clearance(
            "destruction_verified",
            "Destruction of the old engine or equipment verified",
            "the destruction inspection of the old engine or equipment has not verified its destruction",
            Source(pa2025_04.SEED, "PA2025-04 PROGRAM CRITERIA (destruction and destruction inspections)"),
        ),
    ),
    documents=(PaymentDocument("invoice", "Submitted repower or replacement invoice", SOON_PAYMENT),),
    limits=_soon_limits,
    notes=(
        'SECTION V pays on "installation and commencement of operation"; the destruction of the old engine or '
        "equipment is also required (PROGRAM CRITERIA) and, as CMP money, is verified before payment.",
    ),
)

# --- PA2022-01 ------------------------------------------------------------------------------------------

PA2022_01_PAYMENT = Source(PA2022_01_SEED, "PAYMENT TERMS")
CO_FUNDING = Source(
    PA2022_01_SEED,
    'OTHER IMPORTANT PROGRAM INFORMATION ("report all funding sources prior to '
    'invoice payment"; 85% of the total project cost for non-public applicants)',
)


OTHER_FUNDING_STATE = Field(
    "other_funding_state",
    "The other funding is from a State program (such as CARB's Air Quality Improvement Program or Low Carbon "
    "Transportation funds, or the California Energy Commission's ARFVTP)",
    Kind.BOOLEAN,
    required=False,
)
"""Prop 1B only (Table 4 notes 1 and 2). Not given: taken as a State source, since note 1 names only State programs
as the co-funding of a Prop 1B truck ("Projects may be co-funded with CARB's Air Quality Improvement Program, Low
Carbon Transportation Program, or the California Energy Commission's (CEC's) Alternative Renewable Fuel Vehicle
Technology Program funds"); the portal applied the 90% cap to any other funding before issue 23, and still does
unless the request says the other funding is not a State source."""


def _co_funded_by_state(agreement: Mapping[str, Any], request: Mapping[str, Any]) -> bool:
    """A Prop 1B project with other funding that is (or, not said, is taken as) a State source: Table 4 note 2."""
    other = request.get("other_incentives", Decimal(0))
    return agreement["path"] == prop1b.PATH and other > 0 and request.get(OTHER_FUNDING_STATE.name, True)


def _truck_limits(agreement: Mapping[str, Any], request: Mapping[str, Any]) -> dict[str, Decimal]:
    """All grants and other funds at most the total project cost (public agencies) or 85% of it (others), and for
    a Prop 1B project co-funded by another State source, at most 90% of it (Table 4 note 2: "Co-funded projects can
    only utilize one additional source of State funding and the combined funding may not exceed 90% of the total
    eligible project cost"). Other funding that is not a State source (federal, local, private) is held by the first
    limit only (OTHER IMPORTANT PROGRAM INFORMATION)."""
    cost, other = request["invoiced_eligible_cost"], request.get("other_incentives", Decimal(0))
    share = Decimal(1) if agreement["public_agency"] else cmp.NON_PUBLIC_MAX_SHARE
    limits = {"share_of_cost_less_other_funding": cost * share - other}
    if _co_funded_by_state(agreement, request):
        limits["co_funded_share_of_cost_less_other_funding"] = cost * prop1b.MAX_COMBINED_SHARE - other
    return limits


def _truck_notes(agreement: Mapping[str, Any], request: Mapping[str, Any]) -> list[str]:
    if _co_funded_by_state(agreement, request) and OTHER_FUNDING_STATE.name not in request:
        return [
            "The request does not say whether the other funding is a State source: it is taken as one, since Table 4 "
            "note 1 names only State programs as the co-funding of a Prop 1B truck, so the 90% cap of note 2 applies."
        ]
    return []


PA2022_01 = PaymentRules(
    code="PA2022-01",
    source=PA2022_01_PAYMENT,
    agreement_fields=(
        truck_agreement.FUNDING_PATH,
        Field("public_agency", "The awardee is a public agency", Kind.BOOLEAN),
    ),
    clearances=(
        Clearance(
            "in_operation",
            "Installation and start of operation confirmed by the post-inspection",
            "the installation and start of operation of the funded equipment have not been confirmed",
            PA2022_01_PAYMENT,
        ),
        Clearance(
            "destruction_verified",
            "Destruction of the replaced engine or vehicle verified",
            "the destruction of the engine or vehicle being replaced has not been verified",
            Source(PA2022_01_SEED, "OTHER IMPORTANT PROGRAM INFORMATION, last bullet"),
        ),
        Clearance(
            "funding_sources_reported",
            "All funding sources reported",
            "all funding sources must be reported before invoice payment",
            CO_FUNDING,
        ),
    ),
    documents=(PaymentDocument("invoice", "Project invoice", PA2022_01_PAYMENT),),
    limits=_truck_limits,
    request_fields=(OTHER_FUNDING_STATE,),
    path_only=((OTHER_FUNDING_STATE.name, prop1b.PATH),),
    request_notes=_truck_notes,
    deadline_hold="Projects not invoiced by this date may forfeit their funding (OTHER IMPORTANT PROGRAM "
    "INFORMATION); payment only if South Coast AQMD decides not to.",
)

PAYMENT_RULES = {rules.code: rules for rules in (PA2022_01, PA2025_04, PA2026_01, PA2026_02, PA2026_03)}
