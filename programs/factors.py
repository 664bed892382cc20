"""The Carl Moyer on-road emission factors and PA2022-01's Tables 2 and 3 reference, in words for staff pages
(issue 23): the review page and the funding approve page show where a project's factors came from and the
announcement's estimate beside the computed amount, flagged when they differ by more than 10 percent
(``programs.rules.pa2022_01_cmp.tables_2_3_reference``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.citations import public


@dataclass(frozen=True)
class Reference:
    estimate: Decimal | None
    computed: Decimal | None
    difference: Decimal | None
    difference_percent: Decimal | None
    flagged: bool
    words: str
    source: str


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def factors_in_words(figures: dict) -> str:
    """Where the CMP path's emission factors came from ("" for a project whose program reads none)."""
    origin = figures.get("emission_factors_from")
    if origin is None:
        return ""
    source = public(figures.get("emission_factors_source", ""))
    if origin == "override":
        return _("Staff's override ({source})").format(source=source)
    if origin == "table":
        return _("The round's Carl Moyer Guidelines edition: {source}").format(source=source)
    if origin == "typed":
        return _("Typed on the project, not from an imported Guidelines table")
    return _("None: no Guidelines table holds this engine and no factors were given")


def tables_reference(figures: dict) -> Reference | None:
    """The stored Tables 2 and 3 reference of a PA2022-01 evaluation in words, or ``None`` for other programs."""
    raw = figures.get("tables_2_3_reference")
    if not raw:
        return None
    estimate, computed = _decimal(raw.get("estimate")), _decimal(raw.get("computed"))
    difference, percent = _decimal(raw.get("difference")), _decimal(raw.get("difference_percent"))
    flagged = bool(raw.get("flagged"))
    if estimate is None or computed is None:
        words = _(raw.get("reason") or "") or _("No estimate applies.")
    else:
        words = _(
            "The announcement's Tables 2 and 3 estimate ${estimate:,.2f}; the computed amount (cost-effectiveness "
            "limit or cap) is ${computed:,.2f}, {sign}${difference:,.2f} ({percent:+}%)."
        ).format(
            estimate=estimate,
            computed=computed,
            sign="-" if difference < 0 else "+",
            difference=abs(difference),
            percent=percent,
        )
        if flagged:
            words += " " + _("More than 10 percent apart: review the emission factors and mileage.")
    return Reference(estimate, computed, difference, percent, flagged, words, public(raw.get("source", "")))
