"""``python manage.py rule4001 FILE.json``: the Rule 4001 (e)(1) determination for one annual report.

Input and output: docs/rule4001.md (example: docs/examples/rule4001.json). Bad input names every bad field.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ports_agreement import rules

POLLUTANTS = ("nox", "sox", "pm25")


class Reader:
    """Reads fields from the parsed file, collecting an error per bad field instead of stopping at the first."""

    def __init__(self, data):
        self.data, self.errors = data, {}

    def section(self, name: str) -> dict:
        value = self.data.get(name)
        if not isinstance(value, dict):
            self.errors[name] = "must be an object"
            return {}
        return value

    def tons(self, section: dict, prefix: str, name: str) -> Decimal | None:
        field, value = f"{prefix}.{name}", section.get(name)
        try:
            number = Decimal(str(value)) if isinstance(value, str | int | Decimal) and value is not True else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            self.errors[field] = "must be a number of tons per day, zero or more"
            return None
        return number

    def date(self, section: dict, field: str, name: str, *, required: bool = True) -> dt.date | None:
        value = section.get(name)
        if value is None and not required:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.errors[field] = "must be a date, YYYY-MM-DD"
            return None

    def emissions(self, name: str) -> rules.Emissions | None:
        section = self.section(name)
        values = [self.tons(section, name, pollutant) for pollutant in POLLUTANTS]
        return rules.Emissions(*values) if None not in values else None


def evaluate(data) -> dict:
    """The determination and the deadlines that follow, or CommandError naming every bad field."""
    if not isinstance(data, dict):
        raise CommandError('The file must hold a JSON object with "baseline" and "report".')
    reader = Reader(data)
    baseline, report = reader.emissions("baseline"), reader.emissions("report")
    section = reader.section("report") if isinstance(data.get("report"), dict) else {}
    year, projected = section.get("calendar_year"), section.get("projected", False)
    if not isinstance(projected, bool):
        reader.errors["report.projected"] = "must be true or false"
    report_due = None
    if not isinstance(year, int) or isinstance(year, bool):
        reader.errors["report.calendar_year"] = "must be a year, e.g. 2015"
    elif isinstance(projected, bool):
        try:
            report_due = rules.report_due(year, projected=projected)
        except ValueError as error:
            reader.errors["report.calendar_year"] = str(error)
    submitted_on = reader.date(section, "report.submitted_on", "submitted_on")
    notified_on = reader.date(data, "notified_on", "notified_on", required=False)
    if baseline is not None and rules.pm25_equivalent(baseline) <= 0:
        reader.errors["baseline"] = "the baseline PM2.5 equivalent must be greater than zero"
    if reader.errors:
        raise CommandError(
            "Bad input:\n" + "\n".join(f"  {field}: {message}" for field, message in reader.errors.items())
        )
    result = rules.determine(baseline, report)
    determination_due = rules.deadline("determination_due", submitted_on)
    deadlines = [report_due.as_dict(), determination_due.as_dict()]
    notes = []
    if result.plan_required:
        if notified_on is None:
            notes.append("notified_on not given: the plan due date counts from the last day for the determination.")
        deadlines.append(rules.deadline("plan_due", notified_on or determination_due.due).as_dict())
    return {**result.as_dict(), "deadlines": deadlines, "notes": notes}


class Command(BaseCommand):
    help = "Print the Rule 4001 determination (PM2.5 equivalents, percent reduction, plan required, deadlines)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="JSON file: see docs/rule4001.md")

    def handle(self, *args, file: Path, **options):
        try:
            data = json.loads(file.read_text(), parse_float=Decimal)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from error
        self.stdout.write(json.dumps(evaluate(data), indent=2))
