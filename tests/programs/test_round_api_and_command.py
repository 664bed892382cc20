"""The ``"round"`` object through the REST API and the ``evaluate`` command: the round's terms decide, bad terms
are named, and the seed's examples print exactly as before."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from programs.rules.registry import evaluate_input
from tests.factories import example

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_the_api_evaluates_under_a_rounds_terms_and_names_bad_ones(client):
    document = {**example("PA2026-02"), "round": {"award_cap": "350000.00"}}
    body = client.post(
        reverse("program-evaluate", args=["PA2026-02"]), document, content_type="application/json"
    ).json()
    assert (body["eligible"], body["award"], body["round"]) == (True, "350000.00", {"award_cap": "350000.00"})
    response = client.post(
        reverse("program-evaluate", args=["PA2026-02"]),
        {**document, "round": {"award_cap": "lots", "deadline": "2029-01-01"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"round.award_cap", "round.deadline"}


def run(code, path):
    out = StringIO()
    call_command("evaluate", code, str(path), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("code", ["PA2022-01", "PA2025-04", "PA2026-01", "PA2026-02", "PA2026-03"])
def test_the_examples_print_the_seed_rounds_evaluation(code):
    printed = run(code, EXAMPLES / f"{code}.json")
    assert printed == json.loads(json.dumps(evaluate_input(code, example(code)).as_dict()))
    assert "round" not in printed


def test_the_reissued_example_prints_the_changed_terms_and_bad_terms_fail(tmp_path):
    printed = run("PA2025-04", EXAMPLES / "PA2025-04-reissued.json")
    assert printed["eligible"] and printed["round"] == {"tier_2_large_fleet_funded_until": "2027-12-31"}
    tier = next(rule for rule in printed["rules"] if rule["rule"] == "tier_funding_date")
    assert "changed by the re-issued announcement from December 31, 2025 to December 31, 2027" in tier["source"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**example("PA2025-04"), "round": {"tier_2_large_fleet_funded_until": "2027"}}))
    with pytest.raises(CommandError, match="round.tier_2_large_fleet_funded_until: .*YYYY-MM-DD"):
        call_command("evaluate", "PA2025-04", str(bad), stdout=StringIO())
