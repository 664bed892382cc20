"""The dashboards' figures kept in the cache until anything they are computed from changes.

Computing the Board dashboard reads running totals (``dashboards.summaries``; about 200 ms at 100,000 applications);
the figures only change when someone changes the data. So each page's figures are also cached under a
*fingerprint* of the data, read in one query: the newest row of every append-only table and history table the
figures come from (a new ledger entry, an application, project, agreement, funded project, obligation, fund, county
share, funding round, program or round saved, an event recorded) and today's date
(obligations fall overdue by the date). Any such change gives a new fingerprint, so the next request computes the
figures afresh: the cache never shows figures older than the data, except an organization's renamed name, which has
no history and shows within ``TIMEOUT``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from agreements.models import Agreement, FundedProject, Obligation, ProjectEvent
from applications.models import Application, Project
from funding.models import CountyShare, FundingRound, FundSource, LedgerEntry
from programs.models import Program, Round, RoundChange

TIMEOUT = 60 * 10
"""Seconds a computed page stays cached at most (its fingerprint usually changes sooner)."""


def _newest() -> list[tuple[str, str]]:
    """(table, primary key column) of the tables whose newest row marks a change to the figures."""
    plain = [LedgerEntry, ProjectEvent, Round, RoundChange]
    historied = [
        Application,
        Project,
        Agreement,
        FundedProject,
        Obligation,
        CountyShare,
        FundSource,
        FundingRound,
        Program,
    ]
    found = [(model._meta.db_table, model._meta.pk.column) for model in plain]
    found += [(model.history.model._meta.db_table, model.history.model._meta.pk.column) for model in historied]
    return found


def fingerprint() -> str:
    """The newest row of each table the figures come from, and today's date (one query)."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT MAX({quote(pk)}) FROM {quote(table)})" for table, pk in _newest())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        newest = cursor.fetchone()
    return f"{timezone.localdate().isoformat()}:{':'.join(str(value) for value in newest)}"


def cached(name: str, parts: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it gave for the same ``name`` and ``parts`` while the data stayed the same."""
    key = hashlib.sha256(repr((name, parts, fingerprint())).encode()).hexdigest()
    key = f"dashboards:{name}:{key}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found
