"""The public page and the open-data export: headline totals per program and by county, and the awards list with
only what a Public Records Act release would show (the awardee organization, the program, the county, the award and
its status). Never a person's name or e-mail address, never a draft or an application still under review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts, selectors
from .figures import ZERO
from .tables import COUNT, MONEY, Column, Table

STATUS = {
    "approved": gettext_lazy("Approved, agreement in preparation"),
    "under_agreement": gettext_lazy("Under agreement"),
    "paid": gettext_lazy("Paid"),
    "reporting": gettext_lazy("Paid, reporting usage"),
    "closed": gettext_lazy("Closed"),
    "withdrawn_rejected": gettext_lazy("Terminated"),
}
"""An award's status in words (``figures.STAGES`` of an approved application)."""
STATUS_CODES = {
    "approved": "approved",
    "under_agreement": "under_agreement",
    "paid": "paid",
    "reporting": "reporting",
    "closed": "closed",
    "withdrawn_rejected": "terminated",
}
"""The status as the open data names it (stable codes, documented in docs/open-data.md)."""


@dataclass
class Headline:
    code: str
    title: str
    funding_source: str
    budget: object
    awarded: object
    available: object
    projects: int


def headlines(money: list[selectors.ProgramFigures], places: list[selectors.PlaceFigures]) -> list[Headline]:
    projects = defaultdict(int)
    for place in places:
        projects[place.program_id] += place.projects
    return [
        Headline(
            item.program.code,
            item.program.title,
            "; ".join(fund.fund.name for fund in item.funds) or item.program.funding_source,
            item.balance.budget,
            item.balance.encumbered,
            item.balance.available,
            projects[item.program.pk],
        )
        for item in money
    ]


def programs_table(found: list[Headline]) -> Table:
    return Table(
        "programs",
        _("Funds and awards by program"),
        [
            Column(_("Program")),
            Column(_("Funding source")),
            Column(_("Funds"), MONEY),
            Column(_("Awarded"), MONEY),
            Column(_("Available"), MONEY),
            Column(_("Projects funded"), COUNT),
        ],
        [
            [f"{item.code} {item.title}", item.funding_source, item.budget, item.awarded, item.available, item.projects]
            for item in found
        ],
        footer=[
            _("All programs"),
            "",
            sum((item.budget for item in found), ZERO),
            sum((item.awarded for item in found), ZERO),
            sum((item.available for item in found), ZERO),
            sum(item.projects for item in found),
        ],
        chart=charts.bar_chart(
            [item.code for item in found],
            [_("Awarded"), _("Available")],
            [[item.awarded, max(item.available, ZERO)] for item in found],
            stacked=True,
        ),
        chart_title=_("Each program's funds: awarded and available"),
    )


def counties_table(money: list[selectors.ProgramFigures], places: list[selectors.PlaceFigures]) -> Table:
    codes = {item.program.pk: item.program.code for item in money}
    found: dict = defaultdict(lambda: [0, ZERO])
    by_county: dict = defaultdict(lambda: ZERO)
    for place in places:
        bucket = found[(place.county or _("(no county)"), codes.get(place.program_id, ""))]
        bucket[0] += place.projects
        bucket[1] += place.awarded
        by_county[place.county or _("(no county)")] += place.awarded
    rows = [[county, code, projects, awarded] for (county, code), (projects, awarded) in sorted(found.items())]
    counties = sorted(by_county, key=lambda county: -by_county[county])
    return Table(
        "counties",
        _("Awards by county"),
        [Column(_("County")), Column(_("Program")), Column(_("Projects funded"), COUNT), Column(_("Awarded"), MONEY)],
        rows,
        chart=charts.bar_chart(counties, [_("Awarded")], [[by_county[county]] for county in counties])
        if counties
        else None,
        chart_title=_("Awarded by county"),
        empty=_("No award yet."),
    )


def tables(period: selectors.Period = selectors.ALL_TIME) -> tuple[list[Headline], list[Table]]:
    with selectors.one_reading():
        money = selectors.portfolio(period)
        places = selectors.places(period)
    found = headlines(money, places)
    return found, [programs_table(found), counties_table(money, places)]


def award_record(award: selectors.Award) -> dict:
    """One award as the open data gives it (money as a string of dollars and cents)."""
    return {
        "reference": award.reference,
        "awardee": award.awardee,
        "program": award.program,
        "program_title": award.program_title,
        "county": award.county,
        "award": str(award.award),
        "paid": str(award.paid),
        "status": STATUS_CODES[award.stage],
    }


AWARD_FIELDS = ("reference", "awardee", "program", "program_title", "county", "award", "paid", "status")
