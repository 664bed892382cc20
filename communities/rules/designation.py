"""Whether a census tract is a disadvantaged or a low-income community, and what a geocoder's answer says.

PA2025-04 SECTION IV items 2 and 3 (003_b264a6114e3b8c3f.txt): "Each project's domiciled address will be used to
determine if the project is located within a DAC or low-income community. The CalEnviroScreen 4.0 tool will be
used ..."; a project not domiciled in one "may still be considered if the application documentation shows that the
vehicle/equipment was operated a majority of time in a DAC and/or low-income community". PA2022-01 gives priority to
projects "in and around Disadvantage Communities" (002_93fe1fbed5faf247.txt, PROGRAM ADMINISTRATION).

The lists are the state's: CalEnviroScreen 4.0 disadvantaged communities designated under SB 535 (CalEPA, May 2022:
the top 25 percent of scores, the tracts with the highest pollution burden and no score, the 2017 designations and
tribal lands) and the AB 1550 low-income tracts (CARB's Priority Populations). CalEnviroScreen 4.0 is built on 2010
census tracts, so the address is geocoded to its 2010 tract. Pure Python: no Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GEOID = re.compile(r"^\d{11}$")
"""A census tract's GEOID: state (2), county (3) and tract (6) digits, e.g. ``06037206300``."""


class Designation(StrEnum):
    DAC = "dac"
    LOW_INCOME = "low_income"
    BOTH = "dac_and_low_income"
    NONE = "none"

    @property
    def qualifies(self) -> bool:
        """In a DAC and/or low-income community: first in the funding order, counted toward SOON's DAC floor."""
        return self is not Designation.NONE


def designation_of(tract: str, dac_tracts: Collection[str], low_income_tracts: Collection[str]) -> Designation:
    """The tract's designation on the imported lists."""
    dac, low_income = tract in dac_tracts, tract in low_income_tracts
    if dac and low_income:
        return Designation.BOTH
    if dac:
        return Designation.DAC
    if low_income:
        return Designation.LOW_INCOME
    return Designation.NONE


@dataclass(frozen=True)
class TractMatch:
    """What the geocoder found: the matched address and its 2010 census tract (``None`` when no address matched)."""

    matched_address: str
    tract: str | None


class GeocoderAnswerError(ValueError):
    """The geocoder's answer is not in its documented format."""


def census_tract_from(answer: Mapping[str, Any], layer: str = "Census Tracts") -> TractMatch:
    """The first address match's census tract from a US Census Geocoder ``geographies`` answer (its documented JSON:
    ``result.addressMatches[].geographies["Census Tracts"][].GEOID``); no match gives ``TractMatch("", None)``."""
    try:
        matches = answer["result"]["addressMatches"]
    except (KeyError, TypeError):
        raise GeocoderAnswerError("the answer has no result.addressMatches") from None
    if not matches:
        return TractMatch("", None)
    first = matches[0]
    tracts = (first.get("geographies") or {}).get(layer) or []
    geoid = str(tracts[0].get("GEOID", "")) if tracts else ""
    if geoid and not GEOID.match(geoid):
        raise GeocoderAnswerError(f"the tract GEOID {geoid!r} is not 11 digits")
    return TractMatch(str(first.get("matchedAddress", "")), geoid or None)


@dataclass(frozen=True)
class TractRow:
    geoid: str
    category: str


def read_tract_rows(rows: list[dict[str, str]]) -> tuple[list[TractRow], dict[str, str]]:
    """The tracts of a designation list file (CSV rows with a ``tract`` or ``geoid`` column, optional ``category``),
    and every error by "row N, column C". A 10-digit GEOID (the leading zero of California's 06 dropped by a
    spreadsheet) is read as the 11-digit one."""
    found: list[TractRow] = []
    errors: dict[str, str] = {}
    if rows and not ({"tract", "geoid"} & {key.strip().lower() for key in rows[0]}):
        return [], {"row 1": "no tract column: name it tract or geoid (the 11-digit census tract GEOID)"}
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        values = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
        column = "tract" if "tract" in values else "geoid"
        geoid = values.get(column, "").split(".")[0]
        if len(geoid) == 10 and geoid.isdigit():
            geoid = "0" + geoid
        if not GEOID.match(geoid):
            errors[f"row {number}, column {column}"] = f"{values.get(column)!r} is not an 11-digit census tract GEOID"
            continue
        if geoid in seen:
            errors[f"row {number}, column {column}"] = f"tract {geoid} is listed twice"
            continue
        seen.add(geoid)
        found.append(TractRow(geoid, values.get("category", "")))
    return found, errors
