"""``seed_demo`` gives the ports' demo a port representative and the data the board's pages show, twice over."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import Role, has_role
from demo.management.commands.seed_demo import DEMO_PASSWORD
from ports_agreement import selectors
from ports_agreement.demo import ILLUSTRATIVE
from ports_agreement.models import (
    Agreement,
    AnnualReport,
    Baseline,
    Default,
    Determination,
    EmissionReductionPlan,
    InfrastructurePlan,
    Milestone,
    PortRepresentative,
)

pytestmark = pytest.mark.django_db
MODELS = (
    Agreement,
    InfrastructurePlan,
    Milestone,
    Default,
    Baseline,
    AnnualReport,
    Determination,
    EmissionReductionPlan,
    PortRepresentative,
)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_runs_twice_and_links_port_la_to_the_port_of_los_angeles(demo):
    first = counts()
    call_command("seed_demo", stdout=StringIO())

    assert counts() == first
    port_la = get_user_model().objects.get(username="port_la")
    assert port_la.port_representative.port.name == "Port of Los Angeles"
    assert has_role(port_la, Role.PORT_REPRESENTATIVE) and port_la.check_password(DEMO_PASSWORD)


def test_the_demo_fills_the_board_pages(demo):
    status = selectors.board_status(timezone.localdate())

    assert len(status["overdue_milestones"]) == 1
    assert [(total.tier.name, total.assessed) for total in status["penalty_totals"] if total.assessed] == [
        ("Tier I", 1)
    ]
    [trend] = status["trends"]
    assert trend.baseline.source == ILLUSTRATIVE
    assert {point.meets_target for point in trend.points} == {True, False}  # a line crossing the 75% target
    assert status["overdue_rule_4001"] == []
