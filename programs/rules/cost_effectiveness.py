"""Carl Moyer Program cost-effectiveness, the method PA2022-01 and PA2025-04 (SOON) rely on.

Source: ../shared/reference/moyer-cost-effectiveness.md ("The method (Guidelines, Appendix C)"),
which restates CARB's Carl Moyer Program Guidelines, Appendix C; 002_93fe1fbed5faf247.txt
(PA2022-01 cost-effectiveness) and 003_b264a6114e3b8c3f.txt (SOON, NOx only).

    cost-effectiveness ($/ton) = annualized cost ($/yr) / emission reductions (tons/yr)
    annualized cost            = grant amount x CRF
    CRF                        = [(1 + i)^n x i] / [(1 + i)^n - 1]
    most a limit L allows      = L x (tons reduced per year) / CRF

Figures are Decimal and are not rounded here; each program rounds where its guidelines do.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

GRAMS_PER_SHORT_TON = Decimal("907200")
"""2017 Guidelines' off-road method divides by 907,200 (reference, "Figures gathered")."""

PM_WEIGHT = Decimal(20)
"""Weighted tons = NOx + ROG + 20 x combustion PM10 (PA2022-01; reference "From the seeds")."""

DISCOUNT_RATE_2017_GUIDELINES = Decimal("0.01")
"""1% in the 2017 Guidelines (capital recovery factor table D-24); a per-edition setting."""


def capital_recovery_factor(rate: Decimal, years: int) -> Decimal:
    """CRF = [(1 + i)^n x i] / [(1 + i)^n - 1]; e.g. 1% over 5 years -> 0.2060 (table D-24)."""
    if years <= 0:
        raise ValueError("project life must be at least one year")
    if rate == 0:
        return Decimal(1) / Decimal(years)
    with localcontext() as context:
        context.prec = 28
        growth = (Decimal(1) + rate) ** years
        return growth * rate / (growth - Decimal(1))


def weighted_tons(nox: Decimal, rog: Decimal, pm10: Decimal) -> Decimal:
    """NOx + ROG + 20 x PM10, each in tons per year."""
    return nox + rog + PM_WEIGHT * pm10


def tons_per_year(grams_per_year: Decimal) -> Decimal:
    return grams_per_year / GRAMS_PER_SHORT_TON


def annualized_cost(grant: Decimal, crf: Decimal) -> Decimal:
    return grant * crf


def cost_effectiveness_per_ton(grant: Decimal, crf: Decimal, tons_reduced_per_year: Decimal) -> Decimal | None:
    """Dollars per (weighted) ton reduced; ``None`` when nothing is reduced."""
    if tons_reduced_per_year <= 0:
        return None
    return annualized_cost(grant, crf) / tons_reduced_per_year


def max_grant_at_limit(limit_per_ton: Decimal, tons_reduced_per_year: Decimal, crf: Decimal) -> Decimal:
    """The most a project may receive under a cost-effectiveness limit: L x tons / CRF."""
    if tons_reduced_per_year <= 0:
        return Decimal(0)
    return limit_per_ton * tons_reduced_per_year / crf
