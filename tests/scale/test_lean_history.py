"""Re-evaluating an application whose answers did not change writes no rule outcome and no history row; only the time
of the evaluation moves (issue 25: rule outcomes were 48 percent of the database, rewritten on every re-evaluation,
and each project save copied its JSON into the history). A changed answer still rewrites both."""

import pytest

from applications import services
from applications.models import Application, RuleOutcome, Status
from tests.factories import ApplicationFactory, ProjectFactory, open_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    application = ApplicationFactory(program=open_program("PA2026-02"))
    ProjectFactory(application=application)
    Application.objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    application.refresh_from_db()
    services.evaluate_application(application)
    return application


def _rows(application):
    project = application.projects.get()
    return (
        list(RuleOutcome.objects.filter(project=project).values_list("pk", flat=True)),
        project.history.count(),
        application.history.count(),
    )


def test_an_unchanged_re_evaluation_writes_no_outcome_and_no_history(submitted):
    outcomes, project_history, application_history = _rows(submitted)
    assert outcomes and project_history and application_history
    evaluated_at = submitted.projects.get().evaluated_at
    services.evaluate_application(submitted)
    assert _rows(submitted) == (outcomes, project_history, application_history)
    submitted.refresh_from_db()
    assert submitted.award_total == submitted.projects.get().award > 0
    assert submitted.projects.get().evaluated_at > evaluated_at


def test_a_changed_answer_rewrites_the_outcomes_and_keeps_its_history(submitted):
    outcomes, project_history, _ = _rows(submitted)
    project = submitted.projects.get()
    project.data = {**project.data, "msa_operation_percent": 40}
    project.save(update_fields=["data"])
    services.evaluate_application(submitted)
    new_outcomes, new_history, _ = _rows(submitted)
    assert set(new_outcomes).isdisjoint(outcomes)
    assert new_history == project_history + 2  # the answer, then the new result
    assert submitted.projects.get().history.first().award is not None
