"""Issue 26: the payment gate carries no bypass. On main, ``payments.selectors`` held a demo-only context variable
under which every inspection clearance counted as passed, and a check for whether the inspections app exists; the
demo now clears its trucks through real inspections."""

import ast
from pathlib import Path

import pytest

import payments.selectors
from accounts.roles import Role
from payments import selectors, services
from payments.models import PaymentRequest
from tests.factories import UserFactory
from tests.payments.conftest import awardee_of, funded_project, prepared_request

pytestmark = pytest.mark.django_db


def test_the_gate_module_has_no_switch():
    tree = ast.parse(Path(payments.selectors.__file__).read_text())
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | {
        node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
    }
    imported = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not names & {"ContextVar", "find_spec", "is_installed"}
    assert not imported & {"contextvars", "importlib.util", "ContextVar"}
    assert not hasattr(selectors, "inspections_assumed_passed")


def test_without_recorded_inspections_staff_cannot_approve():
    """No stub: the real inspections app answers, and nothing is recorded for the new truck."""
    staff = UserFactory(role=Role.STAFF)
    funded = funded_project(staff=staff)
    request = prepared_request(funded)
    services.submit(request, actor=awardee_of(funded), certified=True)
    request.refresh_from_db()
    states = selectors.clearances_for(funded.project)
    assert states and not any(state.passed for state in states.values())
    with pytest.raises(services.PaymentError, match="Payment is held"):
        services.approve(request, actor=staff, note="")
    assert PaymentRequest.objects.get(pk=request.pk).status == PaymentRequest.Status.SUBMITTED


def test_the_demos_paid_and_approved_trucks_passed_recorded_inspections(demo):
    requests = PaymentRequest.objects.filter(created_by__username="applicant")
    statuses = set(requests.values_list("status", flat=True))
    assert {value for value, _ in PaymentRequest.Status.choices} == statuses  # every stage still shows
    for request in requests.filter(status__in=["paid", "approved"]):
        states = selectors.clearances_for(request.project)
        assert states and all(state.passed for state in states.values()), states
    held = requests.get(status="submitted")
    assert not all(state.passed for state in selectors.clearances_for(held.project).values())
