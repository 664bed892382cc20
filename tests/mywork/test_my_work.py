"""My work (issue 21): every role lands on it after signing in, sees what waits on it oldest first, each row one click
from the work, and the page's query count does not grow with the data."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Obligation
from applications.models import Application, Project, Status
from demo.management.commands.seed_demo import DEMO_PASSWORD
from inspections.models import Inspection
from payments.models import PaymentRequest
from ports_agreement.models import Milestone
from reporting.models import UsageReport
from tests.factories import totp_code

pytestmark = pytest.mark.django_db

ROLES = ("applicant", "staff", "finance", "inspector", "port_la")


def user(name):
    return get_user_model().objects.get(username=name)


def page(client, name):
    client.force_login(user(name))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("mywork:page"))
    assert response.status_code == 200
    counts = dict(re.findall(r'id="(\w+)" data-count="(\d+)"', response.content.decode()))
    return len(queries), {key: int(value) for key, value in counts.items()}, response


def copies(instance, times, **changes):
    """``times`` copies of a row with ``changes`` (a callable value gets the copy's index)."""
    made = []
    for index in range(times):
        instance.pk = instance.id = None
        instance._state.adding = True
        for name, value in changes.items():
            setattr(instance, name, value(index) if callable(value) else value)
        instance.save()
        made.append(instance.pk)
    return made


def grow():
    """Many more rows in every section the demo leaves with one or none."""
    now, today = timezone.now(), timezone.localdate()
    staff = user("staff")
    draft = Application.objects.get(applicant__username="applicant", status=Status.DRAFT)
    copies(Application.objects.get(pk=draft.pk), 12)
    copies(
        Application.objects.get(pk=draft.pk),
        12,
        status=Status.INFO_REQUESTED,
        submitted_at=now,
        deficiency_response_due=lambda i: today + dt.timedelta(days=i),
    )
    copies(
        Application.objects.get(pk=draft.pk),
        12,
        status=Status.SUBMITTED,
        assigned_to=staff,
        submitted_at=lambda i: now - dt.timedelta(days=400 + i),
    )
    for obligation in Obligation.objects.filter(status__in=Obligation.OPEN)[:20]:
        key = obligation.key
        copies(obligation, 3, key=lambda i, key=key: f"{key}-{i}")
    for status in (Inspection.Status.NEEDED, Inspection.Status.SUBMITTED, Inspection.Status.ASSIGNED):
        inspection = Inspection.objects.filter(inspector__username="inspector").first()
        copies(inspection, 12, status=status, version=lambda i, s=status: 100 + i + 20 * len(s), supersedes=None)
    approved = PaymentRequest.objects.filter(status=PaymentRequest.Status.APPROVED).first()
    projects = Project.objects.exclude(payment_requests__status__in=PaymentRequest.OPEN)[:12]
    copies(approved, len(projects), project=lambda i: projects[i], number=lambda i: 50 + i)
    for status, extra in ((UsageReport.Status.SUBMITTED, {}), (UsageReport.Status.ACCEPTED, {"shortfall": 10})):
        report = UsageReport.objects.filter(status=UsageReport.Status.SUBMITTED).first()
        copies(report, 12, status=status, number=lambda i, s=status: 100 + i + 20 * len(s), reviewed_at=now, **extra)
    copies(Milestone.objects.filter(plan__port__code="pola", completed_on__isnull=True).first(), 12)


def test_query_count_is_the_same_with_more_data(demo, client):
    before = {name: page(client, name) for name in ROLES}
    grow()
    after = {name: page(client, name) for name in ROLES}
    for name in ROLES:
        assert after[name][0] == before[name][0], name
    # the data did grow in the sections each role sees, so the counts above compare pages of many rows with few
    assert after["applicant"][1]["drafts"] >= 13 and after["applicant"][1]["information"] >= 12
    assert after["staff"][1]["review"] >= before["staff"][1]["review"] + 12
    assert after["staff"][1]["assign_inspections"] >= 12 and after["staff"][1]["shortfalls"] >= 12
    assert after["finance"][1]["release"] >= 2
    assert after["inspector"][1]["inspections"] >= 12
    assert after["port_la"][1]["milestones"] >= 13


def test_each_role_sees_its_sections(demo, client):
    assert set(page(client, "applicant")[1]) == {
        "drafts",
        "information",
        "sign",
        "deliveries",
        "documents",
        "payments",
        "payment_drafts",
        "usage",
        "messages",
    }
    staff = page(client, "staff")[1]
    assert {"review", "assigned", "send", "countersign", "check_payments", "review_usage", "close", "messages"} <= set(
        staff
    )
    assert set(page(client, "finance")[1]) == {"release"}
    assert set(page(client, "inspector")[1]) == {"inspections"}
    assert set(page(client, "port_la")[1]) == {"milestones"}


def test_staff_review_queue_is_oldest_first_with_age_against_review_time(demo, client):
    now = timezone.now()
    draft = Application.objects.get(applicant__username="applicant", status=Status.DRAFT)
    oldest = copies(draft, 1, status=Status.SUBMITTED, submitted_at=now - dt.timedelta(days=900))[0]
    pa2022 = Application.objects.filter(program__code="PA2022-01").first()
    older = copies(pa2022, 1, status=Status.SUBMITTED, submitted_at=now - dt.timedelta(days=800))[0]
    response = page(client, "staff")[2]
    html = response.content.decode()
    section = html[html.index('id="review"') : html.index('id="assigned"')]
    first, second = (re.findall(r"/admin/applications/application/(\d+)/review/", section) + ["", ""])[:2]
    assert (int(first), int(second)) == (oldest, older)
    assert "900 days" in section
    # PA2022-01 gives staff 30 business days to send the letter of missing information: long overdue
    submitted = timezone.localdate(now - dt.timedelta(days=800))
    from core.deadlines import DayCount, add_period

    due = add_period(submitted, 30, DayCount.BUSINESS_DAYS)
    assert due.strftime("%B %-d, %Y") in section
    assert "overdue" in section


def test_finance_sees_totals_by_fund(demo, client):
    html = page(client, "finance")[2].content.decode()
    approved = PaymentRequest.objects.filter(status=PaymentRequest.Status.APPROVED).select_related("funded_project")
    total = sum((request.approved_amount for request in approved), Decimal("0"))
    assert "release-totals" in html
    assert f"${total:,.2f}" in html


def test_board_members_read_the_dashboard(demo, client):
    client.force_login(user("board"))
    response = client.get(reverse("mywork:page"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:board")


@pytest.mark.parametrize("name", ["applicant", "staff", "finance", "inspector", "port_la", "board"])
def test_signing_in_lands_on_my_work(demo, client, name):
    response = client.post(reverse("login"), {"username": name, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    if response["Location"] == reverse("mfa_authenticate"):  # the district's people: the second factor first
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response["Location"] == reverse("mywork:page")


def test_my_work_in_spanish(demo, client):
    client.force_login(user("applicant"))
    html = client.get(reverse("mywork:page"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Mi trabajo" in html and "Borradores por terminar" in html


@pytest.mark.parametrize("name", ROLES)
def test_every_row_opens_for_the_person_it_waits_on(demo, client, name):
    """Each row is one click from where the work is done: its link opens for the person whose work it is (the
    applicant's "Payments to request" led to the district's project page, a 404 for the awardee)."""
    response = page(client, name)[2]
    links = set(re.findall(r'<td[^>]*>\s*<a href="([^"#]+)(?:#[^"]*)?"', response.content.decode()))
    assert links, name
    for link in links:
        assert client.get(link).status_code == 200, (name, link)


def test_the_auditor_is_led_to_the_decided_applications(demo, client):
    response = page(client, "auditor")[2]
    html = response.content.decode()
    assert 'id="decided-applications" href="/admin/applications/application/"' in html
    assert "Nothing waits on you." in html
    assert 'id="decided-applications"' not in page(client, "staff")[2].content.decode()


def test_staffs_messages_to_read_go_to_the_reviewer_alone_in_one_query(client):
    """Issue 22, routed as the notices (``notices.services.staff_users``): an applicant's message about an application
    with a reviewer waits on that reviewer's My work, not on every staff member's; the section stays one query."""
    from accounts.roles import Role
    from conversations import services
    from mywork.selectors import work_of
    from tests.factories import UserFactory, complete_application

    reviewer = UserFactory(role=Role.STAFF, username="reviewer")
    colleague = UserFactory(role=Role.STAFF, username="colleague")
    application = complete_application("PA2026-02", staff=reviewer)
    application.assigned_to = reviewer
    application.save(update_fields=["assigned_to"])
    services.post("application", application, author=application.applicant, body="Is the quote enough?")

    def messages(user):
        with CaptureQueriesContext(connection) as captured:
            [section] = [section for section in work_of(user).sections if section.key == "messages"]
        return section, captured

    section, _ = messages(reviewer)
    assert (section.count, [row.label for row in section.rows]) == (1, [application.reference])
    section, _ = messages(colleague)
    assert (section.count, section.rows) == (0, [])
    application.assigned_to = None
    application.save(update_fields=["assigned_to"])
    assert messages(colleague)[0].count == 1
    _, before = messages(colleague)
    queries = [q["sql"] for q in before.captured_queries if "conversations_conversation" in q["sql"]]
    assert len(queries) == 1 and queries[0].count("COUNT(*)") == 1
