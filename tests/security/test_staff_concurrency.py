"""Issue 15: the staff workspace's bulk actions and inline rubric against each other, in real threads on
PostgreSQL (each thread its own connection, released together by a barrier)."""

import pytest

from accounts.roles import Role
from applications import services
from applications import staff as staff_services
from applications.models import Decision, Status
from tests.factories import UserFactory, complete_application
from tests.security.test_concurrency import fresh, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_reviewers_bulk_marking_complete_at_once_record_one_decision(seeded):
    staff = UserFactory(role=Role.STAFF)
    other = UserFactory(role=Role.STAFF)
    application = complete_application(staff=staff)
    type(application).objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    Decision.objects.filter(application=application, action="mark_complete").delete()
    outcomes = run_together(
        lambda: staff_services.mark_complete_many([application.pk], staff),
        lambda: staff_services.mark_complete_many([application.pk], other),
    )
    done = [reference for reference_list, _ in outcomes for reference in reference_list]
    refused = [reason for _, refusals in outcomes for _, reason in refusals]
    assert done == [application.reference]
    assert refused == ["An application that is complete, eligibility review cannot be marked complete."]
    assert Decision.objects.filter(application=application, action="mark_complete").count() == 1


def test_a_rubric_saved_while_the_application_is_rejected_is_refused_or_recorded_before(seeded):
    staff = UserFactory(role=Role.STAFF)
    application = complete_application("PA2026-03", staff=staff)
    type(application).objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    project = application.projects.get()
    scores = {
        "project_readiness": 18,
        "compliance": 17,
        "location": 16,
        "utilization": 8,
        "measure_2_support": 5,
        "public_access": 5,
        "cost_reasonableness": 9,
    }
    outcomes = run_together(
        lambda: staff_services.score_rubric(type(project).objects.get(pk=project.pk), scores, {}, staff),
        lambda: services.reject(fresh(application), staff, "Site control ends before the project life."),
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    decisions = [d.action for d in application.decisions.all()]
    if isinstance(outcomes[0], services.WorkflowError):  # the rejection came first: no score after the decision
        assert not project.scores.exists() and "re_evaluate" not in decisions
    else:  # the scores came first, recorded before the rejection
        assert outcomes[0] is None and decisions.index("re_evaluate") < decisions.index("reject")
