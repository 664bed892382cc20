"""The permission matrix for the ports' pages added by issue 22: each port's representative reads its own part of
the Cooperative Agreement and reports on its own milestones only (the other port's: 404 by every URL); staff
read and decide the progress reports; board members read and decide nothing; applicants, inspectors and finance
see none of it; anonymous visitors sign in. No refused request changes anything."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from ports_agreement import services
from ports_agreement.models import MilestoneReport
from tests.factories import PASSWORD, PDF_BYTES, UserFactory
from tests.ports_agreement.factories import AgreementFactory, InfrastructurePlanFactory, MilestoneFactory, port
from tests.ports_agreement.factories import representative as make_representative

pytestmark = pytest.mark.django_db


def _evidence():
    return SimpleUploadedFile("evidence.pdf", PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def world():
    agreement = AgreementFactory()
    found = {"staff": UserFactory(role=Role.STAFF)}
    for code in ("pola", "polb"):
        milestone = MilestoneFactory(plan=InfrastructurePlanFactory(agreement=agreement, port=port(code)))
        rep = make_representative(code)
        report = services.report_milestone_progress(
            milestone, port=port(code), actor=rep, progress="Work under way.", evidence=_evidence()
        )
        found[code] = {"rep": rep, "milestone": milestone, "report": report}
    return found


def _reads(part):
    return {
        "status": reverse("ports_agreement:status"),
        "rule_4001": reverse("ports_agreement:rule_4001"),
        "pdf": reverse("ports_agreement:board_report_pdf"),
        "milestone": reverse("ports_agreement:milestone", args=[part["milestone"].pk]),
        "evidence": reverse("ports_agreement:milestone_evidence", args=[part["report"].pk]),
        "queue": reverse("ports_agreement:milestone_reports"),
    }


def _changes(part):
    return [
        (reverse("ports_agreement:milestone", args=[part["milestone"].pk]), {"progress": "x", "evidence": _evidence()}),
        (reverse("ports_agreement:milestone_report_accept", args=[part["report"].pk]), {"note": "ok"}),
        (reverse("ports_agreement:milestone_report_return", args=[part["report"].pk]), {"note": "no"}),
    ]


def _unchanged(world):
    return (
        all(MilestoneReport.objects.get(pk=world[code]["report"].pk).status == "submitted" for code in ("pola", "polb"))
        and MilestoneReport.objects.count() == 2
    )


def _sign_in(client, user):
    client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize(("mine", "theirs"), [("pola", "polb"), ("polb", "pola")])
def test_a_port_reads_its_own_part_and_gets_404_for_the_others(client, world, mine, theirs):
    _sign_in(client, world[mine]["rep"])
    own, other = _reads(world[mine]), _reads(world[theirs])
    for name in ("status", "rule_4001", "pdf", "milestone", "evidence"):
        assert client.get(own[name]).status_code == 200, own[name]
    for name in ("milestone", "evidence"):
        assert client.get(other[name]).status_code == 404, other[name]
    assert client.get(own["queue"]).status_code == 404  # staff's queue
    for url, data in _changes(world[theirs]):
        assert client.post(url, data).status_code == 404, url
    for url, data in _changes(world[mine])[1:]:  # a port does not decide its own report
        assert client.post(url, data).status_code == 404, url
    assert _unchanged(world)


def test_staff_read_everything_and_decide(client, world):
    _sign_in(client, world["staff"])
    for part in ("pola", "polb"):
        for name, url in _reads(world[part]).items():
            expected = 404 if name == "milestone" else 200  # the report form is the port's own
            assert client.get(url).status_code == expected, url
    client.post(reverse("ports_agreement:milestone_report_accept", args=[world["pola"]["report"].pk]), {})
    assert MilestoneReport.objects.get(pk=world["pola"]["report"].pk).status == "accepted"


def test_board_members_read_but_decide_nothing(client, world):
    _sign_in(client, UserFactory(role=Role.BOARD_MEMBER))
    reads = _reads(world["pola"])
    for name in ("status", "rule_4001", "pdf", "evidence", "queue"):
        assert client.get(reads[name]).status_code == 200, reads[name]
    for url, data in _changes(world["pola"]):
        assert client.post(url, data).status_code == 404, url
    assert _unchanged(world)


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.INSPECTOR, Role.FINANCE])
def test_others_see_nothing(client, world, role):
    _sign_in(client, UserFactory(role=role))
    for url in _reads(world["pola"]).values():
        assert client.get(url).status_code == 404, url
    for url, data in _changes(world["pola"]):
        assert client.post(url, data).status_code == 404, url
    assert _unchanged(world)


def test_anonymous_visitors_sign_in(client, world):
    for url in _reads(world["pola"]).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url, data in _changes(world["pola"]):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert _unchanged(world)
