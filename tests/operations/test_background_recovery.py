"""Background work that always recovers (issue 24), with a real Redis and real Celery worker processes.

- A funding round started while the broker is down is saved as waiting (no error page, never "already running"),
  and starts by itself once the broker is back: beat's sweeper sends it again, a worker ranks it.
- A worker killed in the middle of a ranking (SIGKILL to the whole worker) leaves nothing stuck: the round's lock
  went with the dead worker's database connection, the sweeper sends it again, and a new worker ranks it from the
  start, once; a new ranking of the program can be started afterwards.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from funding import services
from funding.models import FundingRound
from programs.models import Program
from tests.factories import PASSWORD, UserFactory, complete_application

from .conftest import publishing_to, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def two_applications(staff):
    """Two complete PA2026-02 applications and $500,000 left: the first funded in full, the second in part."""
    program = Program.objects.get(code="PA2026-02")
    services.adjust_budget(program.fund_sources.get(), Decimal("-27500000.00"), actor=staff, reason="Test")
    return program, [complete_application(staff=staff) for _ in range(2)]


def assert_ranked(funding_round: FundingRound, applications) -> None:
    assert (funding_round.status, funding_round.progress) == ("preview", 100)
    lines = list(funding_round.lines.order_by("position"))
    assert [(line.application_id, line.outcome, line.funded) for line in lines] == [
        (applications[0].pk, "full", Decimal("400000.00")),
        (applications[1].pk, "partial", Decimal("100000.00")),
    ]


def test_a_round_started_while_the_broker_is_down_starts_by_itself_when_it_returns(
    seeded, client, spare_redis, worker_processes
):
    staff = UserFactory(role=Role.STAFF)
    program, applications = two_applications(staff)
    client.login(username=staff.username, password=PASSWORD)

    with publishing_to(spare_redis.url):  # nothing listens there yet: the broker is down
        response = client.post(reverse("funding:preview", args=[program.code]))
        funding_round = FundingRound.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("funding:round", args=[funding_round.pk])
        assert (funding_round.status, funding_round.queued_at) == ("waiting", None)
        page = client.get(response["Location"]).content.decode()
        assert "Waiting for the task queue, which could not be reached" in page and 'id="retry-round"' in page

        # Asking again is not refused as "already running": the waiting round is sent again (still down).
        again = client.post(reverse("funding:preview", args=[program.code]))
        assert again["Location"] == response["Location"] and FundingRound.objects.count() == 1
        funding_round.refresh_from_db()
        assert funding_round.status == "waiting"

        spare_redis.start()  # the broker is back; nobody touches the round
        worker = worker_processes(spare_redis.url, beat=True, sweep_seconds=1)
        wait_until(lambda: FundingRound.objects.get().status == "preview", 90, "the ranking " + worker.output()[-3000:])

    funding_round.refresh_from_db()
    assert_ranked(funding_round, applications)
    assert funding_round.attempts == 1 and funding_round.queued_at is not None
    assert "Sent 1 stranded funding round(s) to the task queue again." in worker.output()


def test_a_worker_killed_mid_ranking_leaves_nothing_stuck(seeded, spare_redis, worker_processes):
    staff = UserFactory(role=Role.STAFF)
    program, applications = two_applications(staff)
    spare_redis.start()
    with publishing_to(spare_redis.url):
        doomed = worker_processes(spare_redis.url, app_module="tests.operations.slow_worker")
        funding_round = services.start_round(program, actor=staff)  # queued at once (autocommit)

        def ranking_under_way():
            funding_round.refresh_from_db()
            return funding_round.status == "ranking" and funding_round.progress >= 10

        wait_until(ranking_under_way, 90, "the slow worker's ranking " + doomed.output()[-3000:])
        doomed.kill()
        funding_round.refresh_from_db()
        assert (funding_round.status, funding_round.attempts) == ("ranking", 1)  # what a dead worker leaves
        assert funding_round.progress < 100

        worker = worker_processes(spare_redis.url, beat=True, sweep_seconds=1)
        wait_until(
            lambda: FundingRound.objects.get().status == "preview", 90, "the recovery " + worker.output()[-3000:]
        )

        funding_round.refresh_from_db()
        assert_ranked(funding_round, applications)
        assert funding_round.attempts == 2  # started again once, from the beginning
        assert funding_round.lines.count() == 2

        # Nothing left "already running": the program can be ranked again.
        later = services.start_round(program, actor=staff)
        assert later.pk != funding_round.pk
        wait_until(lambda: FundingRound.objects.get(pk=later.pk).status == "preview", 60, "the next ranking")
