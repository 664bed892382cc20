"""Each program's inspections: which ones, the checklist of each, the photos each must carry, the payment clearances
each clears, and how the old equipment is destroyed. Pure Python: no Django imports.

Sources: 001_ea26778b00a7e017.txt (INVEST CLEAN: PA2026-01, PA2026-02, PA2026-03), 003_b264a6114e3b8c3f.txt (SOON,
PA2025-04), 002_93fe1fbed5faf247.txt (PA2022-01). The destruction windows and the destruction notice are the
agreements rule sets' terms (``agreements.rules.pa2026_01``/``pa2026_02`` and the application rule set
``programs.rules.pa2026_01`` they reuse): read from there, never restated.
"""

from __future__ import annotations

from decimal import Decimal

from agreements.rules import pa2026_01 as che_agreement
from agreements.rules import pa2026_02 as truck_agreement
from programs.rules import pa2026_01 as che_application
from programs.rules.base import Source
from programs.rules.fields import Field, Kind
from programs.rules.invest_clean import SEED as INVEST_CLEAN
from programs.rules.pa2022_01_common import SEED as PA2022_01_SEED
from programs.rules.pa2025_04 import SEED as SOON_SEED

from .base import Check, Destruction, InspectionKind, InspectionRule, ProgramInspections, term_named

PRE, POST, DESTRUCTION, INSTALLATION, MONITORING = (
    InspectionKind.PRE,
    InspectionKind.POST,
    InspectionKind.DESTRUCTION,
    InspectionKind.INSTALLATION,
    InspectionKind.MONITORING,
)


def _ic(code: str, section: str) -> Source:
    return Source(INVEST_CLEAN, f"{code} {section}")


def text(name: str, label: str, declared: str | None = None, *, required: bool = True) -> Check:
    return Check(Field(name, label, required=required), declared)


def vin(label: str, declared: str | None = None) -> Check:
    """The VIN the inspector reads off the tag, format-checked as the applicant's is (``Field.check``: 17 characters
    and the check digit, ``core.validators.check_vin``; issue 26)."""
    return Check(Field("vin", label, check="vin"), declared)


def number(
    name: str,
    label: str,
    declared: str | None = None,
    *,
    unit: str = "",
    kind: Kind = Kind.DECIMAL,
    required: bool = True,
) -> Check:
    return Check(Field(name, label, kind, unit=unit, required=required, min_value=Decimal(0)), declared)


def yes(name: str, label: str) -> Check:
    """A yes/no the inspector must answer yes for the inspection to pass."""
    return Check(Field(name, label, Kind.BOOLEAN), None)


def day(name: str, label: str) -> Check:
    return Check(Field(name, label, Kind.DATE), None)


# --- Monitoring inspections (every program with usage reports) --------------------------------------------------
#
# During the project life the district may check on site that the funded equipment is used and operated as the
# reports say: "Be available for a follow-up inspection by South Coast AQMD, if requested" (PA2026-02 SECTION 4 -
# AGREEMENT; PA2026-03 SECTION V - AGREEMENT), "Each Awardee ... is subject to inspection" (PA2026-01
# Section 6.2), the data loggers "for the duration of the 5-year operating period" (PA2026-02 Section 4.3 "DATA
# COLLECTION"), "South Coast AQMD reserves the right to verify the information provided" (PA2026-02 Section 4.4;
# PA2022-01 DELIVERABLES), and SOON's records "made available for South Coast AQMD inspection" (PA2025-04 REPORTING
# AND MONITORING). The brief that asked for this kind cited "PA2026-02 4.5"; in the seed 4.5 is PERFORMANCE and the
# inspection and data-logger clauses are the ones above. It clears no payment (the payments are made by then) and
# records no agreement event; staff read the result beside the usage reports. One photo of the meter reading is asked
# (the reading is what the reports are compared with); the rest are the inspector's own.

MONITORING_NAME = "Monitoring inspection: usage and operation on site"
OPERATING_AS_REPORTED = yes("operating_as_reported", "Operating as reported in the usage reports")
DATA_LOGGER = yes("data_logger_working", "Data logger present and working")
RECORDS_KEPT = yes("records_available", "Operating records kept and available")


