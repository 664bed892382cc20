"""What the three INVEST CLEAN rebate agreements share after the award (001_ea26778b00a7e017.txt).

PA2026-01, PA2026-02 and PA2026-03 each list the same remedies for non-performance (extend the
agreement to make up a usage shortfall; transfer ownership to a committed operator, approved first by
South Coast AQMD and US EPA), ask for semi-annual reports, and tie a yearly labor-law certification to
the progress reports. Each announcement states them in its own section, cited here per program.
"""

from __future__ import annotations

from programs.rules.base import Source
from programs.rules.invest_clean import SEED

from .base import Event, Remedy, RemedyKind, report_due_term

EVERY_SIX_MONTHS = 6


def src(code: str, section: str) -> Source:
    return Source(SEED, f"{code} {section}")


def agreement_executed(code: str, section: str) -> Event:
    """ "The South Coast AQMD has no obligation to fund a project until an agreement is fully executed by both
    parties"."""
    return Event("agreement_executed", "execution of the rebate agreement by both parties", src(code, section))


def remedies(code: str, section: str) -> tuple[Remedy, ...]:
    """The announcement's "Options ... to remedy non-performance", in its order, before enforcement action."""
    source = src(code, section)
    return (
        Remedy(
            RemedyKind.EXTENSION, "Extend the agreement to allow the makeup of the usage requirement shortfall", source
        ),
        Remedy(
            RemedyKind.TRANSFER,
            "Transfer ownership to another entity committed to complying with the agreement "
            "(the owner helps find a new operator and keeps the funded equipment in "
            "operating condition; South Coast AQMD and US EPA approve the justification for "
            "the deployment failure before any transfer)",
            source,
        ),
        Remedy(RemedyKind.ENFORCEMENT, "Enforcement action, if no remedy is agreed", source),
    )


def report_due_days(code: str, schedule_clause: str):
    """The portal's 30-day default: the announcement leaves the report schedule to the agreement."""
    return report_due_term(src(code, f"{schedule_clause} (schedule left to the agreement; portal default)"))


NO_PAYBACK_NOTE = (
    "The INVEST CLEAN announcements give no payback for a usage shortfall: their remedies are an extension of the "
    "agreement and a transfer of ownership before enforcement action; a return of funds is named only for labor-law "
    "violations."
)
