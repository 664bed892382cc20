"""``python benchmarks/postaward.py --applications N``: the post-award pages and the daily tasks at 1,000 and N
applications with every stage loaded, printed (queries per request, median and p95 over repeated requests; the daily
tasks' time and SQL statements). PostgreSQL only (the loader uses COPY).

The applications, projects, ledger, agreements, report obligations and commissioning events come from
``dashboards.load`` (five programs, every stage of an application's life). On top of them, per agreement, in the
proportions of a district's decade (issue 25: 10,000 agreements came with 127,000 obligations, 41,000 usage reports,
14,000 inspections and 11,500 payment requests):

- its funded project, and non-report obligations (delivery, destruction, documentation) beside the two reports;
- delivery events; a pre-inspection (accepted) and for half of the executed ones a post-inspection in any state, each
  with its steps (needed -> assigned -> scheduled -> submitted -> accepted), among 20 inspectors;
- a paid payment request when the project has been paid, an open one for a quarter of the others;
- four usage reports (accepted, submitted, due) for projects in reporting;
- three notices to the awardee (two read).

Every table is ``ANALYZE``d after the load (plans depend on the new rows). The throwaway database is
``BENCH_DATABASE_NAME`` (default ``test_<name>``). ``make benchmark APPLICATIONS=N`` runs it; the test suite runs it at
a small size (``tests/benchmarks``) so that it cannot rot.
"""

import argparse
import datetime as dt
import importlib.util
import logging
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# benchmarks/dashboards.py by its path: its name is also the ``dashboards`` app's, which it imports (and sets Django up)
_spec = importlib.util.spec_from_file_location(
    "dashboards_benchmark", Path(__file__).resolve().parent / "dashboards.py"
)
dashboards_benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dashboards_benchmark)
Copier, load, next_id = dashboards_benchmark.Copier, dashboards_benchmark.load, dashboards_benchmark.next_id

from django.conf import settings  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from run import QueryCounter  # noqa: E402

from accounts.roles import Role  # noqa: E402
from agreements import tasks as agreement_tasks  # noqa: E402
from agreements.models import Agreement, FundedProject, Obligation, ProjectEvent  # noqa: E402
from applications.models import Application, Project  # noqa: E402
from funding.services import create_fund  # noqa: E402
from inspections.models import Inspection, Step  # noqa: E402
from notices.models import Notice  # noqa: E402
from payments.models import PaymentRequest  # noqa: E402
from programs.models import Program  # noqa: E402
from reporting import tasks as reporting_tasks  # noqa: E402
from reporting.models import UsageReport  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

LOADED = (FundedProject, Obligation, ProjectEvent, Inspection, Step, PaymentRequest, UsageReport, Notice)
INSPECTION_PATH = ("needed", "assigned", "scheduled", "submitted", "accepted")
OTHER_OBLIGATIONS = (
    ("delivery", "Deliver and put the new equipment in service", "milestone"),
    ("destruction", "Destroy the old equipment", "destruction"),
    ("registration", "Give the new vehicle's registration", "documentation"),
)