def monitoring(source: Source, *checks: Check, photo: str) -> InspectionRule:
    return InspectionRule(
        MONITORING, MONITORING_NAME, source, checklist=(*checks, OPERATING_AS_REPORTED), photos=(photo,)
    )


# --- PA2026-01 Battery Electric Cargo Handling Equipment -------------------------------------------------------

CHE = "PA2026-01"
CHE_4A = _ic(CHE, 'Table 1 step 4A; Section 2.3 "Deployment of New BE CHE"; Section 6.2')
CHE_DESTRUCTION = _ic(CHE, 'Section 2.3 "Required Destruction of Old Equipment (Scrapping)"; Table 1 step 4B')

PA2026_01 = ProgramInspections(
    code=CHE,
    inspections=(
        InspectionRule(
            POST,
            "Post-inspection of the new equipment",
            CHE_4A,
            checklist=(
                # "new equipment make, model, model year, product identification number/serial number, battery type,
                # battery capacity, range, motor make, motor model, power rating (in kW or HP), charging
                # options/location(s)" (Table 1 step 4A), and "confirm that the equipment is operational" (2.3).
                text("make", "Make", "replacement_make"),
                text("model", "Model", "replacement_model"),
                number("model_year", "Model year", "replacement_model_year", kind=Kind.INTEGER),
                text("serial_number", "Product identification number / serial number"),
                text("battery_type", "Battery type"),
                number("battery_capacity_kwh", "Battery capacity", "replacement_battery_kwh", unit="kWh"),
                number("range_hours", "Range", unit="hours of operation"),
                text("motor_make", "Motor make"),
                text("motor_model", "Motor model"),
                number("power_rating_kw", "Power rating", unit="kW"),
                text("charging", "Charging options and location(s)"),
                number("hour_meter", "Hour meter reading", unit="hours", required=False),
                yes("operational", "The equipment is operational"),
            ),
            photos=(
                "Identification plate (serial number)",
                "Front",
                "Side",
                "Rear",
                "Battery label",
                "Motor label",
                "Charger",
            ),
            clears=("post_inspection_approved",),
            awardee_trigger="delivered",
        ),
        InspectionRule(
            DESTRUCTION,
            "Destruction of the old equipment and engine",
            CHE_DESTRUCTION,
            checklist=(
                text("equipment_serial_number", "Old equipment serial number", "existing_serial_number"),
                text("engine_serial_number", "Old engine serial number", "existing_engine_serial_number"),
                number("hour_meter", "Hour meter reading", "current_hour_meter", unit="hours"),
                day("destroyed_on", "Date of destruction"),
                yes("frame_cut", "All frame cuts are on load-bearing frames of the old equipment"),
                yes(
                    "engine_block_hole",
                    "The engine block has an irregular hole at least three inches across at its narrowest point",
                ),
                text("dismantler", "Certified dismantler"),
            ),
            photos=(
                "Equipment identification plate",
                "Engine tag",
                "Engine block before",
                "Engine block after",
                "Cut load-bearing frame",
            ),
            clears=("certificate_of_destruction_received",),
            on_accept_event="destroyed",
            documents=("certificate_of_destruction",),
            awardee_trigger="destruction_planned",
        ),
        monitoring(
            _ic(CHE, "Section 6.2 Inspections; Section 6.3 Reporting (data collection requirements)"),
            number("hour_meter", "Hour meter reading", unit="hours"),
            DATA_LOGGER,
            photo="Hour meter",
        ),
    ),
    destruction=Destruction(
        window_term=che_application.DESTROY_OLD_EQUIPMENT_TERM,  # 60 calendar days after delivery
        counted_from="delivered",
        notice_term=term_named(che_agreement.TERMS, "destruction_notice_days"),  # 14 days before
        method=(
            "All frame cuts must be performed on load-bearing frames of the existing equipment.",
            "A hole in the engine block with a minimum diameter of three inches at its narrowest point, "
            "irregularly shaped (no symmetrical squares or circles).",
        ),
        source=CHE_DESTRUCTION,
    ),
    notes=(
        'Section 2.3 lets the district inspect the destruction "if deemed necessary": the portal always opens a '
        "destruction inspection when the notice is given; the inspector may do it virtually from the dismantler's "
        "photos and the Certificate of Destruction, which the awardee uploads.",
        "The post-inspection photo captions are the 4A specifications to be verified; the seed names no photo list "
        "for this program, so only a caption is required of each photo.",
    ),
)

