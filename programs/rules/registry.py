"""Every program's rule set, found by code.

Each module in this package that defines ``RULE_SET`` is a program; adding a program is adding a
module. ``evaluate_input`` is the one entry point the Celery task, the REST API and the
``evaluate`` command share.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache
from typing import Any

from .base import Evaluation, EvaluationContext, RuleSet
from .fields import InputError, parse_date, parse_values
from .terms import terms_from


@cache
def rule_sets() -> dict[str, RuleSet]:
    found: dict[str, RuleSet] = {}
    for module_info in pkgutil.iter_modules(importlib.import_module(__package__).__path__):
        module = importlib.import_module(f"{__package__}.{module_info.name}")
        rule_set = getattr(module, "RULE_SET", None)
        if isinstance(rule_set, RuleSet):
            found[rule_set.code] = rule_set
    return dict(sorted(found.items()))


def get_rule_set(code: str) -> RuleSet:
    try:
        return rule_sets()[code]
    except KeyError:
        raise InputError({"program": f"unknown program {code!r}; known: {', '.join(rule_sets())}"}) from None


def parse_project_input(
    rule_set: RuleSet, raw_application: Mapping[str, Any], raw_project: Mapping[str, Any], *, strict: bool = True
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Typed application and project values, or one ``InputError`` naming every bad field."""
    errors: dict[str, str] = {}
    application: dict[str, Any] = {}
    project: dict[str, Any] = {}
    try:
        application = parse_values(rule_set.application_fields, raw_application, strict=strict)
    except InputError as error:
        errors.update({f"application.{name}": message for name, message in error.errors.items()})
    try:
        project = parse_values(rule_set.project_fields, raw_project, strict=strict)
    except InputError as error:
        errors.update({f"project.{name}": message for name, message in error.errors.items()})
    if not errors and rule_set.cross_checks:
        errors.update({f"project.{name}": message for name, message in rule_set.cross_checks(project).items()})
    if errors:
        raise InputError(errors)
    return application, project


TOP_LEVEL_KEYS = ("evaluated_on", "application", "project", "scores", "round", "emission_factors", "factor_override")
FACTOR_KEYS = ("emission_factors", "factor_override")
"""PA2022-01 only (issue 23): the Carl Moyer Guidelines edition's on-road table and staff's per-project override."""


def _factor_inputs(code: str, document: Mapping[str, Any]) -> dict[str, Any]:
    """The ``emission_factors`` (``{"edition", "rows": [{service_class, engine_model_year, nox_g_per_mile,
    rog_g_per_mile, pm10_g_per_mile}]}``) and ``factor_override`` (``{"baseline": {"nox", "rog", "pm10"},
    "replacement": {...}, "reason"}``) of an evaluate input as ``EvaluationContext`` arguments; every bad field named
    by its path."""
    from decimal import Decimal, InvalidOperation

    from . import moyer_onroad

    given = [key for key in FACTOR_KEYS if key in document]
    if given and code != "PA2022-01":
        raise InputError({key: "only PA2022-01's Carl Moyer path reads emission factors" for key in given})
    context: dict[str, Any] = {}
    errors: dict[str, str] = {}
    table = document.get("emission_factors")
    if table is not None:
        if not isinstance(table, Mapping) or not str(table.get("edition", "")).strip():
            errors["emission_factors.edition"] = "name the Carl Moyer Guidelines edition the table comes from"
        rows = table.get("rows") if isinstance(table, Mapping) else None
        if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
            errors["emission_factors.rows"] = f"must be a list of objects with {', '.join(moyer_onroad.FACTOR_COLUMNS)}"
        else:
            factors, bad = moyer_onroad.read_factor_rows([{k: str(v) for k, v in row.items()} for row in rows])
            for where, message in bad.items():  # "row N, column C": N counts the CSV header as row 1
                parts = where.replace(",", "").split()
                name = (
                    f"emission_factors.rows[{int(parts[1]) - 2}].{parts[3]}"
                    if len(parts) == 4 and parts[1].isdigit()
                    else "emission_factors.rows"
                )
                errors[name] = message
            if not bad:
                context["onroad_factors"] = factors
                context["onroad_factors_source"] = f"{table['edition']} (given in the input)"
    override = document.get("factor_override")
    if override is not None:
        if not isinstance(override, Mapping):
            raise InputError({"factor_override": "must be a JSON object with baseline, replacement and reason"})
        if not str(override.get("reason", "")).strip():
            errors["factor_override.reason"] = "say why these factors replace the Guidelines edition's table"
        engines: dict[str, Any] = {}
        for who in ("baseline", "replacement"):
            grams = override.get(who)
            if grams is None and who == "replacement":
                engines[who] = None
                continue
            if not isinstance(grams, Mapping):
                errors[f"factor_override.{who}"] = "give nox, rog and pm10 in grams per mile"
                continue
            values = []
            for pollutant in ("nox", "rog", "pm10"):
                try:
                    value = Decimal(str(grams[pollutant]))
                    if not value.is_finite() or value < 0:
                        raise InvalidOperation
                    values.append(value)
                except (KeyError, InvalidOperation):
                    errors[f"factor_override.{who}.{pollutant}"] = "enter grams per mile, 0 or more"
            if len(values) == 3:
                engines[who] = moyer_onroad.EmissionFactors(*values)
        if not errors and "baseline" in engines:
            context["onroad_override"] = (engines["baseline"], engines.get("replacement"))
            context["onroad_override_source"] = f"given in the input: {override['reason']}"
    if errors:
        raise InputError(errors)
    return context


def evaluate_input(code: str, document: Mapping[str, Any]) -> Evaluation:
    """Evaluate one project given as ``{"evaluated_on", "application": {...}, "project": {...}}``.

    An optional ``"round": {term: value}`` evaluates it under a re-issued announcement's terms (the rule set's
    ``terms``, e.g. ``{"deployment_deadline": "2029-02-28"}``); without it every term is the seed's value.
    """
    rule_set = get_rule_set(code)
    unknown = set(document) - set(TOP_LEVEL_KEYS)
    if unknown:
        raise InputError(
            {name: f"is not a top-level key (use {', '.join(TOP_LEVEL_KEYS)})" for name in sorted(unknown)}
        )
    try:
        evaluated_on = parse_date(document.get("evaluated_on", dt.date.today().isoformat()))
    except ValueError as error:
        raise InputError({"evaluated_on": str(error).replace("enter a date", "enter the evaluation date")}) from None
    for key in ("application", "project"):
        if not isinstance(document.get(key, {}), Mapping):
            raise InputError({key: "must be a JSON object of field names and values"})
    scores = document.get("scores", {})
    if not isinstance(scores, Mapping):
        raise InputError({"scores": "must be a JSON object of criterion and points"})
    errors: dict[str, str] = {}
    try:
        terms = terms_from(rule_set.terms, document)
    except InputError as error:
        errors.update(error.errors)
    try:
        application, project = parse_project_input(
            rule_set, document.get("application", {}), document.get("project", {})
        )
    except InputError as error:
        errors.update(error.errors)
    try:
        factors = _factor_inputs(rule_set.code, document)
    except InputError as error:
        errors.update(error.errors)
    if errors:
        raise InputError(errors)
    context = EvaluationContext(
        evaluated_on=evaluated_on, application=application, scores=dict(scores), terms=terms, **factors
    )
    evaluation = rule_set.evaluate(project, context)
    evaluation.round = terms.changed
    return evaluation
