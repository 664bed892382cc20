"""Rounds: the seed's original issue, re-issues copying the previous round, changes with history, and
applications evaluated by the terms of the round they were submitted in."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from accounts.services import own_organization
from applications import services as application_services
from applications.models import Application, Status
from programs import selectors, services
from programs.checks import round_terms_are_unambiguous
from programs.demo import current_example
from programs.models import Program, Round, RoundChange
from programs.rules.base import Source
from programs.rules.fields import Kind
from programs.rules.terms import Term
from tests.factories import UserFactory, complete_draft

pytestmark = pytest.mark.django_db
PT = timezone.get_current_timezone()


def at(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=PT)


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF)


def reissue(code, staff, *, opens=None, closes=None, **kwargs):
    now = timezone.now()
    return services.reissue(
        Program.objects.get(code=code),
        opens_at=opens or now - dt.timedelta(days=1),
        closes_at=closes or now + dt.timedelta(days=60),
        by=staff,
        reason=kwargs.pop("reason", "PA re-issued by the Executive Officer"),
        **kwargs,
    )


# ---- the original issue --------------------------------------------------------------------------


def test_each_announcement_starts_as_its_original_issue_with_the_seed_window_and_budget():
    program = Program.objects.get(code="PA2026-02")
    original = program.current_round
    assert (original.number, original.label, original.issued_on) == (0, "original issue", dt.date(2025, 8, 1))
    assert timezone.localtime(original.opens_at) == at(2025, 8, 15)
    assert timezone.localtime(original.closes_at) == at(2025, 11, 28)
    assert original.budget == Decimal("28000000.00") and original.terms == {}
    assert (program.opens_at, program.closes_at, program.budget) == (
        original.opens_at,
        original.closes_at,
        original.budget,
    )
    assert Program.objects.get(code="PA2025-04").current_round.issued_on == dt.date(2025, 3, 7)
    assert Program.objects.get(code="PA2022-01").current_round.issued_on == dt.date(2022, 4, 19)
    rows = {row.name: row for row in selectors.term_rows(original)}
    assert not any(row.changed for row in rows.values())
    assert rows["deployment_deadline"].value == rows["deployment_deadline"].seed_value == "February 29, 2028"
    assert rows["deployment_deadline"].source.startswith("001_ea26778b00a7e017.txt, PA2026-02 Section 1.1")
    assert rows["budget"].value == "$28,000,000.00"
    assert rows["closes_at"].value == "November 28, 2025, 12:00 PM PT"


# ---- re-issue ------------------------------------------------------------------------------------


def test_a_reissue_copies_the_previous_round_and_records_what_it_changes(staff):
    first = reissue(
        "PA2026-02",
        staff,
        opens=at(2026, 11, 2),
        closes=at(2027, 2, 26),
        terms={"deployment_deadline": dt.date(2029, 2, 28)},
        budget=Decimal("12500000.00"),
    )
    program = Program.objects.get(code="PA2026-02")
    assert (first.number, first.label, program.current_round) == (1, "re-issue 1", first)
    assert first.terms == {"deployment_deadline": "2029-02-28"}
    assert (program.opens_at, program.closes_at, program.budget) == (
        at(2026, 11, 2),
        at(2027, 2, 26),
        Decimal("12500000.00"),
    )
    changes = {change.parameter: change for change in first.changes.all()}
    assert set(changes) == {"issued", "opens_at", "closes_at", "budget", "deployment_deadline"}
    deadline = changes["deployment_deadline"]
    assert (deadline.old_value, deadline.new_value) == ("2028-02-29", "2029-02-28")
    assert (deadline.changed_by, deadline.reason) == (staff, "PA re-issued by the Executive Officer")
    assert (changes["budget"].old_value, changes["budget"].new_value) == ("28000000.00", "12500000.00")
    rows = {row.name: row for row in selectors.term_rows(first)}
    assert rows["deployment_deadline"].changed and rows["budget"].changed and not rows["award_cap"].changed
    assert rows["deployment_deadline"].seed_value == "February 29, 2028"

    second = reissue("PA2026-02", staff, opens=at(2027, 3, 1), closes=at(2027, 6, 30))
    assert second.number == 2
    assert second.terms == first.terms and second.budget == first.budget  # copied, not reset to the seed
    assert {change.parameter for change in second.changes.all()} == {"issued", "opens_at", "closes_at"}
    assert Program.objects.get(code="PA2026-02").closes_at == at(2027, 6, 30)


def test_a_reissue_is_refused_with_the_reason_named(staff):
    with pytest.raises(services.RoundError) as raised:
        reissue("PA2026-02", staff, opens=at(2025, 11, 1), closes=at(2026, 1, 31))
    assert "overlaps the original issue" in raised.value.errors["opens_at"]
    with pytest.raises(services.RoundError) as raised:
        reissue("PA2026-02", staff, opens=at(2027, 1, 31), closes=at(2026, 12, 1))
    assert "after the window opens" in raised.value.errors["closes_at"]
    with pytest.raises(services.RoundError) as raised:
        reissue("PA2026-02", staff, terms={"deployment_deadline": "soon", "award_cap": "-5"}, budget=Decimal(-1))
    assert set(raised.value.errors) >= {"deployment_deadline", "award_cap", "budget"}
    with pytest.raises(services.RoundError) as raised:
        reissue("PA2026-02", staff, reason="  ")
    assert "reason" in raised.value.errors
    assert Round.objects.filter(program__code="PA2026-02").count() == 1


def test_a_reissue_may_raise_a_usage_minimum_never_lower_it(staff):
    """Issue 23: PA2026-02's "minimum of 7,000 miles a year, and 75% of which ... within the two MSAs" (Section 4)
    and SOON's "at least 50 percent" for DAC projects (SECTION IV) are floors a round cannot lower."""
    with pytest.raises(services.RoundError) as raised:
        reissue("PA2026-02", staff, terms={"minimum_annual_miles": "6000", "msa_share_percent": "60"})
    errors = raised.value.errors
    assert "6,000 miles is below the announcement's 7,000 miles" in errors["minimum_annual_miles"]
    assert "Program Announcement PA2026-02, Section 4" in errors["minimum_annual_miles"]
    assert ".txt" not in errors["minimum_annual_miles"]
    assert "60% is below the announcement's 75%" in errors["msa_share_percent"]
    with pytest.raises(services.RoundError) as raised:
        reissue("PA2025-04", staff, terms={"dac_min_share_percent": "40"})
    assert "40% is below the announcement's 50%" in raised.value.errors["dac_min_share_percent"]
    round_ = reissue("PA2026-02", staff, terms={"minimum_annual_miles": "8000", "msa_share_percent": "80"})
    assert selectors.terms_of(round_)["minimum_annual_miles"] == 8000


