"""``seed_demo`` re-issues every announcement with dates that make sense today, so an application made today
with the documented example's values is eligible in every program."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from programs.demo import current_example, months_between, shift
from programs.models import Program, Round
from programs.rules.base import EvaluationContext
from programs.rules.registry import parse_project_input
from programs.selectors import terms_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "months", "moved"),
    [
        (dt.date(2028, 2, 29), 15, dt.date(2029, 5, 31)),  # "February 2028" -> "May 2029": a month's last day stays one
        (dt.date(2024, 3, 31), 54, dt.date(2028, 9, 30)),
        (dt.date(2023, 1, 1), 54, dt.date(2027, 7, 1)),
        (dt.date(2025, 12, 31), 20, dt.date(2027, 8, 31)),
        (dt.date(2025, 8, 20), 13, dt.date(2026, 9, 20)),
    ],
)
def test_dates_move_by_whole_months_keeping_month_ends(day, months, moved):
    assert shift(day, months) == moved


def test_whole_months_between_two_dates():
    assert months_between(dt.date(2022, 4, 19), dt.date(2026, 11, 16)) == 54
    assert months_between(dt.date(2025, 10, 1), dt.date(2026, 11, 23)) == 13
    assert months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 27)) == 0
    assert months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 28)) == 1  # a month after January 31 is February 28


def test_seed_demo_issues_a_current_round_of_every_program_once(demo):
    now, today = timezone.now(), timezone.localdate()
    for program in Program.objects.all():
        current = program.current_round
        assert current.number == 1 and current.is_open(now), program.code
        assert timezone.localdate(current.opens_at) == today - dt.timedelta(days=7)
        assert timezone.localdate(current.closes_at) == today + dt.timedelta(days=84)
        assert program.is_open(now) and program.closes_at == current.closes_at
        assert "demo" in current.source and current.changes.filter(parameter="issued").exists()
    pa2022 = Program.objects.get(code="PA2022-01").current_round
    months = months_between(dt.date(2022, 4, 19), today - dt.timedelta(days=7))
    assert pa2022.terms == {
        "operational_deadline": shift(dt.date(2024, 3, 31), months).isoformat(),
        "earliest_compliance_deadline": shift(dt.date(2023, 1, 1), months).isoformat(),
        "invoice_deadline": shift(dt.date(2024, 3, 31), months).isoformat(),
    }
    soon = terms_of(Program.objects.get(code="PA2025-04").current_round)
    assert soon["tier_2_large_fleet_funded_until"] > today
    assert soon["quote_max_age_days"] == 90 and soon.changed.keys() == {
        "tier_0_small_fleet_funded_until",
        "tier_1_medium_fleet_funded_until",
        "tier_1_small_fleet_funded_until",
        "tier_2_large_fleet_funded_until",
        "tier_2_medium_fleet_funded_until",
        "tier_2_small_fleet_funded_until",
    }

    call_command("seed_demo", stdout=StringIO())
    assert Round.objects.filter(number__gt=1).count() == 0
    draft = get_user_model().objects.get(username="applicant").applications.get(status="draft")
    assert draft.round == Program.objects.get(code="PA2026-02").current_round
    assert draft.projects.get().data["quote_date"] >= (today - dt.timedelta(days=90)).isoformat()


@pytest.mark.parametrize("code", ["PA2022-01", "PA2025-04", "PA2026-01", "PA2026-02", "PA2026-03"])
def test_the_example_made_today_is_eligible_in_the_demo_round_and_not_in_the_original(demo, code):
    program = Program.objects.get(code=code)
    document = current_example(code)
    application, project = parse_project_input(program.rule_set, document["application"], document["project"])

    def evaluate(round_):
        context = EvaluationContext(evaluated_on=timezone.localdate(), application=application, terms=terms_of(round_))
        return program.rule_set.evaluate(project, context)

    demo = evaluate(program.current_round)
    assert demo.eligible, [item.reason for item in demo.failures]
    assert demo.award > 0
    # the seed's own dates refuse it where a dated term decides: PA2022-01's operation by March 31, 2024,
    # SOON's Tier 2 large fleet until December 31, 2025, PA2026-03's commissioning by March 2028; for
    # PA2026-01 and PA2026-02 only the window had passed
    original = evaluate(program.rounds.get(number=0))
    assert original.eligible is (code in ("PA2026-01", "PA2026-02"))
