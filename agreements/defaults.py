"""What a drafted agreement sets for a project, by default, from the approved application. Pure Python: no Django.

The agreement "establish[es] the milestone schedule" (001_ea26778b00a7e017.txt, PA2026-03 Table 2 step 3) and
states the usage it requires; the documents take both from the application:

- PA2026-03: the milestone dates of Attachment A's PROJECT IMPLEMENTATION SCHEDULE, as proposed; the annual
  throughput "as proposed by the applicant in the application ... subject to review by South Coast AQMD staff"
  (SECTION V).
- PA2025-04 (003_b264a6114e3b8c3f.txt): the MAXIMUM ELIGIBLE FUNDING row of the project (replacement, repower, or
  zero emission), its equipment type and the project life the cost-effectiveness used ("the project life used in
  calculating the NOx emissions reductions will be used to determine ... the length of their contract", PROJECT
  COST); "The annual hours used to calculate cost-effectiveness will be included in the contract" (PROGRAM
  CRITERIA).
- PA2022-01 (002_93fe1fbed5faf247.txt): the funding path the evaluation offered (CMP or Prop 1B) and, for CMP, the
  project life the application chose ("The contract term will also be ten years", PROJECT COST); the annual miles
  the cost-effectiveness used (ELIGIBILITY REQUIREMENTS, CMP: "cost effectiveness will be based on the annual
  mileage").
- PA2026-01: the projected annual hours (Attachment A; the agreement's "usage requirements", Section 6.3).
- PA2026-02: nothing beyond the seed's 7,000 miles a year (SECTION 4), a round term.

Staff review these while the agreement is a draft (``services.set_values``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from programs.rules import pa2022_01_cmp, pa2025_04

ANNUAL_REQUIREMENT = "annual_requirement"
"""The annual usage the agreement requires (hours, miles or kWh), read by the reporting rules
(``reporting.rules.usage.AGREEMENT_FIELDS``)."""


def _soon(values: Mapping[str, Any], path: str, figures: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if "project_type" in values and "new_engine_tier" in values:
        row = pa2025_04.funding_row(values)
        found["project_type"] = next(key for key, each in pa2025_04.MAXIMUM_FUNDING_TABLE.items() if each is row)
    if "equipment_type" in values:
        found["equipment_type"] = values["equipment_type"]
    if figures.get("project_life_years") is not None:
        found["project_life_years"] = int(figures["project_life_years"])
    hours = values.get("proposed_annual_hours", figures.get("annual_hours"))
    if hours is not None:
        found[ANNUAL_REQUIREMENT] = hours
    return found


def _trucks(values: Mapping[str, Any], path: str, figures: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if path:
        found["path"] = path
    if path == pa2022_01_cmp.PATH and values.get("project_life_years") is not None:
        found["project_life_years"] = values["project_life_years"]
    if figures.get("annual_miles_used") is not None:
        found[ANNUAL_REQUIREMENT] = figures["annual_miles_used"]
    return found


def _charging(values: Mapping[str, Any], path: str, figures: Mapping[str, Any]) -> dict[str, Any]:
    from agreements.rules.pa2026_03 import AGREEMENT_FIELDS

    found = {spec.name: values[spec.name] for spec in AGREEMENT_FIELDS if values.get(spec.name) is not None}
    if values.get("projected_annual_throughput_kwh") is not None:
        found[ANNUAL_REQUIREMENT] = values["projected_annual_throughput_kwh"]
    return found


def _cargo_handling(values: Mapping[str, Any], path: str, figures: Mapping[str, Any]) -> dict[str, Any]:
    hours = values.get("projected_annual_hours")
    return {ANNUAL_REQUIREMENT: hours} if hours is not None else {}


def _nothing(values: Mapping[str, Any], path: str, figures: Mapping[str, Any]) -> dict[str, Any]:
    return {}


DEFAULTS: dict[str, Callable[[Mapping[str, Any], str, Mapping[str, Any]], dict[str, Any]]] = {
    "PA2026-01": _cargo_handling,
    "PA2026-02": _nothing,
    "PA2026-03": _charging,
    "PA2025-04": _soon,
    "PA2022-01": _trucks,
}


def agreement_defaults(
    code: str, values: Mapping[str, Any], path: str = "", figures: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The typed values a drafted agreement sets for one project, from the project's typed answers (``values``),
    the evaluation's path and its figures."""
    return DEFAULTS.get(code, _nothing)(values, path, figures or {})
