"""Rule 4001 (c)(5): when a control strategy counts as feasible."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .sources import rule_4001

SOX_LIMIT = Decimal("35000")  # $ per ton of SOx, Rule 4001 (c)(5)(B)(ii)
# "the applicable Carl Moyer Program cost-effectiveness for NOx and PM combined" ((c)(5)(B)(i)) is not a number
# in the rule: it is the CMP limit in force. Default: the base (Step 1) limit in force in 2022, $33,000 per
# weighted ton (../shared/reference/moyer-cost-effectiveness.md); each plan stores the limit staff apply.
CARL_MOYER_NOX_PM_LIMIT = Decimal("33000")
SOURCE = rule_4001("(c)(5)")


@dataclass(frozen=True)
class Feasibility:
    feasible: bool
    reason: str
    source: str = SOURCE


def feasibility(
    *,
    legal_authority: bool,
    nox_pm_cost_per_ton: Decimal | None,
    sox_cost_per_ton: Decimal | None,
    moyer_limit: Decimal = CARL_MOYER_NOX_PM_LIMIT,
) -> Feasibility:
    """Feasible only with the Ports' legal authority and cost-effectiveness within both limits.

    A strategy that reduces no NOx/PM (or no SOx) passes ``None`` for that figure; the limit does not apply.
    """
    problems = []
    if not legal_authority:
        problems.append("the Ports lack the legal authority to implement it ((c)(5)(A))")
    if nox_pm_cost_per_ton is not None and nox_pm_cost_per_ton > moyer_limit:
        problems.append(
            f"${nox_pm_cost_per_ton:,.2f} per ton of NOx and PM exceeds the Carl Moyer limit "
            f"${moyer_limit:,.2f} ((c)(5)(B)(i))"
        )
    if sox_cost_per_ton is not None and sox_cost_per_ton > SOX_LIMIT:
        problems.append(f"${sox_cost_per_ton:,.2f} per ton of SOx exceeds ${SOX_LIMIT:,.2f} ((c)(5)(B)(ii))")
    if problems:
        return Feasibility(False, "Not feasible: " + "; ".join(problems) + ".")
    return Feasibility(True, "Feasible: within the Ports' legal authority and both cost-effectiveness limits.")
