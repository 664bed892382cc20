"""Issue 7, items 5 and 9: history of program budgets and windows and of rubric scores; no silent re-evaluation of a
decided application; evaluation failures shown to staff with a recorded "re-run evaluation"."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from applications import services
from applications.models import Application, Decision, Status
from applications.tasks import evaluate_application_task
from programs.models import Program
from tests.applications.test_rubric_scoring import post_scores
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory, complete_draft, open_program

pytestmark = pytest.mark.django_db

SCORES = {
    "project_readiness": (18, ""),
    "compliance": (17, ""),
    "location": (16, "Closes an I-710 gap"),
    "utilization": (8, ""),
    "measure_2_support": (5, ""),
    "public_access": (5, ""),
    "cost_reasonableness": (9, ""),
}


@pytest.fixture
def staff_user():
    return UserFactory(role=Role.STAFF)


@pytest.fixture
def staff_client(client, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    return client


@pytest.fixture
def charging_location(django_capture_on_commit_callbacks):
    application = ApplicationFactory(program=open_program("PA2026-03"))
    project = ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, application.applicant)
    project.refresh_from_db()
    return project


def test_program_budget_and_window_changes_keep_old_and_new_values(staff_client):
    program = Program.objects.get(code="PA2026-02")
    old_budget, old_close = program.budget, program.closes_at
    program.budget = Decimal("30000000.00")
    program.closes_at = old_close + timezone.timedelta(days=14)
    program.save()
    latest, before = program.history.order_by("-history_date")[:2]
    changes = {change.field: (change.old, change.new) for change in latest.diff_against(before).changes}
    assert changes["budget"] == (old_budget, Decimal("30000000.00"))
    assert changes["closes_at"] == (old_close, old_close + timezone.timedelta(days=14))
    page = staff_client.get(reverse("admin:programs_program_history", args=[program.pk])).content.decode()
    assert "28000000.00" in page and "30000000.00" in page


def test_rescoring_keeps_the_old_scores_and_records_the_re_evaluation(staff_client, staff_user, charging_location):
    post_scores(staff_client, charging_location, SCORES)
    response = post_scores(staff_client, charging_location, {**SCORES, "location": (12, "Gap closed by another")})
    assert response.status_code == 302
    location = charging_location.scores.get(criterion="location")
    assert [(record.points, record.note) for record in location.history.order_by("history_date")] == [
        (16, "Closes an I-710 gap"),
        (12, "Gap closed by another"),
    ]
    charging_location.refresh_from_db()
    assert charging_location.figures["rubric_total"] == 74
    re_evaluations = Decision.objects.filter(application=charging_location.application, action="re_evaluate")
    assert [(d.actor, d.reason) for d in re_evaluations] == [(staff_user, "Rubric scores changed")] * 2


def test_a_decided_application_is_neither_rescored_nor_re_evaluated(staff_client, staff_user, charging_location):
    post_scores(staff_client, charging_location, SCORES)
    application = charging_location.application
    services.mark_complete(application, staff_user)
    services.approve(application, staff_user, "Scored 78")
    charging_location.refresh_from_db()
    award, figures = charging_location.award, charging_location.figures
    decisions = Decision.objects.filter(application=application).count()

    post_scores(staff_client, charging_location, {**SCORES, "location": (0, "re-scored after approval")})
    assert charging_location.scores.get(criterion="location").points == 16
    with pytest.raises(services.NotUnderReview):
        services.evaluate_application(application)
    response = staff_client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "rerun_evaluation", "_selected_action": [application.pk]},
        follow=True,
    )
    assert "is not evaluated again" in response.content.decode()
    charging_location.refresh_from_db()
    application.refresh_from_db()
    assert (charging_location.award, charging_location.figures) == (award, figures)
    assert (application.status, Decision.objects.filter(application=application).count()) == (
        Status.APPROVED,
        decisions,
    )


def test_an_evaluation_failure_is_shown_to_staff_and_re_run_from_the_admin(staff_client, staff_user):
    application = ApplicationFactory(status=Status.SUBMITTED, submitted_at=timezone.now())
    project = ProjectFactory(application=application)
    good_cost = project.data["replacement_cost"]
    project.data = {**project.data, "replacement_cost": "1E+999999999"}  # stored before the bounds existed
    project.save()
    evaluate_application_task.delay(application.pk)
    application.refresh_from_db()
    assert application.evaluation_failed_at is not None and application.evaluated_at is None
    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Evaluation failed" in page and "replacement_cost" in page and "Re-run evaluation" in page

    project.data = {**project.data, "replacement_cost": good_cost}  # corrected by staff with the applicant
    project.save()
    response = staff_client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "rerun_evaluation", "_selected_action": [application.pk]},
        follow=True,
    )
    assert f"{application.reference}: evaluated again." in response.content.decode()
    application = Application.objects.get(pk=application.pk)
    assert application.evaluated_at and not application.evaluation_error and application.evaluation_failed_at is None
    assert application.award_total == Decimal("400000.00")
    assert Decision.objects.get(application=application, action="re_evaluate").actor == staff_user
