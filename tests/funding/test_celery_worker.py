"""A funding round ranked and allocated by a real Celery worker consuming from Redis, against PostgreSQL."""

import time
from decimal import Decimal

import pytest

from accounts.roles import Role
from funding import services
from funding.models import FundingRound
from portal.celery import app
from programs.models import Program
from tests.applications.test_celery_worker import redis_worker  # noqa: F401  (the worker fixture)
from tests.factories import UserFactory, complete_application


def wait_for(funding_round: FundingRound, seconds: float = 30) -> FundingRound:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        funding_round.refresh_from_db()
        if not funding_round.is_running:
            return funding_round
        time.sleep(0.1)
    raise AssertionError(f"the worker did not finish the round: {funding_round.progress_note}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_ranks_and_allocates_a_round(seeded, redis_worker):  # noqa: F811
    staff = UserFactory(role=Role.STAFF)
    program = Program.objects.get(code="PA2026-02")
    services.adjust_budget(program.fund_sources.get(), Decimal("-27500000.00"), actor=staff, reason="Test")
    applications = [complete_application(staff=staff) for _ in range(2)]
    funding_round = services.start_round(program, actor=staff)  # queued on commit (autocommit here)

    assert app.conf.task_always_eager is False
    funding_round = wait_for(funding_round)
    assert (funding_round.status, funding_round.progress, funding_round.progress_note) == (
        "preview",
        100,
        "Preview ready",
    )
    lines = list(funding_round.lines.order_by("position"))
    assert [(line.application_id, line.outcome, line.funded) for line in lines] == [
        (applications[0].pk, "full", Decimal("400000.00")),
        (applications[1].pk, "partial", Decimal("100000.00")),
    ]
