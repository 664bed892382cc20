"""Issue 7, items 3 and 4: real threads on PostgreSQL against the services, each with its own connection.

A barrier releases the threads together, so without the row locks the reads interleave (on main: both of two
$400,000 approvals passed against $500,000 in 17 of 20 trials; 50 submits recorded 3-4 submit decisions).
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from applications import services
from applications.models import Application, Decision, RuleOutcome, Status
from programs.models import Program
from tests.factories import ApplicationFactory, ProjectFactory, UserFactory, complete_draft, open_program

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 10


def run_together(*calls):
    """Run each call in its own thread, released at once; returns each call's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as error:  # the outcome under test: a refusal
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return outcomes


def evaluated_and_complete(program: Program, award: Decimal) -> Application:
    application = ApplicationFactory(program=program, status=Status.COMPLETE, award_total=award,
                                     evaluated_at=timezone.now(), submitted_at=timezone.now())
    ProjectFactory(application=application)
    return application


def fresh(application: Application) -> Application:
    """The application as another request would load it."""
    return Application.objects.select_related("program").get(pk=application.pk)


def test_two_approvals_over_a_budget_that_fits_one_exactly_one_succeeds(seeded):
    program = open_program("PA2026-02")
    staff = UserFactory(role=Role.STAFF)
    exactly_one = 0
    for _ in range(TRIALS):
        committed = sum(a.award_total for a in Application.objects.filter(program=program, status=Status.APPROVED))
        Program.objects.filter(pk=program.pk).update(budget=committed + Decimal("500000.00"))
        first, second = (evaluated_and_complete(program, Decimal("400000.00")) for _ in range(2))
        outcomes = run_together(lambda a=first: services.approve(fresh(a), staff),
                                lambda a=second: services.approve(fresh(a), staff))
        refused = [outcome for outcome in outcomes if isinstance(outcome, services.WorkflowError)]
        approved = Application.objects.filter(pk__in=[first.pk, second.pk], status=Status.APPROVED).count()
        assert approved == 1 and len(refused) == 1, outcomes
        assert "exceeds the program's remaining funds $100,000.00" in str(refused[0])
        exactly_one += 1
    print(f"approvals: exactly 1 of 2 succeeded in {exactly_one} of {TRIALS} trials")
    assert exactly_one == TRIALS


def test_fifty_concurrent_submits_record_one_decision_and_one_set_of_rule_results(seeded):
    application = ApplicationFactory()
    ProjectFactory(application=application)
    complete_draft(application)
    outcomes = run_together(*[lambda: services.submit(fresh(application), application.applicant)] * 50)
    succeeded = [outcome for outcome in outcomes if outcome is None]
    refusals = {str(outcome) for outcome in outcomes if isinstance(outcome, services.WorkflowError)}
    assert len(succeeded) == 1 and refusals == {"An application that is submitted, under review cannot be submitted."}
    decisions = Decision.objects.filter(application=application, action="submit").count()
    outcomes_stored = RuleOutcome.objects.filter(project__application=application).count()
    print(f"submits: {decisions} decision of 50, {outcomes_stored} rule results for 15 rules")
    assert decisions == 1
    assert outcomes_stored == 15  # PA2026-02's 15 rules, once


def test_an_approve_and_a_reject_at_the_same_moment_one_wins(seeded):
    program = open_program("PA2026-02")
    Program.objects.filter(pk=program.pk).update(budget=None)
    staff = UserFactory(role=Role.STAFF)
    for _ in range(TRIALS):
        application = evaluated_and_complete(program, Decimal("400000.00"))
        outcomes = run_together(lambda a=application: services.approve(fresh(a), staff),
                                lambda a=application: services.reject(fresh(a), staff, "Incomplete invoice"))
        assert sum(outcome is None for outcome in outcomes) == 1, outcomes
        decisions = list(Decision.objects.filter(application=application).values_list("action", flat=True))
        application.refresh_from_db()
        assert len(decisions) == 1
        assert application.status == {"approve": Status.APPROVED, "reject": Status.REJECTED}[decisions[0]]


def test_evaluation_of_one_application_never_runs_twice_at_once(seeded):
    application = ApplicationFactory(status=Status.SUBMITTED, submitted_at=timezone.now())
    ProjectFactory(application=application)
    ProjectFactory(application=application)
    outcomes = run_together(*[lambda: services.evaluate_application(fresh(application))] * 8)
    assert outcomes == [None] * 8
    assert RuleOutcome.objects.filter(project__application=application).count() == 2 * 15
    assert fresh(application).award_total == Decimal("800000.00")
