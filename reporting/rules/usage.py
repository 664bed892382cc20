"""Whether each reporting period meets the agreement's usage requirement, and what follows from a shortfall.

The requirement is a yearly figure (PA2026-02's 7,000 miles; SOON's contracted annual hours; PA2022-01's
annual miles; PA2026-01's hours and PA2026-03's kWh throughput as the agreement states them), prorated
to each period's months, and where the program says so a share of it inside an area (75% in the two MSAs,
100% for PA2026-01, 75% in the district for SOON, 75% in the SCAB or 90% in California for PA2022-01).
The documents speak of "average usage requirements" (PA2026-01 6.5, PA2026-02 4.5), so a surplus in one
period makes up a shortfall in another: the cumulative shortfall is the requirement to date less the
usage to date. Pure Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, cast

from agreements.rules.base import AreaShare, PostAward, RemedyKind
from agreements.rules.inputs import Reader, program_and_agreement
from agreements.rules.schedule import AgreementTerm, ReportPeriod, agreement_term, report_schedule
from core.deadlines import add_months
from programs.rules.base import money
from programs.rules.fields import Field, Kind, parse_value
from programs.rules.terms import Terms

HUNDREDTH = Decimal("0.01")
ZERO = Decimal(0)

AGREEMENT_FIELDS = (
    Field(
        "annual_requirement",
        "Annual usage the agreement requires",
        Kind.DECIMAL,
        required=False,
        help="Required where the seed sets no figure (hours, miles or kWh a year as the agreement states it).",
    ),
    Field("share_requirement_percent", "Share of the usage required inside the area", Kind.PERCENT, required=False),
    Field("award", "Award in the agreement (for a partial payback)", Kind.MONEY, required=False),
)
USAGE = Field("usage", "Usage in the period", Kind.DECIMAL)
IN_AREA = Field("in_area", "Usage inside the area in the period", Kind.DECIMAL)

PAYBACK_METHOD = (
    "Pro rata to the unmet activity: the award times the cumulative shortfall divided by the usage the agreement "
    "requires over the project life, rounded to the cent. A Carl Moyer Program grant is sized by its emission "
    "reductions, which are proportional to the annual activity (emission factor x horsepower x load factor x annual "
    'hours, or x annual miles: reference/moyer-cost-effectiveness.md, "The method (Guidelines, Appendix C)"), so '
    "the unmet share of the activity is the unmet share of the reductions paid for."
)
PAYBACK_LEFT_TO_GUIDELINES = (
    'The seeds leave the payback method to the Carl Moyer Program Guidelines: SOON says only that "partial payback '
    'of funds may be required if the proposed annual hours are not achieved" (003_b264a6114e3b8c3f.txt, PROGRAM '
    'CRITERIA) and that "all CMP requirements apply" (its introduction); PA2022-01 names no remedy and applies the '
    "CMP and Prop 1B Guidelines (002_93fe1fbed5faf247.txt, EVALUATION CRITERIA). The Guidelines' own text is not "
    "among the seeds or the reference notes: staff confirm the amount against the edition in force before "
    "demanding it."
)


def _quantity(value: Decimal) -> str:
    return str(value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    """A share shown to two places rounded down, so 74.999% never prints as the 75.00% it fails."""
    return (part * 100 / whole).quantize(HUNDREDTH, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class ReportedUsage:
    """What one report says: the usage in the period and, where an area share applies, the usage inside it."""

    number: int
    usage: Decimal
    in_area: Decimal | None = None


@dataclass(frozen=True)
class PeriodUsage:
    """One reporting period against the requirement; ``reported`` is ``None`` until its report is in."""

    period: ReportPeriod
    required: Decimal
    reported: ReportedUsage | None
    share: Decimal | None

    @property
    def met(self) -> bool | None:
        return None if self.reported is None else self.reported.usage >= self.required

    @property
    def short_by(self) -> Decimal | None:
        return None if self.reported is None else max(self.required - self.reported.usage, ZERO)

    @property
    def share_met(self) -> bool | None:
        reported = self.reported
        if reported is None or reported.in_area is None or self.share is None or reported.usage == 0:
            return None
        return reported.in_area * 100 >= self.share * reported.usage

    @property
    def in_area_short_by(self) -> Decimal | None:
        reported = self.reported
        if reported is None or reported.in_area is None or self.share is None or reported.usage == 0:
            return None  # as share_met
        return max(self.share * reported.usage / 100 - reported.in_area, ZERO)

    def as_dict(self) -> dict[str, Any]:
        reported, short_by, in_area_short_by = self.reported, self.short_by, self.in_area_short_by
        found = {
            **self.period.as_dict(),
            "required": _quantity(self.required),
            "reported": _quantity(reported.usage) if reported else None,
            "met": self.met,
            "short_by": _quantity(short_by) if short_by is not None else None,
        }
        if self.share is not None:
            in_area = reported.in_area if reported else None
            found.update(
                {
                    "in_area": _quantity(in_area) if in_area is not None else None,
                    "in_area_percent": str(_percent(in_area, reported.usage))
                    if reported and in_area is not None and self.share_met is not None
                    else None,
                    "in_area_met": self.share_met,
                    "in_area_short_by": _quantity(in_area_short_by) if in_area_short_by is not None else None,
                }
            )
        return found


@dataclass
class RemedyOption:
    kind: RemedyKind
    label: str
    source: str
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"remedy": self.kind.value, "label": self.label, **self.figures, "source": self.source}


@dataclass
class UsageAssessment:
    """The requirement, every period against it, the cumulative position and the remedies that follow."""

    program: PostAward
    annual_requirement: Decimal
    annual_source: str
    share: AreaShare | None
    share_percent: Decimal | None
    share_source: str | None
    term: AgreementTerm
    periods: list[PeriodUsage]
    remedies: list[RemedyOption]
    notes: list[str]

    @property
    def reported(self) -> list[PeriodUsage]:
        return [item for item in self.periods if item.reported is not None]

    @property
    def required_to_date(self) -> Decimal:
        return sum((item.required for item in self.reported), ZERO)

    @property
    def reported_to_date(self) -> Decimal:
        return sum((item.reported.usage for item in self.periods if item.reported is not None), ZERO)

    @property
    def shortfall(self) -> Decimal:
        return max(self.required_to_date - self.reported_to_date, ZERO)

    @property
    def required_over_term(self) -> Decimal:
        return self.annual_requirement * self.term.original_months / 12

    @property
    def in_area_to_date(self) -> Decimal | None:
        if self.share is None:
            return None
        return sum(
            (item.reported.in_area for item in self.periods if item.reported and item.reported.in_area is not None),
            ZERO,
        )

    @property
    def share_met_to_date(self) -> bool | None:
        in_area, share_percent = self.in_area_to_date, self.share_percent
        if in_area is None or share_percent is None or not self.reported_to_date:
            return None
        return in_area * 100 >= share_percent * self.reported_to_date

    @property
    def months_reported(self) -> int:
        return sum(item.period.months for item in self.reported)

    def as_dict(self) -> dict[str, Any]:
        usage = self.program.usage
        cumulative = {
            "required_to_date": _quantity(self.required_to_date),
            "reported_to_date": _quantity(self.reported_to_date),
            "shortfall": _quantity(self.shortfall),
            "met": self.shortfall == 0,
            "required_over_term": _quantity(self.required_over_term),
            "months_reported": self.months_reported,
        }
        in_area_to_date = self.in_area_to_date  # None without an area share
        if in_area_to_date is not None:
            cumulative.update(
                {
                    "in_area_to_date": _quantity(in_area_to_date),
                    "in_area_percent": str(_percent(in_area_to_date, self.reported_to_date))
                    if self.reported_to_date
                    else None,
                    "in_area_met": self.share_met_to_date,
                }
            )
        return {
            "program": self.program.code,
            "metric": usage.metric,
            "unit": usage.unit,
            "annual_requirement": _quantity(self.annual_requirement),
            "annual_requirement_source": self.annual_source,
            "area_share": None
            if self.share is None
            else {"area": self.share.area, "percent": str(self.share_percent), "source": self.share_source},
            "term": self.term.as_dict(),
            "periods": [item.as_dict() for item in self.periods],
            "cumulative": cumulative,
            "remedies": [remedy.as_dict() for remedy in self.remedies],
            "notes": self.notes,
        }


def _extension(assessment: UsageAssessment) -> dict[str, Any]:
    """The extension that makes up the cumulative shortfall at the usage rate reported so far.

    Months of an extension already granted (makeup periods not yet reported) count towards it.
    """
    shortfall, months = assessment.shortfall, assessment.months_reported
    if not shortfall:
        return {
            "months": 0,
            "note": "No usage shortfall to make up; an extension at the reported share cannot raise "
            "the share inside the area.",
        }
    rate = assessment.reported_to_date / months
    if rate == 0:
        return {
            "months": None,
            "note": "No usage reported: an extension at the reported rate cannot make up the shortfall.",
        }
    needed = math.ceil(shortfall / rate)
    granted = sum(
        item.period.months - item.period.months_in_original_term for item in assessment.periods if item.reported is None
    )
    additional = max(needed - granted, 0)
    ends = assessment.term.ends
    assert ends is not None, "usage is reported only once the term has started"
    return {
        "months": additional,
        "months_at_reported_rate": needed,
        "already_granted_months": granted,
        "reported_rate_per_year": _quantity(rate * 12),
        "makes_up": _quantity(shortfall),
        "term_ends": add_months(ends, additional).isoformat(),
    }


def _payback(assessment: UsageAssessment, award: Decimal | None) -> dict[str, Any]:
    if award is None:
        return {"amount": None, "note": "Give agreement.award to compute the amount.", "method": PAYBACK_METHOD}
    share_unmet = assessment.shortfall / assessment.required_over_term if assessment.required_over_term else ZERO
    return {
        "amount": str(min(money(award * share_unmet), award)),
        "award": str(award),
        "unmet_share_percent": str((share_unmet * 100).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)),
        "method": PAYBACK_METHOD,
        "method_left_to": PAYBACK_LEFT_TO_GUIDELINES,
    }


def _remedies(assessment: UsageAssessment, award: Decimal | None) -> list[RemedyOption]:
    if assessment.shortfall == 0 and assessment.share_met_to_date is not False:
        return []
    options = []
    for remedy in assessment.program.remedies:
        figures: dict[str, Any] = {}
        if remedy.kind is RemedyKind.EXTENSION:
            figures = _extension(assessment)
        elif remedy.kind is RemedyKind.PAYBACK:
            if not assessment.shortfall:
                continue
            figures = _payback(assessment, award)
        options.append(RemedyOption(remedy.kind, remedy.label, str(remedy.source), figures))
    return options


def assess(
    program: PostAward,
    terms: Terms,
    agreement: Mapping[str, Any],
    events: Mapping[str, dt.date],
    reports: Sequence[ReportedUsage],
) -> UsageAssessment:
    """Every reporting period of the term against the requirement, the cumulative shortfall and the remedies.

    ``agreement`` holds ``AGREEMENT_FIELDS`` and the program's agreement fields; ``events`` at least the
    term's start event; ``reports`` the periods reported so far, by number.
    """
    usage = program.usage
    # An agreement may ask more than the announcement, never less (issue 23): a figure below the announcement's
    # (stored before the portal refused it) is set aside for the announcement's own, and a note says so.
    below = usage.floor_errors(agreement, terms)
    if "annual_requirement" in agreement and "annual_requirement" not in below:
        annual, annual_source = agreement["annual_requirement"], f"the agreement ({usage.source})"
    else:
        assert usage.annual_term is not None, "the agreement states the requirement where the seed sets none"
        annual, annual_source = Decimal(terms[usage.annual_term]), terms.source(usage.annual_term)
    share = usage.share_for(agreement)
    share_percent = share_source = None
    if share is not None:
        if "share_requirement_percent" in agreement and "share_requirement_percent" not in below:
            share_percent, share_source = agreement["share_requirement_percent"], f"the agreement ({share.source})"
        else:
            share_percent, share_source = terms[share.term], terms.source(share.term)
    term = agreement_term(program, agreement, events, terms)
    by_number = {report.number: report for report in reports}
    periods = [
        PeriodUsage(period, annual * period.months_in_original_term / 12, by_number.get(period.number), share_percent)
        for period in report_schedule(program, term, terms)
    ]
    assessment = UsageAssessment(
        program, annual, annual_source, share, share_percent, share_source, term, periods, [], []
    )
    assessment.remedies = _remedies(assessment, agreement.get("award"))
    assessment.notes += [
        f"The agreement's figure is set aside, the announcement's applies: {why}" for why in below.values()
    ]
    if any(item.reported is None for item in periods):
        assessment.notes.append(
            "Periods not yet reported are not counted: the cumulative figures cover the reported periods only."
        )
    if share is not None and assessment.share_met_to_date is False:
        assessment.notes.append(
            f"Less than {share_percent}% of the usage was inside {share.area}: a shortfall in "
            "the share is flagged for staff; the documents give it no amount."
        )
    return assessment


def _reports(reader: Reader, periods_allowed: int | None, needs_area: bool | None) -> list[ReportedUsage]:
    """The reported periods; ``needs_area`` is ``None`` when the agreement is itself in error (then ``in_area``
    is read where given, without being required or refused)."""
    given = reader.document.get("periods", [])
    if not isinstance(given, list):
        reader.errors["periods"] = 'must be a list of {"number", "usage", "in_area"}'
        return []
    found, numbers = [], set()
    for index, item in enumerate(given):
        name = f"periods[{index}]"
        if not isinstance(item, Mapping):
            reader.errors[name] = "must be an object with number, usage and in_area"
            continue
        errors = {}
        for key in item:
            if key not in ("number", "usage", "in_area"):
                errors[f"{name}.{key}"] = "is not a field of a reported period (use number, usage, in_area)"
        number = item.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            errors[f"{name}.number"] = "give the period's number, 1 for the first"
        elif periods_allowed is not None and number > periods_allowed:
            errors[f"{name}.number"] = f"the term has {periods_allowed} reporting periods"
        elif number in numbers:
            errors[f"{name}.number"] = f"period {number} is reported twice"
        numbers.add(number)
        if needs_area is False and "in_area" in item:
            errors[f"{name}.in_area"] = "this program has no area share"
        specs = (USAGE, IN_AREA) if needs_area or (needs_area is None and "in_area" in item) else (USAGE,)
        values = {}
        for spec in specs:
            if item.get(spec.name) in (None, ""):
                errors[f"{name}.{spec.name}"] = f"{spec.label} is required"
                continue
            try:
                values[spec.name] = parse_value(spec, item[spec.name])
            except ValueError as error:
                errors[f"{name}.{spec.name}"] = f"{spec.label}: {error}"
        if not errors and values.get("in_area", ZERO) > values["usage"]:
            errors[f"{name}.in_area"] = "is more than the period's usage"
        reader.errors.update(errors)
        if not errors:
            found.append(ReportedUsage(cast(int, number), values["usage"], values.get("in_area")))  # checked above
    return found


def usage_input(code: str, document: Mapping[str, Any]) -> UsageAssessment:
    """One project's reported usage given as ``{"agreement", "events", "periods", "round"}`` (docs/usage.md);
    every bad field named in one ``InputError``."""
    reader = Reader(document, keys=("agreement", "events", "periods", "round"))
    program, agreement, events, terms = program_and_agreement(reader, code, AGREEMENT_FIELDS, partial=True)
    start = program.term.start_event
    agreement_ok = not any(key.startswith("agreement.") for key in reader.errors)
    if agreement_ok and "annual_requirement" not in agreement and program.usage.annual_term is None:
        reader.errors["agreement.annual_requirement"] = (
            f"give the {program.usage.metric} a year the agreement requires ({program.usage.source}); the seed sets "
            "no figure"
        )
    if agreement_ok and terms is not None:
        for key, problem in program.usage.floor_errors(agreement, terms).items():
            reader.errors[f"agreement.{key}"] = str(problem)
    if start not in events and f"events.{start}" not in reader.errors:
        reader.errors[f"events.{start}"] = (
            f"give the date of {program.event(start).label}: the reporting periods count from it"
        )
    periods_allowed = None
    if terms is not None and start in events and agreement_ok:
        periods_allowed = len(report_schedule(program, agreement_term(program, agreement, events, terms), terms))
    needs_area = program.usage.share_for(agreement) is not None if agreement_ok else None
    reports = _reports(reader, periods_allowed, needs_area)
    reader.check()
    assert terms is not None  # else reader.check() raised
    return assess(program, terms, agreement, events, reports)
