"""``seed_demo`` holds a SOON funding round where the money runs out part way: full, partial and unfunded offers."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from funding.demo import FUND_NAME
from funding.models import FundingRound, FundSource

pytestmark = pytest.mark.django_db


def test_seed_demo_leaves_a_previewed_soon_round_with_partial_and_unfunded_projects(demo):
    call_command("seed_demo", stdout=StringIO())  # twice: nothing added the second time
    assert FundSource.objects.filter(name=FUND_NAME).count() == 1
    funding_round = FundingRound.objects.get()
    assert (funding_round.program.code, funding_round.status) == ("PA2025-04", "preview")
    lines = list(funding_round.lines.select_related("project").order_by("position"))
    assert [line.outcome for line in lines] == ["full", "full", "full", "partial", "none", "none"]
    assert [line.project.dac for line in lines] == [True, True, True, False, False, False]
    assert lines[3].funded == Decimal("179400.00")  # $900,000 less the three DAC awards
    assert sum(line.funded for line in lines) == Decimal("900000.00")
    per_ton = [line.project.cost_effectiveness_per_ton for line in lines]
    assert per_ton[:3] == sorted(per_ton[:3]) and per_ton[3:] == sorted(per_ton[3:])