# --- PA2026-02 Battery Electric Class 8 trucks ----------------------------------------------------------------

TRUCK = "PA2026-02"
TRUCK_4A = _ic(TRUCK, 'Table 1 step 4a; Section 4.1 "INSPECTIONS"; SECTION 5 "PAYMENT TERMS"')
TRUCK_SCRAPPING = _ic(TRUCK, 'Section 4.2 "SCRAPPING REQUIREMENTS"')

TRUCK_DESTRUCTION_PHOTOS = (
    # "digital photos of VIN tag, front, side profile, and rear of the vehicle, engine tag, before and after photos of
    # the destroyed engine block, and cut frame rails" (Section 4.2).
    "VIN tag",
    "Front of the vehicle",
    "Side profile of the vehicle",
    "Rear of the vehicle",
    "Engine tag",
    "Engine block before destruction",
    "Engine block after destruction",
    "Cut frame rails",
)

PA2026_02 = ProgramInspections(
    code=TRUCK,
    inspections=(
        InspectionRule(
            POST,
            "Inspection of the new vehicle",
            TRUCK_4A,
            checklist=(
                vin("VIN of the new vehicle"),
                text("make", "Make", "replacement_make"),
                text("model", "Model", "replacement_model"),
                number("model_year", "Model year", "replacement_model_year", kind=Kind.INTEGER),
                number("gvwr_lb", "GVWR", "replacement_gvwr_lb", unit="lb", kind=Kind.INTEGER),
                text("motor_make", "Motor make", "replacement_motor_make", required=False),
                text("motor_model", "Motor model", "replacement_motor_model", required=False),
                number("odometer", "Odometer reading", "replacement_odometer", unit="miles", kind=Kind.INTEGER),
                number("battery_capacity_kwh", "Battery capacity", unit="kWh"),
                yes("operational", "The vehicle is deployed and operational"),
            ),
            photos=("VIN tag", "Front of the vehicle", "Side profile of the vehicle", "Odometer"),
            clears=("new_vehicle_inspection_passed",),
            on_accept_event="commissioned",
            awardee_trigger="delivered",
        ),
        InspectionRule(
            DESTRUCTION,
            "Scrapping of the old vehicle",
            TRUCK_SCRAPPING,
            checklist=(
                vin("VIN of the old vehicle", "existing_vin"),
                text("make", "Make", "existing_make"),
                text("model", "Model", "existing_model"),
                text("engine_serial_number", "Engine serial number", "existing_engine_serial_number"),
                number("odometer", "Odometer reading", "current_odometer", unit="miles", kind=Kind.INTEGER),
                day("destroyed_on", "Date scrapped"),
                yes("driven_not_towed", "The vehicle was driven, not towed, to the approved dismantler"),
                yes("engine_block_hole", "A three-inch asymmetrical hole is drilled in the engine block"),
                yes("frame_rail_cut", "The frame rail is cut"),
                text("dismantler", "Approved dismantler"),
            ),
            photos=TRUCK_DESTRUCTION_PHOTOS,
            clears=("destruction_verified",),
            on_accept_event="destroyed",
            documents=("dismantler_receipt",),
            awardee_trigger="dismantler_receipt",
        ),
        monitoring(
            _ic(
                TRUCK,
                'Section 4 ("Be available for a follow-up inspection"; "Register the new/replacement '
                'vehicle in California with the DMV"); Section 4.3 "DATA COLLECTION"; Section 4.4',
            ),
            number("odometer", "Odometer reading", unit="miles", kind=Kind.INTEGER),
            DATA_LOGGER,
            yes("registration_current", "DMV registration current"),
            photo="Odometer",
        ),
    ),
    destruction=Destruction(
        window_term=term_named(truck_agreement.TERMS, "scrapping_days"),  # 90 days of the dismantler's receipt
        counted_from="dismantler_receipt",
        notice_term=None,
        method=(
            "Drive the vehicle (not towed) to a South Coast AQMD-approved dismantler and keep its receipt.",
            "Drill a three-inch asymmetrical hole in the engine block and cut the frame rail.",
        ),
        source=TRUCK_SCRAPPING,
    ),
    notes=(
        "Section 4.2 gives no notice period before scrapping; the dismantler's receipt opens the destruction "
        "inspection.",
    ),
)

