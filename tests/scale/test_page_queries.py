"""No post-award page's query count grows with the data (issue 25): staff's inspections, the agreements list, the
payments and reporting queues each run as many queries with one agreement as with three, every one with inspections
needing an inspector or under review, a delivery recorded with no inspection opened, a payment request and a usage
report waiting. (The figures at 100,000 applications are in docs/benchmarks.md, from benchmarks/postaward.py.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from agreements import services as agreements
from inspections.models import Inspection
from payments.models import PaymentRequest
from reporting.models import UsageReport
from tests.factories import PDF_BYTES, UserFactory, executed_agreement

pytestmark = pytest.mark.django_db

PAGES = ("inspections:staff", "agreements:list", "payments:queue", "reporting:queue")


@pytest.fixture(autouse=True)
def _quick_agreement_pdfs(monkeypatch):
    from agreements import documents

    monkeypatch.setattr(documents, "render_agreement", lambda *args, **kwargs: PDF_BYTES)


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, username="grants-officer")


def _post_award(staff, inspector) -> None:
    """One executed agreement with what each page lists: inspections needing an inspector, assigned and submitted
    (versions of one project's post-inspection), a delivery recorded (so a destruction inspection awaits opening),
    a submitted payment request and a submitted usage report."""
    agreement = executed_agreement("PA2026-02", staff=staff, on=timezone.localdate() - dt.timedelta(days=60))
    funded = agreement.funded_projects.select_related("project").get()
    agreements.record_event(funded.project, "delivered", timezone.localdate() - dt.timedelta(days=3), actor=staff)
    for version, status in enumerate(("needed", "submitted", "assigned", "needed"), start=1):
        Inspection.objects.create(
            agreement=agreement,
            project=funded.project,
            kind="pre",
            version=version,
            status=status,
            inspector=inspector if status != "needed" else None,
            submitted_at=timezone.now() if status == "submitted" else None,
        )
    PaymentRequest.objects.create(
        agreement=agreement,
        funded_project=funded,
        project=funded.project,
        program=agreement.program,
        number=1,
        status="submitted",
        created_by=staff,
        submitted_at=timezone.now(),
        invoiced_eligible_cost=Decimal("150000.00"),
    )
    today = timezone.localdate()
    UsageReport.objects.create(
        funded_project=funded,
        agreement=agreement,
        project=funded.project,
        program=agreement.program,
        number=1,
        name="Year 1",
        period_start=today - dt.timedelta(days=400),
        period_end=today - dt.timedelta(days=35),
        months=12,
        due=today - dt.timedelta(days=5),
        status="submitted",
    )


def _queries(client) -> dict[str, int]:
    counts = {}
    for name in PAGES:
        client.get(reverse(name))  # the session and caches warmed
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_post_award_pages_run_as_many_queries_with_three_agreements_as_with_one(client, staff_user):
    inspector = UserFactory(role=Role.INSPECTOR, username="inspector-ana")
    _post_award(staff_user, inspector)
    client.force_login(staff_user)
    one = _queries(client)
    page = client.get(reverse("inspections:staff")).content.decode()
    assert page.count('name="inspections"') == 2  # the needing ones, ticked in one form
    assert page.count('name="inspector"') == 1 and "Inspector for the ticked inspections" in page
    assert 'data-to-open="' in page  # the delivery recorded, no post-inspection opened
    UserFactory(role=Role.INSPECTOR, username="inspector-ben")
    for _ in range(2):
        _post_award(staff_user, inspector)
    assert _queries(client) == one
    page = client.get(reverse("inspections:staff")).content.decode()
    assert page.count('name="inspections"') == 6 and page.count('name="inspector"') == 1


def test_the_staff_inspections_list_pages_what_needs_an_inspector(client, staff_user):
    inspector = UserFactory(role=Role.INSPECTOR, username="inspector-ana")
    agreement = executed_agreement("PA2026-02", staff=staff_user)
    project = agreement.funded_projects.get().project
    Inspection.objects.bulk_create(
        Inspection(agreement=agreement, project=project, kind="post", version=version, due=timezone.localdate())
        for version in range(1, 28)
    )
    client.force_login(staff_user)
    first = client.get(reverse("inspections:staff")).content.decode()
    assert first.count('name="inspections"') == 25 and "Page 1 of 2" in first and "?needing=2" in first
    second = client.get(reverse("inspections:staff") + "?needing=2").content.decode()
    assert second.count('name="inspections"') == 2
    assert inspector.username in first  # the one menu of inspectors


def test_staff_assign_the_ticked_inspections_in_one_go(client, staff_user):
    inspector = UserFactory(role=Role.INSPECTOR, username="inspector-ana", first_name="Ana", last_name="Ruiz")
    agreement = executed_agreement("PA2026-02", staff=staff_user)
    project = agreement.funded_projects.get().project
    first, second, third = Inspection.objects.bulk_create(
        Inspection(agreement=agreement, project=project, kind="post", version=version) for version in (1, 2, 3)
    )
    client.force_login(staff_user)
    response = client.post(
        reverse("inspections:assign_selected"),
        {"inspections": [first.pk, second.pk], "inspector": inspector.pk},
        follow=True,
    )
    assert "2 inspections assigned." in response.content.decode()
    assert [(item.status, item.inspector_id) for item in Inspection.objects.order_by("version")] == [
        ("assigned", inspector.pk),
        ("assigned", inspector.pk),
        ("needed", None),
    ]
    assert first.steps.get().actor == staff_user
    response = client.post(reverse("inspections:assign_selected"), {"inspector": inspector.pk}, follow=True)
    assert "Tick at least one inspection to assign." in response.content.decode()
    assert Inspection.objects.get(pk=third.pk).status == "needed"


def test_staff_open_an_inspection_by_the_agreements_number(client, staff_user):
    agreement = executed_agreement("PA2026-02", staff=staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("inspections:staff")).content.decode()
    assert f'<option value="{agreement.funded_projects.get().pk}"' not in page  # no menu of every project
    response = client.post(
        reverse("inspections:open"), {"agreement": "NO-SUCH", "position": "1", "kind": "post"}, follow=True
    )
    assert "No project 1 of agreement NO-SUCH is in force or on its way." in response.content.decode()
    response = client.post(
        reverse("inspections:open"),
        {"agreement": agreement.number, "position": "1", "kind": "post", "why": "Delivered"},
        follow=True,
    )
    assert "Inspection opened." in response.content.decode()
    assert Inspection.objects.get(agreement=agreement, kind="post").why == "Delivered"


def _change_page_queries(client, vehicles: int) -> int:
    from applications import services
    from tests.factories import ApplicationFactory, ProjectFactory, complete_draft, open_program

    application = ApplicationFactory(program=open_program("PA2026-02"))
    for _ in range(vehicles):
        ProjectFactory(application=application)
    complete_draft(application)  # each vehicle's attachments
    services.submit(application, application.applicant)
    url = reverse("admin:applications_application_change", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and application.attachments.filter(project__isnull=False).count() >= vehicles
    return len(queries)


def test_the_admin_application_page_runs_as_many_queries_for_three_vehicles_as_for_one(client):
    client.force_login(UserFactory(role=Role.STAFF, username="admin-reader", is_superuser=True))
    assert _change_page_queries(client, 1) == _change_page_queries(client, 3)


def test_the_home_page_reads_the_running_totals_not_the_ledger(client, staff_user):
    from funding.selectors import balances_by_program
    from funding.services import create_fund
    from programs.models import Program

    program = Program.objects.get(code="PA2025-04")
    create_fund(program, name="Carl Moyer", budget=Decimal("1000000.00"), actor=staff_user, reason="Test")
    executed_agreement("PA2026-02", staff=staff_user)  # an encumbrance on PA2026-02's fund
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert not any("funding_ledgerentry" in query["sql"] for query in queries.captured_queries)
    assert "$1,000,000.00" in page
    balances = balances_by_program()
    assert balances[program.pk].budget == Decimal("1000000.00")
    award = Program.objects.get(code="PA2026-02").agreements.get().application.award_total
    assert balances[Program.objects.get(code="PA2026-02").pk].encumbered == award
