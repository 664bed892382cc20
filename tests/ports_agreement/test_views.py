"""Pages: each port representative files for their own port only (404 for the other's, by every URL);
board members and staff read the status pages, the chart and the PDF; the admin pages render."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from accounts.roles import Role
from ports_agreement import services, views
from ports_agreement.models import AnnualReport, EmissionReductionPlan, ERPStatus, ProgressReport
from tests.factories import PASSWORD, UserFactory

from .factories import (
    AgreementFactory,
    AnnualReportFactory,
    BaselineFactory,
    DeterminationFactory,
    EmissionReductionPlanFactory,
    InfrastructurePlanFactory,
    MilestoneFactory,
    ProgressReportFactory,
    port,
    representative,
    tier,
)

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def filings_of(port_code):
    """A report, and an approved plan with a progress report, filed by one port."""
    report = AnnualReportFactory(port=port(port_code))
    plan = EmissionReductionPlanFactory(
        determination=DeterminationFactory(report=AnnualReportFactory(port=port(port_code), calendar_year=2016)),
        status=ERPStatus.APPROVED,
        approved_on=dt.date(2017, 2, 1),
    )
    ProgressReportFactory(plan=plan)
    return report, plan


def object_urls(report, plan):
    return [
        ("get", reverse("ports_agreement:report_detail", args=[report.pk])),
        ("get", reverse("ports_agreement:plan_detail", args=[plan.pk])),
        ("get", reverse("ports_agreement:progress_new", args=[plan.pk])),
        ("post", reverse("ports_agreement:progress_new", args=[plan.pk])),
    ]


@pytest.mark.parametrize(("mine", "theirs"), [("pola", "polb"), ("polb", "pola")])
def test_a_representative_sees_their_own_port_and_gets_404_for_the_other(client, mine, theirs):
    own_urls, other_urls = object_urls(*filings_of(mine)), object_urls(*filings_of(theirs))
    signed_in(client, representative(mine))
    for method, url in own_urls:
        if method == "get":
            assert client.get(url).status_code == 200, url
    for method, url in other_urls:
        response = getattr(client, method)(url, {"reductions_achieved": "1", "narrative": "x"})
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"
    assert ProgressReport.objects.count() == 2  # nothing was added to the other port's plan
    home = client.get(reverse("ports_agreement:port_home")).content.decode()
    assert str(port(mine)) in home and str(port(theirs)) not in home


def test_joint_filings_belong_to_both_ports(client):
    joint = AnnualReportFactory(port=None)
    for code in ("pola", "polb"):
        signed_in(client, representative(code))
        assert client.get(reverse("ports_agreement:report_detail", args=[joint.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.BOARD_MEMBER, Role.STAFF])
def test_only_representatives_reach_the_filing_pages(client, role):
    report, plan = filings_of("pola")
    signed_in(client, UserFactory(role=role))
    urls = [
        ("get", reverse("ports_agreement:port_home")),
        ("get", reverse("ports_agreement:report_new")),
        ("get", reverse("ports_agreement:plan_new")),
        *object_urls(report, plan),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_representative_without_a_port_gets_404(client):
    user = UserFactory(role=Role.PORT_REPRESENTATIVE)
    signed_in(client, user)
    assert client.get(reverse("ports_agreement:port_home")).status_code == 404


def test_a_representative_submits_a_report_for_their_port(client):
    rep = representative("polb")
    signed_in(client, rep)
    response = client.post(
        reverse("ports_agreement:report_new"), {"calendar_year": "2016", "nox": "10", "sox": "1", "pm25": "0.5"}
    )
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert (report.port, report.submitted_by, report.pm25_equivalent) == (port("polb"), rep, D("1.7300"))
    assert report.due_on == dt.date(2017, 7, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"calendar_year": "2021", "nox": "1", "sox": "1", "pm25": "1"}, "2014 to 2019"),
        (
            {"calendar_year": "2015", "projected": "on", "nox": "1", "sox": "1", "pm25": "1"},
            "Only the 2014 report may use projected activity (Rule 4001 (d)(1))",
        ),
        ({"calendar_year": "2015", "nox": "-1", "sox": "1", "pm25": "1"}, "greater than or equal to 0"),
        ({"calendar_year": "abc", "nox": "x", "sox": "1", "pm25": "1"}, "Enter a whole number"),
    ],
)
def test_bad_reports_get_form_errors_not_500(client, data, message):
    signed_in(client, representative("pola"))
    response = client.post(reverse("ports_agreement:report_new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_representative_submits_a_plan_with_strategies(client):
    determination = DeterminationFactory(report=AnnualReportFactory(port=port("pola")))
    other = DeterminationFactory(report=AnnualReportFactory(port=port("polb")))
    signed_in(client, representative("pola"))
    strategy = {
        "name": "Shore power",
        "actions": "Berths 100-102",
        "expected_reduction": "0.05",
        "cost": "2000000",
        "nox_pm_cost_per_ton": "25000",
        "sox_cost_per_ton": "",
        "legal_authority": "on",
        "method": "Lease terms",
        "schedule": "12 months",
        "implemented_within": "18",
    }
    data = {
        "shortfall": "0.01",
        "public_meeting_on": "2016-09-01",
        "commission_approved_on": "2016-12-01",
        "progress_reporting": "Quarterly",
        "strategies-TOTAL_FORMS": "1",
        "strategies-INITIAL_FORMS": "0",
        "strategies-MIN_NUM_FORMS": "1",
        "strategies-MAX_NUM_FORMS": "1000",
        **{f"strategies-0-{key}": value for key, value in strategy.items()},
    }
    response = client.post(reverse("ports_agreement:plan_new"), {**data, "determination": other.pk})
    assert response.status_code == 400  # the other port's determination is not a choice
    response = client.post(
        reverse("ports_agreement:plan_new"),
        {**data, "public_meeting_on": "2016-11-01", "determination": determination.pk},
    )
    assert response.status_code == 400 and "no later than 60 days" in response.content.decode()
    response = client.post(reverse("ports_agreement:plan_new"), {**data, "determination": determination.pk})
    plan = EmissionReductionPlan.objects.get()
    assert response.status_code == 302 and plan.port == port("pola")
    assert plan.strategies.get().feasibility.feasible


@pytest.fixture
def board_data():
    staff = UserFactory(role=Role.STAFF)
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7))
    services.record_exit_notice(agreement, given_by="Port of Los Angeles", noticed_on=dt.date(2026, 1, 15), actor=staff)
    plan = InfrastructurePlanFactory(agreement=agreement)
    MilestoneFactory(plan=plan, description="Terminal charging design", due_on=dt.date(2020, 1, 1))
    default = services.record_default(
        agreement=agreement,
        port=port("pola"),
        kind="plan_submission",
        tier=tier("Tier III"),
        occurred_on=dt.date(2026, 1, 5),
        description="Late",
        actor=staff,
    )
    services.assess_default(default, on=dt.date(2026, 2, 1), resolution="", actor=staff)
    BaselineFactory()
    AnnualReportFactory(calendar_year=2014, projected=True, pm25=D("30"), submitted_on=dt.date(2014, 10, 30))
    AnnualReportFactory(calendar_year=2015, pm25=D("25.01"))
    AnnualReportFactory(calendar_year=2016, pm25=D("25.00"), submitted_on=dt.date(2017, 6, 30))
    return agreement


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.STAFF])
def test_board_members_and_staff_read_the_status_pages(client, board_data, role):
    signed_in(client, UserFactory(role=role))
    page = client.get(reverse("ports_agreement:status")).content.decode()
    assert "November 7, 2030" in page  # 5-year term
    assert "March 1, 2026" in page and "Port of Los Angeles" in page  # exit 45 days after January 15, 2026
    assert "Terminal charging design" in page
    assert "$200,000.00" in page  # Tier III assessed, and the fund balance
    assert "Cargo handling equipment" in page and "Harbor craft" in page
    chart = client.get(reverse("ports_agreement:rule_4001")).content.decode()
    assert chart.count("<svg") == 1 and 'class="target-line"' in chart
    assert "74.99%" in chart and "75.00%" in chart and "70.00%" in chart


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.INSPECTOR, Role.PORT_REPRESENTATIVE])
def test_others_do_not_see_the_board_pages(client, role):
    signed_in(client, UserFactory(role=role))
    for name in ("status", "rule_4001", "board_report_pdf"):
        assert client.get(reverse(f"ports_agreement:{name}")).status_code == 404


@pytest.mark.pdf
def test_the_board_report_is_a_pdf_with_the_figures(client, board_data):
    html = views.board_report_html(dt.date(2026, 3, 2))
    for figure in ("November 7, 2030", "March 1, 2026", "$200,000.00", "74.99%", "75% reduction target 25.000"):
        assert figure in html
    signed_in(client, UserFactory(role=Role.BOARD_MEMBER))
    response = client.get(reverse("ports_agreement:board_report_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_nav_shows_ports_to_representatives(client):
    signed_in(client, representative("pola"))
    assert reverse("ports_agreement:index") in client.get(reverse("home")).content.decode()
    assert client.get(reverse("ports_agreement:index")).url == reverse("ports_agreement:port_home")


@pytest.mark.parametrize(
    "model",
    [
        "agreement",
        "exitnotice",
        "infrastructureplan",
        "milestone",
        "default",
        "defaulttier",
        "mitigationfundentry",
        "baseline",
        "annualreport",
        "determination",
        "emissionreductionplan",
        "plandecision",
        "publiccommentperiod",
    ],
)
def test_staff_admin_pages_render(client, board_data, model):
    signed_in(client, UserFactory(role=Role.STAFF))
    assert client.get(reverse(f"admin:ports_agreement_{model}_changelist")).status_code == 200
    if model not in ("determination",):
        assert client.get(reverse(f"admin:ports_agreement_{model}_add")).status_code == 200


def test_admin_refusals_are_messages_not_500(client, board_data):
    signed_in(client, UserFactory(role=Role.STAFF))
    response = client.post(
        reverse("admin:ports_agreement_exitnotice_add"),
        {"agreement": board_data.pk, "given_by": "Port of Oakland", "noticed_on": "2026-01-20", "reason": ""},
        follow=True,
    )
    assert response.status_code == 200 and "not a party" in response.content.decode()