def test_changing_a_round_records_each_old_and_new_value_and_nothing_when_nothing_changes(staff):
    round_ = reissue("PA2022-01", staff, opens=at(2026, 11, 16), closes=at(2027, 2, 15))
    changes = services.change_round(
        round_,
        by=staff,
        reason="Amendment 1: operation deadline extended",
        closes_at=at(2027, 3, 15),
        terms={"operational_deadline": "2028-09-30", "quote_max_age_days": 90},
    )
    assert [(change.parameter, change.old_value, change.new_value) for change in changes] == [
        ("closes_at", at(2027, 2, 15).isoformat(), at(2027, 3, 15).isoformat()),
        ("operational_deadline", "2024-03-31", "2028-09-30"),
    ]
    round_.refresh_from_db()
    assert round_.terms == {"operational_deadline": "2028-09-30"}
    assert Program.objects.get(code="PA2022-01").closes_at == at(2027, 3, 15)
    assert services.change_round(round_, by=staff, reason="", terms={"operational_deadline": "2028-09-30"}) == []
    with pytest.raises(services.RoundError):
        services.change_round(round_, by=staff, reason="", terms={"operational_deadline": "2028-10-31"})
    back = services.change_round(
        round_, by=staff, reason="Back to the seed", terms={"operational_deadline": "2024-03-31"}
    )
    assert [(change.old_value, change.new_value) for change in back] == [("2028-09-30", "2024-03-31")]
    round_.refresh_from_db()
    assert round_.terms == {}
    assert RoundChange.objects.filter(round=round_, parameter="operational_deadline").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_staff_reissuing_at_once_get_consecutive_rounds(seeded):
    staff = UserFactory(role=Role.STAFF)
    program = Program.objects.get(code="PA2026-01")
    windows = [(at(2026, 12, 1), at(2027, 1, 31)), (at(2027, 2, 1), at(2027, 3, 31))]
    barrier, errors = threading.Barrier(2), []

    def issue(window):
        try:
            barrier.wait()
            services.reissue(program, opens_at=window[0], closes_at=window[1], by=staff, reason="Re-issue")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(window,)) for window in windows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(program.rounds.values_list("number", flat=True)) == [0, 1, 2]
    assert program.rounds.get(number=2).closes_at in (windows[0][1], windows[1][1])


