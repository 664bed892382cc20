"""A database's rows taken once and put back in a test's own transaction: the demo data built once per run.

``seed_demo`` builds every lifecycle stage's demo (a minute of work); the tests that read what it leaves used to run
it themselves, thirteen times a run. ``take`` runs a builder on the freshly migrated test database inside a
transaction, copies every table and sequence out (PostgreSQL ``COPY``), and rolls the transaction back; ``restore``
puts those rows back inside a test's transaction in milliseconds, so the test sees the database exactly as the
builder left it, and its own rollback removes them again.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction


@dataclass
class Snapshot:
    """Every non-empty table's rows in ``COPY`` text format, the sequences' values and the files written."""

    tables: dict[str, tuple[tuple[str, ...], bytes]] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)
    media: Path | None = None

    def restore(self, media_root: Path | str | None = None) -> None:
        """Replace the rows of every table the snapshot holds with its rows (inside the current transaction), move
        the sequences past the snapshot's values, and copy its files into ``media_root``.

        Triggers (the dashboards' running totals) and foreign-key checks are off while the rows go back, as they
        were when ``pg_dump`` would restore them: the rows already hold what the triggers computed."""
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            (role,) = cursor.fetchone()
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table, (columns, rows) in self.tables.items():
                cursor.execute(f'DELETE FROM "{table}"')
                listed = ", ".join(f'"{column}"' for column in columns)
                cursor.copy_expert(f'COPY "{table}" ({listed}) FROM STDIN', io.BytesIO(rows))
            cursor.execute(f"SET LOCAL session_replication_role = {role}")
            for sequence, value in self.sequences.items():
                # never backwards: rows made earlier in this run (and rolled back) may have used higher values
                cursor.execute(
                    "SELECT setval(%s, GREATEST(%s, (SELECT COALESCE(last_value, 0) FROM pg_sequences "
                    "WHERE schemaname = current_schema() AND sequencename = %s)))",
                    [f'"{sequence}"', value, sequence],
                )
        if self.media is not None and media_root is not None and self.media.exists():
            shutil.copytree(self.media, media_root, dirs_exist_ok=True)


def take(build: Callable[[], None], media: Path | None = None) -> Snapshot:
    """Run ``build`` in a transaction on the current database, copy out what the database then holds, roll back."""
    snapshot = Snapshot(media=media)
    with transaction.atomic():
        build()
        with connection.cursor() as cursor:
            for table in _tables(cursor):
                columns = _stored_columns(cursor, table)
                listed = ", ".join(f'"{column}"' for column in columns)
                rows = io.BytesIO()
                cursor.copy_expert(f'COPY "{table}" ({listed}) TO STDOUT', rows)
                if rows.getvalue():
                    snapshot.tables[table] = (columns, rows.getvalue())
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
            snapshot.sequences = dict(cursor.fetchall())
        transaction.set_rollback(True)
    return snapshot


def _tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"
    )
    return [name for (name,) in cursor.fetchall()]


def _stored_columns(cursor, table: str) -> tuple[str, ...]:
    """The columns a ``COPY`` may write: not dropped and not generated (``GeneratedField`` recomputes itself)."""
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
        "AND attgenerated = '' ORDER BY attnum",
        [f'"{table}"'],
    )
    return tuple(name for (name,) in cursor.fetchall())
