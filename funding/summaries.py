"""The ledger's running totals (``LedgerDay``, ``ProjectBalance``), carried forward with every
entry in the entry's own transaction, and rebuilt from the entries when loaded by other means.

Ledger entries are never edited or deleted (``LedgerEntry.save``): a correction is one more entry. So every total is
the previous total plus the new entry, and :func:`record` is all the upkeep there is:

- ``LedgerDay``: the fund's entries of the entry's kind that day (Pacific time) gain its amount;
- ``ProjectBalance``: the project's encumbered (encumbrances, releases) or disbursed gains it, keyed by the program
  of the fund and the county, MSA and DAC flag the entry records (as the dashboards group them).

Writes go through ``INSERT ... ON CONFLICT DO UPDATE`` (PostgreSQL and SQLite), so two entries of the same day or
project add up even when they race; the fund services hold the program's lock around their entries anyway.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from .models import FundSource, LedgerDay, LedgerEntry, ProjectBalance

Kind = LedgerEntry.Kind
AWARD = (Kind.ENCUMBRANCE, Kind.RELEASE)
ZERO = Decimal("0.00")


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _upsert(cursor, model, keys: dict, added: dict) -> None:
    """Add ``added`` to the row of ``model`` with ``keys`` (created at zero first)."""
    columns = [*keys, *added]
    updates = ", ".join(f"{name} = {_table(model)}.{name} + EXCLUDED.{name}" for name in added)
    sql = (
        f"INSERT INTO {_table(model)} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )
    cursor.execute(sql, [*keys.values(), *added.values()])


def _day(entry: LedgerEntry):
    return timezone.localtime(entry.at).date()


def record(entry: LedgerEntry) -> None:
    """Carry ``entry`` (just inserted) into the running totals, in the caller's transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        _upsert(
            cursor,
            LedgerDay,
            {"fund_id": entry.fund_id, "day": _day(entry), "kind": entry.kind},
            {"amount": entry.amount, "entries": 1},
        )
        if entry.kind == Kind.BUDGET or entry.project_id is None:
            return
        program_id = FundSource.objects.values_list("program_id", flat=True).get(pk=entry.fund_id)
        place = {"program_id": program_id, "county": entry.county, "msa": entry.msa, "dac": bool(entry.dac)}
        moved = {
            "encumbered": entry.amount if entry.kind in AWARD else ZERO,
            "disbursed": entry.amount if entry.kind == Kind.DISBURSEMENT else ZERO,
        }
        _upsert(
            cursor,
            ProjectBalance,
            {"project_id": entry.project_id, **place, "application_id": entry.application_id},
            moved,
        )


@transaction.atomic
def rebuild() -> None:
    """Recompute every running total from the ledger (a data migration, a bulk load that bypasses ``save``)."""
    entries, days, projects = (_table(model) for model in (LedgerEntry, LedgerDay, ProjectBalance))
    funds = _table(FundSource)
    award = "e.kind IN ('encumbrance', 'release')"
    with connection.cursor() as cursor:
        for table in (days, projects):
            cursor.execute(f"DELETE FROM {table}")
        day_of = "(e.at AT TIME ZONE %s)::date" if connection.vendor == "postgresql" else None
        if day_of is None:  # SQLite: the days in Python (a demo database is small)
            for fund_id, at, kind, amount in (
                LedgerEntry.objects.order_by("pk").values_list("fund_id", "at", "kind", "amount").iterator()
            ):
                _upsert(
                    cursor,
                    LedgerDay,
                    {"fund_id": fund_id, "day": timezone.localtime(at).date(), "kind": kind},
                    {"amount": amount, "entries": 1},
                )
        else:
            cursor.execute(
                f"""INSERT INTO {days} (fund_id, day, kind, amount, entries)
                               SELECT e.fund_id, {day_of}, e.kind, SUM(e.amount), COUNT(*) FROM {entries} e
                               GROUP BY 1, 2, 3""",
                [timezone.get_current_timezone_name()],
            )
        cursor.execute(f"""INSERT INTO {projects} (project_id, program_id, application_id, county, msa, dac,
                                                   encumbered, disbursed)
                           SELECT e.project_id, f.program_id, e.application_id, e.county, e.msa, e.dac,
                                  COALESCE(SUM(CASE WHEN {award} THEN e.amount END), 0),
                                  COALESCE(SUM(CASE WHEN e.kind = 'disbursement' THEN e.amount END), 0)
                           FROM {entries} e JOIN {funds} f ON f.id = e.fund_id
                           WHERE e.kind <> 'budget' AND e.project_id IS NOT NULL
                           GROUP BY 1, 2, 3, 4, 5, 6""")
