"""``python benchmarks/staff.py --applications N``: the staff and applicant pages with N applications loaded.

Loads N realistic submitted applications quickly (``bulk_create`` in batches of 5,000: one organization per five
applications, every program with an example in ``docs/examples``, a mix of statuses and counties, submission times
spread over three years, one project per application cloned from a real evaluation with its rule outcomes and a
unique VIN / engine serial, and the submission decision), then prints for each page the number of SQL queries, the
median and the p95 of 20 requests through Django's test client (in-process, no network).

Options:
  --applications N   how many applications to load (default 1,000; 100,000 loads in a few minutes)
  --keep             use the database named by DATABASE_URL as it is (migrated, loaded up to N once) instead of a
                     throwaway test database; for repeated runs at 100,000 use a database of its own, e.g.
                     ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/staffbench``
  --session-file F   write a signed-in staff session cookie to F (for ``wrk`` against gunicorn; see
                     docs/benchmarks.md)
  --repeat R         requests per page (default 20)

The figures, before and after the indexes and query work of issue 15, are in ``docs/benchmarks.md``.
"""

import argparse
import datetime as dt
import logging
import os
import random
import sys
import time
from pathlib import Path
from statistics import median, quantiles

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import MemberRole, Membership, Organization  # noqa: E402
from accounts.roles import Role  # noqa: E402
from applications import services  # noqa: E402
from applications.models import Application, Decision, Project, RuleOutcome, Status  # noqa: E402
from tests.factories import UserFactory, complete_application  # noqa: E402

BATCH = 5000
PROGRAMS = ["PA2026-02", "PA2026-01", "PA2026-03", "PA2025-04", "PA2022-01"]
COUNTIES = ["Los Angeles", "Orange", "Riverside", "San Bernardino"]
STATUSES = [Status.SUBMITTED] * 4 + [
    Status.INFO_REQUESTED,
    Status.COMPLETE,
    Status.COMPLETE,
    Status.APPROVED,
    Status.REJECTED,
    Status.WITHDRAWN,
]
COMPANY = ["Pacific", "Inland", "Harbor", "Valley", "Summit", "Coastal", "Desert", "Golden", "Orchard", "Metro"]
TRADE = ["Freight", "Grading", "Logistics", "Paving", "Transport", "Ag Services", "Drayage", "Hauling"]


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


def people():
    User = django.contrib.auth.get_user_model()  # noqa: N806
    staff = User.objects.filter(username="bench-staff").first() or UserFactory(
        role=Role.STAFF, username="bench-staff", is_superuser=True
    )
    applicant = User.objects.filter(username="bench-applicant").first() or UserFactory(
        role=Role.APPLICANT, username="bench-applicant"
    )
    return staff, applicant


def templates(staff):
    """One evaluated application per program: what the loaded ones copy (answers, figures, rule outcomes)."""
    found = {}
    for code in PROGRAMS:
        application = (
            Application.objects.filter(program__code=code, applicant__username__startswith="user")
            .exclude(status=Status.DRAFT)
            .order_by("pk")
            .first()
        )
        if application is None:
            application = complete_application(code, staff=staff)
            Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
            application.refresh_from_db()
            services.evaluate_application(application)
        found[code] = (
            application,
            list(application.projects.all()),
            {p.pk: list(p.outcomes.all()) for p in application.projects.all()},
        )
    return found


def vin(number: int) -> str:
    return f"1XKAD49X{number:09d}"


