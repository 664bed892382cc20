"""Rule 4001 emissions arithmetic: PM2.5 equivalent, percent reduction, and the (e)(1) determination."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .sources import rule_4001

NOX_WEIGHT = Decimal("0.07")
SOX_WEIGHT = Decimal("0.53")
PM25_WEIGHT = Decimal("1.0")
FORMULA_SOURCE = rule_4001("(c)(6)")

REDUCTION_TARGET = Decimal("75")
TARGET_SOURCE = rule_4001("(c)(8), (e)(1)(A)-(B)")

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Emissions:
    """NOx, SOx and PM2.5 from all port-related sources, in tons per day (Rule 4001 (c)(1), (c)(6))."""

    nox: Decimal
    sox: Decimal
    pm25: Decimal

    def __post_init__(self):
        for name in ("nox", "sox", "pm25"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise ValueError(f"{name} must be a non-negative number of tons per day, not {value!r}")


def pm25_equivalent(emissions: Emissions) -> Decimal:
    """PM2.5 Equivalent = 0.07 NOx + 0.53 SOx + 1.0 PM2.5, tons/day (004_af983ba73b5d80a4.txt, Rule 4001 (c)(6))."""
    return NOX_WEIGHT * emissions.nox + SOX_WEIGHT * emissions.sox + PM25_WEIGHT * emissions.pm25


def percent_reduction(baseline: Decimal, current: Decimal) -> Decimal:
    """Percent reduction of PM2.5 equivalent from the 2008 baseline, unrounded (Rule 4001 (c)(8), (e)(1))."""
    if baseline <= 0:
        raise ValueError("the baseline PM2.5 equivalent must be greater than zero")
    return (baseline - current) / baseline * 100


def shown(percent: Decimal) -> Decimal:
    """A percent to two places, rounded down, so 74.995 never reads as a target met."""
    return percent.quantize(HUNDREDTH, rounding=ROUND_FLOOR)


@dataclass(frozen=True)
class Determination:
    baseline_pm25_equivalent: Decimal
    report_pm25_equivalent: Decimal
    percent_reduction: Decimal
    plan_required: bool
    reason: str
    source: str = TARGET_SOURCE

    def as_dict(self) -> dict:
        return {
            "baseline_pm25_equivalent": str(self.baseline_pm25_equivalent),
            "report_pm25_equivalent": str(self.report_pm25_equivalent),
            "percent_reduction": str(shown(self.percent_reduction)),
            "reduction_target": str(REDUCTION_TARGET),
            "plan_required": self.plan_required,
            "reason": self.reason,
            "source": self.source,
        }


def determine(baseline: Emissions, report: Emissions) -> Determination:
    """Whether an Emission Reduction Plan is required for the year a report covers.

    At or above the 75 percent reduction target no plan is required ((e)(1)(A)); below it the
    Ports must meet subdivision (f) ((e)(1)(B)). The comparison uses the unrounded percent.
    """
    base, current = pm25_equivalent(baseline), pm25_equivalent(report)
    percent = percent_reduction(base, current)
    required = percent < REDUCTION_TARGET
    if required:
        reason = (
            f"PM2.5 equivalent fell {shown(percent)}% from the 2008 baseline ({current} vs {base} tons/day), "
            f"less than the {REDUCTION_TARGET}% reduction target: an Emission Reduction Plan is required."
        )
    else:
        reason = (
            f"PM2.5 equivalent fell {shown(percent)}% from the 2008 baseline ({current} vs {base} tons/day), "
            f"meeting the {REDUCTION_TARGET}% reduction target: no Emission Reduction Plan is required."
        )
    return Determination(base, current, percent, required, reason)
