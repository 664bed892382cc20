"""The terms each program's agreement states, in the announcement's own words, each with its clause.

The PDF of an agreement prints these after its funded projects and before its dated obligations. They are the
requirements each announcement says its agreement "will include" (PA2026-01 Section 6; PA2026-02 SECTION 4;
PA2026-03 SECTION V; SOON PROGRAM CRITERIA, WORK STATEMENT and SECTION V; PA2022-01 WORK STATEMENT and OTHER IMPORTANT
PROGRAM INFORMATION), quoted or closely paraphrased; the dated obligations come from ``agreements.rules`` and the
round's terms, so a re-issued announcement's dates appear there, not here. Pure Python: no Django imports.

The agreement is a legal document in English, as the announcements are; the portal's pages around it are translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from programs.rules.base import Source

INVEST_CLEAN = "001_ea26778b00a7e017.txt"
TRUCKS = "002_93fe1fbed5faf247.txt"
SOON = "003_b264a6114e3b8c3f.txt"


@dataclass(frozen=True)
class Clause:
    heading: str
    text: str
    source: Source


def _ic(code: str, section: str) -> Source:
    return Source(INVEST_CLEAN, f"{code} {section}")


NO_OBLIGATION_BEFORE_EXECUTION = {
    "PA2026-01": (
        "The South Coast AQMD has no obligation to fund a project until an agreement is fully executed by "
        "both parties. The Awardee may place the purchase order once the agreement is executed.",
        _ic("PA2026-01", "Section 6.1; Table 1 step 3"),
    ),
    "PA2026-02": (
        "The South Coast AQMD has no obligation to fund a project until an Agreement is fully executed by "
        "both parties. Once it is, the Awardee may proceed to order and purchase the new vehicle.",
        _ic("PA2026-02", "SECTION 4; Table 1 step 3"),
    ),
    "PA2026-03": (
        "The South Coast AQMD has no obligation to fund the project until both parties have fully executed "
        "the agreement.",
        _ic("PA2026-03", "SECTION V"),
    ),
    "PA2025-04": (
        "Any orders placed or payments made in advance of an executed contract with the South Coast AQMD are "
        "done at the risk of the applicant. The South Coast AQMD has no obligation to fund the project until "
        "a contract is fully executed by both parties.",
        Source(SOON, "PA2025-04 PROJECT COST"),
    ),
    "PA2022-01": (
        "Purchase orders or other purchase commitments shall not be placed until after the award has been "
        "provided to the applicant in writing or an executed contract; orders placed in advance of a fully "
        "executed contract are at the applicant's own risk. New equipment must not be purchased, received, "
        "installed, paid for, or placed into operation prior to contract execution.",
        Source(TRUCKS, "PROJECT COST"),
    ),
}

_LABOR = (
    "Compliance with labor laws",
    "The recipient will notify South Coast AQMD in writing if found by a court or federal or state agency to "
    "have violated labor laws, and will complete a yearly certification stating either that it has not been so "
    "found or the details of such violations. South Coast AQMD may terminate the agreement with a recipient "
    "found to have violated labor laws, and the recipient may be required to return any and all funds.",
)
_NONDISCRIMINATION = (
    "Statement of compliance",
    "The Awardee agrees not to unlawfully discriminate against any employee or applicant because of "
    "race, religion, color, national origin, ancestry, physical handicap, medical condition, marital "
    "status, sex, or age (Government Code Section 12990 and California Administrative Code, Title "
    "II, Division 4, Chapter 5).",
)
_RECORDS = (
    "Access to records and retention",
    "US EPA and South Coast AQMD may access the Awardee's records pertinent to this award, perform audits and "
    "site visits. The recipient retains all Federal award records for at least three (3) years from the date "
    "of submission of the final financial report (2 CFR 200.334).",
)

CLAUSES: dict[str, tuple[Clause, ...]] = {
    "PA2026-01": (
        Clause(
            "Agreement structure",
            "This agreement is executed with the owner for the deployment of the battery "
            "electric cargo handling equipment (BE CHE) and outlines the Awardee's responsibilities, milestones, "
            "and deliverables.",
            _ic("PA2026-01", "Section 6.4"),
        ),
        Clause(
            "Operation",
            "The new equipment must be domiciled and operated 100% of the time within one or both of "
            "the two MSAs for the full project term, at a minimum five (5) years; if unforeseen circumstances "
            "prevent this, documentation must be provided.",
            _ic("PA2026-01", 'Section 2.3 "WHO" and "Deployment of New BE CHE"'),
        ),
        Clause(
            "Delivery and post-inspection",
            "Upon delivery of the new equipment the Awardee notifies South Coast "
            "AQMD staff so a post-inspection may be performed, on site or virtually, verifying the specifications "
            "of the new equipment and that it is operational.",
            _ic("PA2026-01", 'Section 2.3 "Deployment of New BE CHE"; Table 1 step 4A'),
        ),
        Clause(
            "Destruction of the old equipment",
            "Both the old engine and the old equipment must be destroyed and "
            "rendered useless within 60 days of delivery of the new equipment. South Coast AQMD must be notified "
            "at least 14 days before the destruction so that an inspection can be performed. All frame cuts are "
            "made on load-bearing frames, and the engine block receives an irregularly shaped hole at least three "
            "inches across at its narrowest point. The Awardee obtains a Certificate of Destruction from the "
            "dismantler and provides a copy within 60 days of the destruction. Salvage costs are not reimbursed.",
            _ic("PA2026-01", 'Section 2.3 "Required Destruction of Old Equipment (Scrapping)"; Table 1 step 4B'),
        ),
        Clause(
            "Payment",
            "Payment is made on a reimbursement basis after the new equipment is delivered and the old "
            "unit is scrapped, upon approval of the post-inspection report and receipt of the Certificate of "
            "Destruction. The final invoice must be submitted with supporting documents no later than the final "
            "invoice date below, unless extended at the sole discretion of South Coast AQMD.",
            _ic("PA2026-01", "Section 6.1; Table 1 step 5"),
        ),
        Clause(
            "Inspections",
            "The Awardee makes all equipment available for in-person or remote inspections; each "
            "Awardee is subject to inspection at South Coast AQMD's and U.S. EPA's discretion.",
            _ic("PA2026-01", "Section 6.2"),
        ),
        Clause(
            "Reporting and data",
            "The Awardee submits semi-annual usage reports noting the hour usage of the new "
            "equipment and meets the usage requirements of this agreement; data may be collected in real time or "
            "through telematics (availability, duty cycle coverage, hours operated, maintenance and operating "
            "costs, energy used, charging, challenges).",
            _ic("PA2026-01", "Section 6.3; Table 1 step 6"),
        ),
        Clause(
            "Performance",
            "Where the Awardee cannot meet the program requirements or the usage requirements, "
            "South Coast AQMD may extend the agreement to allow the makeup of the usage shortfall, or authorize a "
            "transfer of ownership to another entity committed to complying with the agreement (after South Coast "
            "AQMD and US EPA approve the justification), before seeking enforcement action.",
            _ic("PA2026-01", "Section 6.5"),
        ),
        Clause(
            "Closeout",
            "Closeout occurs once all required documentation has been received and the Awardee has "
            "fulfilled all obligations.",
            _ic("PA2026-01", "Section 6.6"),
        ),
        Clause(*_RECORDS, _ic("PA2026-01", "Section 6.7")),
        Clause(*_NONDISCRIMINATION, _ic("PA2026-01", "Section 6.9")),
        Clause(*_LABOR, _ic("PA2026-01", "Section 6.12")),
    ),
    "PA2026-02": (
        Clause(
            "Agreement requirements",
            "The Awardee: is available for a follow-up inspection if requested; scraps "
            "the existing vehicle; provides data for monitoring and compliance through telematics or travel logs; "
            "registers the new vehicle in California with the Department of Motor Vehicles (DMV); maintains "
            "insurance on it as required by law; operates it within one of the MSAs and provides all progress "
            "reports; drives it at least 7,000 miles a year, 75% of which within the two MSAs, for the entire "
            "operating period; operates and maintains it with proper maintenance throughout the agreement term; "
            "keeps at least a three-year manufacturer's warranty; and restricts its operation to goods movement.",
            _ic("PA2026-02", 'SECTION 4 "AGREEMENT"'),
        ),
        Clause(
            "Inspections",
            "Inspections are performed on the new vehicle; old vehicles and their destruction may be "
            "inspected at South Coast AQMD's discretion, in person or remotely.",
            _ic("PA2026-02", "Section 4.1"),
        ),
        Clause(
            "Scrapping",
            "The existing vehicle is driven, not towed, to a South Coast AQMD-approved dismantler, "
            "whose receipt the Awardee provides before the rebate is processed, and is scrapped within ninety (90) "
            "days of the dismantler's receipt, with a three-inch asymmetrical hole drilled in the engine block and "
            "the frame rail cut. Evidence of destruction includes digital photos of the VIN tag, front, side "
            "profile and rear of the vehicle, the engine tag, the engine block before and after, and the cut frame "
            "rails.",
            _ic("PA2026-02", 'Section 4.2 "SCRAPPING REQUIREMENTS"'),
        ),
        Clause(
            "Data collection",
            "For the 5-year operating period the Awardee allows installation of data loggers for "
            "real-time data submission or remote access by the designated third-party data verification "
            "organization.",
            _ic("PA2026-02", 'Section 4.3 "DATA COLLECTION"'),
        ),
        Clause(
            "Deliverables",
            "Semi-annual reports for the 5-year operating period: vehicle miles traveled and energy "
            "usage, vehicle registration and insurance, and other information as requested.",
            _ic("PA2026-02", 'Section 4.4 "DELIVERABLES"'),
        ),
        Clause(
            "Performance",
            "Where the Awardee cannot meet the program or usage requirements, South Coast AQMD may "
            "extend the agreement to allow the makeup of the usage shortfall; the owner makes its best effort to "
            "repair the vehicle and identify a new operator, and South Coast AQMD and EPA approve the justification "
            "before any ownership transfer.",
            _ic("PA2026-02", 'Section 4.5 "PERFORMANCE"'),
        ),
        Clause(
            "Payment",
            "To receive the rebate the Awardee submits proof of purchase (signed sale agreement, proof "
            "of payment), the new vehicle's registration, insurance and warranty, proof of fleet compliance and "
            "proof that the existing vehicle was surrendered to an authorized dismantler; payment follows the "
            "inspections of the new vehicle and of the old vehicle's destruction. All payment requests must be "
            "submitted by the payment request date below.",
            _ic("PA2026-02", 'SECTION 5 "PAYMENT TERMS"'),
        ),
        Clause(*_RECORDS, _ic("PA2026-02", "Section 6.2")),
        Clause(*_NONDISCRIMINATION, _ic("PA2026-02", "Section 6.4")),
        Clause(*_LABOR, _ic("PA2026-02", "Section 6.7")),
    ),
    "PA2026-03": (
        Clause(
            "Agreement requirements",
            "The charging equipment is in service for a minimum of five (5) years from "
            "the date of commissioning; installation of DCFC equipment includes at least one EVITP-certified "
            "electrician; operational data (including maintenance and repair records) is provided; the project "
            "complies with other programs and is not a CEQA mitigation measure; a financial statement and bank "
            "reference are provided if requested; the Awardee is available for follow-up inspection, maintains "
            "property insurance, operates the infrastructure within one of the two MSAs, provides all semi-annual "
            "reports, meets the minimum kWh a year throughput proposed in the application (as reviewed by South "
            "Coast AQMD staff), furnishes at least one year's manufacturer's warranty and keeps proper maintenance.",
            _ic("PA2026-03", 'SECTION V "AGREEMENT"'),
        ),
        Clause(
            "Milestone schedule",
            "The milestones of the project implementation schedule below are those of "
            "Attachment A as proposed in the application; invoices may be submitted at milestones prescribed in "
            "this agreement.",
            _ic("PA2026-03", 'Attachment A "PROJECT IMPLEMENTATION SCHEDULE"; Table 2 steps 3 and 5'),
        ),
        Clause(
            "Deliverables",
            "Semi-annual and annual reports for the 5-year operation requirement: number of "
            "charging stations and hoses per charger, annual throughput and energy usage, unscheduled downtime and "
            "its cause; proof of property insurance; records of the energy meter supporting the reported usage.",
            _ic("PA2026-03", '"DELIVERABLES"'),
        ),
        Clause(
            "Payment",
            "Payment is made upon completion of the installation and verification of the charger "
            "capacity (an Adequate Facility Letter or equivalent) and the BABA certifications, against an itemized "
            "invoice and proof of expenditure with the vendor's detailed cost breakdown; one payment per site, at "
            "most $700 per kW and never more than the purchase and installation cost.",
            _ic("PA2026-03", 'SECTION II "Payments"'),
        ),
        Clause(
            "Build America, Buy America and Davis-Bacon",
            "Iron, steel, manufactured products and construction "
            "materials meet the BABA provisions, with the manufacturer's certification letter before payment; "
            "contractors performing construction pay the locally prevailing wage (DBRA), with weekly certified "
            "payrolls kept for three years after completion.",
            _ic("PA2026-03", "SECTION II BABA; SECTION VI COMPLIANCE WITH APPLICABLE LAWS"),
        ),
        Clause(
            "Performance",
            "Where the Awardee cannot meet the program requirements, South Coast AQMD may extend the "
            "agreement to make up the usage shortfall; the owner makes its best effort to repair the equipment and "
            "identify a new operator, and South Coast AQMD and EPA approve the justification before any ownership "
            "transfer.",
            _ic("PA2026-03", '"PERFORMANCE"'),
        ),
        Clause(*_LABOR, _ic("PA2026-03", '"COMPLIANCE WITH LABOR LAWS AND OTHER FEDERAL STATUTES"')),
    ),
    "PA2025-04": (
        Clause(
            "Contract term and project life",
            "The contract term runs from execution by both parties through the "
            "post-inspection confirming the project operational (the project completion period) and then for the "
            "project life (the implementation period): the number of years used to determine the cost-"
            "effectiveness, which also sets the length of the annual reporting obligation.",
            Source(SOON, 'PA2025-04 DEFINITIONS 4 "Contract Term" and 8 "Project Life"; PROJECT COST'),
        ),
        Clause(
            "Usage",
            "The annual hours used to calculate the cost-effectiveness are included in this contract. An "
            "extension of the contract or partial payback of funds may be required if they are not achieved. "
            "Project equipment is domiciled and operates a minimum of 75 percent of the time within the South Coast "
            "AQMD jurisdiction for the full project life.",
            Source(SOON, "PA2025-04 PROGRAM CRITERIA"),
        ),
        Clause(
            "Fleet compliance",
            "The contractor demonstrates compliance with CARB's In-Use Off-Road Diesel-Fueled "
            "Fleets Regulation throughout the contract term and does not use the funded equipment's lower emission "
            "rate for its fleet average, target rate or BACT credit in DOORS during the contract period.",
            Source(SOON, "PA2025-04 PROGRAM CRITERIA; WORK STATEMENT"),
        ),
        Clause(
            "Inspections and destruction",
            "Pre-inspections, post-inspections and destruction inspections of all "
            "funded vehicles, engines and equipment are conducted by South Coast AQMD; the engine or equipment "
            "being repowered or replaced is destroyed.",
            Source(SOON, "PA2025-04 PROGRAM CRITERIA"),
        ),
        Clause(
            "Reporting and monitoring",
            "An annual report throughout the project life with the annual hours of "
            "operation, where the equipment was operated, and operational and maintenance issues and how they were "
            "resolved, with the annual DOORS Fleet Compliance Snapshot; records kept and made available for "
            "inspection throughout the project life.",
            Source(SOON, "PA2025-04 REPORTING AND MONITORING; SECTION II DELIVERABLES"),
        ),
        Clause(
            "Payment",
            "Payment is made upon installation and commencement of operation of the funded equipment: 85 "
            "percent of the repower invoice, 80 percent of the replacement invoice, 85 percent of the zero-emission "
            "invoice, or the contract maximum amount, whichever is less.",
            Source(SOON, "PA2025-04 SECTION V: PAYMENT TERMS"),
        ),
        Clause(
            "Signature",
            "No third-party contracts are executed: this contract is signed by the equipment owner.",
            Source(SOON, "PA2025-04 PROGRAM CRITERIA"),
        ),
        Clause(*_NONDISCRIMINATION, Source(SOON, "PA2025-04 STATEMENT OF COMPLIANCE")),
        Clause(*_LABOR, Source(SOON, 'PA2025-04 SECTION VI "COMPLIANCE WITH LABOR LAWS"')),
    ),
    "PA2022-01": (
        Clause(
            "Contract criteria",
            "The project provides real, surplus, quantifiable and enforceable emission "
            "reductions; the equipment is domiciled within the SCAB; the replacement achieves an annual NOx benefit "
            "of at least 15 percent; the equipment operates in service for the full project life, within the SCAB "
            "for 75% of the time (CMP) or within California for at least 90% of the time (Prop 1B); it is in "
            "operation within eighteen (18) months of contract execution or by the in-operation date below, "
            "whichever is earlier, and complies with CARB's Truck and Bus Regulation; records are kept during the "
            "project life (annual mileage) with annual reports; equipment and records are available for audit and "
            "inspection.",
            Source(TRUCKS, "WORK STATEMENT contract criteria"),
        ),
        Clause(
            "Contract term",
            "The project life used for the emission reductions sets the length of the annual "
            "reporting obligation and of this contract (Proposition 1B: five years).",
            Source(TRUCKS, "PROJECT COST; Prop 1B project life"),
        ),
        Clause(
            "Inspections and destruction",
            "Pre- and post-inspections of all funded vehicles are conducted, "
            "virtually where stated; the engine or vehicle being replaced is destroyed, verified virtually unless "
            "otherwise specified.",
            Source(TRUCKS, "OTHER IMPORTANT PROGRAM INFORMATION"),
        ),
        Clause(
            "Deliverables",
            "An annual report for each year of the contract term, or project life, with the annual "
            "miles, where the vehicle was operated, and operational and maintenance issues and how they were "
            "resolved.",
            Source(TRUCKS, "DELIVERABLES"),
        ),
        Clause(
            "Invoices and payment",
            "All funding sources are reported before invoice payment; the sum of all grants "
            "does not exceed 85% of the project cost for a non-public applicant. All project invoices must be "
            "submitted no later than the invoice date below, or the funding may be forfeited. Full payment is made "
            "upon installation and commencement of operation of the funded equipment.",
            Source(TRUCKS, "OTHER IMPORTANT PROGRAM INFORMATION; PAYMENT TERMS"),
        ),
        Clause(*_NONDISCRIMINATION, Source(TRUCKS, "STATEMENT OF COMPLIANCE")),
        Clause(*_LABOR, Source(TRUCKS, "COMPLIANCE WITH LABOR LAWS")),
    ),
}