def load(count: int, staff, applicant) -> None:
    """Bulk-load applications until there are ``count`` (submitted, non-template) ones."""
    have = Application.objects.filter(applicant__username__startswith="bench").count()
    if have >= count:
        print(f"  {have:,} applications already loaded")
        return
    random.seed(15)
    found = templates(staff)
    started = time.perf_counter()
    now = timezone.now()
    bench_organization = Organization.objects.filter(name="Bench Applicant Fleet").first()
    if bench_organization is None:
        bench_organization = Organization.objects.create(name="Bench Applicant Fleet")
        Membership.objects.create(organization=bench_organization, user=applicant, role=MemberRole.OWNER)
    for start in range(have, count, BATCH):
        size = min(BATCH, count - start)
        organizations = Organization.objects.bulk_create(
            Organization(name=f"{random.choice(COMPANY)} {random.choice(TRADE)} {start // 5 + index} LLC")
            for index in range(size // 5 + 1)
        )
        rows = []
        for index in range(size):
            number = start + index
            code = PROGRAMS[number % len(PROGRAMS)]
            template = found[code][0]
            status = random.choice(STATUSES)
            submitted = now - dt.timedelta(minutes=random.randint(60, 3 * 365 * 24 * 60))
            rows.append(
                Application(
                    program_id=template.program_id,
                    round_id=template.round_id,
                    organization=bench_organization if number % 2000 == 0 else organizations[index // 5],
                    applicant=applicant,
                    status=status,
                    details={**template.details, "contact_email": f"fleet{number}@example.com"},
                    county=random.choice(COUNTIES),
                    submitted_at=submitted,
                    evaluated_at=submitted,
                    certified_name="Maria Lopez",
                    certified_title="Fleet Manager",
                    certified_at=submitted,
                    award_total=template.award_total,
                    deficiency_response_due=(
                        timezone.localdate(submitted) + dt.timedelta(days=30)
                        if status == Status.INFO_REQUESTED
                        else None
                    ),
                )
            )
        applications = Application.objects.bulk_create(rows)
        projects = []
        sources = []
        for offset, application in enumerate(applications):
            number = start + offset
            _, template_projects, _ = found[PROGRAMS[number % len(PROGRAMS)]]
            for project in template_projects:
                data = dict(project.data)
                for key in data:
                    if key.endswith("vin"):
                        data[key] = vin(number)
                    elif key.endswith("serial_number"):
                        data[key] = f"SN{number:08d}"
                projects.append(
                    Project(
                        application=application,
                        position=project.position,
                        data=data,
                        eligible=project.eligible,
                        award=project.award,
                        path=project.path,
                        figures=project.figures,
                        notes=project.notes,
                        evaluated_at=application.submitted_at,
                        county=application.county,
                        msa=project.msa,
                        dac=project.dac,
                        score=project.score,
                        cost_effectiveness_per_ton=project.cost_effectiveness_per_ton,
                        weighted_tons_per_year=project.weighted_tons_per_year,
                        nox_tons_per_year=project.nox_tons_per_year,
                    )
                )
                sources.append(project.pk)
        projects = Project.objects.bulk_create(projects)
        outcomes = []
        for project, source in zip(projects, sources, strict=True):
            template_outcomes = found[PROGRAMS[0]][2].get(source)
            if template_outcomes is None:
                template_outcomes = next(o[source] for _, _, o in found.values() if source in o)
            outcomes.extend(
                RuleOutcome(
                    project=project,
                    position=o.position,
                    rule=o.rule,
                    passed=o.passed,
                    reason=o.reason,
                    translations=o.translations,
                    source=o.source,
                )
                for o in template_outcomes
            )
        RuleOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
        Decision.objects.bulk_create(
            Decision(
                application=application,
                actor=applicant,
                action="submit",
                from_status=Status.DRAFT,
                to_status=Status.SUBMITTED,
            )
            for application in applications
        )
        print(f"  {start + size:>9,} loaded  {time.perf_counter() - started:7.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a table in use: visibility map, statistics
    print(f"  {count - have:,} applications loaded in {time.perf_counter() - started:.1f} s")


def pages(staff, applicant):
    review = (
        Application.objects.filter(
            program__code="PA2026-03", status=Status.SUBMITTED, applicant__username="bench-applicant"
        )
        .order_by("-pk")
        .first()
    )
    project = Project.objects.filter(application=review).first()
    search_vin = project.data.get("existing_vin") or vin(review.pk)
    organization = review.organization.name
    changelist = reverse("admin:applications_application_changelist")
    listing = [
        ("home (program list and funds)", None, reverse("home")),
        ("applicant's list (page of 50)", applicant, reverse("applications:list")),
        ("admin application changelist", staff, changelist),
        ("admin changelist, filtered", staff, changelist + "?status__exact=submitted&county=Riverside"),
        ("search: organization name", staff, changelist + "?q=" + organization.split()[-2]),
        ("search: VIN fragment", staff, changelist + "?q=" + search_vin[-8:]),
        ("search: e-mail", staff, changelist + f"?q=fleet{review.pk % 1000}7@example.com"),
        ("admin project changelist", staff, reverse("admin:applications_project_changelist")),
        ("organization page", staff, "organization"),
        ("admin application change page", staff, reverse("admin:applications_application_change", args=[review.pk])),
        ("API application list (page of 50)", staff, reverse("application-list")),
    ]
    try:
        listing[8] = (
            "organization page",
            staff,
            reverse("admin:applications_application_organization", args=[review.organization_id]),
        )
        listing.insert(
            9, ("staff review page", staff, reverse("admin:applications_application_review", args=[review.pk]))
        )
    except django.urls.NoReverseMatch:  # before issue 15 there was no review page nor organization page
        del listing[8]
    # Where each role lands (issue 21): one query per section whatever N, the oldest ten rows each.
    listing += [
        ("My work, staff", staff, reverse("mywork:page")),
        ("My work, applicant", applicant, reverse("mywork:page")),
    ]
    return listing


def measure(staff, applicant, repeat: int) -> None:
    print(f"  {'page':<38} {'status':>6} {'queries':>7} {'median':>9} {'p95':>9} {'size':>8}")
    for label, user, url in pages(staff, applicant):
        client = Client()
        if user:
            client.force_login(user)
        client.get(url)
        with QueryCounter() as queries:
            response = client.get(url)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        p95 = quantiles(samples, n=20)[-1]
        print(
            f"  {label:<38} {response.status_code:>6} {queries.count:>7} {median(samples):>7.1f}ms "
            f"{p95:>7.1f}ms {len(response.content) / 1024:>6.0f}KB",
            flush=True,
        )


def session_cookie(staff, path: str) -> None:
    client = Client()
    client.force_login(staff)
    Path(path).write_text(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}\n")
    print(f"  staff session cookie written to {path}")


def run(arguments) -> None:
    staff, applicant = people()
    load(arguments.applications, staff, applicant)
    total = Application.objects.count()
    print(f"\n{total:,} applications in {connection.settings_dict['NAME']} ({connection.vendor})")
    measure(staff, applicant, arguments.repeat)
    if arguments.session_file:
        session_cookie(staff, arguments.session_file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1000, help="applications in the database")
    parser.add_argument("--keep", action="store_true", help="use DATABASE_URL's database in place, keep the data")
    parser.add_argument("--session-file", help="write a staff session cookie here (for wrk)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    arguments = parser.parse_args()
    logging.disable(logging.INFO)  # django-axes logs every force_login
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if arguments.keep:
        call_command("migrate", verbosity=0)
        with override_settings(CELERY_TASK_ALWAYS_EAGER=True, PASSWORD_HASHERS=hashers):
            run(arguments)
        return
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=True, PASSWORD_HASHERS=hashers):
            run(arguments)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
