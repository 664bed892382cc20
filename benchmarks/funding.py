"""``python benchmarks/funding.py``: funding decisions at scale, printed (not a timed test).

1. The pure allocation: rank and allocate 100,000 evaluated projects for each program's method.
2. In a throwaway database (``test_<name>``): the funding round task (read, allocate, save the lines), the home
   page, the program's funding page and the round page (time and queries) with 1,000 and then 100,000
   complete applications waiting, and approving the round's recommended awards.
"""

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from run import QueryCounter, median_seconds  # noqa: E402  (sets Django up)

from accounts.roles import Role  # noqa: E402
from accounts.services import own_organization  # noqa: E402
from applications.models import Application, Project, Status  # noqa: E402
from funding import services  # noqa: E402
from funding.rules.allocation import Candidate, Fund, allocate  # noqa: E402
from programs.models import Program  # noqa: E402
from programs.rules.registry import get_rule_set  # noqa: E402
from programs.rules.selection import DAC_GROUP  # noqa: E402
from tests.factories import UserFactory, example  # noqa: E402

COUNTIES = ("Los Angeles", "Orange", "Riverside", "San Bernardino")
START = dt.datetime(2025, 8, 15, 19, 0, tzinfo=dt.UTC)


def candidates(count: int, rng: random.Random) -> list[Candidate]:
    return [
        Candidate(
            id=str(index),
            submitted_at=START + dt.timedelta(seconds=rng.randrange(8_000_000)),
            award=Decimal(rng.randrange(50_000, 400_001)),
            county=rng.choice(COUNTIES),
            dac=rng.random() < 0.4,
            score=rng.randrange(40, 101),
            cost_effectiveness_per_ton=Decimal(rng.randrange(5_000, 120_000)),
            path=rng.choice(("CMP", "Prop 1B")),
        )
        for index in range(count)
    ]


def funds_for(code: str) -> list[Fund]:
    if code == "PA2022-01":
        return [
            Fund("cmp", "CMP", Decimal("32100000.00"), pays=("CMP",)),
            Fund("prop1b", "Prop 1B", Decimal("25000000.00"), pays=("Prop 1B",)),
        ]
    if code == "PA2026-03":
        return [
            Fund(
                "cprg",
                "CPRG",
                Decimal("178500000.00"),
                committed_by_area={"Los Angeles": Decimal(1)},
                county_shares={"Los Angeles": 120_000, "Orange": 25_000, "Riverside": 30_000, "San Bernardino": 35_000},
            )
        ]
    if code == "PA2025-04":
        return [Fund("cmp", "CMP", Decimal("40000000.00"), committed_by_area={DAC_GROUP: Decimal(0)})]
    return [Fund("cprg", "CPRG", Decimal("28000000.00"), reserves={"Inland Empire MSA": Decimal("10000000.00")})]


def pure(count: int) -> None:
    print(f"Allocation, pure Python: {count:,} evaluated projects of one program")
    rng = random.Random(8)
    projects = candidates(count, rng)
    for code in ("PA2026-01", "PA2026-02", "PA2026-03", "PA2022-01", "PA2025-04"):
        selection = get_rule_set(code).selection
        started = time.perf_counter()
        result = allocate(code, selection, funds_for(code), projects)
        seconds = time.perf_counter() - started
        funded = sum(line.funded > 0 for line in result.lines)
        print(f"  {code:<10} {seconds:>6.2f} s  ({funded:,} funded, cut line before rank {result.cut_rank})")


def fill(program: Program, applicant, count: int, rng: random.Random) -> None:
    """``count`` complete, evaluated applications of one eligible $400,000 truck each, as evaluation leaves them."""
    sample = example(program.code)
    now = timezone.now()
    organization = own_organization(applicant)
    applications = Application.objects.bulk_create(
        Application(
            program=program,
            applicant=applicant,
            organization=organization,
            details=sample["application"],
            status=Status.COMPLETE,
            county="Los Angeles",
            submitted_at=now - dt.timedelta(seconds=rng.randrange(8_000_000)),
            evaluated_at=now,
            award_total=Decimal("400000.00"),
        )
        for _ in range(count)
    )
    for start in range(0, count, 10_000):
        Project.objects.bulk_create(
            Project(
                application=application,
                position=1,
                data=sample["project"],
                eligible=True,
                award=Decimal("400000.00"),
                evaluated_at=now,
                county=county,
                msa="Inland Empire MSA"
                if county in ("Riverside", "San Bernardino")
                else "Los Angeles-Orange County MSA",
            )
            for application in applications[start : start + 10_000]
            for county in [rng.choice(COUNTIES)]
        )


def pages(program: Program, funding_round, staff) -> None:
    client = Client()
    client.force_login(staff)
    for label, url in (
        ("home (program list)", reverse("home")),
        ("funding page of the program", reverse("funding:program", args=[program.code])),
        ("funding round page (first 100 lines)", reverse("funding:round", args=[funding_round.pk])),
        ("funding round page 50", reverse("funding:round", args=[funding_round.pk]) + "?page=50"),
    ):
        client.get(url)
        with QueryCounter() as queries:
            response = client.get(url)
        seconds = median_seconds(lambda url=url: client.get(url))
        print(f"  {label:<40} {response.status_code}  {seconds * 1000:>7,.1f} ms  {queries.count:>3} queries")


def database(sizes: list[int]) -> None:
    rng = random.Random(26)
    program = Program.objects.get(code="PA2026-02")
    applicant = UserFactory(role=Role.APPLICANT, username="bench-fleet")
    staff = UserFactory(role=Role.STAFF, username="bench-staff")
    fund = program.fund_sources.get()
    services.set_reserve(fund, "Inland Empire MSA", Decimal("9000000.00"), actor=staff, reason="Benchmark")
    waiting = 0
    for size in sizes:
        started = time.perf_counter()
        fill(program, applicant, size - waiting, rng)
        waiting = size
        print(
            f"\nDatabase ({connection.vendor}): {size:,} complete PA2026-02 applications waiting "
            f"(filled in {time.perf_counter() - started:.1f} s)"
        )
        funding_round = services.start_round(program, actor=staff, queue=False)
        started = time.perf_counter()
        with QueryCounter() as queries:
            services.run_round(funding_round)
        print(
            f"  funding round task (read, rank, allocate, save {size:,} lines): "
            f"{time.perf_counter() - started:.2f} s, {queries.count} queries"
        )
        pages(program, funding_round, staff)
    started = time.perf_counter()
    with QueryCounter() as queries:
        approved = services.approve_round(funding_round, actor=staff, reason="Benchmark")
    print(
        f"  approving the round ({len(approved)} applications, each locked, re-checked and encumbered): "
        f"{time.perf_counter() - started:.2f} s, {queries.count} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000, help="projects in the pure allocation")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000], help="applications waiting")
    arguments = parser.parse_args()
    pure(arguments.projects)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            CELERY_TASK_ALWAYS_EAGER=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ):
            database(arguments.sizes)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