def load_post_award(rng: random.Random, staff, inspectors: list, applicant) -> None:
    """The post-award rows of every agreement that has none yet (the ones ``dashboards.load`` just wrote)."""
    copiers = {model: Copier(model) for model in LOADED}
    ids = {model: next_id(model) for model in LOADED}
    today = timezone.localdate()
    now = timezone.now()
    rows = (
        Agreement.objects.filter(funded_projects__isnull=True)
        .values_list("pk", "status", "program_id", "executed_on", "application__award_total")
        .order_by("pk")
    )
    projects = dict(
        Project.objects.filter(application__agreement__funded_projects__isnull=True).values_list(
            "application__agreement", "pk"
        )
    )
    commissioned = set(
        ProjectEvent.objects.filter(key="commissioned", agreement__funded_projects__isnull=True).values_list(
            "agreement_id", flat=True
        )
    )
    for agreement, status, program, executed_on, award in rows.iterator(chunk_size=5000):
        project = projects[agreement]
        funded = ids[FundedProject]
        ids[FundedProject] += 1
        copiers[FundedProject].add(
            id=funded,
            agreement_id=agreement,
            project_id=project,
            position=1,
            award=award,
            status={"terminated": "terminated", "closed": "closed"}.get(status, "active"),
        )
        if status != "executed":
            continue
        executed = executed_on or today
        # Non-report obligations: some done, the rest due within the year or overdue.
        for position, (key, name, kind) in enumerate(OTHER_OBLIGATIONS, start=3):
            due = executed + dt.timedelta(days=rng.randrange(60, 720))
            done = due < today and rng.random() < 0.85
            copiers[Obligation].add(
                id=ids[Obligation],
                agreement_id=agreement,
                project_id=project,
                key=key,
                position=position,
                name=name,
                kind=kind,
                due=due,
                counting="calendar_days",
                period="benchmark",
                source="benchmark",
                status="done" if done else ("overdue" if due < today else "due"),
                done_on=due if done else None,
            )
            ids[Obligation] += 1
        copiers[ProjectEvent].add(
            id=ids[ProjectEvent],
            agreement_id=agreement,
            project_id=project,
            key="delivered",
            on=executed + dt.timedelta(days=60),
            recorded_by_id=staff.pk,
        )
        ids[ProjectEvent] += 1
        kinds = [("pre", "accepted")]
        if rng.random() < 0.5:
            kinds.append(("post", rng.choice(INSPECTION_PATH + ("accepted",) * 5)))
        for kind, state in kinds:
            inspection = ids[Inspection]
            ids[Inspection] += 1
            inspector = rng.choice(inspectors) if state != "needed" else None
            copiers[Inspection].add(
                id=inspection,
                agreement_id=agreement,
                project_id=project,
                kind=kind,
                version=1,
                status=state,
                inspector_id=inspector.pk if inspector else None,
                due=executed + dt.timedelta(days=90),
                scheduled_for=now + dt.timedelta(days=rng.randrange(-300, 30)) if state != "needed" else None,
                mode="on_site",
                observed={},
                result="passed" if state == "accepted" else "",
                submitted_at=now if state in ("submitted", "accepted") else None,
                reviewed_by_id=staff.pk if state == "accepted" else None,
                reviewed_at=now if state == "accepted" else None,
                created_at=now - dt.timedelta(days=rng.randrange(1, 900)),
            )
            for before, after in zip(
                INSPECTION_PATH, INSPECTION_PATH[1 : INSPECTION_PATH.index(state) + 1], strict=False
            ):
                copiers[Step].add(
                    id=ids[Step],
                    inspection_id=inspection,
                    action=after,
                    from_status=before,
                    to_status=after,
                    actor_id=staff.pk,
                )
                ids[Step] += 1
        paid = agreement in commissioned
        if paid or rng.random() < 0.25:
            copiers[PaymentRequest].add(
                id=ids[PaymentRequest],
                agreement_id=agreement,
                funded_project_id=funded,
                project_id=project,
                program_id=program,
                number=1,
                status="paid" if paid else rng.choice(("draft", "submitted", "approved", "returned")),
                values={},
                computation={},
                created_by_id=applicant.pk,
                created_at=now - dt.timedelta(days=rng.randrange(1, 600)),
                submitted_at=now,
                approved_amount=award if paid else None,
                paid_amount=award if paid else None,
                paid_on=today if paid else None,
            )
            ids[PaymentRequest] += 1
        if paid:
            start = executed + dt.timedelta(days=100)
            for number in range(1, 5):
                period_end = start + dt.timedelta(days=365 * number)
                due = period_end + dt.timedelta(days=30)
                copiers[UsageReport].add(
                    id=ids[UsageReport],
                    funded_project_id=funded,
                    agreement_id=agreement,
                    project_id=project,
                    program_id=program,
                    number=number,
                    name=f"Year {number}",
                    period_start=period_end - dt.timedelta(days=365),
                    period_end=period_end,
                    months=12,
                    due=due,
                    status="accepted" if due < today else ("submitted" if period_end < today else "due"),
                    values={},
                )
                ids[UsageReport] += 1
        for number in range(3):
            copiers[Notice].add(
                id=ids[Notice],
                recipient_id=applicant.pk,
                kind="agreement_executed",
                subject=f"Agreement {agreement}",
                body_text="Benchmark",
                body_html="<p>Benchmark</p>",
                key=f"benchmark:{agreement}:{number}",
                sent_at=now,
                read_at=now if number else None,
            )
            ids[Notice] += 1
    for copier in copiers.values():
        copier.write()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(LOADED)):
            cursor.execute(statement)
        cursor.execute("ANALYZE")
    from inspections.services import sync_to_open

    sync_to_open()  # the inspections to open, as the data migration fills them after a load that bypasses the services


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(label: str, client: Client, url: str, repeat: int) -> None:
    client.get(url)
    with QueryCounter() as queries, CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]), default={"time": 0, "sql": ""})
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    size = len(response.content) if not getattr(response, "streaming", False) else 0
    print(
        f"  {label:<40} {response.status_code}  {queries.count:>5} queries  median "
        f"{_percentile(samples, 0.5) * 1000:>8,.1f} ms  p95 {_percentile(samples, 0.95) * 1000:>8,.1f} ms  "
        f"{size / 1024:>7,.0f} KB\n      slowest statement {float(slowest['time']) * 1000:,.1f} ms: {slowest['sql'][:160]}"
    )


