"""The dashboards' figures against a small portfolio worked by hand.

- PA2026-02 (budget $28,000,000, the EPA CPRG fund): two trucks of $400,000 (the example's award) approved in Los
  Angeles; one agreement executed and $150,000 paid on it; a third application submitted; a draft.
- PA2025-04 (SOON, the test's $5,000,000 Carl Moyer fund): the example's loader twice, $167,200 each, NOx 0.5745 tons
  a year, weighted 0.9792 (0.979241 stored to four places), $59,965.80 per ton of NOx, a five-year project life: one
  in a disadvantaged or low-income community, one not.
"""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Project, Status
from dashboards import board, selectors
from dashboards.selectors import Period
from funding import services as funding
from programs.models import Program
from tests.factories import ApplicationFactory, ProjectFactory, approved_application, executed_agreement

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def portfolio(staff):
    paid = executed_agreement("PA2026-02", staff=staff)
    funding.disburse(paid.application.projects.get(), D("150000.00"), actor=staff, reason="Rebate payment (test)")
    approved = approved_application("PA2026-02", staff=staff)
    submitted = ApplicationFactory(program=Program.objects.get(code="PA2026-02"))
    ProjectFactory(application=submitted)
    Application.objects.filter(pk=submitted.pk).update(
        status=Status.SUBMITTED, submitted_at=timezone.now(), award_total=D("400000.00")
    )
    ProjectFactory(application=ApplicationFactory(program=Program.objects.get(code="PA2026-02")))  # a draft
    soon_dac = approved_application("PA2025-04", staff=staff)
    soon_other = approved_application("PA2025-04", staff=staff, projects=({"dac_or_low_income": False},))
    return {"paid": paid.application, "approved": approved, "submitted": submitted, "soon": (soon_dac, soon_other)}


def by_code(figures):
    return {item.program.code: item for item in figures}


def test_ledger_sums_per_program_and_fund(portfolio):
    money = by_code(selectors.portfolio())
    trucks = money["PA2026-02"].balance
    assert (trucks.budget, trucks.encumbered, trucks.disbursed, trucks.available) == (
        D("28000000.00"),
        D("800000.00"),
        D("150000.00"),
        D("27200000.00"),
    )
    soon = money["PA2025-04"]
    assert [(item.fund.name, item.balance.encumbered, item.balance.available) for item in soon.funds] == [
        ("Carl Moyer Program (test)", D("334400.00"), D("4665600.00"))
    ]
    pa2022 = money["PA2022-01"].balance  # two funds ($32.1M and $25M) within the $35M solicitation total
    assert (pa2022.budget, pa2022.available) == (D("35000000.00"), D("35000000.00"))


def test_each_application_stands_in_one_stage_and_drafts_are_never_counted(portfolio):
    programs = {program.code: program.pk for program in Program.objects.all()}
    stages = selectors.stages()
    trucks = stages[programs["PA2026-02"]]
    assert {key: figures.applications for key, figures in trucks.items()} == {"paid": 1, "approved": 1, "submitted": 1}
    assert (trucks["paid"].awarded, trucks["paid"].disbursed) == (D("400000.00"), D("150000.00"))
    assert trucks["submitted"].evaluated == D("400000.00")
    assert {key: figures.applications for key, figures in stages[programs["PA2025-04"]].items()} == {"approved": 2}


def test_counties_and_the_dac_share_against_soons_floor(portfolio):
    dashboard = board.dashboard(Period())
    counties = {row[0]: row[1:] for row in dashboard.table("counties").rows}
    assert counties == {
        "Los Angeles": [2, D("800000.00"), D("150000.00")],
        "San Bernardino": [2, D("334400.00"), D("0.00")],
    }
    dac = {row[0]: row for row in dashboard.table("dac").rows}
    # 167,200 of 334,400 = 50.00 percent, at the 50 percent floor; the floor still holds half of $5,000,000 less it.
    assert dac["PA2025-04"][1:] == [1, D("167200.00"), D("334400.00"), D("50.00"), D(50), "Yes", D("2332800.00")]
    assert dac["PA2022-01"][4:7] == [None, None, "No floor"]


def test_tons_over_a_year_and_the_project_lives_and_the_portfolios_cost_per_ton(portfolio):
    emissions = {row[0]: row[1:] for row in board.dashboard(Period()).table("emissions").rows}
    projects, nox, weighted, nox_life, weighted_life, per_ton, basis, with_factors, lacking = emissions["PA2025-04"]
    assert (with_factors, lacking) == (None, None)  # SOON's tons rest on no on-road factor table
    assert (projects, nox, weighted) == (2, D("1.1490"), D("1.9584"))
    assert (nox_life, weighted_life) == (D("5.7450"), D("9.7920"))  # five years each
    assert per_ton == D("59965.80") and basis == "$ per ton of NOx"  # CRF x award over tons, both projects alike


