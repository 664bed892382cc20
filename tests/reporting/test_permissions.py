"""The permission matrix of usage reports, remedies and closeout: awardees only their own (another's report is a
404), staff decide, board members read only, inspectors, finance and port representatives get a 404, anonymous visitors
sign in. Every refused write changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from agreements.models import FundedProject
from reporting import services
from reporting.models import Closeout, Remedy, UsageReport
from tests.factories import UserFactory
from tests.reporting.conftest import awardee_of, file_report, in_reporting, login, pdf

pytestmark = pytest.mark.django_db
LATER = dt.date(2035, 1, 1)


@pytest.fixture
def submitted(staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    return file_report(UsageReport.objects.get(funded_project=funded, number=1), 3000, 2000, today=LATER)


def reads(report):
    return [
        reverse("reporting:detail", args=[report.pk]),
        reverse("reporting:download", args=[report.pk, report.documents.first().pk]),
    ]


def district_reads(report):
    return [reverse("reporting:queue"), reverse("reporting:project", args=[report.funded_project_id])]


def awardee_writes(report):
    return [
        reverse("reporting:save", args=[report.pk]),
        reverse("reporting:upload", args=[report.pk]),
        reverse("reporting:submit", args=[report.pk]),
    ]


def staff_writes(report):
    funded = report.funded_project_id
    return [
        reverse("reporting:accept", args=[report.pk]),
        reverse("reporting:return", args=[report.pk]),
        reverse("reporting:inspection", args=[report.pk]),
        reverse("reporting:remedy", args=[funded]),
        reverse("reporting:close", args=[funded]),
    ]


POST = {
    "reason": "x",
    "note": "x",
    "kind": "waiver",
    "miles": "1",
    "msa_miles": "1",
    "energy_used_kwh": "1",
    "certify": "on",
    "slot": "registration",
}


def state(report):
    report.refresh_from_db()
    return (
        report.status,
        report.values,
        report.documents.count(),
        Remedy.objects.count(),
        Closeout.objects.count(),
        FundedProject.objects.get(pk=report.funded_project_id).status,
        report.inspection_requested_at,
    )


def post_all(client, urls):
    return {url: client.post(url, {**POST, "files": pdf()}).status_code for url in urls}


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.INSPECTOR, Role.FINANCE, Role.PORT_REPRESENTATIVE])
def test_anyone_but_the_awardee_and_the_district_gets_404_and_changes_nothing(client, submitted, role):
    login(client, UserFactory(role=role))
    before = state(submitted)
    for url in reads(submitted) + district_reads(submitted):
        assert client.get(url).status_code == 404, url
    assert set(post_all(client, awardee_writes(submitted) + staff_writes(submitted)).values()) == {404}
    assert state(submitted) == before


def test_the_awardee_reads_its_own_and_never_decides(client, submitted):
    login(client, awardee_of(submitted.funded_project))
    for url in reads(submitted):
        assert client.get(url).status_code == 200, url
    for url in district_reads(submitted):
        assert client.get(url).status_code == 404, url
    before = state(submitted)
    assert set(post_all(client, staff_writes(submitted)).values()) == {404}
    assert state(submitted) == before


def test_board_members_read_everything_and_change_nothing(client, submitted):
    login(client, UserFactory(role=Role.BOARD_MEMBER, is_staff=True))
    for url in reads(submitted) + district_reads(submitted):
        assert client.get(url).status_code == 200, url
    before = state(submitted)
    assert set(post_all(client, awardee_writes(submitted) + staff_writes(submitted)).values()) == {404}
    assert state(submitted) == before


def test_staff_never_file_the_awardees_report(client, submitted, staff_user):
    login(client, staff_user)
    for url in reads(submitted) + district_reads(submitted):
        assert client.get(url).status_code == 200, url
    before = state(submitted)
    assert set(post_all(client, awardee_writes(submitted)).values()) == {404}
    assert state(submitted) == before
    with pytest.raises(services.ReportingError):
        services.save_report(submitted, {"miles": "1"}, actor=staff_user)


def test_anonymous_visitors_sign_in(client, submitted):
    for url in reads(submitted) + district_reads(submitted) + [reverse("reporting:index")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    before = state(submitted)
    for url in awardee_writes(submitted) + staff_writes(submitted):
        assert client.post(url, POST).status_code == 302
    assert state(submitted) == before


def test_an_awardee_cannot_submit_another_awardees_report_through_the_service(submitted):
    other = UserFactory(role=Role.APPLICANT)
    with pytest.raises(services.ReportingError):
        services.submit(submitted, actor=other)