def daily(label: str, task) -> None:
    """One run of a daily task on beat's day: time and SQL statements, twice (the second: nothing new is due)."""
    for run in ("first run", "again   "):
        with QueryCounter() as queries:
            started = time.perf_counter()
            sent = task()
            seconds = time.perf_counter() - started
        print(f"  {label:<28} {run}  {seconds:>7.2f} s  {queries.count:>7,} statements  {sent:>6,} notices")


def _first(queryset):
    return queryset.order_by("pk").first()


def pages(people: dict, repeat: int, *, admin_pages: bool = True) -> list[tuple[str, Client, str, int]]:
    """Every page of the portal a person reads (issue 25, "every page in the portal and the admin, every role's My
    work"), each as the role that reads it, on objects of the loaded data; then every admin model's list and the
    change page of its first row (as a superuser). The Board report PDF and the admin pages are timed fewer times."""
    clients = {}
    for role, user in people.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    staff, applicant, board = clients["staff"], clients["applicant"], clients["board"]
    agreement = _first(Agreement.objects.filter(status="executed")) or _first(Agreement.objects.all())
    funded = _first(FundedProject.objects.filter(agreement=agreement))
    from inspections.rules.programs import PROGRAM_INSPECTIONS

    # a post-inspection of a program that has one (the loader opens a pre-inspection for every program)
    with_post = [code for code, program in PROGRAM_INSPECTIONS.items() if program.rule("post")]
    inspection = _first(Inspection.objects.filter(kind="post", agreement__program__code__in=with_post))
    payment = _first(PaymentRequest.objects.all())
    report = _first(UsageReport.objects.all())
    application = agreement.application
    from accounts.models import MemberRole, Membership

    # the loader's organizations have no members: the applicant owns this one, so their pages show its records
    Membership.objects.get_or_create(
        organization_id=application.organization_id, user=people["applicant"], defaults={"role": MemberRole.OWNER}
    )
    notice = _first(Notice.objects.filter(recipient=people["applicant"]))
    found = [
        ("home", clients["anonymous"], reverse("home")),
        ("program page", clients["anonymous"], reverse("program", args=["PA2026-02"])),
        ("public results", clients["anonymous"], reverse("dashboards:public")),
        ("My work: staff", staff, reverse("mywork:page")),
        ("My work: applicant", applicant, reverse("mywork:page")),
        ("My work: finance", clients["finance"], reverse("mywork:page")),
        ("My work: inspector", clients["inspector"], reverse("mywork:page")),
        ("My work: port representative", clients["port"], reverse("mywork:page")),
        ("My work: board (to the dashboard)", board, reverse("mywork:page")),
        ("funding", staff, reverse("funding:index")),
        ("funding: one program", staff, reverse("funding:program", args=["PA2026-02"])),
        ("communities", staff, reverse("communities:index")),
        ("staff inspections", staff, reverse("inspections:staff")),
        ("an inspection", staff, reverse("inspections:detail", args=[inspection.pk])),
        ("an inspector's list", clients["inspector"], reverse("inspections:mine")),
        ("agreements list", staff, reverse("agreements:list")),
        ("agreements list, one program", staff, reverse("agreements:list") + "?program=PA2026-02"),
        ("applicant: agreements calendar", applicant, reverse("agreements:calendar")),
        ("obligations", staff, reverse("agreements:obligations")),
        ("an agreement", staff, reverse("agreements:detail", args=[agreement.pk])),
        ("payments queue", staff, reverse("payments:queue")),
        ("payments: funded projects", staff, reverse("payments:projects")),
        ("payments: a project", staff, reverse("payments:project", args=[funded.pk])),
        ("a payment request", staff, reverse("payments:detail", args=[payment.pk])),
        ("payments queue (finance)", clients["finance"], reverse("payments:queue")),
        ("reporting queue", staff, reverse("reporting:queue")),
        ("reporting: a project", staff, reverse("reporting:project", args=[funded.pk])),
        ("a usage report", staff, reverse("reporting:detail", args=[report.pk])),
        ("operations: background work", clients["superuser"], reverse("operations:background")),
        ("Board dashboard", board, reverse("dashboards:board")),
        ("Board dashboard, one program", board, reverse("dashboards:program", args=["PA2026-02"])),
        ("ports: status", staff, reverse("ports_agreement:status")),
        ("ports: the port's page", clients["port"], reverse("ports_agreement:port_home")),
        ("applicant: applications", applicant, reverse("applications:list")),
        ("applicant: an application", applicant, reverse("applications:detail", args=[application.pk])),
        ("applicant: agreements", applicant, reverse("agreements:list")),
        ("applicant: an agreement", applicant, reverse("agreements:detail", args=[agreement.pk])),
        ("applicant: payments", applicant, reverse("payments:index")),
        ("applicant: reporting", applicant, reverse("reporting:index")),
        ("applicant: notices", applicant, reverse("notices:list")),
        ("applicant: a notice", applicant, reverse("notices:detail", args=[notice.pk])),
        ("applicant: the organization", applicant, reverse("organization", args=[application.organization_id])),
        ("applicant: answers", applicant, reverse("applications:answers", args=[application.pk])),
        ("applicant: e-mail settings", applicant, reverse("notices:settings")),
        ("open data: awards CSV", clients["anonymous"], reverse("dashboards:awards_csv")),
        ("open data: awards JSON", clients["anonymous"], reverse("dashboards:awards_json")),
        ("open data: totals JSON", clients["anonymous"], reverse("dashboards:totals_json")),
        ("API application list", staff, reverse("application-list")),
        ("review page (admin site)", staff, reverse("admin:applications_application_review", args=[application.pk])),
        (
            "organization page (admin site)",
            staff,
            reverse("admin:applications_application_organization", args=[application.organization_id]),
        ),
        ("communities: an application", staff, reverse("communities:application", args=[application.pk])),
        ("ports: Rule 4001", staff, reverse("ports_agreement:rule_4001")),
        ("ports: milestone reports", staff, reverse("ports_agreement:milestone_reports")),
        ("payments released (CSV, finance)", clients["finance"], reverse("payments:released_csv")),
        ("audit trail CSV (auditor)", clients["auditor"], reverse("reporting:audit_trail", args=[funded.project_id])),
    ]
    listed = [(label, client, url, repeat) for label, client, url in found]
    listed.append(("Board report PDF", board, reverse("dashboards:report_pdf"), max(2, repeat // 5)))
    if admin_pages:
        listed += [(label, clients["superuser"], url, max(2, repeat // 5)) for label, url in _admin_pages()]
    return listed


def _admin_pages() -> list[tuple[str, str]]:
    """Every registered admin model: its list, and the change page of its first row (the admin index first)."""
    from django.contrib import admin

    found = [("admin index", reverse("admin:index"))]
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        found.append((f"admin {opts.label} list", reverse(f"{name}_changelist")))
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            found.append((f"admin {opts.label} change", reverse(f"{name}_change", args=[first])))
    return found


def database(sizes: list[int], repeat: int, *, admin_pages: bool = True) -> None:
    from ports_agreement.models import Port, PortRepresentative
    from tests.factories import superuser

    rng = random.Random(25)
    applicant = UserFactory(role=Role.APPLICANT, username="bench-fleet")
    staff = UserFactory(role=Role.STAFF, username="bench-staff")
    board = UserFactory(role=Role.BOARD_MEMBER, username="bench-board")
    inspectors = [UserFactory(role=Role.INSPECTOR, username=f"bench-inspector-{n}") for n in range(20)]
    port = UserFactory(role=Role.PORT_REPRESENTATIVE, username="bench-port")
    pola, _ = Port.objects.get_or_create(code="pola", defaults={"name": "Port of Los Angeles"})
    PortRepresentative.objects.get_or_create(user=port, defaults={"port": pola})
    people = {
        "anonymous": None,
        "applicant": applicant,
        "staff": staff,
        "board": board,
        "inspector": inspectors[0],
        "finance": UserFactory(role=Role.FINANCE, username="bench-finance"),
        "auditor": UserFactory(role=Role.AUDITOR, username="bench-auditor"),
        "port": port,
        "superuser": superuser("bench-admin"),
    }
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
        load_post_award(rng, staff, inspectors, applicant)
        loaded = size
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            (database_size,) = cursor.fetchone()
        print(
            f"\nDatabase: {size:,} applications, {Agreement.objects.count():,} agreements, "
            f"{Obligation.objects.count():,} obligations, {Inspection.objects.count():,} inspections "
            f"({Step.objects.count():,} steps), {PaymentRequest.objects.count():,} payment requests, "
            f"{UsageReport.objects.count():,} usage reports, {Notice.objects.count():,} notices; "
            f"{database_size / Application.objects.count() / 1024:,.1f} KB per application "
            f"(loaded in {time.perf_counter() - started:.1f} s)"
        )
        for label, client, url, times in pages(people, repeat):
            measure(label, client, url, times)
        daily("obligation reminders", agreement_tasks.remind_obligations)
        daily("usage report reminders", reporting_tasks.remind_reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=20_000, help="applications at the larger size")
    parser.add_argument("--small", type=int, default=1_000, help="applications at the smaller size")
    parser.add_argument("--repeat", type=int, default=20, help="requests timed per page")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (to EXPLAIN its queries)")
    parser.add_argument("--no-admin", action="store_true", help="leave out the admin's pages (about 200 of them)")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The post-award benchmark loads by COPY: set DATABASE_URL to a PostgreSQL database.")
    logging.getLogger("portal.requests").setLevel(logging.WARNING)
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
            database(
                sorted({arguments.small, arguments.applications}),
                arguments.repeat,
                admin_pages=not arguments.no_admin,
            )
    finally:
        if arguments.keep:
            connection.close()
            settings.DATABASES["default"]["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
