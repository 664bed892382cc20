"""Which database the dashboards and exports read (issue 24).

With ``DATABASE_READ_URL`` set, a read-only copy of the database (a streaming replica) answers the reports, so a
board member's export never slows an applicant's submission; without it, the main database does. Views that only sum
and list what has happened are marked ``@for_reports``: the reads they make (streamed rows included) go to the copy,
their writes, if any, still to the main database. A copy may be a second or so behind, which a report can afford.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import connections

_reporting: ContextVar[bool] = ContextVar("reporting", default=False)


def reporting() -> str:
    """The alias reads go to now: the reporting database inside ``reports()``, else the main one."""
    return settings.REPORTING_DATABASE if _reporting.get() else "default"


def reporting_connection():
    """The connection for raw SQL of a report."""
    return connections[reporting()]


@contextmanager
def reports() -> Iterator[None]:
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def _streamed_within_reports(chunks):
    with reports():
        yield from chunks


def for_reports(view):
    """A view whose reads go to the reporting database, the rows it streams after returning included."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with reports():
            response = view(*args, **kwargs)
        if getattr(response, "streaming", False):
            response.streaming_content = _streamed_within_reports(response.streaming_content)
        return response

    return wrapped


class ReportingRouter:
    """Reads inside ``reports()`` go to the reporting database; everything else as Django does by default."""

    def db_for_read(self, model, **hints):
        return settings.REPORTING_DATABASE if _reporting.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data either way

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
