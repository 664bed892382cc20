"""What the dashboards count and compare, as data, with the arithmetic on it. Pure Python: no Django.

- ``STAGES``: where an application stands, from submission to closeout, one stage each.
- ``LETTER_ESTIMATE``: the INVEST CLEAN board letter's own estimate of the emission reductions of Measures 1 to 3,
  shown beside what is funded and reported, always as the letter's estimate (never as a measured figure).
- ``COST_EFFECTIVENESS_BASIS``: which tons a program's $/ton is computed on.
- ``share``, ``cost_effectiveness``, ``floor_check``: the few sums the pages show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TON = Decimal("0.0001")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    meaning: str


STAGES = (
    Stage("submitted", "Submitted", "submitted and waiting for staff review"),
    Stage("under_review", "Under review", "information requested, or complete and in eligibility review"),
    Stage("approved", "Approved", "approved, the award encumbered; the agreement not yet executed"),
    Stage("under_agreement", "Under agreement", "agreement executed by both parties, nothing paid yet"),
    Stage("paid", "Paid", "agreement executed and at least one disbursement made"),
    Stage("reporting", "Reporting", "agreement executed and a usage report fallen due or filed"),
    Stage("closed", "Closed", "agreement closed"),
    Stage(
        "withdrawn_rejected",
        "Withdrawn, rejected or terminated",
        "withdrawn by the applicant, rejected by staff, or the agreement terminated",
    ),
)
STAGE_LABELS = {stage.key: stage.label for stage in STAGES}
AWARDED_STAGES = ("approved", "under_agreement", "paid", "reporting", "closed")
"""The stages of an application with an award (what the public awards list shows)."""


@dataclass(frozen=True)
class Estimate:
    pollutant: str
    tons_per_year: Decimal


LETTER_ESTIMATE_SOURCE = (
    '001_ea26778b00a7e017.txt, "Benefits to South Coast AQMD" ("Successful implementation of '
    "these Measures will result in estimated annual emission reductions of 1,329 tons of NOx, "
    '19.4 tons of PM2.5, and 20.3 tons of diesel particulate matter (DPM)")'
)
LETTER_ESTIMATE = (
    Estimate("NOx", Decimal("1329")),
    Estimate("PM2.5", Decimal("19.4")),
    Estimate("Diesel particulate matter (DPM)", Decimal("20.3")),
)
"""INVEST CLEAN Measures 1 through 3 together (PA2026-03, -02 and -01): the board letter's estimate, not a measurement
and not split by program."""
LETTER_PROGRAMS = ("PA2026-01", "PA2026-02", "PA2026-03")


@dataclass(frozen=True)
class Basis:
    tons: str  # "nox" or "weighted"
    label: str
    source: str


COST_EFFECTIVENESS_BASIS = {
    "PA2022-01": Basis(
        "weighted",
        "$ per weighted ton (NOx + ROG + 20 x PM10)",
        "Carl Moyer Program Guidelines cost-effectiveness, 002_93fe1fbed5faf247.txt (CMP path)",
    ),
    "PA2025-04": Basis(
        "nox", "$ per ton of NOx", '003_b264a6114e3b8c3f.txt, SECTION IV ("ranked according to NOx cost-effectiveness")'
    ),
}
"""The programs whose rules compute tons and $/ton (the Carl Moyer methods), and the tons their $/ton is on."""


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percent of ``whole`` to two places (``None`` when the whole is nothing)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def cost_effectiveness(annualized_awards: Decimal, tons_per_year: Decimal) -> Decimal | None:
    """A portfolio's $/ton: its awards' annualized cost (capital recovery factor x award) over the tons a year they
    reduce, the Carl Moyer method applied to the projects together (each project's $/ton is the same ratio,
    ``docs/funding.md``; ``/work/shared/reference/moyer-cost-effectiveness.md``)."""
    if not tons_per_year:
        return None
    return (Decimal(annualized_awards) / Decimal(tons_per_year)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FloorCheck:
    """A share of the awarded money against a floor (SOON: at least 50 percent to DAC / low-income projects)."""

    part: Decimal
    whole: Decimal
    floor_percent: Decimal | None
    budget: Decimal = ZERO

    @property
    def percent(self) -> Decimal | None:
        return share(self.part, self.whole)

    @property
    def met(self) -> bool | None:
        if self.floor_percent is None or self.percent is None:
            return None
        return self.percent >= self.floor_percent

    @property
    def still_held(self) -> Decimal:
        """What the floor still holds for DAC projects: the floor's part of the budget less what they hold."""
        if self.floor_percent is None:
            return ZERO
        return max(ZERO, (self.budget * self.floor_percent / 100).quantize(CENT) - self.part)
