"""The ``allocate`` command's input file read into funds and candidates, every bad field named.

Format (docs/allocate.md): ``{"funds": [...], "projects": [...], "round": {...}}``. Pure Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from programs.rules.fields import Field, InputError, Kind, parse_value
from programs.rules.registry import get_rule_set
from programs.rules.selection import Selection
from programs.rules.terms import terms_from

from .allocation import PACIFIC, Allocation, Candidate, Fund, allocate

TOP_LEVEL = ("funds", "projects", "round")
FUND_KEYS = (
    "key",
    "label",
    "budget",
    "committed",
    "committed_by_area",
    "reserves",
    "county_shares",
    "pays",
    "redistribute",
)
PROJECT_KEYS = (
    "id",
    "submitted_at",
    "award",
    "county",
    "dac",
    "score",
    "cost_effectiveness_per_ton",
    "path",
    "label",
    "category",
)

MONEY = Field("amount", "Amount", Kind.MONEY, unit="USD")
WEIGHT = Field("weight", "Truck population", Kind.INTEGER)
SCORE = Field("score", "Rubric score", Kind.INTEGER, max_value=Decimal(100))
PER_TON = Field("per_ton", "Cost-effectiveness", Kind.DECIMAL, unit="USD per ton")


class Reader:
    """Collects one message per bad field instead of stopping at the first."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def value(self, spec: Field, raw: Any, name: str, default: Any = None) -> Any:
        if raw is None:
            return default
        try:
            return parse_value(spec, raw)
        except ValueError as error:
            self.errors[name] = str(error)
            return default

    def mapping(self, raw: Any, name: str) -> Mapping[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            self.errors[name] = "must be a JSON object"
            return {}
        return raw

    def moment(self, raw: Any, name: str) -> dt.datetime | None:
        try:
            moment = dt.datetime.fromisoformat(str(raw))
        except (TypeError, ValueError):
            self.errors[name] = "must be a date and time, e.g. 2025-08-15T12:00:05-07:00 (Pacific time if no offset)"
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=PACIFIC)

    def text(self, raw: Any, name: str, *, required: bool = False) -> str:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.errors[name] = "is required"
            return ""
        if not isinstance(raw, str | int) or isinstance(raw, bool):
            self.errors[name] = "must be text"
            return ""
        return str(raw).strip()

    def unknown(self, raw: Mapping[str, Any], known: tuple[str, ...], prefix: str) -> None:
        for name in raw:
            if name not in known:
                self.errors[f"{prefix}{name}"] = f"is not a key here (use {', '.join(known)})"


def read_fund(reader: Reader, selection: Selection, raw: Any, index: int) -> Fund | None:
    prefix = f"funds[{index}]"
    if not isinstance(raw, Mapping):
        reader.errors[prefix] = "must be a JSON object"
        return None
    reader.unknown(raw, FUND_KEYS, f"{prefix}.")
    key = reader.text(raw.get("key"), f"{prefix}.key", required=True)
    if "budget" not in raw:
        reader.errors[f"{prefix}.budget"] = "is required"
    budget = reader.value(MONEY, raw.get("budget"), f"{prefix}.budget", Decimal("0.00"))
    committed = reader.value(MONEY, raw.get("committed"), f"{prefix}.committed", Decimal("0.00"))
    if committed > budget and f"{prefix}.committed" not in reader.errors:
        reader.errors[f"{prefix}.committed"] = "cannot be more than the budget"
    by_area = {
        area: reader.value(MONEY, amount, f"{prefix}.committed_by_area.{area}", Decimal("0.00"))
        for area, amount in reader.mapping(raw.get("committed_by_area"), f"{prefix}.committed_by_area").items()
    }
    reserves = {}
    for area, amount in reader.mapping(raw.get("reserves"), f"{prefix}.reserves").items():
        name = f"{prefix}.reserves.{area}"
        if area not in selection.reserve_areas:
            areas = ", ".join(selection.reserve_areas)
            reader.errors[name] = (
                f"is not an area this program reserves for (areas: {areas})"
                if areas
                else "this program's method has no reserves"
            )
            continue
        reserves[area] = reader.value(MONEY, amount, name, Decimal("0.00"))
    if sum(reserves.values(), Decimal(0)) > budget:
        reader.errors[f"{prefix}.reserves"] = "together cannot be more than the budget"
    shares = {}
    raw_shares = reader.mapping(raw.get("county_shares"), f"{prefix}.county_shares")
    if raw_shares and not selection.county_shares:
        reader.errors[f"{prefix}.county_shares"] = "this program's method has no county shares"
    for county, weight in raw_shares.items():
        shares[county] = reader.value(WEIGHT, weight, f"{prefix}.county_shares.{county}", 0)
    pays: tuple[str, ...] = ()
    if raw.get("pays") is not None:
        if not selection.funds_by_path:
            reader.errors[f"{prefix}.pays"] = "this program's funds pay every project (no paths)"
        elif not isinstance(raw["pays"], list) or not all(path in selection.paths for path in raw["pays"]):
            reader.errors[f"{prefix}.pays"] = f"must be a list of paths among: {', '.join(selection.paths)}"
        else:
            pays = tuple(raw["pays"])
    redistribute = raw.get("redistribute", True)
    if not isinstance(redistribute, bool):
        reader.errors[f"{prefix}.redistribute"] = "must be true or false"
    return Fund(
        key=key,
        label=reader.text(raw.get("label"), f"{prefix}.label") or key,
        budget=budget,
        committed=committed,
        committed_by_area=by_area,
        reserves=reserves,
        county_shares=shares,
        pays=pays,
        redistribute=redistribute is not False,
    )


