"""Every program's post-award facts, found by code, and the round terms they read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from programs.rules.fields import InputError
from programs.rules.registry import get_rule_set
from programs.rules.terms import Term, Terms

from . import pa2022_01, pa2025_04, pa2026_01, pa2026_02, pa2026_03
from .base import PostAward

PROGRAMS: dict[str, PostAward] = {
    module.POST_AWARD.code: module.POST_AWARD for module in (pa2022_01, pa2025_04, pa2026_01, pa2026_02, pa2026_03)
}


def post_award(code: str) -> PostAward:
    try:
        return PROGRAMS[code]
    except KeyError:
        raise InputError({"program": f"unknown program {code!r}; known: {', '.join(PROGRAMS)}"}) from None


def round_terms(code: str) -> tuple[Term, ...]:
    """The post-award terms of a program, each with the seed's value and clause (empty for a program without
    a post-award step)."""
    program = PROGRAMS.get(code)
    return program.terms if program else ()


def resolve_terms(code: str, overrides: Mapping[str, Any] | None = None) -> Terms:
    """A round's values for the program's application-stage terms (``RuleSet.terms``) and its post-award terms.

    Both sets are resolved together so a round that moves an application-stage date (e.g. PA2026-02's
    deployment deadline) moves the post-award obligation that reads it.
    """
    return Terms(get_rule_set(code).terms + post_award(code).terms, overrides)
