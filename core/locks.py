"""A lock held across every worker while one runs a long job: PostgreSQL's session advisory lock.

It is released when the job ends, or by PostgreSQL itself when the connection goes away with a killed worker, so
the periodic sweepers can tell a job that is running from one whose worker died (issue 24). On SQLite (the demo,
where tasks run in the web process) there is nothing to race: the lock is always granted and never seen held.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections


def _keys(namespace: str, key: int) -> tuple[int, int]:
    return zlib.crc32(namespace.encode()) & 0x7FFFFFFF, key % 0x7FFFFFFF


@contextmanager
def exclusive(namespace: str, key: int) -> Iterator[bool]:
    """Hold the lock ``(namespace, key)`` while the block runs; yields False (and holds nothing) if another has it."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", _keys(namespace, key))
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _keys(namespace, key))


def is_held(namespace: str, key: int) -> bool | None:
    """Whether some connection holds the lock now; None where that cannot be known (not PostgreSQL)."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s "
            "AND objsubid = 2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            _keys(namespace, key),
        )
        return cursor.fetchone()[0]