# --- PA2026-03 charging stations ------------------------------------------------------------------------------

STATION = "PA2026-03"
STATION_4B = _ic(STATION, 'Table 2 step 4b; "Inspections"; SECTION II "Payments"')

PA2026_03 = ProgramInspections(
    code=STATION,
    inspections=(
        InspectionRule(
            INSTALLATION,
            "Inspection of the charging station in place",
            STATION_4B,
            checklist=(
                number("charger_count", "Number of chargers", "charger_count", unit="chargers", kind=Kind.INTEGER),
                number("charger_rating_kw", "Charger rating (each charger)", "charger_rating_kw", unit="kW"),
                number(
                    "total_power_output_kw",
                    "Total power output with all chargers operating",
                    "total_power_output_kw",
                    unit="kW",
                ),
                text("charger_make_model", "Charger make and model"),
                yes("installed", "The charging station is installed in place"),
                yes("operational", "The chargers are operational"),
            ),
            photos=("Chargers in place", "Charger nameplate (rating)", "Electrical panel"),
            # "Charging station installed and inspected in place"; the capacity is the total power output the
            # inspector observes (SECTION II "Payments": $700 per kW of the verified capacity).
            clears=("installation_inspected", "capacity_verified"),
            awardee_trigger="installed",
        ),
        monitoring(
            _ic(
                STATION,
                'SECTION II "Inspections" and "Data Collection"; SECTION V "AGREEMENT" ("Be '
                'available for a follow-up inspection")',
            ),
            number("energy_meter_kwh", "Energy dispensed to date (charger meter)", unit="kWh"),
            DATA_LOGGER,
            photo="Chargers in place",
        ),
    ),
)

# --- PA2025-04 SOON ---------------------------------------------------------------------------------------------

SOON = "PA2025-04"
SOON_INSPECTIONS = Source(
    SOON_SEED,
    'PA2025-04 PROGRAM CRITERIA ("Pre-inspections, post-inspections and '
    'destruction inspections of all vehicles/engines/equipment")',
)

PA2025_04 = ProgramInspections(
    code=SOON,
    inspections=(
        InspectionRule(
            PRE,
            "Pre-inspection of the engine or equipment to be replaced",
            SOON_INSPECTIONS,
            checklist=(
                text("equipment_make", "Equipment make", "equipment_make"),
                text("equipment_model", "Equipment model", "equipment_model"),
                text("engine_make", "Engine make", "baseline_engine_make"),
                text("engine_serial_number", "Engine serial number", "baseline_engine_serial_number"),
                number("horsepower", "Engine rated horsepower", "baseline_horsepower", unit="hp"),
                number("hour_meter", "Hour meter reading", unit="hours"),
                yes("operational", "The existing engine or equipment is operational"),
            ),
            photos=("Engine tag", "Equipment identification plate", "Hour meter"),
        ),
        InspectionRule(
            POST,
            "Post-inspection of the new engine or equipment",
            Source(SOON_SEED, "PA2025-04 PROGRAM CRITERIA; SECTION V: PAYMENT TERMS"),
            checklist=(
                text("make", "Make", "new_make"),
                text("model", "Model", "new_model"),
                text("serial_number", "Engine or equipment serial number"),
                number("horsepower", "Rated horsepower (motor rating for zero-emission)", "new_horsepower", unit="hp"),
                yes("operational", "Installed and operating"),
            ),
            photos=("Engine or motor tag", "Equipment identification plate", "Equipment installed"),
            clears=("installed_and_operating",),
            on_accept_event="commissioned",
        ),
        InspectionRule(
            DESTRUCTION,
            "Destruction inspection of the old engine or equipment",
            SOON_INSPECTIONS,
            checklist=(
                text("engine_serial_number", "Engine serial number", "baseline_engine_serial_number"),
                day("destroyed_on", "Date of destruction"),
                yes("rendered_inoperable", "The engine or equipment is destroyed and rendered inoperable"),
            ),
            photos=("Engine tag", "Engine block after destruction"),
            clears=("destruction_verified",),
            on_accept_event="destroyed",
        ),
        monitoring(
            Source(SOON_SEED, 'PA2025-04 REPORTING AND MONITORING ("made available for South Coast AQMD inspection")'),
            number("hour_meter", "Hour meter reading", unit="hours"),
            RECORDS_KEPT,
            photo="Hour meter",
        ),
    ),
)

