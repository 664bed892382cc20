"""Staff's decisions on a funding round's lines (issue 21) raced with real threads on PostgreSQL, each with its own
connection and released together (``tests.security.test_concurrency.run_together``): the round's row is locked and
its state re-checked inside the lock by every action, so

- two staff deciding the same line at once: the same decision is recorded once, the other told so; two different
  decisions are made one after the other, and the line keeps one whole decision (its action, reason and author
  together, never one person's action with the other's reason);
- approving the round while a line is being excluded: either the exclusion comes first and the approval leaves the
  line out, or the approval comes first and the exclusion is refused; never an excluded line that was funded;
- two staff confirming the same waitlist offer: exactly one wins, the award is encumbered in the ledger once.

PA2026-02's fund has $1,000,000.00 left: two $400,000.00 trucks in full and the third partly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from applications.models import Status
from funding import services
from funding.models import FundingRound, LedgerEntry, Recommendation
from programs.models import Program
from tests.factories import UserFactory, complete_application
from tests.security.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal
TRIALS = 3


@pytest.fixture
def round_of_three(seeded):
    """Two staff and a previewed round of three trucks over $1,000,000.00."""
    lena = UserFactory(role=Role.STAFF, username="lena")
    omar = UserFactory(role=Role.STAFF, username="omar")
    program = Program.objects.get(code="PA2026-02")
    services.adjust_budget(program.fund_sources.get(), D("-27000000.00"), actor=lena, reason="Test: $1,000,000 left")
    start = timezone.now() - dt.timedelta(hours=1)
    trucks = [
        complete_application(staff=lena, submitted_at=start + dt.timedelta(minutes=minute)) for minute in range(3)
    ]
    funding_round = services.run_round(services.start_round(program, actor=lena, queue=False))
    assert funding_round.status == FundingRound.Status.PREVIEW
    return funding_round, trucks, lena, omar


def line_of(funding_round, application) -> Recommendation:
    return Recommendation.objects.get(funding_round=funding_round, application=application)


def encumbrances(application) -> list[Decimal]:
    return list(
        LedgerEntry.objects.filter(application=application, kind="encumbrance").values_list("amount", flat=True)
    )


def succeeded(outcomes) -> list:
    return [outcome for outcome in outcomes if not isinstance(outcome, Exception)]


def refusals(outcomes) -> set[str]:
    return {str(outcome) for outcome in outcomes if isinstance(outcome, Exception)}


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_staff_recording_the_same_decision_on_a_line_record_it_once(round_of_three, trial):
    funding_round, trucks, lena, omar = round_of_three
    line = line_of(funding_round, trucks[1])
    outcomes = run_together(
        lambda: services.decide_line(
            line_of(funding_round, trucks[1]), "exclude", actor=lena, reason="Lena: unverified"
        ),
        lambda: services.decide_line(
            line_of(funding_round, trucks[1]), "exclude", actor=omar, reason="Omar: unverified"
        ),
    )
    assert len(succeeded(outcomes)) == 1, outcomes
    assert refusals(outcomes) == {"This line already has that decision."}
    line.refresh_from_db()
    winner = succeeded(outcomes)[0]
    assert (line.action, line.action_by, line.action_reason) == ("exclude", winner.action_by, winner.action_reason)
    assert line.action_reason == f"{line.action_by.username.capitalize()}: unverified"


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_staff_recording_different_decisions_on_a_line_leave_one_whole_decision(round_of_three, trial):
    funding_round, trucks, lena, omar = round_of_three
    outcomes = run_together(
        lambda: services.decide_line(line_of(funding_round, trucks[2]), "exclude", actor=lena, reason="Lena excludes"),
        lambda: services.decide_line(line_of(funding_round, trucks[2]), "waitlist", actor=omar, reason="Omar waits"),
    )
    assert len(succeeded(outcomes)) == 2, outcomes  # one after the other, each a decision of its own
    line = line_of(funding_round, trucks[2])
    assert (line.action, line.action_by, line.action_reason) in (
        ("exclude", lena, "Lena excludes"),
        ("waitlist", omar, "Omar waits"),
    )


@pytest.mark.parametrize("trial", range(TRIALS))
def test_approving_the_round_while_a_line_is_excluded_never_funds_the_excluded_line(round_of_three, trial):
    funding_round, trucks, lena, omar = round_of_three
    outcomes = run_together(
        lambda: services.approve_round(
            FundingRound.objects.get(pk=funding_round.pk), actor=lena, reason="Board item 12"
        ),
        lambda: services.decide_line(line_of(funding_round, trucks[1]), "exclude", actor=omar, reason="Unverified"),
    )
    approval, exclusion = outcomes
    assert not isinstance(approval, Exception), approval  # the approval always stands
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.APPROVED
    for truck in trucks:
        truck.refresh_from_db()
    line = line_of(funding_round, trucks[1])
    if isinstance(exclusion, Exception):  # the approval came first: the line was funded, the exclusion refused
        assert str(exclusion) == "Only a previewed round's lines can be changed; this round is approved."
        assert line.action == "" and trucks[1].status == Status.APPROVED
        assert encumbrances(trucks[1]) == [D("400000.00")]
    else:  # the exclusion came first: the approval left the line out
        assert line.action == "exclude" and trucks[1].status == Status.COMPLETE
        assert encumbrances(trucks[1]) == []
    assert trucks[0].status == Status.APPROVED and encumbrances(trucks[0]) == [D("400000.00")]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_staff_confirming_the_same_waitlist_offer_fund_it_once(round_of_three, trial):
    funding_round, trucks, lena, omar = round_of_three
    services.decide_line(line_of(funding_round, trucks[2]), "waitlist", actor=lena, reason="Only a partial offer.")
    services.approve_round(funding_round, actor=lena, reason="Board item 12")
    # The first award is reduced by $200,000.00: $400,000.00 is free, enough for the waitlisted truck once.
    services.release(trucks[0].projects.get(), D("200000.00"), actor=lena, reason="Award reduced: lower quote.")
    outcomes = run_together(
        lambda: services.offer_to_waitlist(line_of(funding_round, trucks[2]), actor=lena, reason="Lena confirms"),
        lambda: services.offer_to_waitlist(line_of(funding_round, trucks[2]), actor=omar, reason="Omar confirms"),
    )
    assert len(succeeded(outcomes)) == 1, outcomes
    assert refusals(outcomes) == {"Only the next project on the waitlist, in order, can be offered the money."}
    trucks[2].refresh_from_db()
    assert trucks[2].status == Status.APPROVED
    assert encumbrances(trucks[2]) == [D("400000.00")]  # the ledger charged once
    line = line_of(funding_round, trucks[2])
    assert line.offered_by in (lena, omar) and line.offered_at is not None
    assert trucks[2].decisions.filter(action="approve").count() == 1
