"""Who may see the dashboards: board members and staff read the Board pages (GET only: no page changes anything),
everyone else signed in gets a 404, the public sign in first; the public page and its open data are for anyone and
show no person's name or e-mail address and no draft or application still under review."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Organization
from accounts.roles import Role
from funding import services as funding
from programs.models import Program
from tests.factories import ApplicationFactory, ProjectFactory, UserFactory, complete_application, executed_agreement

pytestmark = pytest.mark.django_db

BOARD_URLS = [
    ("dashboards:board", ()),
    ("dashboards:program", ("PA2026-02",)),
    ("dashboards:table_csv", ("funds",)),
    ("dashboards:program_table_csv", ("PA2026-02", "stages")),
    ("dashboards:report_pdf", ()),
]
PUBLIC_URLS = [
    ("dashboards:public", ()),
    ("dashboards:awards_csv", ()),
    ("dashboards:awards_json", ()),
    ("dashboards:totals_json", ()),
    ("dashboards:public_table_csv", ("programs",)),
]


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.BOARD_MEMBER, 200),
        (Role.STAFF, 200),
        (Role.APPLICANT, 404),
        (Role.INSPECTOR, 404),
        (Role.PORT_REPRESENTATIVE, 404),
    ],
)
@pytest.mark.parametrize(("name", "args"), BOARD_URLS)
def test_board_pages_for_board_members_and_staff_only(client, role, status, name, args):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse(name, args=args)).status_code == status


@pytest.mark.parametrize(("name", "args"), BOARD_URLS)
def test_board_pages_ask_the_public_to_sign_in(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.STAFF])
@pytest.mark.parametrize(("name", "args"), BOARD_URLS + PUBLIC_URLS)
def test_no_dashboard_page_changes_anything(client, role, name, args):
    client.force_login(UserFactory(role=role))
    for method in (client.post, client.put, client.delete):
        assert method(reverse(name, args=args)).status_code == 405


@pytest.mark.parametrize(("name", "args"), PUBLIC_URLS)
def test_the_public_page_and_open_data_need_no_sign_in(client, name, args):
    assert client.get(reverse(name, args=args)).status_code == 200


def test_unknown_program_or_table_is_a_404_and_a_bad_date_a_400_naming_the_field(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("dashboards:program", args=["PA1999-99"])).status_code == 404
    assert client.get(reverse("dashboards:table_csv", args=["passwords"])).status_code == 404
    page = client.get(reverse("dashboards:board"), {"start": "2026-02-30"})
    assert page.status_code == 400 and "From: Enter a valid date." in page.content.decode()
    csv = client.get(reverse("dashboards:table_csv", args=["funds"]), {"start": "2026-05-01", "end": "2026-04-01"})
    assert csv.status_code == 400 and "To: The end date is before the start date." in csv.content.decode()


def test_the_public_sees_awards_as_a_records_release_would_and_nothing_personal(client):
    staff = UserFactory(role=Role.STAFF, username="grants-officer")
    agreement = executed_agreement("PA2026-02", staff=staff)
    funding.disburse(agreement.application.projects.get(), Decimal("400000.00"), actor=staff, reason="Paid (test)")
    application = agreement.application
    Organization.objects.filter(pk=application.organization_id).update(name="Harbor Freight Lines LLC")
    applicant = application.applicant
    applicant.first_name, applicant.last_name = "Maria", "Lopez"
    applicant.save()
    under_review = complete_application("PA2026-02", staff=staff, details={"contact_name": "Rosa Diaz"})
    Organization.objects.filter(pk=under_review.organization_id).update(name="Still Under Review Trucking")
    draft = ApplicationFactory(program=Program.objects.get(code="PA2026-02"))
    ProjectFactory(application=draft)
    Organization.objects.filter(pk=draft.organization_id).update(name="Draft Only Freight")

    pages = {name: body(client.get(reverse(name, args=args))) for name, args in PUBLIC_URLS}
    records = json.loads(pages["dashboards:awards_json"])["awards"]
    assert records == [
        {
            "reference": f"{application.reference} #1",
            "awardee": "Harbor Freight Lines LLC",
            "program": "PA2026-02",
            "program_title": application.program.title,
            "county": "Los Angeles",
            "award": "400000.00",
            "paid": "400000.00",
            "status": "paid",
        }
    ]
    assert (
        pages["dashboards:awards_csv"]
        .splitlines()[1]
        .startswith(f"{application.reference} #1,Harbor Freight Lines LLC,PA2026-02,")
    )
    assert "Harbor Freight Lines LLC" in pages["dashboards:public"]
    personal = [
        applicant.username,
        applicant.email,
        "Maria",
        "Lopez",
        application.details["contact_email"],
        application.details["contact_name"],
        staff.username,
        under_review.applicant.email,
        "Rosa Diaz",
        "Still Under Review Trucking",
        "Draft Only Freight",
        draft.applicant.username,
    ]
    for text in pages.values():
        for value in personal:
            assert value not in text
    totals = json.loads(pages["dashboards:totals_json"])
    trucks = next(item for item in totals["programs"] if item["program"] == "PA2026-02")
    assert (trucks["awarded"], trucks["available"], trucks["projects_funded"]) == ("400000.00", "27600000.00", 1)
