"""Issue 22, ports: the representative reads its own port's part of the Cooperative Agreement (plans and milestones
with their dates, defaults, penalties by tier, its payments into the Clean Air Mitigation Fund, Rule 4001
determinations, the progress PDF), reports progress on its milestones with evidence, staff accept or return it,
and emissions reports filed after their due date carry the days late."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from ports_agreement import rules, selectors, services, views
from ports_agreement.models import MilestoneReport
from tests.factories import PASSWORD, PDF_BYTES, UserFactory

from .factories import (
    AgreementFactory,
    AnnualReportFactory,
    BaselineFactory,
    InfrastructurePlanFactory,
    MilestoneFactory,
    port,
    representative,
    tier,
)

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def evidence(name="permit.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def both_ports():
    staff = UserFactory(role=Role.STAFF)
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7))
    parts = {}
    for code, amount_tier, description in (("pola", "Tier III", "Berth 100 charging"), ("polb", "Tier I", "Pier T")):
        plan = InfrastructurePlanFactory(agreement=agreement, port=port(code))
        milestone = MilestoneFactory(plan=plan, description=description, due_on=dt.date(2027, 6, 30))
        default = services.record_default(
            agreement=agreement,
            port=port(code),
            kind="milestone",
            tier=tier(amount_tier),
            occurred_on=dt.date(2026, 1, 5),
            description=f"{description} missed",
            actor=staff,
            milestone=milestone,
        )
        services.assess_default(default, on=dt.date(2026, 2, 1), resolution="", actor=staff)
        BaselineFactory(port=port(code))
        parts[code] = milestone
    AnnualReportFactory(port=port("pola"), calendar_year=2018, submitted_on=dt.date(2026, 3, 2))
    AnnualReportFactory(port=port("polb"), calendar_year=2017, submitted_on=dt.date(2018, 9, 1))
    return {"staff": staff, **parts}


def test_days_late_against_the_rule_4001_due_dates():
    # Rule 4001 (d)(2): "each July 1st thereafter": the 2018 report is due July 1, 2019.
    assert rules.report_due(2018, projected=False).due == dt.date(2019, 7, 1)
    assert rules.days_late(dt.date(2026, 3, 2), dt.date(2019, 7, 1)) == 2436
    # (d)(1): the partly projected 2014 report, due November 1, 2014; filed on the day: not late.
    assert rules.days_late(dt.date(2014, 11, 1), rules.report_due(2014, projected=True).due) == 0
    assert AnnualReportFactory(calendar_year=2016, submitted_on=dt.date(2017, 7, 2)).days_late == 1


def test_the_representative_reads_only_its_own_ports_part(client, both_ports):
    signed_in(client, representative("pola"))
    page = client.get(reverse("ports_agreement:status")).content.decode()
    assert client.get(reverse("ports_agreement:status")).status_code == 200
    assert "Port of Los Angeles: your port's part, read-only." in page
    assert "Berth 100 charging" in page and "Pier T" not in page  # its milestones only
    assert 'id="fund-paid">$200,000.00' in page  # its Tier III default, paid into the fund
    # penalties by tier, its own defaults only: Tier III assessed once, the other port's Tier I not counted
    assert "<td>Tier I</td><td>$50,000.00</td><td>0</td><td>$0.00</td><td>0</td>" in page
    assert "<td>Tier III</td><td>$200,000.00</td><td>1</td><td>$200,000.00</td><td>0</td>" in page
    assert "Pier T missed" not in page
    rule = client.get(reverse("ports_agreement:rule_4001")).content.decode()
    assert "2018 emissions report (actual), Port of Los Angeles: due July 1, 2019, filed March 2, 2026" in rule
    assert 'data-late="2436">Filed 2436 days late' in rule
    assert "2017 emissions report" not in rule  # the other port's
    home = client.get(reverse("ports_agreement:port_home")).content.decode()
    assert 'data-late="2436"' in home


def test_the_progress_pdf_is_the_ports_own_part(both_ports):
    html = views.board_report_html(dt.date(2026, 3, 2), port("polb"))
    assert "Pier T" in html and "Berth 100 charging" not in html and "$50,000.00" in html
    staff_html = views.board_report_html(dt.date(2026, 3, 2))
    assert "Pier T" in staff_html and "Berth 100 charging" in staff_html and "$250,000.00" in staff_html


def test_the_port_reports_progress_with_evidence_and_staff_accept_it(client, both_ports):
    milestone = both_ports["pola"]
    rep = representative("pola")
    client = signed_in(client, rep)
    url = reverse("ports_agreement:milestone", args=[milestone.pk])
    refused = client.post(
        url,
        {
            "progress": "Utility agreement signed with LADWP.",
            "completed_on": "2999-01-01",
            "evidence": evidence("agreement.pdf"),
        },
    )
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Utility agreement signed with LADWP.</textarea>" in page  # kept as typed
    assert 'id="id_completed_on-error">January 1, 2999 is still to come' in page
    forged = client.post(url, {"progress": "Signed.", "evidence": evidence("agreement.pdf", b"not a pdf")})
    assert "agreement.pdf does not contain a valid PDF file." in forged.content.decode()
    assert not MilestoneReport.objects.exists()

    response = client.post(
        url,
        {"progress": "Utility agreement signed.", "completed_on": "2026-03-01", "evidence": evidence("signed.pdf")},
        follow=True,
    )
    assert "Progress reported." in response.content.decode()
    report = MilestoneReport.objects.get()
    assert (report.submitted_by, report.status, report.completed_on) == (rep, "submitted", dt.date(2026, 3, 1))
    assert client.get(reverse("ports_agreement:milestone_evidence", args=[report.pk])).getvalue() == PDF_BYTES
    assert 'id="pending"' in client.get(url).content.decode()  # no form while the report is under review
    again = client.post(url, {"progress": "More.", "evidence": evidence()})
    assert "already under review" in again.content.decode()

    client.logout()
    signed_in(client, both_ports["staff"])
    queue = client.get(reverse("ports_agreement:milestone_reports")).content.decode()
    assert f'data-report="{report.pk}"' in queue and "Utility agreement signed." in queue
    client.post(reverse("ports_agreement:milestone_report_accept", args=[report.pk]), {"note": "Verified."})
    report.refresh_from_db()
    milestone.refresh_from_db()
    assert report.status == "accepted" and report.reviewed_by == both_ports["staff"]
    assert milestone.completed_on == dt.date(2026, 3, 1)
    assert milestone not in selectors.overdue_milestones(dt.date(2028, 1, 1))


def test_staff_return_a_report_with_the_reason_and_the_port_reports_again(client, both_ports):
    milestone = both_ports["polb"]
    rep = representative("polb")
    report = services.report_milestone_progress(
        milestone, port=port("polb"), actor=rep, progress="Design at 30%.", evidence=evidence()
    )
    with pytest.raises(services.PortsError, match="Say why"):
        services.return_milestone_report(report, actor=both_ports["staff"], reason=" ")
    services.return_milestone_report(report, actor=both_ports["staff"], reason="Attach the design drawings.")
    page = signed_in(client, rep).get(reverse("ports_agreement:milestone", args=[milestone.pk])).content.decode()
    assert "Returned to the port" in page and "Attach the design drawings." in page
    milestone.refresh_from_db()
    assert milestone.completed_on is None  # still open: the default and cure steps stay staff's, as before
    services.report_milestone_progress(
        milestone, port=port("polb"), actor=rep, progress="Design at 30%, drawings attached.", evidence=evidence()
    )
    assert milestone.reports.count() == 2


def test_a_port_cannot_report_on_the_other_ports_milestone(both_ports):
    with pytest.raises(services.PortsError, match="another port"):
        services.report_milestone_progress(
            both_ports["polb"],
            port=port("pola"),
            actor=representative("pola"),
            progress="x",
            evidence=evidence(),
        )
    assert D(0) == D(MilestoneReport.objects.count())
