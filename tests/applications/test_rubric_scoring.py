"""Staff score PA2026-03's rubric per criterion in the admin; the rules validate and re-evaluate."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, complete_draft, open_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def charging_location(django_capture_on_commit_callbacks):
    application = ApplicationFactory(program=open_program("PA2026-03"))
    project = ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, application.applicant)
    project.refresh_from_db()
    return project


def post_scores(client, project, scores: dict):
    """Post the project's admin change form with the given rubric rows (criterion -> (points, note))."""
    url = reverse("admin:applications_project_change", args=[project.pk])
    context = client.get(url).context
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({f"{formset.prefix}-{name}": management[name].value() for name in management.fields})
        for index, form in enumerate(formset.initial_forms):
            data[f"{formset.prefix}-{index}-id"] = form.instance.pk
            data[f"{formset.prefix}-{index}-project"] = project.pk
        if formset.prefix == "scores":
            data["scores-TOTAL_FORMS"] = len(scores)
            for index, (criterion, (points, note)) in enumerate(scores.items()):
                data.update(
                    {
                        f"scores-{index}-criterion": criterion,
                        f"scores-{index}-points": points,
                        f"scores-{index}-note": note,
                        f"scores-{index}-project": project.pk,
                    }
                )
    return client.post(url, data)


@pytest.fixture
def staff_client(client, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    return client


def test_submitted_location_reports_its_rubric_as_not_yet_scored(charging_location):
    assert charging_location.figures["rubric_status"] != "scored"
    assert charging_location.award == Decimal("2520000.00")


def test_scores_are_saved_with_who_and_re_evaluated(staff_client, staff_user, charging_location):
    scores = {
        "project_readiness": (18, "Utility will-serve letter"),
        "compliance": (17, ""),
        "location": (16, "Closes an I-710 gap"),
        "utilization": (8, ""),
        "measure_2_support": (5, ""),
        "public_access": (5, "Fleet-only"),
        "cost_reasonableness": (9, ""),
    }
    response = post_scores(staff_client, charging_location, scores)
    assert response.status_code == 302
    charging_location.refresh_from_db()
    assert charging_location.figures["rubric_status"] == "scored"
    assert charging_location.figures["rubric_total"] == 78
    assert {score.scored_by for score in charging_location.scores.all()} == {staff_user}
    assert charging_location.scores.get(criterion="location").note == "Closes an I-710 gap"


def test_a_score_above_the_criterion_maximum_is_a_form_error(staff_client, charging_location):
    response = post_scores(staff_client, charging_location, {"location": (25, "")})
    assert response.status_code == 200
    assert "At most 20 points for this criterion." in response.content.decode()
    assert not charging_location.scores.exists()


def test_the_bonus_is_refused_for_a_publicly_accessible_site(staff_client, charging_location):
    charging_location.data = {**charging_location.data, "publicly_accessible": True}
    charging_location.save()
    response = post_scores(staff_client, charging_location, {"measure_2_support": (5, "")})
    assert response.status_code == 200
    assert (
        "only for projects supporting INVEST CLEAN Measure 2 truck deployment that are not publicly accessible; "
        "this location is publicly accessible." in response.content.decode()
    )
    assert not charging_location.scores.exists()
