"""Issue 26: the facts the rules computed (score, $ per ton, tons, community status, county, award) change only
through the services that compute them; funding rounds rank on them, so no admin page or form may overwrite them.

On main, staff changed an approved project's score, $ per ton, tons, DAC flag and county on its admin change page,
with no decision recorded.
"""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from accounts.roles import Role
from applications.models import Decision
from tests.factories import PASSWORD, UserFactory, approved_application, superuser

pytestmark = pytest.mark.django_db

COMPUTED = {
    "score",
    "cost_effectiveness_per_ton",
    "weighted_tons_per_year",
    "nox_tons_per_year",
    "dac",
    "county",
    "msa",
    "eligible",
    "award",
    "award_total",
    "figures",
    "path",
    "evaluated_at",
}
"""The fields ``applications.services.evaluate_application`` sets (and the ledger copies of them)."""


def people():
    yield superuser()
    yield UserFactory(role=Role.STAFF)


def test_no_admin_form_offers_a_computed_fact():
    """Every admin and inline, as a superuser and as staff: none of the rule's facts is an editable field."""
    editable = []
    checked = 0
    for user in people():
        request = RequestFactory().get("/")
        request.user = user
        for model, model_admin in admin.site._registry.items():
            computed = COMPUTED & {field.name for field in model._meta.get_fields()}
            if computed and model_admin.has_change_permission(request):
                form = model_admin.get_form(request, None)
                editable += [f"{model.__name__}.{name}" for name in computed & set(form.base_fields)]
                checked += 1
            for inline in model_admin.get_inline_instances(request):
                computed = COMPUTED & {field.name for field in inline.model._meta.get_fields()}
                if computed and inline.has_change_permission(request):
                    form = inline.get_formset(request, None).form
                    editable += [f"{inline.model.__name__}.{name}" for name in computed & set(form.base_fields)]
    assert checked >= 2  # the application and project admins at least
    assert editable == []


def test_staff_cannot_overwrite_an_approved_projects_ranking_facts(client):
    staff = UserFactory(role=Role.STAFF)
    application = approved_application(staff=staff)
    project = application.projects.get()
    computed = COMPUTED - {"award_total"}
    before = {name: getattr(project, name) for name in computed}
    decisions = Decision.objects.count()
    client.login(username=staff.username, password=PASSWORD)
    url = reverse("admin:applications_project_change", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    for name in ("score", "cost_effectiveness_per_ton", "weighted_tons_per_year", "dac", "county"):
        assert f'name="{name}"' not in page.content.decode()
    client.post(
        url,
        {
            "county": "Orange",
            "msa": "Elsewhere",
            "dac": "true",
            "score": "100",
            "cost_effectiveness_per_ton": "1.00",
            "weighted_tons_per_year": "999.0000",
            "nox_tons_per_year": "999.0000",
            "notes_translations": "{}",
            "outcomes-TOTAL_FORMS": "0",
            "outcomes-INITIAL_FORMS": "0",
        },
    )
    project.refresh_from_db()
    assert {name: getattr(project, name) for name in computed} == before
    assert project.cost_effectiveness_per_ton != Decimal("1.00")
    assert Decision.objects.count() == decisions
