"""What a program's payment clause asks before money moves, as data.

Each program pays on reimbursement after the work is done and proven. Its :class:`PaymentRules` list
the proof an awardee uploads (:class:`PaymentDocument`), the facts staff or inspectors must have
confirmed (:class:`Clearance`) and the program's own limits on the amount; ``payable.py`` applies them
once for every program. Pure Python: no Django imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from programs.rules.base import Source
from programs.rules.fields import Field


class Needed(StrEnum):
    """When a document or clearance is needed."""

    ALWAYS = "always"
    FINANCED = "financed"
    """Only for equipment bought with financing (PA2026-01 Table 1 step 5)."""
    FINAL = "final"
    """Only for the final payment of a milestone schedule (PA2026-03 Table 2 step 5)."""


@dataclass(frozen=True)
class PaymentDocument:
    """A named upload slot of the payment request, e.g. the vendor's purchase invoices."""

    key: str
    label: str
    source: Source
    needed: Needed = Needed.ALWAYS


@dataclass(frozen=True)
class Clearance:
    """A fact that must be confirmed before payment; ``hold`` says why payment waits while it is not."""

    key: str
    label: str
    hold: str
    source: Source
    needed: Needed = Needed.ALWAYS


@dataclass(frozen=True)
class PaymentRules:
    """One program's payment clause.

    ``limits(agreement, request)`` returns the program's own limits on the total paid to the project, by name;
    the award and "the eligible cost actually paid less other incentives" apply to every program.
    """

    code: str
    source: Source
    clearances: tuple[Clearance, ...]
    documents: tuple[PaymentDocument, ...]
    limits: Callable[[Mapping[str, Any], Mapping[str, Any]], dict[str, Decimal]]
    award_label: str = "award"
    agreement_fields: tuple[Field, ...] = ()
    request_fields: tuple[Field, ...] = ()
    milestones: bool = False
    """The agreement may divide the award into milestone payments (PA2026-03)."""
    deadline_hold: str = "Payment only if South Coast AQMD extends the deadline."
    notes: tuple[str, ...] = ()
    path_only: tuple[tuple[str, str], ...] = ()
    """Request fields asked only of a project of one funding path: (field name, path), e.g. PA2022-01's
    ``other_funding_state`` of a Prop 1B project."""
    request_notes: Callable[[Mapping[str, Any], Mapping[str, Any]], list[str]] | None = None
    """What the outcome says about the request's own facts (e.g. a default the documents set)."""

    def asks(self, name: str, path: str | None) -> bool:
        """Whether a project of ``path`` is asked field ``name`` (``None``: path not known, every field)."""
        only = dict(self.path_only).get(name)
        return only is None or path is None or only == path
