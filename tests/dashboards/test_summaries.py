"""The running totals the dashboards read (``funding.summaries``, ``dashboards.summaries``) stay equal to the figures
computed directly from the data: after the services' writes, a reversal, a release, a bulk ``QuerySet.update`` (the
triggers see it), an awardee's new name, and for any sequence of ledger entries (a hypothesis property)."""

import datetime as dt
import threading
import time
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Organization
from agreements import services as agreements
from agreements.models import Obligation
from applications.models import Application, Status
from dashboards import board, public, selectors, summaries
from dashboards.models import AwardTotal, ObligationTotal, PlaceTotal, ServiceTotal, StageTotal
from funding import services as funding
from funding import summaries as ledger_summaries
from funding.models import FundSource, LedgerDay, LedgerEntry, ProjectBalance
from programs.models import Program
from tests.factories import ApplicationFactory, ProjectFactory, approved_application, executed_agreement

pytestmark = pytest.mark.django_db

D = Decimal
TOTALS = (StageTotal, ObligationTotal, PlaceTotal, ServiceTotal, AwardTotal)


def everything() -> dict:
    """Every table of the Board dashboard and of each program's page, the public tables, the awards count and the
    first page of the awards list."""
    found = {}
    for program in [None, *Program.objects.order_by("code")]:
        page = board.dashboard(selectors.Period(), program)
        for section in page.sections:
            for table in section.tables:
                found[(program.code if program else "", table.key)] = [table.rows, table.footer]
    headlines, tables = public.tables()
    found["headlines"] = [vars(item) for item in headlines]
    found["public"] = [[table.rows, table.footer] for table in tables]
    found["award_count"] = selectors.award_count()
    found["awards"] = selectors.awards(offset=0, limit=50)
    found["places"] = sorted(
        selectors.places(), key=lambda place: (place.program_id, place.county, place.msa, place.dac)
    )
    return found


def assert_totals_equal_direct(monkeypatch):
    summarized = everything()
    monkeypatch.setattr(selectors, "USE_SUMMARIES", False)
    direct = everything()
    monkeypatch.setattr(selectors, "USE_SUMMARIES", True)
    assert summarized.keys() == direct.keys()
    for key in direct:
        assert summarized[key] == direct[key], key
    return summarized


def nonzero_totals() -> dict:
    return {
        model.__name__: sorted(
            tuple(str(value) for value in row)
            for row in model.objects.values_list(
                *[field.attname for field in model._meta.concrete_fields if field.attname != "id"]
            )
            if any(
                value
                for name, value in zip(
                    [field.attname for field in model._meta.concrete_fields if field.attname != "id"], row, strict=True
                )
                if name in {"applications", "obligations", "projects", "awards"}
            )
        )
        for model in TOTALS
    }


@pytest.fixture
def portfolio(staff):
    two_years_ago = timezone.localdate() - dt.timedelta(days=730)
    reporting = executed_agreement("PA2026-02", staff=staff, on=two_years_ago)
    funding.disburse(reporting.application.projects.get(), D("150000.00"), actor=staff, reason="Rebate (test)")
    report = reporting.obligations.filter(kind=Obligation.Kind.REPORT).order_by("position").first()
    Obligation.objects.filter(pk=report.pk).update(done_on=timezone.localdate())  # a report filed: reporting
    paid = executed_agreement("PA2026-02", staff=staff)
    [payment] = funding.disburse(paid.application.projects.get(), D("20000.00"), actor=staff, reason="Rebate (test)")
    charging = executed_agreement("PA2026-03", staff=staff)
    agreements.record_event(charging.funded_projects.get().project, "commissioned", timezone.localdate(), actor=staff)
    soon_dac = approved_application("PA2025-04", staff=staff)
    soon_other = approved_application("PA2025-04", staff=staff, projects=({"dac_or_low_income": False},))
    released = approved_application("PA2026-02", staff=staff)
    funding.release(released.projects.get(), D("50000.00"), actor=staff, reason="Award reduced (test)")
    submitted = ApplicationFactory(program=Program.objects.get(code="PA2026-02"))
    ProjectFactory(application=submitted)
    Application.objects.filter(pk=submitted.pk).update(
        status=Status.SUBMITTED, submitted_at=timezone.now(), award_total=D("400000.00")
    )
    ProjectFactory(application=ApplicationFactory(program=Program.objects.get(code="PA2026-02")))  # a draft
    return {
        "reporting": reporting,
        "paid": paid,
        "payment": payment,
        "soon": (soon_dac, soon_other),
        "released": released,
    }