# ---- applications belong to their round ----------------------------------------------------------


def submit(code, applicant=None, *, data=None):
    """An application made today through the services, with ``current_example`` answers."""
    document = data or current_example(code)
    applicant = applicant or UserFactory(role=Role.APPLICANT)
    application = application_services.start_application(applicant=applicant, program=Program.objects.get(code=code))
    application_services.save_details(application, document["application"])
    application_services.save_project(application, document["project"])
    complete_draft(application)
    application_services.submit(application, applicant)  # evaluated eagerly, after commit
    application_services.evaluate_application(application)
    application.refresh_from_db()
    return application


def outcomes(application):
    return [(outcome.rule, outcome.passed, outcome.reason) for outcome in application.projects.get().outcomes.all()]


def test_pa2022_01_made_today_is_eligible_only_in_a_round_with_todays_dates(staff):
    now = timezone.now()
    program = Program.objects.get(code="PA2022-01")
    services.change_round(
        program.current_round,
        by=staff,
        reason="Re-opened, terms as in 2022",
        opens_at=now - dt.timedelta(days=400),
        closes_at=now - dt.timedelta(days=300),
    )
    seed_dates = reissue("PA2022-01", staff, opens=now - dt.timedelta(days=2), closes=now + dt.timedelta(days=1))
    refused = submit("PA2022-01")
    assert refused.round == seed_dates
    assert refused.projects.get().eligible is False
    assert ("operational_deadline", False) in [(rule.split(": ")[-1], passed) for rule, passed, _ in outcomes(refused)]

    services.change_round(
        seed_dates, by=staff, reason="Closed early for the re-issue", closes_at=now - dt.timedelta(minutes=1)
    )
    today = reissue(
        "PA2022-01",
        staff,
        opens=now - dt.timedelta(minutes=1),
        closes=now + dt.timedelta(days=90),
        terms={"operational_deadline": "2028-09-30", "earliest_compliance_deadline": "2027-07-01"},
    )
    accepted = submit("PA2022-01")
    assert accepted.round == today
    project = accepted.projects.get()
    assert project.eligible and project.award == Decimal("267664.57") and project.path == "CMP"
    operation = project.outcomes.get(rule="operational_deadline")
    assert "by September 30, 2028" in operation.reason
    assert "changed by the re-issued announcement from March 31, 2024 to September 30, 2028" in operation.source


def test_an_application_keeps_its_rounds_result_after_the_next_round_is_issued(staff):
    now = timezone.now()
    first = reissue(
        "PA2026-02",
        staff,
        opens=now - dt.timedelta(days=5),
        closes=now + dt.timedelta(days=5),
        terms={"deployment_deadline": "2029-05-31"},
    )
    data = current_example("PA2026-02")
    data["project"]["expected_deployment_date"] = "2029-04-30"  # after the seed's February 2028, within the round's
    application = submit("PA2026-02", data=data)
    assert application.round == first
    before = outcomes(application)
    assert application.projects.get().eligible and application.award_total == Decimal("400000.00")

    services.change_round(first, by=staff, reason="Window closed", closes_at=now - dt.timedelta(seconds=1))
    second = reissue(
        "PA2026-02",
        staff,
        opens=now,
        closes=now + dt.timedelta(days=90),
        terms={"deployment_deadline": "2028-02-29", "award_cap": "300000"},
    )
    application_services.evaluate_application(Application.objects.get(pk=application.pk))  # e.g. staff re-score
    application.refresh_from_db()
    assert application.round == first
    assert outcomes(application) == before and application.award_total == Decimal("400000.00")

    later = submit("PA2026-02", data=data)
    assert later.round == second
    assert later.projects.get().eligible is False
    assert "no later than February 2028" in later.projects.get().outcomes.get(rule="deployment_deadline").reason


