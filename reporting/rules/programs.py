"""Each program's usage report form: the metrics with their units, and the documents that travel with it.

The reporting app builds its forms from these fields (as the application forms are built from
``programs.rules`` fields); ``usage_field`` and ``in_area_field`` name the two a report gives the usage
check (``usage.ReportedUsage``). The yearly labor-law certification travels with the report closing
each project year (``agreements.rules.schedule.ReportPeriod.closes_year``).
"""

from __future__ import annotations

from dataclasses import dataclass

from programs.rules.base import AttachmentSlot, Source
from programs.rules.fields import Field, Kind
from programs.rules.invest_clean import SEED as INVEST_CLEAN
from programs.rules.pa2022_01_common import SEED as PA2022_01_SEED
from programs.rules.pa2025_04 import SEED as SOON_SEED


@dataclass(frozen=True)
class ReportForm:
    code: str
    fields: tuple[Field, ...]
    documents: tuple[AttachmentSlot, ...]
    usage_field: str
    in_area_field: str | None
    source: Source


def _hours(name: str, label: str, **options) -> Field:
    return Field(name, label, Kind.DECIMAL, unit="hours", **options)


def _miles(name: str, label: str, **options) -> Field:
    return Field(name, label, Kind.DECIMAL, unit="miles", **options)


def _text(name: str, label: str, **options) -> Field:
    return Field(name, label, Kind.TEXT, **options)


REPORT_FORMS = {
    form.code: form
    for form in (
        ReportForm(
            "PA2026-01",
            fields=(
                _hours("hours_operated", "Hours operated"),
                _hours("msa_hours", "Hours operated within the two MSAs"),
                Field(
                    "availability_percent",
                    "CHE availability (time ready and available for use)",
                    Kind.PERCENT,
                    unit="%",
                ),
                Field(
                    "duty_cycle_coverage_percent",
                    "Duty cycle coverage (typical diesel CHE tasks completed within one full battery cycle)",
                    Kind.PERCENT,
                    unit="%",
                ),
                _miles("miles_traveled", "Miles traveled", required=False),
                Field("energy_used_kwh", "Energy used", Kind.DECIMAL, unit="kWh"),
                Field("charging_sessions", "Charging frequency (charging sessions)", Kind.INTEGER),
                Field("charging_rate_kw", "Charging rate", Kind.DECIMAL, unit="kW"),
                Field("charger_uptime_percent", "Charger uptime", Kind.PERCENT, unit="%"),
                Field("maintenance_cost", "Maintenance costs", Kind.MONEY, unit="USD"),
                Field("operating_cost", "Operating costs", Kind.MONEY, unit="USD"),
                _text("operational_fit", "Operational fit and interoperability"),
                _text("operator_feedback", "Operator feedback"),
                _text("challenges", "Other challenges encountered during the period", required=False),
            ),
            documents=(),
            usage_field="hours_operated",
            in_area_field="msa_hours",
            source=Source(INVEST_CLEAN, "PA2026-01 Section 6.3; Table 1 step 6"),
        ),
        ReportForm(
            "PA2026-02",
            fields=(
                _miles("miles", "Vehicle miles traveled"),
                _miles("msa_miles", "Miles within the two MSAs"),
                Field("energy_used_kwh", "Energy used", Kind.DECIMAL, unit="kWh"),
                _text("other_information", "Other information requested by South Coast AQMD", required=False),
            ),
            documents=(
                AttachmentSlot("registration", "Vehicle registration"),
                AttachmentSlot("insurance", "Vehicle insurance"),
            ),
            usage_field="miles",
            in_area_field="msa_miles",
            source=Source(INVEST_CLEAN, 'PA2026-02 Section 4.4 "DELIVERABLES"'),
        ),
        ReportForm(
            "PA2026-03",
            fields=(
                Field("charging_stations", "Number of charging stations", Kind.INTEGER),
                Field("hoses_per_charger", "Hoses per charger", Kind.INTEGER),
                Field("throughput_kwh", "Throughput (energy usage) during the period", Kind.DECIMAL, unit="kWh"),
                Field("charge_sessions", "Number of charge sessions", Kind.INTEGER, required=False),
                Field("charger_uptime_percent", "Charger uptime", Kind.PERCENT, unit="%", required=False),
                _text("unscheduled_downtime", "Unscheduled downtime during the period and its cause", required=False),
            ),
            documents=(
                AttachmentSlot("property_insurance", "Proof of property insurance"),
                AttachmentSlot("energy_meter_records", "Energy meter records supporting the reported usage"),
            ),
            usage_field="throughput_kwh",
            in_area_field=None,
            source=Source(INVEST_CLEAN, 'PA2026-03 "DELIVERABLES"; SECTION II "Data Collection"'),
        ),
        ReportForm(
            "PA2025-04",
            fields=(
                _hours("total_hours", "Total hours of operation"),
                _hours("district_hours", "Hours of operation in the South Coast AQMD jurisdiction"),
                _text("where_operated", "Where the equipment was operated"),
                _text(
                    "maintenance_and_repair",
                    "Annual maintenance and repair information, operational issues and how they were resolved",
                ),
            ),
            documents=(AttachmentSlot("doors_snapshot", "DOORS Fleet Compliance Snapshot"),),
            usage_field="total_hours",
            in_area_field="district_hours",
            source=Source(SOON_SEED, "PA2025-04 REPORTING AND MONITORING; SECTION II DELIVERABLES"),
        ),
        ReportForm(
            "PA2022-01",
            fields=(
                _miles("annual_miles", "Annual miles"),
                _miles("in_area_miles", "Miles within the South Coast Air Basin (CMP) or California (Prop 1B)"),
                _text("where_operated", "Where the vehicle was operated"),
                _text("operational_issues", "Operational and maintenance issues and how they were resolved"),
            ),
            documents=(),
            usage_field="annual_miles",
            in_area_field="in_area_miles",
            source=Source(PA2022_01_SEED, "DELIVERABLES"),
        ),
    )
}