def test_every_figure_from_the_running_totals_equals_the_direct_computation(portfolio, monkeypatch):
    found = assert_totals_equal_direct(monkeypatch)
    stages = {row[0]: row[1] for row in found[("PA2026-02", "stages")][0]}
    assert (stages["Reporting"], stages["Paid"], stages["Approved"], stages["Submitted"]) == (1, 1, 1, 1)
    assert found["award_count"] == 6  # two paid, one charging site, two SOON, one released in part
    assert StageTotal.objects.exists() and PlaceTotal.objects.exists() and ServiceTotal.objects.exists()


def test_reversals_releases_and_bulk_updates_keep_the_totals_equal(portfolio, staff, monkeypatch):
    assert_totals_equal_direct(monkeypatch)
    funding.reverse(portfolio["payment"], actor=staff, reason="Paid twice by mistake (test)")
    soon_dac, _ = portfolio["soon"]
    [encumbrance] = LedgerEntry.objects.filter(project__application=soon_dac, kind="encumbrance")
    funding.reverse(encumbrance, actor=staff, reason="Encumbered in error (test)")  # no longer funded
    Application.objects.filter(pk=portfolio["released"].pk).update(status=Status.WITHDRAWN)  # no signal, a trigger
    found = assert_totals_equal_direct(monkeypatch)
    soon = {row[0]: row for row in found[("", "emissions")][0]}["PA2025-04"]
    assert soon[1] == 1  # one SOON project still funded
    assert found["award_count"] == 4  # less the SOON project reversed and the withdrawn application


def test_an_awardees_new_name_is_in_the_awards_list(portfolio, monkeypatch):
    organization = portfolio["paid"].application.organization
    assert_totals_equal_direct(monkeypatch)
    Organization.objects.filter(pk=organization.pk).update(name="Zephyr Clean Freight LLC")
    found = assert_totals_equal_direct(monkeypatch)  # in the list's order too
    assert "Zephyr Clean Freight LLC" in {award.awardee for award in found["awards"]}
    assert organization.name not in {award.awardee for award in found["awards"]}


def test_a_rebuild_gives_the_same_totals_as_the_changes_carried_one_by_one(portfolio, staff):
    funding.reverse(portfolio["payment"], actor=staff, reason="Paid twice by mistake (test)")
    summaries.catch_up()
    carried = nonzero_totals()
    days = sorted(LedgerDay.objects.values_list("fund_id", "day", "kind", "amount", "entries"))
    balances = sorted(
        ProjectBalance.objects.values_list("project_id", "program_id", "county", "encumbered", "disbursed")
    )
    ledger_summaries.rebuild()
    summaries.rebuild()
    assert nonzero_totals() == carried
    assert sorted(LedgerDay.objects.values_list("fund_id", "day", "kind", "amount", "entries")) == days
    assert (
        sorted(ProjectBalance.objects.values_list("project_id", "program_id", "county", "encumbered", "disbursed"))
        == balances
    )


def test_catching_up_takes_one_query_whatever_changed(portfolio, staff, django_assert_num_queries):
    for _ in range(3):
        approved_application("PA2026-02", staff=staff)
    with django_assert_num_queries(1):
        assert summaries.catch_up() > 3
    with django_assert_num_queries(1):
        assert summaries.catch_up() == 0


def _direct_days() -> dict:
    found = defaultdict(lambda: [D(0), 0])
    for fund_id, at, kind, amount in LedgerEntry.objects.values_list("fund_id", "at", "kind", "amount"):
        bucket = found[(fund_id, timezone.localtime(at).date(), kind)]
        bucket[0] += amount
        bucket[1] += 1
    return {key: tuple(value) for key, value in found.items()}


def _direct_projects() -> dict:
    found = defaultdict(lambda: [D(0), D(0)])
    for entry in LedgerEntry.objects.exclude(kind="budget").select_related("fund"):
        bucket = found[(entry.project_id, entry.fund.program_id, entry.county, entry.msa, entry.dac)]
        bucket[0 if entry.kind in ("encumbrance", "release") else 1] += entry.amount
    return {key: tuple(value) for key, value in found.items()}


