"""The ports' rules in pure Python (no Django): Rule 4001 arithmetic, the agreement's penalty tiers,
and every deadline the Cooperative Agreement and Rule 4001 set. Each result carries its reason and source.
"""

from .deadlines import DEADLINES, days_late, deadline, report_due, rulemaking_pause_ends
from .emissions import Determination, Emissions, determine, percent_reduction, pm25_equivalent
from .feasibility import Feasibility, feasibility
from .penalties import PENALTY_TIERS, PenaltyTier, penalty_total

__all__ = [
    "DEADLINES",
    "Determination",
    "Emissions",
    "Feasibility",
    "PENALTY_TIERS",
    "PenaltyTier",
    "days_late",
    "deadline",
    "determine",
    "feasibility",
    "penalty_total",
    "percent_reduction",
    "pm25_equivalent",
    "report_due",
    "rulemaking_pause_ends",
]
