"""The figures rankings read are stored in typed, indexed columns when the evaluation is stored."""

import importlib
from decimal import Decimal

import pytest

from applications import services
from applications.models import CriterionScore, Status
from programs.rules.registry import get_rule_set
from tests.factories import ApplicationFactory, ProjectFactory, complete_draft, open_program

pytestmark = pytest.mark.django_db


def evaluated(code, details=None, **data):
    application = ApplicationFactory(program=open_program(code))
    application.details = {**application.details, **(details or {})}
    project = ProjectFactory(application=application)
    if data:
        project.data = {**project.data, **data}
        project.save()
    complete_draft(application)
    application.submitted_at = application.certified_at
    application.status = Status.SUBMITTED  # only an application under review is evaluated
    application.save()
    services.evaluate_application(application)
    project.refresh_from_db()
    return project


def test_invest_clean_truck_gets_its_yard_county_and_msa():
    project = evaluated("PA2026-02", existing_yard_county="Riverside")
    assert (project.county, project.msa, project.dac, project.score) == ("Riverside", "Inland Empire MSA", None, None)


def test_soon_equipment_gets_dollars_per_ton_nox_tons_and_the_dac_flag():
    project = evaluated("PA2025-04", {"fleet_size_class": "small"})  # Tier 2, small fleet: funded until 2029
    assert project.eligible and project.dac is True
    assert project.cost_effectiveness_per_ton == Decimal(project.figures["cost_effectiveness_per_ton"])
    assert project.nox_tons_per_year == Decimal(project.figures["nox_tons_per_year"])
    assert project.county == project.application.details["county"]  # SOON asks no project county


def test_rubric_score_is_stored_only_once_fully_scored(staff_user):
    project = evaluated("PA2026-03")
    assert project.score is None and project.county == "San Bernardino"
    points = {
        "project_readiness": 18,
        "compliance": 17,
        "location": 16,
        "utilization": 8,
        "public_access": 5,
        "cost_reasonableness": 9,
    }
    for criterion, value in points.items():
        CriterionScore.objects.create(project=project, criterion=criterion, points=value, scored_by=staff_user)
    services.evaluate_application(project.application)
    project.refresh_from_db()
    assert project.score == 73


def test_pa2022_01_path_and_dac_answer():
    selection = get_rule_set("PA2022-01").selection
    assert selection.dac_field == "dac_or_low_income"
    project = evaluated("PA2022-01", dac_or_low_income=True)
    assert project.dac is True


def test_migration_fills_the_columns_of_projects_evaluated_before_them():
    from django.apps import apps

    from applications.models import Project

    fill = importlib.import_module("applications.migrations.0004_project_ranking_columns").fill_from_stored_evaluations
    project = evaluated("PA2026-02", existing_yard_county="Orange")
    Project.objects.filter(pk=project.pk).update(county="", msa="", dac=None)
    fill(apps, None)
    project.refresh_from_db()
    assert (project.county, project.msa) == ("Orange", "Los Angeles-Orange County MSA")


def test_round_candidates_carry_the_answer_that_picks_their_limit(staff_user):
    """Issue 23: a SOON project's new engine tier chooses its $/ton limit ($60,000 to Tier 4 Final, $120,000
    zero-emission, SECTION IV item 1); the round reads it from the project's answers in the same one query."""
    from funding import selectors as funding_selectors
    from funding.rules.allocation import over_limit
    from programs.models import Program
    from programs.rules.terms import Terms
    from tests.factories import complete_application

    application = complete_application(
        "PA2025-04", staff=staff_user, details={"fleet_size_class": "small", "fleet_total_hp": 2200}
    )
    project = application.projects.get()
    assert project.eligible
    [candidate] = funding_selectors.round_candidates(Program.objects.get(code="PA2025-04"))
    assert candidate.category == project.data["new_engine_tier"] == funding_selectors.candidate(project).category
    selection = application.rule_set.selection
    assert over_limit(selection, candidate, Terms(selection.terms)) is None  # the evaluation held it to the limit
