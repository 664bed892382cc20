"""Issue 26: a read-only auditor (a CARB or State auditor) reads decided applications, agreements, payments and the
change history in the admin, exports a project's audit trail, and changes nothing. The permission matrix for the
role, beside staff and the board."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import Organization
from accounts.roles import Role
from applications.models import Decision, Status
from tests.factories import PASSWORD, UserFactory, approved_application, complete_application
from tests.security.test_admin_history import first_action

pytestmark = pytest.mark.django_db

HOSTILE = "=cmd|' /C calc'!A0"


@pytest.fixture
def decided_and_open():
    staff = UserFactory(role=Role.STAFF, first_name="Lena", last_name="Park")
    decided = approved_application(staff=staff)
    Decision.objects.filter(application=decided, action="approve").update(reason=HOSTILE)
    under_review = complete_application(staff=staff)
    return decided, under_review


def sign_in(client, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    return user


def admin_pages(application):
    project = application.projects.get()
    first = application.history.earliest("history_date")
    return [
        reverse("admin:applications_application_review", args=[application.pk]),
        reverse("admin:applications_application_change", args=[application.pk]),
        reverse("admin:applications_application_history", args=[application.pk]),
        reverse("admin:applications_application_simple_history", args=[application.pk, first.history_id]),
        reverse("admin:applications_project_change", args=[project.pk]),
        reverse("admin:applications_project_history", args=[project.pk]),
        reverse("reporting:audit_trail", args=[project.pk]),
    ]


# role -> (a decided application's pages, an application under review's pages)
MATRIX = {
    Role.AUDITOR: (200, 404),
    Role.STAFF: (200, 200),
    Role.BOARD_MEMBER: (200, 200),
    Role.FINANCE: ("refused", "refused"),
    Role.INSPECTOR: ("refused", "refused"),
    Role.APPLICANT: ("refused", "refused"),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix_of_the_auditor_and_the_history_pages(client, decided_and_open, role):
    decided, under_review = decided_and_open
    sign_in(client, role)
    checked = 0
    for application, expected in zip((decided, under_review), MATRIX[role], strict=True):
        for url in admin_pages(application):
            status = client.get(url).status_code
            if expected == "refused":  # the admin sends them to sign in; the audit trail is not found
                assert status in (302, 404), (url, status)
            else:  # Django's change page sends a record it may not show back to the list
                assert status == (302 if expected == 404 and url.endswith("/change/") else expected), (url, status)
            checked += 1
    assert checked == 14


def test_the_auditor_lists_only_decided_applications(client, decided_and_open):
    decided, under_review = decided_and_open
    sign_in(client, Role.AUDITOR)
    listed = [item["reference"] for item in client.get(reverse("application-list")).json()["results"]]
    assert listed == [decided.reference]
    changelist = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert decided.reference in changelist and under_review.reference not in changelist
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(reverse("admin:applications_application_export", args=["csv"])).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert [row[0] for row in rows[1:]] == [decided.reference]
    for name in ("agreements_agreement", "payments_paymentrequest", "funding_ledgerentry", "agreements_obligation"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_the_auditor_changes_nothing(client, decided_and_open):
    decided, _ = decided_and_open
    sign_in(client, Role.AUDITOR)
    refused = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        data = {"action": first_action(model_admin), "index": "0", "_selected_action": [1]}
        assert client.post(url, data).status_code == 403, url
        refused += 1
    assert (
        client.post(reverse("admin:applications_application_note", args=[decided.pk]), {"text": "x"}).status_code == 403
    )
    project = decided.projects.get()
    assert client.post(reverse("admin:applications_project_change", args=[project.pk]), {}).status_code == 403
    assert refused >= 20
    decided.refresh_from_db()
    assert decided.status == Status.APPROVED and not decided.staff_notes.exists()


def test_the_audit_trail_of_a_project(client, decided_and_open):
    decided, _ = decided_and_open
    Organization.objects.filter(pk=decided.organization_id).update(name=HOSTILE)
    sign_in(client, Role.AUDITOR)
    response = client.get(reverse("reporting:audit_trail", args=[decided.projects.get().pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["When (Pacific time)", "Record", "Action", "Change", "By", "Reason or note"]
    actions = [row[2] for row in rows[1:]]
    assert actions.index("mark_complete") < actions.index("approve")
    approve = rows[1:][actions.index("approve")]
    assert approve[1] == decided.reference and approve[3] == "complete → approved" and approve[4] == "Lena Park"
    assert approve[5] == "'" + HOSTILE  # a reason is text: no formula
    assert "ledger: encumbrance" in actions and "created" in actions
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
