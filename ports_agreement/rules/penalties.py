"""The Cooperative Agreement's penalty tiers (000_5a27d03f56223f7e.txt, "Penalty Structure for Contract Defaults").

These are the defaults the ``DefaultTier`` table is seeded with; staff edit the tiers' definitions there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .sources import agreement

SOURCE = agreement("Penalty Structure for Contract Defaults")


@dataclass(frozen=True)
class PenaltyTier:
    name: str
    amount_per_default: Decimal


PENALTY_TIERS = (
    PenaltyTier("Tier I", Decimal("50000")),
    PenaltyTier("Tier II", Decimal("100000")),
    PenaltyTier("Tier III", Decimal("200000")),
)


def penalty_total(counts: Iterable[tuple[Decimal, int]]) -> Decimal:
    """Sum of ``amount per default x number of defaults`` over tiers; "$ per Default" is per default."""
    return sum((amount * count for amount, count in counts), Decimal("0"))
