"""The REST API: rule evaluation with 4xx reasons, and the OpenAPI schema."""

import pytest
from django.urls import reverse

from tests.factories import example

pytestmark = pytest.mark.django_db


def test_evaluate_explains_a_stale_quote(client):
    document = example("PA2026-02")
    document["project"]["quote_date"] = "2025-06-01"
    response = client.post(reverse("program-evaluate", args=["PA2026-02"]), document, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (body["eligible"], body["award"]) == (False, "0.00")
    [failure] = [rule for rule in body["rules"] if not rule["passed"]]
    assert failure["reason"] == "The quote is 122 days old at application; quotes must be dated within 90 days."
    assert failure["source"].startswith("001_ea26778b00a7e017.txt, PA2026-01 Section 2")


def test_evaluate_with_a_fresh_quote_is_eligible_for_400000(client):
    document = example("PA2026-02")
    document["project"]["quote_date"] = document["evaluated_on"]
    body = client.post(
        reverse("program-evaluate", args=["PA2026-02"]), document, content_type="application/json"
    ).json()
    assert (body["eligible"], body["award"], body["figures"]["binding_limit"]) == (True, "400000.00", "award_cap")


@pytest.mark.parametrize(
    ("document", "errors"),
    [
        (
            {"project": {"replacement_cost": "-5"}},
            {
                "project.replacement_cost": "Replacement vehicle cost (including tax, FET and delivery): "
                "must be at least 0 USD"
            },
        ),
        ({"evaluated_on": "yesterday", "project": {}}, {"evaluated_on": "enter the evaluation date as YYYY-MM-DD"}),
        ({"project": [1, 2]}, {"project": "must be a JSON object of field names and values"}),
        (
            {"vehicle": {}},
            {
                "vehicle": "is not a top-level key (use evaluated_on, application, project, scores, round, "
                "emission_factors, factor_override)"
            },
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, document, errors):
    response = client.post(reverse("program-evaluate", args=["PA2026-02"]), document, content_type="application/json")
    assert response.status_code == 400
    for name, message in errors.items():
        assert response.json()["errors"][name] == message


def test_a_json_array_body_is_a_400(client):
    response = client.post(reverse("program-evaluate", args=["PA2026-02"]), [1], content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": {"body": "send a JSON object"}}


def test_unknown_program_is_a_404(client):
    assert (
        client.post(reverse("program-evaluate", args=["PA1999-99"]), {}, content_type="application/json").status_code
        == 404
    )


def test_openapi_schema_describes_the_endpoints(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/programs/{code}/evaluate/" in paths and "/api/applications/" in paths
