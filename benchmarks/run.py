"""``python benchmarks/run.py``: speed and memory figures, printed, in a throwaway database.

Creates a test database (``test_<name>``) beside the configured one, fills it, measures, and drops
it. Figures: rule evaluations per second per program and peak memory of a batch, the Celery
task's time and queries for a ten-vehicle application, and the time and query count of the
busiest pages with many applications in the database.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.roles import Role  # noqa: E402
from accounts.services import own_organization  # noqa: E402
from applications import services  # noqa: E402
from applications.models import Application, Project, Status  # noqa: E402
from programs.rules.registry import evaluate_input, rule_sets  # noqa: E402
from tests.factories import (  # noqa: E402
    ApplicationFactory,
    ProjectFactory,
    UserFactory,
    complete_draft,
    example,
    open_program,
)


class QueryCounter:
    """Counts the SQL statements run while active (a database execute wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def median_seconds(function, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return median(samples)


def rules(count: int) -> None:
    print("Rules (pure Python, one project per evaluation)")
    for code in rule_sets():
        if not (ROOT / "docs" / "examples" / f"{code}.json").exists():
            continue
        document = example(code)
        evaluate_input(code, document)
        started = time.perf_counter()
        for _ in range(count):
            evaluate_input(code, document)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        for _ in range(1000):
            evaluate_input(code, document)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"  {code:<10} {count / seconds:>9,.0f} evaluations/s  {seconds / count * 1e6:>7,.0f} us each  "
            f"peak {peak / 1024:,.0f} KiB over 1,000"
        )


def database(count: int) -> None:
    program = open_program("PA2026-02")
    applicant = UserFactory(role=Role.APPLICANT, username="bench-applicant")
    staff = UserFactory(role=Role.STAFF, username="bench-staff", is_superuser=True)
    sample = example("PA2026-02")
    organization = own_organization(applicant)
    started = time.perf_counter()
    applications = Application.objects.bulk_create(
        Application(
            program=program,
            applicant=applicant,
            organization=organization,
            details=sample["application"],
            county="Los Angeles",
            status=Status.SUBMITTED,
        )
        for _ in range(count)
    )
    Project.objects.bulk_create(Project(application=item, position=1, data=sample["project"]) for item in applications)
    print(f"\nDatabase ({connection.vendor}): {count:,} applications created in {time.perf_counter() - started:.2f} s")

    big = ApplicationFactory(program=program, applicant=applicant)
    for _ in range(10):
        ProjectFactory(application=big)
    complete_draft(big)
    services.submit(big, applicant)
    with QueryCounter() as queries:
        services.evaluate_application(big)
    seconds = median_seconds(lambda: services.evaluate_application(big))
    print(f"  evaluation task, 10 vehicles: {seconds * 1000:,.1f} ms, {queries.count} queries")

    pages = [
        ("home (program list)", None, reverse("home")),
        (f"applicant's list ({count + 1:,} applications)", applicant, reverse("applications:list")),
        ("applicant status page, 10 vehicles", applicant, reverse("applications:detail", args=[big.pk])),
        ("admin changelist", staff, reverse("admin:applications_application_changelist")),
        ("admin change page, 10 vehicles", staff, reverse("admin:applications_application_change", args=[big.pk])),
        ("API application list (page of 50)", staff, reverse("application-list")),
    ]
    for label, user, url in pages:
        client = Client()
        if user:
            client.force_login(user)
        client.get(url)
        with QueryCounter() as queries:
            response = client.get(url)
        seconds = median_seconds(lambda client=client, url=url: client.get(url))
        print(f"  {label:<44} {response.status_code}  {seconds * 1000:>7,.1f} ms  {queries.count:>3} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=5000, help="evaluations per program")
    parser.add_argument("--applications", type=int, default=1000, help="applications in the database")
    arguments = parser.parse_args()
    rules(arguments.evaluations)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            CELERY_TASK_ALWAYS_EAGER=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ):
            database(arguments.applications)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
