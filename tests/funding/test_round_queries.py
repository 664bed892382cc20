"""Approving a funding round's selected lines (issue 25: "approving a funding round costs 49 queries per
application"). The goal is a constant number of queries whatever the number of lines, every lock and re-check kept;
today each application goes through ``applications.services.approve`` one at a time, so the count grows with the lines.
The test states the goal (strict xfail: it fails loudly once the approval is made in bulk, to be turned into a plain
test) and records the count per line it measures."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funding import services
from funding.models import FundingRound
from tests.factories import complete_application

from .test_rounds import preview

pytestmark = pytest.mark.django_db

EARLY = timezone.now() - dt.timedelta(days=3)


def approval_queries(client, staff_user, lines: int, capture) -> int:
    for minute in range(lines):
        complete_application(staff=staff_user, submitted_at=EARLY + dt.timedelta(minutes=minute))
    funding_round = preview(client, django_capture_on_commit_callbacks=capture)
    assert funding_round.lines.filter(outcome="full").count() == lines
    with CaptureQueriesContext(connection) as queries:
        services.approve_round(funding_round, actor=staff_user, reason="Board action.")
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.APPROVED
    tables = Counter(
        found.group(1) if (found := re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', query["sql"])) else query["sql"][:12]
        for query in queries
    )
    print(f"{lines} lines: {len(queries)} queries;", ", ".join(f"{table} {n}" for table, n in tables.most_common()))
    return len(queries)


@pytest.mark.xfail(strict=True, reason="issue 25: each line still approved one at a time (about 49 queries each)")
def test_approving_a_round_costs_the_same_queries_for_5_and_20_lines(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    five = approval_queries(staff_client, staff_user, 5, django_capture_on_commit_callbacks)
    twenty = approval_queries(staff_client, staff_user, 20, django_capture_on_commit_callbacks)
    print(f"approving a round: {five} queries for 5 lines, {twenty} for 20")
    assert twenty == five