def test_the_timeline_and_the_letters_estimate(portfolio):
    dashboard = board.dashboard(Period())
    this_month = dashboard.table("months").rows[-1]
    assert this_month[1:] == [D("1134400.00"), D("150000.00"), D("1134400.00"), D("150000.00")]
    letter = {row[0]: row[1] for row in dashboard.table("letter_estimate").rows}
    assert letter == {"NOx": D("1329"), "PM2.5": D("19.4"), "Diesel particulate matter (DPM)": D("20.3")}
    invest_clean = {row[0]: row for row in dashboard.table("invest_clean").rows}
    assert invest_clean["PA2026-02"][1] == 2 and invest_clean["PA2026-02"][-1] == "No usage reports yet"


def test_a_period_ending_before_the_awards_shows_none_of_them(portfolio):
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    money = by_code(selectors.portfolio(Period(end=yesterday)))
    assert money["PA2026-02"].balance.encumbered == D("0.00")
    assert selectors.stages(Period(end=yesterday)) == {}


def test_the_board_page_takes_as_many_queries_with_more_data(client, portfolio, staff, board_member):
    client.force_login(board_member)
    url = reverse("dashboards:board")
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _ in range(3):
        application = approved_application("PA2026-02", staff=staff)
        funding.disburse(application.projects.get(), D("1000.00"), actor=staff, reason="Payment (test)")
    with CaptureQueriesContext(connection) as after:  # the data changed: computed again, not from the cache
        response = client.get(url)
    assert "$153,000.00" in response.content.decode()  # PA2026-02's disbursed: $150,000 and three of $1,000
    # cache.clear() also dropped the cached session, which ``before`` reads again from its table
    before = [query for query in before.captured_queries if "django_session" not in query["sql"]]
    assert len(after) == len(before) < 25
    assert len(cached) <= len(before) - 10  # from the cache: the fingerprint, not the figures


def _cmp_figures(application, origin, weighted, per_ton):
    project = application.projects.get()
    figures = {**project.figures, "emission_factors_from": origin}
    Project.objects.filter(pk=project.pk).update(
        figures=figures, weighted_tons_per_year=D(weighted), cost_effectiveness_per_ton=D(per_ton)
    )


def test_pa2022_01s_cost_per_ton_only_from_projects_with_factors(staff, board_member, client):
    """Issue 23: three funded PA2022-01 trucks ($200,000 each, the Prop 1B Table 4 amount of the example): one from the
    round's Guidelines table (2.0 weighted t/yr at $50,000/t: $100,000 annualized), one on staff's override (1.0 t/yr
    at $80,000/t: $80,000), and one on factors typed with no source (0.1 t/yr at $483,333/t). The $/ton is the first
    two's: $180,000 / 3.0 t = $60,000.00, not the $73,656 all three would give; the Board reads that one lacks them."""
    table, override, typed = (approved_application("PA2022-01", staff=staff) for _ in range(3))
    _cmp_figures(table, "table", "2.0", "50000.00")
    _cmp_figures(override, "override", "1.0", "80000.00")
    _cmp_figures(typed, "typed", "0.1", "483333.00")
    program = Program.objects.get(code="PA2022-01")
    assert selectors.emission_factor_basis()[program.pk] == selectors.FactorBasis(
        with_factors=2, lacking=1, annualized=D("180000.00"), tons=D("3.0000")
    )
    row = {row[0]: row[1:] for row in board.dashboard(Period()).table("emissions").rows}["PA2022-01"]
    assert row[0] == 3 and row[5:] == [D("60000.00"), "$ per weighted ton (NOx + ROG + 20 x PM10)", 2, 1]

    client.force_login(board_member)
    cache.clear()
    page = client.get(reverse("dashboards:board")).content.decode()
    assert (
        "PA2022-01: 1 project lacks emission factors; $ per ton from 2 projects: <strong>$60,000.00</strong> per "
        "weighted ton" in page
    )
    assert "$483,333" not in page


def test_no_project_with_factors_states_no_cost_per_ton(staff):
    typed = approved_application("PA2022-01", staff=staff)
    _cmp_figures(typed, "typed", "0.1", "483333.00")
    dashboard = board.dashboard(Period())
    row = {row[0]: row[1:] for row in dashboard.table("emissions").rows}["PA2022-01"]
    assert row[5] is None and row[7:] == [0, 1]
    per_ton = {item[0]: item for item in dashboard.headline.per_ton}["PA2022-01"]
    assert (per_ton[1], per_ton[3]) == (None, "1 project lacks emission factors; $ per ton from 0 projects")