MOVES = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(["encumbrance", "release", "disbursement"]),
        st.integers(1, 500_000),
        st.booleans(),
        st.integers(0, 400),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=MOVES)
def test_the_ledgers_running_totals_are_its_sums_for_any_entries(staff, monkeypatch, moves):
    """Any entries, of any kind and sign a reversal may give, on any day (Pacific midnights included)."""
    program = Program.objects.get(code="PA2026-02")
    fund = FundSource.objects.filter(program=program).first()
    projects = []
    for number in range(2):
        application = ApplicationFactory(program=program)
        projects.append(ProjectFactory(application=application, county=["Orange", "Riverside"][number]))
    midnight = dt.datetime.combine(dt.date(2026, 3, 8), dt.time.min, tzinfo=timezone.get_current_timezone())
    entries = []
    for which, kind, cents, reversed_sign, hours in moves:
        project = projects[which]
        amount = D(cents) / 100 * (-1 if kind == "release" else 1)
        entry = LedgerEntry.objects.create(
            fund=fund,
            kind=kind,
            amount=amount,
            project=project,
            application_id=project.application_id,
            county=project.county,
            actor=staff,
            reason="Property (test)",
            at=midnight + dt.timedelta(hours=hours - 1),
        )
        entries.append(entry)
        if reversed_sign:
            LedgerEntry.objects.create(
                fund=fund,
                kind=kind,
                amount=-amount,
                project=project,
                reverses=entry,
                application_id=project.application_id,
                county=project.county,
                actor=staff,
                reason="Reversal (test)",
                at=entry.at + dt.timedelta(minutes=30),
            )
    days = {(row.fund_id, row.day, row.kind): (row.amount, row.entries) for row in LedgerDay.objects.all()}
    assert days == _direct_days()
    balances = {
        (row.project_id, row.program_id, row.county, row.msa, row.dac): (row.encumbered, row.disbursed)
        for row in ProjectBalance.objects.all()
    }
    assert balances == _direct_projects()
    money = selectors.portfolio()
    monkeypatch.setattr(selectors, "USE_SUMMARIES", False)
    assert selectors.portfolio() == money
    monkeypatch.setattr(selectors, "USE_SUMMARIES", True)
    assert (
        LedgerDay.objects.aggregate(total=Sum("amount"))["total"]
        == LedgerEntry.objects.aggregate(total=Sum("amount"))["total"]
    )


@pytest.mark.django_db(transaction=True)
def test_two_readers_catching_up_at_once_count_every_change_once(seeded):
    """Real threads: two page reads in their own transactions claim the pending owners at the same moment and hold
    them while they render; every change is carried into the totals exactly once."""
    from django.db import connection, transaction

    from accounts.roles import Role
    from tests.factories import UserFactory

    staff = UserFactory(role=Role.STAFF)
    for _ in range(3):
        approved_application("PA2026-02", staff=staff)
    barrier = threading.Barrier(2)
    caught = []

    def read():
        try:
            with transaction.atomic():  # as a request (ATOMIC_REQUESTS)
                barrier.wait()
                caught.append(summaries.catch_up())
                time.sleep(0.3)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(count > 0 for count in caught) == [False, True]  # one claimed them all, the other found none
    carried = nonzero_totals()
    summaries.rebuild()
    assert nonzero_totals() == carried
    assert PlaceTotal.objects.filter(projects__gt=0).aggregate(projects=Sum("projects"))["projects"] == 3


def test_only_a_new_code_or_name_sends_a_programs_or_organizations_awards_to_be_caught_up(portfolio):
    from dashboards.models import Pending

    summaries.catch_up()
    program = Program.objects.get(code="PA2026-02")
    Program.objects.filter(pk=program.pk).update(budget=program.budget)  # as every save of one of its rounds does
    Organization.objects.filter(pk=portfolio["paid"].application.organization_id).update(created_at=timezone.now())
    assert not Pending.objects.exists()
    Organization.objects.filter(pk=portfolio["paid"].application.organization_id).update(name="Renamed LLC")
    assert list(Pending.objects.values_list("family", "owner")) == [("awards", portfolio["paid"].application_id)]
