"""The rules mechanism every program shares.

A program's rule set is data (its input fields, required attachments, periods, caps) plus small
rule functions. Each rule function returns a :class:`RuleResult`: pass or fail, a reason a person
understands, and the seed file and section the rule comes from. An :class:`Evaluation` gathers the
results for one project together with the award and every figure that led to it.

Pure Python: nothing here imports Django, so the rules run the same in the web app, the Celery
task, the REST API and the ``evaluate`` command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from core.deadlines import Period

from .fields import Field

if TYPE_CHECKING:
    from .selection import Selection
    from .terms import Term, Terms

CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """Round a dollar amount to the cent (half up), the way invoices and agreements state it."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Source:
    """Where a rule or number comes from: a seed file and its section."""

    file: str
    section: str

    def __str__(self) -> str:
        return f"{self.file}, {self.section}"


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    reason: str
    source: Source

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "passed": self.passed, "reason": self.reason, "source": str(self.source)}


def check(rule: str, passed: bool, source: Source, *, ok: str, fail: str) -> RuleResult:
    """A rule result whose reason is ``ok`` when it passes and ``fail`` when it does not."""
    return RuleResult(rule=rule, passed=passed, reason=ok if passed else fail, source=source)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


@dataclass
class Evaluation:
    """The outcome for one project: every rule's result, the award, and the figures behind it."""

    program: str
    results: list[RuleResult]
    award: Decimal
    figures: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    notes: list[str] = field(default_factory=list)
    round: dict[str, Any] = field(default_factory=dict)
    """The terms a re-issued round sets to other than the seed's values, as the evaluation used them."""

    @property
    def eligible(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def failures(self) -> list[RuleResult]:
        return [result for result in self.results if not result.passed]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; ``"round"`` appears only when a round changed a term, so seed evaluations read as before."""
        serial = {
            "program": self.program,
            "path": self.path,
            "eligible": self.eligible,
            "award": str(self.award),
            "figures": _jsonable(self.figures),
            "rules": [result.as_dict() for result in self.results],
            "notes": self.notes,
        }
        if self.round:
            serial["round"] = _jsonable(self.round)
        return serial


@dataclass(frozen=True)
class EvaluationContext:
    """What a rule may need beyond the project's own fields."""

    evaluated_on: dt.date
    application: Mapping[str, Any] = field(default_factory=dict)
    scores: Mapping[str, int] = field(default_factory=dict)
    terms: Terms | None = None
    """The round's terms (``programs.rules.terms``); ``None`` means the seed's values."""
    onroad_factors: Mapping[tuple[str, int], Any] | None = None
    """The CMP Guidelines' on-road emission factors staff imported (``moyer_onroad.read_factor_rows``), by (engine
    service class, model year); ``None``: none imported, the project's typed factors are used (issue 23)."""
    onroad_factors_source: str = ""
    onroad_override: tuple[Any, Any] | None = None
    """Staff's per-project override of the on-road factors (baseline, replacement ``moyer_onroad.EmissionFactors``;
    the replacement ``None`` for a zero-emission truck), recorded with a reason; it replaces the edition's table
    (issue 23). ``None``: no override in force."""
    onroad_override_source: str = ""

    def terms_or(self, seed: Terms) -> Terms:
        """The round's terms, or ``seed`` (a program's ``Terms`` of its seed values) when no round is given."""
        return self.terms if self.terms is not None else seed


@dataclass(frozen=True)
class AttachmentSlot:
    """A named upload slot from a program's Attachment A "Required attachments".

    ``per_project`` slots belong to one vehicle, piece of equipment or location (a VIN photo, a title, a quote)
    and are asked once per project; the others once per application. ``district_form`` marks the district's own
    business forms, whose blank copies staff post for download.
    """

    key: str
    label: str
    required: bool = True
    per_project: bool = False
    district_form: bool = False


@dataclass(frozen=True)
class Criterion:
    """One criterion of a scoring rubric, scored by staff (e.g. PA2026-03 readiness, 20 points)."""

    key: str
    label: str
    max_points: int
    source: Source
    bonus: bool = False


@dataclass(frozen=True)
class RuleSet:
    """One program's rules as data plus its ``evaluate`` function."""

    code: str
    title: str
    project_noun: str
    application_fields: tuple[Field, ...]
    project_fields: tuple[Field, ...]
    attachments: tuple[AttachmentSlot, ...]
    deficiency_response: Period
    evaluate: Callable[[Mapping[str, Any], EvaluationContext], Evaluation]
    source: Source
    rubric: tuple[Criterion, ...] = ()
    deadlines_after_delivery: tuple[tuple[str, Period], ...] = ()
    cross_checks: Callable[[Mapping[str, Any]], dict[str, str]] | None = None
    terms: tuple[Term, ...] = ()
    """Dates and amounts a re-issued announcement may change, each with the seed's value and clause."""
    paths: tuple[tuple[str, str], ...] = ()
    """Where one program funds a project under several rule sets (PA2022-01): each ``Evaluation.path`` and its
    name for people."""
    selection: Selection | None = None
    """How the announcement selects the projects it funds (``programs.rules.selection``), cited."""
    review_time: Period | None = None
    """The time the announcement gives staff to review a submitted application (e.g. PA2022-01's thirty business days
    to send a notice of missing information), from its submission; None where it states none. Staff's My work page
    shows each application's age against it."""

    @property
    def project_noun_plural(self) -> str:
        return f"{self.project_noun}s"

    def deficiency_response_in(self, terms: Terms | None) -> Period:
        """The answer period to a request for information in a round (``None``: the seed's)."""
        return self.deficiency_response if terms is None else terms.resolve(self.deficiency_response)

    def deadlines_after_delivery_in(self, terms: Terms | None) -> tuple[tuple[str, Period], ...]:
        """The periods running from delivery in a round (``None``: the seed's)."""
        if terms is None:
            return self.deadlines_after_delivery
        return tuple((name, terms.resolve(period)) for name, period in self.deadlines_after_delivery)
