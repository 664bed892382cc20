"""Funding rounds: preview (ranking and allocation as a task), the staff pages, approval in one action."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import services as application_services
from applications.models import Status
from funding import selectors, services
from funding.models import FundingRound, LedgerEntry
from programs.models import Program
from tests.factories import PASSWORD, complete_application

pytestmark = pytest.mark.django_db

D = Decimal
EARLY = timezone.now() - dt.timedelta(days=3)


@pytest.fixture
def fund(staff_user):
    """PA2026-02's fund with $1,000,000 left: money for two and a half trucks."""
    fund = Program.objects.get(code="PA2026-02").fund_sources.get()
    services.adjust_budget(fund, D("-27000000.00"), actor=staff_user, reason="Test: most of the budget awarded")
    return fund


@pytest.fixture
def three_trucks(fund, staff_user):
    """Three complete applications, submitted a minute apart (the second from Riverside)."""
    return [
        complete_application(
            staff=staff_user,
            submitted_at=EARLY + dt.timedelta(minutes=minute),
            projects=({"existing_yard_county": county},),
        )
        for minute, county in ((0, "Los Angeles"), (1, "Riverside"), (2, "Orange"))
    ]


def preview(client, code="PA2026-02", django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:preview", args=[code]))
    return FundingRound.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def test_preview_ranks_allocates_and_shows_the_cut_line(staff_client, three_trucks, django_capture_on_commit_callbacks):
    funding_round = preview(staff_client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert (funding_round.status, funding_round.progress, funding_round.projects) == ("preview", 100, 3)
    lines = list(selectors.round_lines(funding_round))
    assert [(line.rank, line.application_id, line.outcome, line.funded) for line in lines] == [
        (1, three_trucks[0].pk, "full", D("400000.00")),
        (2, three_trucks[1].pk, "full", D("400000.00")),
        (3, three_trucks[2].pk, "partial", D("200000.00")),
    ]
    assert lines[2].cumulative == D("1000000.00")
    assert funding_round.summary["cut_line_before_rank"] == 3
    page = staff_client.get(reverse("funding:round", args=[funding_round.pk])).content.decode()
    assert 'id="cut-line"' in page and "Partial funding: $200,000.00 of the $400,000.00 award" in page
    assert "3 recommended awards totalling <strong>$1,000,000.00</strong>" in page
    assert not LedgerEntry.objects.filter(kind="encumbrance").exists()  # a preview promises nothing


def test_approving_the_round_approves_each_application_with_its_ledger_entries(
    staff_client, staff_user, three_trucks, fund, django_capture_on_commit_callbacks
):
    funding_round = preview(staff_client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    response = staff_client.post(
        reverse("funding:approve", args=[funding_round.pk]),
        {"reason": "Board approved the recommendations on December 5, 2025."},
    )
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert (funding_round.status, funding_round.approved_by) == ("approved", staff_user)
    for application in three_trucks:
        application.refresh_from_db()
        assert application.status == Status.APPROVED
    assert selectors.balance_of_fund(fund).available == D("0.00")
    assert set(LedgerEntry.objects.filter(kind="encumbrance").values_list("funding_round", flat=True)) == {
        funding_round.pk
    }
    decision = three_trucks[2].decisions.get(action="approve")
    assert decision.reason == (
        f"Board approved the recommendations on December 5, 2025. Funding round "
        f"{funding_round.pk}: Vehicle 1: partial funding, $200,000.00 of the $400,000.00 "
        "award (the funds left were less than the award)."
    )
    applicant = Client()
    applicant.login(username=three_trucks[2].applicant.username, password=PASSWORD)
    page = applicant.get(reverse("applications:detail", args=[three_trucks[2].pk])).content.decode()
    assert "partial funding, $200,000.00 of the $400,000.00 award" in page
    again = staff_client.post(reverse("funding:approve", args=[funding_round.pk]), {"reason": "again"}, follow=True)
    assert "Only a previewed round can be approved; this one is approved." in again.content.decode()


def test_approval_is_all_or_nothing_when_the_funds_changed_since_the_preview(
    staff_client, staff_user, three_trucks, fund, django_capture_on_commit_callbacks
):
    funding_round = preview(staff_client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    services.adjust_budget(fund, D("-100000.00"), actor=staff_user, reason="Reallocated after the preview")
    response = staff_client.post(reverse("funding:approve", args=[funding_round.pk]), {"reason": "Board"}, follow=True)
    assert "exceeds what U.S. EPA CPRG" in response.content.decode()
    assert "Preview again." in response.content.decode()
    assert not LedgerEntry.objects.filter(kind="encumbrance").exists()
    assert {application.status for application in three_trucks} == {Status.COMPLETE}
    funding_round.refresh_from_db()
    assert funding_round.status == "preview"


def test_a_withdrawn_application_stops_the_approval(staff_user, three_trucks, fund):
    funding_round = services.start_round(three_trucks[0].program, actor=staff_user)
    services.run_round(funding_round)
    application_services.withdraw(three_trucks[1], three_trucks[1].applicant, "Bought a truck elsewhere")
    with pytest.raises(services.FundingError, match="is now withdrawn: preview again"):
        services.approve_round(funding_round, actor=staff_user, reason="Board")


def test_a_new_preview_supersedes_the_last(staff_user, three_trucks):
    first = services.run_round(services.start_round(three_trucks[0].program, actor=staff_user))
    second = services.run_round(services.start_round(three_trucks[0].program, actor=staff_user))
    first.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "preview")
    with pytest.raises(services.FundingError, match="this one is superseded by a later preview"):
        services.approve_round(first, actor=staff_user, reason="Board")


def test_only_one_ranking_runs_at_a_time(staff_user, three_trucks):
    services.start_round(three_trucks[0].program, actor=staff_user)
    with pytest.raises(services.FundingError, match="already running"):
        services.start_round(three_trucks[0].program, actor=staff_user)


@pytest.mark.pdf
def test_exports_csv_and_the_boards_pdf(staff_client, three_trucks, django_capture_on_commit_callbacks):
    funding_round = preview(staff_client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    response = staff_client.get(reverse("funding:round_csv", args=[funding_round.pk]))
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert rows[0].startswith("rank,project,application,submitted_at,county,msa,dac")
    assert rows[3].startswith(f"3,{three_trucks[2].reference} #1,{three_trucks[2].reference},")
    assert ",Orange,Los Angeles-Orange County MSA," in rows[3] and ",Partial funding,200000.00," in rows[3]
    pdf = staff_client.get(reverse("funding:round_pdf", args=[funding_round.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_staff_set_reserves_shares_budget_and_add_a_fund(staff_client, staff_user, fund):
    url = reverse("funding:reserve", args=["PA2026-02", fund.pk])
    bad = staff_client.post(
        url,
        {
            f"reserve-{fund.pk}-area": "Inland Empire MSA",
            f"reserve-{fund.pk}-amount": "-5",
            f"reserve-{fund.pk}-reason": "x",
        },
    )
    assert bad.status_code == 400 and "must be at least $0.00." in bad.content.decode()
    too_much = staff_client.post(
        url,
        {
            f"reserve-{fund.pk}-area": "Inland Empire MSA",
            f"reserve-{fund.pk}-amount": "2000000",
            f"reserve-{fund.pk}-reason": "x",
        },
    )
    assert too_much.status_code == 400 and "more than the fund&#x27;s budget $1,000,000.00" in too_much.content.decode()
    ok = staff_client.post(
        url,
        {
            f"reserve-{fund.pk}-area": "Inland Empire MSA",
            f"reserve-{fund.pk}-amount": "300000",
            f"reserve-{fund.pk}-reason": "Balance the MSAs until December",
        },
    )
    assert ok.status_code == 302
    reserve = fund.reserves.get()
    assert (reserve.amount, reserve.set_by, reserve.history.count()) == (D("300000.00"), staff_user, 1)
    budget = staff_client.post(
        reverse("funding:budget", args=["PA2026-02", fund.pk]),
        {f"budget-{fund.pk}-amount": "250000.50", f"budget-{fund.pk}-reason": "Returned funds"},
    )
    assert budget.status_code == 302 and selectors.balance_of_fund(fund).budget == D("1250000.50")
    soon = Program.objects.get(code="PA2025-04")
    added = staff_client.post(
        reverse("funding:fund_new", args=["PA2025-04"]),
        {"fund-name": "Carl Moyer Program FY2025", "fund-budget": "1e999999999", "fund-reason": "Board allocation"},
    )
    assert added.status_code == 400 and not soon.fund_sources.exists()
    staff_client.post(
        reverse("funding:fund_new", args=["PA2025-04"]),
        {"fund-name": "Carl Moyer Program FY2025", "fund-budget": "1500000", "fund-reason": "Board allocation"},
    )
    assert selectors.balance_of_program(soon).budget == D("1500000.00")
    pa2026_03 = Program.objects.get(code="PA2026-03").fund_sources.get()
    staff_client.post(
        reverse("funding:share", args=["PA2026-03", pa2026_03.pk]),
        {
            f"share-{pa2026_03.pk}-county": "Riverside",
            f"share-{pa2026_03.pk}-truck_population": "41000",
            f"share-{pa2026_03.pk}-reason": "DMV registrations, January 2025",
        },
    )
    assert pa2026_03.county_shares.get().truck_population == 41000


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_take_the_same_number_of_queries_whatever_the_number_of_projects(staff_client, staff_user):
    fund = Program.objects.get(code="PA2026-02").fund_sources.get()  # the whole $28,000,000
    complete_application(staff=staff_user)
    small = services.run_round(services.start_round(fund.program, actor=staff_user))
    figures = [
        count_queries(staff_client, url)
        for url in (
            reverse("home"),
            reverse("funding:program", args=["PA2026-02"]),
            reverse("funding:round", args=[small.pk]),
        )
    ]
    for _ in range(6):
        application_services.approve(complete_application(staff=staff_user, projects=({}, {})), staff_user)
        complete_application(staff=staff_user, projects=({}, {}))
    large = services.run_round(services.start_round(fund.program, actor=staff_user))
    assert large.projects == 13
    assert [
        count_queries(staff_client, url)
        for url in (
            reverse("home"),
            reverse("funding:program", args=["PA2026-02"]),
            reverse("funding:round", args=[large.pk]),
        )
    ] == figures


def test_a_running_round_shows_its_progress_and_refreshes(staff_client, staff_user):
    funding_round = services.start_round(Program.objects.get(code="PA2026-02"), actor=staff_user, queue=False)
    FundingRound.objects.filter(pk=funding_round.pk).update(
        status="ranking", progress=42, progress_note="Allocated 40,000 of 100,000 projects"
    )
    page = staff_client.get(reverse("funding:round", args=[funding_round.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and 'aria-valuenow="42"' in page
    assert "Allocated 40,000 of 100,000 projects. This page refreshes itself." in page


def test_a_failed_round_says_why(staff_client, staff_user, monkeypatch):
    from funding.tasks import allocate_round_task

    funding_round = services.start_round(Program.objects.get(code="PA2026-02"), actor=staff_user, queue=False)

    def broken(program):
        raise ValueError("fund data unreadable")

    monkeypatch.setattr(services.selectors, "allocation_funds", broken)
    with pytest.raises(ValueError):
        allocate_round_task(funding_round.pk)
    funding_round.refresh_from_db()
    assert (funding_round.status, funding_round.error) == ("failed", "ValueError: fund data unreadable")
    page = staff_client.get(reverse("funding:round", args=[funding_round.pk])).content.decode()
    assert "The ranking failed: ValueError: fund data unreadable" in page
