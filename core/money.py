"""Money as people read it, everywhere the portal prints an amount: ``$1,234.00`` (developers' guide, "What people
see": "money is `$1,234.00`"). Pure Python: the rules print their refusals with it too."""

from __future__ import annotations

from decimal import Decimal


def usd(amount) -> str:
    """``Decimal("2520000")`` -> ``$2,520,000.00``; blank stays blank."""
    if amount in (None, ""):
        return ""
    return f"${Decimal(amount):,.2f}"
