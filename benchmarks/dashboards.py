"""``python benchmarks/dashboards.py``: the Board dashboard and the public page at 1,000 and 100,000 applications,
printed (time: median and p95 over repeated requests; queries per request). PostgreSQL only (the loader uses COPY).

A throwaway database (``BENCH_DATABASE_NAME``, default ``test_<name>``) is created beside the configured one, filled
by COPY with applications across the five programs in every stage, their projects (county, MSA, DAC flag, tons,
$/ton, project life, kW), the ledger's encumbrances and disbursements, agreements (drafted, executed, closed,
terminated), report obligations (filed, due, overdue) and commissioning events; then measured; then dropped. The
goal: p95 under 300 ms at 100,000 applications and the same number of queries at both sizes. Each page is timed
computed afresh (the first request after a change to the data) and from the cache (``dashboards.cache``).
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from run import QueryCounter  # noqa: E402  (sets Django up)

from accounts.models import Organization  # noqa: E402
from accounts.roles import Role  # noqa: E402
from agreements.models import Agreement, Obligation, ProjectEvent  # noqa: E402
from applications.models import Application, Project, Status  # noqa: E402
from dashboards import summaries as dashboards_summaries  # noqa: E402
from funding import summaries as funding_summaries  # noqa: E402
from funding.models import LedgerEntry  # noqa: E402
from funding.services import create_fund  # noqa: E402
from programs.models import Program  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

COUNTIES = ("Los Angeles", "Orange", "Riverside", "San Bernardino")
MSA = {
    "Los Angeles": "Los Angeles-Orange County MSA",
    "Orange": "Los Angeles-Orange County MSA",
    "Riverside": "Inland Empire MSA",
    "San Bernardino": "Inland Empire MSA",
}
INVEST_CLEAN = ("PA2026-01", "PA2026-02", "PA2026-03")
STAGES = (
    ("submitted", 10),
    ("under_review", 15),
    ("withdrawn", 3),
    ("rejected", 2),
    ("approved", 10),
    ("executed", 25),
    ("paid", 15),
    ("reporting", 18),
    ("closed", 1),
    ("terminated", 1),
)


class Copier:
    """Rows of one model written with PostgreSQL's COPY: every concrete column but the generated ones (the database
    computes ``Application.search_text`` and ``Project.identifiers``; COPY refuses them), the model's defaults where a
    row gives none, explicit ids (the sequences are reset afterwards)."""

    def __init__(self, model):
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if not field.generated]
        self.buffer = io.StringIO()
        self.now = timezone.now()

    def _value(self, field, row):
        if field.attname in row:
            value = row[field.attname]
        elif field.has_default():
            value = field.get_default()
        elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            value = self.now
        elif not field.null and isinstance(field, (models.CharField, models.TextField, models.FileField)):
            value = ""
        else:
            value = None
        if value is None:
            return "\\N"
        if isinstance(field, models.JSONField):
            value = json.dumps(value)
        elif isinstance(value, bool):
            value = "t" if value else "f"
        elif isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    def add(self, **row) -> None:
        self.buffer.write("\t".join(self._value(field, row) for field in self.fields) + "\n")

    def write(self) -> None:
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        self.buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {self.model._meta.db_table} ({columns}) FROM STDIN", self.buffer)
        self.buffer = io.StringIO()


def next_id(model) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def reset_sequences() -> None:
    models_ = [Organization, Application, Project, LedgerEntry, Agreement, Obligation, ProjectEvent]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(statement)


def load(count: int, applicant, staff, rng: random.Random) -> None:
    """``count`` more applications, in every stage, with what each stage has in the database."""
    programs = list(Program.objects.order_by("code"))
    funds = {program.pk: program.fund_sources.order_by("position").first() for program in programs}
    copiers = {
        model: Copier(model)
        for model in (Organization, Application, Project, LedgerEntry, Agreement, Obligation, ProjectEvent)
    }
    ids = {model: next_id(model) for model in copiers}
    now = timezone.now()
    today = timezone.localdate()
    weights = [weight for _, weight in STAGES]
    for _ in range(count):
        program = rng.choice(programs)
        stage = rng.choices([name for name, _ in STAGES], weights)[0]
        county = rng.choice(COUNTIES)
        submitted = now - dt.timedelta(days=rng.randrange(1, 900), minutes=rng.randrange(1440))
        award = Decimal(rng.randrange(20, 400)) * 1000
        organization = ids[Organization]
        ids[Organization] += 1
        copiers[Organization].add(id=organization, name=f"Fleet {organization}")
        status = {
            "submitted": Status.SUBMITTED,
            "under_review": rng.choice([Status.COMPLETE, Status.INFO_REQUESTED]),
            "withdrawn": Status.WITHDRAWN,
            "rejected": Status.REJECTED,
        }.get(stage, Status.APPROVED)
        application = ids[Application]
        ids[Application] += 1
        copiers[Application].add(
            id=application,
            program_id=program.pk,
            organization_id=organization,
            applicant_id=applicant.pk,
            status=status,
            county=county,
            submitted_at=submitted,
            evaluated_at=submitted,
            award_total=award,
            details={},
        )
        project = ids[Project]
        ids[Project] += 1
        carl_moyer = program.code in ("PA2022-01", "PA2025-04")
        nox = Decimal(rng.randrange(50, 2000)) / 1000 if carl_moyer else None
        figures = {"project_life_years": rng.choice([5, 7, 10])} if carl_moyer else {}
        if program.code == "PA2026-03":
            figures["total_power_output_kw"] = str(rng.choice([600, 1200, 3600]))
        copiers[Project].add(
            id=project,
            application_id=application,
            position=1,
            data={},
            eligible=True,
            award=award,
            county=county,
            msa=MSA[county] if program.code in INVEST_CLEAN else "",
            dac=rng.random() < 0.45,
            nox_tons_per_year=nox,
            weighted_tons_per_year=nox * Decimal("1.4") if nox else None,
            cost_effectiveness_per_ton=Decimal(rng.randrange(20000, 100000)) if nox else None,
            figures=figures,
            evaluated_at=submitted,
        )
        if status != Status.APPROVED:
            continue
        approved = submitted + dt.timedelta(days=30)
        entry = {
            "fund_id": funds[program.pk].pk,
            "application_id": application,
            "project_id": project,
            "county": county,
            "msa": MSA[county] if program.code in INVEST_CLEAN else "",
            "dac": False,
            "actor_id": staff.pk,
            "reason": "Benchmark",
        }
        copiers[LedgerEntry].add(id=ids[LedgerEntry], kind="encumbrance", amount=award, at=approved, **entry)
        ids[LedgerEntry] += 1
        agreement = ids[Agreement]
        ids[Agreement] += 1
        agreement_status = {"approved": "drafted", "closed": "closed", "terminated": "terminated"}.get(
            stage, "executed"
        )
        copiers[Agreement].add(
            id=agreement,
            application_id=application,
            program_id=program.pk,
            number=f"B-{application}",
            status=agreement_status,
            awardee_name=f"Fleet {organization}",
            executed_on=(approved + dt.timedelta(days=20)).date(),
        )
        if stage == "terminated":
            copiers[LedgerEntry].add(id=ids[LedgerEntry], kind="release", amount=-award, at=approved, **entry)
            ids[LedgerEntry] += 1
        if stage in ("paid", "reporting", "closed"):
            copiers[LedgerEntry].add(
                id=ids[LedgerEntry], kind="disbursement", amount=award, at=approved + dt.timedelta(days=120), **entry
            )
            ids[LedgerEntry] += 1
            copiers[ProjectEvent].add(
                id=ids[ProjectEvent],
                agreement_id=agreement,
                project_id=project,
                key="commissioned",
                on=(approved + dt.timedelta(days=100)).date(),
                recorded_by_id=staff.pk,
            )
            ids[ProjectEvent] += 1
        if agreement_status == "executed":
            for number, due in enumerate(
                (
                    today - dt.timedelta(days=rng.randrange(-200, 200)),
                    today + dt.timedelta(days=rng.randrange(200, 400)),
                ),
                start=1,
            ):
                filed = stage == "reporting" and number == 1 and rng.random() < 0.7
                copiers[Obligation].add(
                    id=ids[Obligation],
                    agreement_id=agreement,
                    project_id=project,
                    key=f"report_{number}",
                    position=number,
                    name=f"Report {number}",
                    kind="report",
                    due=due,
                    counting="calendar_days",
                    period="30 days after the period",
                    source="benchmark",
                    status="done" if filed else ("overdue" if due < today else "due"),
                    done_on=due if filed else None,
                )
                ids[Obligation] += 1
    for copier in copiers.values():
        copier.write()
    reset_sequences()
    # COPY bypasses ``LedgerEntry.save``, which keeps the ledger's running totals: rebuilt from the entries, as the
    # migration does; the dashboards' totals likewise (the triggers marked every loaded owner pending).
    funding_summaries.rebuild()
    dashboards_summaries.rebuild()
    with connection.cursor() as cursor:  # as autovacuum would after a load (the triggers' pending rows, now gone)
        cursor.execute("VACUUM ANALYZE")


def _timed(client: Client, url: str, repeat: int, cold: bool) -> list[float]:
    samples = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return sorted(samples)


def measure(label: str, client: Client, url: str, repeat: int) -> None:
    """Computed afresh (the cache emptied first: the first request after any change to the data) and from the cache
    (the same data again, ``dashboards.cache``): median and p95 time, and queries per request."""
    for cold in (True, False):
        cache.clear()
        client.get(url)
        if cold:
            cache.clear()
        with QueryCounter() as queries:
            response = client.get(url)
        samples = _timed(client, url, repeat, cold)
        median = samples[len(samples) // 2]
        p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
        print(
            f"  {label:<36} {'computed' if cold else 'cached  '} {response.status_code}  median "
            f"{median * 1000:>7,.1f} ms  p95 {p95 * 1000:>7,.1f} ms  {queries.count:>3} queries"
        )


def database(sizes: list[int], repeat: int) -> None:
    rng = random.Random(13)
    applicant = UserFactory(role=Role.APPLICANT, username="bench-fleet")
    staff = UserFactory(role=Role.STAFF, username="bench-staff")
    board = UserFactory(role=Role.BOARD_MEMBER, username="bench-board")
    create_fund(
        Program.objects.get(code="PA2025-04"),
        name="Carl Moyer Program (benchmark)",
        budget=Decimal("40000000.00"),
        actor=staff,
        reason="Benchmark: SOON names no amount.",
    )
    loaded = 0
    for size in sizes:
        started = time.perf_counter()
        load(size - loaded, applicant, staff, rng)
        loaded = size
        print(
            f"\nDatabase ({connection.vendor}): {size:,} applications, {Project.objects.count():,} projects, "
            f"{LedgerEntry.objects.count():,} ledger entries, {Agreement.objects.count():,} agreements, "
            f"{Obligation.objects.count():,} obligations (loaded in {time.perf_counter() - started:.1f} s)"
        )
        signed_in, anonymous = Client(), Client()
        signed_in.force_login(board)
        measure("Board dashboard", signed_in, reverse("dashboards:board"), repeat)
        measure(
            "Board dashboard, one year",
            signed_in,
            reverse("dashboards:board") + f"?start={timezone.localdate().year - 1}-01-01",
            repeat,
        )
        measure("program page (PA2026-02)", signed_in, reverse("dashboards:program", args=["PA2026-02"]), repeat)
        measure("public page", anonymous, reverse("dashboards:public"), repeat)
        measure("public page, page 100 of the awards", anonymous, reverse("dashboards:public") + "?page=100", repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000], help="applications")
    parser.add_argument("--repeat", type=int, default=20, help="requests timed per page")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the benchmark database afterwards (to EXPLAIN its queries); dropped otherwise",
    )
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The dashboards benchmark loads by COPY: set DATABASE_URL to a PostgreSQL database.")
    if os.environ.get("BENCH_DATABASE_NAME"):
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ["BENCH_DATABASE_NAME"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with override_settings(
            CELERY_TASK_ALWAYS_EAGER=True,
            DEBUG=False,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ):
            database(arguments.sizes, arguments.repeat)
    finally:
        if arguments.keep:
            connection.close()
            settings.DATABASES["default"]["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