def read_project(reader: Reader, raw: Any, index: int) -> Candidate | None:
    prefix = f"projects[{index}]"
    if not isinstance(raw, Mapping):
        reader.errors[prefix] = "must be a JSON object"
        return None
    reader.unknown(raw, PROJECT_KEYS, f"{prefix}.")
    identifier = reader.text(raw.get("id"), f"{prefix}.id", required=True)
    submitted_at = reader.moment(raw.get("submitted_at"), f"{prefix}.submitted_at")
    if "award" not in raw:
        reader.errors[f"{prefix}.award"] = "is required"
    award = reader.value(MONEY, raw.get("award"), f"{prefix}.award", Decimal("0.00"))
    dac = raw.get("dac", False)
    if not isinstance(dac, bool):
        reader.errors[f"{prefix}.dac"] = "must be true or false"
    if submitted_at is None:
        return None
    return Candidate(
        id=identifier,
        submitted_at=submitted_at,
        award=award,
        county=reader.text(raw.get("county"), f"{prefix}.county"),
        dac=dac is True,
        score=reader.value(SCORE, raw.get("score"), f"{prefix}.score"),
        cost_effectiveness_per_ton=reader.value(
            PER_TON, raw.get("cost_effectiveness_per_ton"), f"{prefix}.cost_effectiveness_per_ton"
        ),
        path=reader.text(raw.get("path"), f"{prefix}.path"),
        label=reader.text(raw.get("label"), f"{prefix}.label"),
        category=reader.text(raw.get("category"), f"{prefix}.category"),
    )


def _check_categories(reader: Reader, code: str, selection: Selection, projects: list[Candidate | None]) -> None:
    """A project's ``category`` is an answer of the program's field that chooses its limits (issue 23)."""
    fields = {spec.name: spec for spec in get_rule_set(code).project_fields}
    choices = [key for name in selection.category_fields for key, _ in fields[name].choices]
    for index, project in enumerate(projects):
        if project is None or not project.category or project.category in choices:
            continue
        if not choices:
            reader.errors[f"projects[{index}].category"] = f"{code}'s caps and limits take no category"
        else:
            reader.errors[f"projects[{index}].category"] = f"must be one of: {', '.join(choices)}"


def allocate_document(code: str, document: Any) -> Allocation:
    """Rank and allocate the projects of an ``allocate`` input file, or one ``InputError`` naming every bad field."""
    selection = get_rule_set(code).selection
    if selection is None:
        raise InputError({"program": f"{code} has no selection method"})
    if not isinstance(document, Mapping):
        raise InputError({"file": 'must hold a JSON object with "funds" and "projects"'})
    reader = Reader()
    reader.unknown(document, TOP_LEVEL, "")
    try:
        terms = terms_from(selection.terms, document)
    except InputError as error:
        reader.errors.update(error.errors)
        terms = None
    lists: dict[str, Any] = {}
    for name in ("funds", "projects"):
        lists[name] = document.get(name)
        if not isinstance(lists[name], list):
            reader.errors[name] = "must be a list"
            lists[name] = []
    funds = [read_fund(reader, selection, raw, index) for index, raw in enumerate(lists["funds"])]
    projects = [read_project(reader, raw, index) for index, raw in enumerate(lists["projects"])]
    _check_categories(reader, code, selection, projects)
    for name, items, key in (("funds", funds, "key"), ("projects", projects, "id")):
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item is None:
                continue
            value = getattr(item, key)
            if value in seen:
                reader.errors[f"{name}[{index}].{key}"] = f"repeats {name}[{seen[value]}].{key} {value!r}"
            seen.setdefault(value, index)
    if reader.errors:
        raise InputError(reader.errors)
    # without errors every fund and project was read (None marks one in error)
    return allocate(code, selection, cast(list[Fund], funds), cast(list[Candidate], projects), terms)