def test_a_request_for_information_gives_the_rounds_response_period(staff):
    now = timezone.now()
    reissue(
        "PA2022-01",
        staff,
        opens=now - dt.timedelta(days=1),
        closes=now + dt.timedelta(days=30),
        terms={
            "operational_deadline": "2028-09-30",
            "earliest_compliance_deadline": "2027-07-01",
            "deficiency_response_days": 10,
        },
    )
    application = submit("PA2022-01")
    application_services.request_information(application, staff, "Upload the 24 months of mileage records.")
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    assert application.deficiency_response.amount == 10
    assert application.deficiency_response_due == application.deficiency_response.due(timezone.localdate())
    assert application.deficiency_response_due > timezone.localdate() + dt.timedelta(days=13)  # 10 business days


def test_existing_applications_are_given_the_round_open_when_they_were_submitted(staff):
    migration = __import__("importlib").import_module("applications.migrations.0002_application_belongs_to_round")
    program = Program.objects.get(code="PA2026-02")
    applicant = UserFactory(role=Role.APPLICANT)
    organization = own_organization(applicant)
    old = Application.objects.create(
        program=program,
        applicant=applicant,
        organization=organization,
        submitted_at=at(2025, 10, 1),
        status=Status.SUBMITTED,
    )
    later = reissue("PA2026-02", staff)
    new = Application.objects.create(
        program=program,
        applicant=applicant,
        organization=organization,
        submitted_at=timezone.now(),
        status=Status.SUBMITTED,
    )
    migration.assign_rounds(apps, None)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.round.number, new.round) == (0, later)


# ---- terms other apps contribute ------------------------------------------------------------------

FINAL_INVOICE = Term(
    "contributed_deadline",
    "A deadline another app contributes",
    Kind.DATE,
    dt.date(2028, 2, 28),
    Source("001_ea26778b00a7e017.txt", 'PA2026-01 Section 6.1 "no later than February 28, 2028"'),
)


@pytest.fixture
def payments_terms(monkeypatch):
    config = apps.get_app_config("payments")
    monkeypatch.setattr(
        config, "round_terms", lambda code: (FINAL_INVOICE,) if code == "PA2026-01" else (), raising=False
    )
    return config


def test_an_app_contributes_round_terms_that_staff_set_per_round(payments_terms, staff):
    names = [term.name for term in selectors.round_terms("PA2026-01")]
    assert "contributed_deadline" in names and "yard_truck_award_cap" in names and "final_invoice_deadline" in names
    assert "contributed_deadline" not in [term.name for term in selectors.round_terms("PA2026-02")]
    round_ = reissue("PA2026-01", staff, terms={"contributed_deadline": "2029-05-31"})
    assert selectors.terms_of(round_)["contributed_deadline"] == dt.date(2029, 5, 31)
    assert selectors.terms_of(Program.objects.get(code="PA2026-01").rounds.get(number=0))[
        "contributed_deadline"
    ] == dt.date(2028, 2, 28)
    row = next(row for row in selectors.term_rows(round_) if row.name == "contributed_deadline")
    assert row.changed and (row.value, row.seed_value) == ("May 31, 2029", "February 28, 2028")
    # the rules do not know the term; evaluation of an application in this round still runs on the union
    application = submit("PA2026-01")
    assert application.round == round_ and application.projects.get().eligible


def test_the_same_term_name_from_two_apps_is_a_configuration_error(payments_terms, monkeypatch):
    clash = Term("contributed_deadline", "Final invoice", Kind.DATE, dt.date(2028, 3, 31), FINAL_INVOICE.source)
    monkeypatch.setattr(apps.get_app_config("inspections"), "round_terms", lambda code: (clash,), raising=False)
    with pytest.raises(ImproperlyConfigured, match="declared by both"):
        selectors.round_terms("PA2026-01")
    assert [error.id for error in round_terms_are_unambiguous(None)] == ["programs.E001"]


def test_a_stored_value_of_a_term_no_app_declares_any_more_is_ignored(staff):
    round_ = reissue("PA2026-02", staff)
    Round.objects.filter(pk=round_.pk).update(terms={"uninstalled_term": "2030-01-01", "award_cap": "350000.00"})
    round_.refresh_from_db()
    terms = selectors.terms_of(round_)
    assert terms["award_cap"] == Decimal("350000.00") and "uninstalled_term" not in terms