# --- PA2022-01 ---------------------------------------------------------------------------------------------------

PA2022 = "PA2022-01"
PA2022_INSPECTIONS = Source(
    PA2022_01_SEED,
    'OTHER IMPORTANT PROGRAM INFORMATION ("Pre- and post-inspection of all '
    'vehicles/engines/equipment ... may be conducted virtually")',
)
PA2022_DESTRUCTION = Source(
    PA2022_01_SEED,
    'OTHER IMPORTANT PROGRAM INFORMATION, last bullet ("Destruction ... '
    'will also be conducted virtually via remote inspections")',
)

PA2022_01 = ProgramInspections(
    code=PA2022,
    inspections=(
        InspectionRule(
            PRE,
            "Pre-inspection of the truck to be replaced",
            PA2022_INSPECTIONS,
            checklist=(
                vin("VIN", "existing_vin"),
                text("make", "Make", "existing_make"),
                text("model", "Model", "existing_model"),
                text("engine_serial_number", "Engine serial number", "existing_engine_serial_number"),
                number("odometer", "Odometer reading", unit="miles", kind=Kind.INTEGER),
                yes("operational", "The truck is operational"),
            ),
            photos=("VIN tag", "Engine tag", "Odometer"),
        ),
        InspectionRule(
            POST,
            "Post-inspection of the replacement",
            PA2022_INSPECTIONS,
            checklist=(
                vin("VIN of the replacement"),
                text("make", "Make", "replacement_make"),
                text("model", "Model", "replacement_model"),
                number("model_year", "Engine or powertrain model year", "replacement_model_year", kind=Kind.INTEGER),
                number("gvwr_lb", "GVWR", "replacement_gvwr_lb", unit="lb", kind=Kind.INTEGER),
                yes("operational", "Installed and in operation"),
            ),
            photos=("VIN tag", "Engine or motor tag", "Side profile of the vehicle"),
            clears=("in_operation",),
            on_accept_event="commissioned",
        ),
        InspectionRule(
            DESTRUCTION,
            "Destruction of the engine or vehicle being replaced",
            PA2022_DESTRUCTION,
            checklist=(
                vin("VIN", "existing_vin"),
                text("engine_serial_number", "Engine serial number", "existing_engine_serial_number"),
                day("destroyed_on", "Date of destruction"),
                yes("rendered_inoperable", "The engine and/or vehicle is destroyed and rendered inoperable"),
            ),
            photos=("VIN tag", "Engine tag", "Engine block after destruction", "Cut frame rails"),
            clears=("destruction_verified",),
            on_accept_event="destroyed",
        ),
        monitoring(
            Source(
                PA2022_01_SEED,
                'DELIVERABLES ("how the project will be monitored"; "reserves the '
                'right to verify the information provided")',
            ),
            number("odometer", "Odometer reading", unit="miles", kind=Kind.INTEGER),
            RECORDS_KEPT,
            photo="Odometer",
        ),
    ),
)

PROGRAM_INSPECTIONS = {item.code: item for item in (PA2022_01, PA2025_04, PA2026_01, PA2026_02, PA2026_03)}


def inspections_for(code: str) -> ProgramInspections:
    return PROGRAM_INSPECTIONS[code]
