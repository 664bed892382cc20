"""Demo rounds for ``python manage.py seed_demo``: a current re-issue of every announcement (never against
production data).

The seeded announcements closed in 2022 and 2025, and their dates (PA2022-01's "in operation by March 31, 2024",
PA2025-04's Tier x fleet funding dates, PA2026-02's "deployed no later than February 2028") would refuse every
application made today. So the demo does what staff would do and re-issues each announcement
(001_ea26778b00a7e017.txt, Recommended Actions 1): a window that opened a week ago and closes in about three
months, and every dated term (the rule set's and those other apps contribute) moved from the seed by the whole
months between the original window's opening and the demo's, so each keeps the seed's distance from the window.
A month's last day stays a month's last day ("February 2028" becomes "May 2029"). Amounts and periods keep the
seed's values; budgets are the current round's. The values are illustrative, not an announcement the district
made. ``current_example`` moves a program's docs/examples input the same way, to an application made today.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import time_machine
from django.conf import settings
from django.utils import timezone

from core.deadlines import add_months
from core.validators import vin_check_digit

from . import services
from .models import Program, Round
from .rules.fields import Kind
from .rules.registry import get_rule_set
from .selectors import round_terms

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
OPENED_DAYS_AGO = 7
OPEN_FOR_DAYS = 91
REASON = (
    "Demo re-issue: a window around today, and every dated term moved from the original announcement's by the months "
    "between the original window and this one. Illustrative values, not an announcement of the district."
)


def sample_pdf() -> bytes:
    """A valid blank one-page PDF for the demo's uploaded documents: every uploaded PDF is parsed (core.uploads)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (rounded down)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def shift(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``; the last day of a month stays the last day of a month."""
    moved = add_months(day, months)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return moved.replace(day=calendar.monthrange(moved.year, moved.month)[1])
    return moved


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def demo_terms(program: Program, months: int) -> dict[str, dt.date]:
    """Every dated term of the program's rounds, the seed's date moved by ``months``."""
    return {term.name: shift(term.default, months) for term in round_terms(program.code) if term.kind is Kind.DATE}


def reissue_for_demo(program: Program, *, by, now: dt.datetime | None = None) -> Round | None:
    """A current re-issue of ``program`` unless a round of it is open now (so running twice adds nothing)."""
    now = now or timezone.now()
    current = program.current_round
    if current is not None and current.is_open(now):
        return None
    original = program.rounds.order_by("number").first()
    opens_at = _noon(timezone.localdate(now) - dt.timedelta(days=OPENED_DAYS_AGO))
    if current is not None:
        opens_at = max(opens_at, current.closes_at)
    closes_at = _noon(timezone.localdate(opens_at) + dt.timedelta(days=OPEN_FOR_DAYS))
    months = months_between(timezone.localdate(original.opens_at), timezone.localdate(opens_at)) if original else 0
    number = current.number + 1 if current else 0
    return services.reissue(
        program,
        opens_at=opens_at,
        closes_at=closes_at,
        issued_on=timezone.localdate(opens_at) - dt.timedelta(days=14),
        terms=demo_terms(program, months),
        by=by,
        reason=REASON,
        source=f"{program.code} re-issue {number} (demo, illustrative)",
    )


def current_example(code: str, today: dt.date | None = None) -> dict[str, Any]:
    """docs/examples/CODE.json as an application made ``today``: every date moved by the whole months from the
    example's ``evaluated_on`` to ``today``, so quote ages, ownership and schedules keep their spacing."""
    today = today or timezone.localdate()
    document = json.loads((EXAMPLES / f"{code}.json").read_text(), parse_float=str)
    months = months_between(dt.date.fromisoformat(document["evaluated_on"]), today)
    rule_set = get_rule_set(code)
    for part, fields in (("application", rule_set.application_fields), ("project", rule_set.project_fields)):
        for spec in fields:
            if spec.kind is Kind.DATE and spec.name in document[part]:
                document[part][spec.name] = shift(dt.date.fromisoformat(document[part][spec.name]), months).isoformat()
    document["evaluated_on"] = today.isoformat()
    return document


@contextmanager
def on_day(day: dt.date | None):
    """Run the demo's steps as if at 10 a.m. Pacific on ``day`` (``time_machine``), or now when ``day`` is None: an
    agreement executed months ago was applied for, approved, sent and signed before that, in that order."""
    if day is None:
        yield
        return
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=False):
        yield


def in_original_window(code: str, days: int = 14) -> dt.date:
    """A day ``days`` into the original announcement's window: when a demo application decided long ago was made."""
    original = Program.objects.get(code=code).rounds.order_by("number").first()
    return timezone.localtime(original.opens_at).date() + dt.timedelta(days=days)


def numbered_vin(vin: str, number: int) -> str:
    """The example's ``vin`` with its serial (the last six characters) set to ``number`` and its check digit (the
    ninth character, 49 CFR 565.15) recomputed: each demo vehicle its own valid VIN, as no two real trucks share one."""
    body = f"{vin[:11]}{number:06d}"
    return f"{body[:8]}{vin_check_digit(body)}{body[9:]}"
