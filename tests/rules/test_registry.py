"""Every program's rule set: registered, documented, with a working example, each rule cited."""

from pathlib import Path

import pytest

from programs.rules.describe import describe_fields
from programs.rules.registry import evaluate_input, rule_sets
from tests.rules.helpers import load_example

DOCS = Path(__file__).resolve().parents[2] / "docs"
SEEDS = (
    "000_5a27d03f56223f7e.txt",
    "001_ea26778b00a7e017.txt",
    "002_93fe1fbed5faf247.txt",
    "003_b264a6114e3b8c3f.txt",
    "004_af983ba73b5d80a4.txt",
)
CODES = ["PA2022-01", "PA2025-04", "PA2026-01", "PA2026-02", "PA2026-03"]


def test_the_five_announcements_have_rule_sets():
    assert list(rule_sets()) == CODES


@pytest.mark.parametrize("code", CODES)
def test_field_reference_is_current(code):
    assert (DOCS / "fields" / f"{code}.md").read_text() == describe_fields(rule_sets()[code])


@pytest.mark.parametrize("code", CODES)
def test_example_is_eligible_and_every_rule_cites_a_seed(code):
    evaluation = evaluate_input(code, load_example(code))
    assert evaluation.eligible, [result.reason for result in evaluation.failures]
    assert evaluation.award > 0
    for result in evaluation.results:
        assert str(result.source).startswith(SEEDS), result
        assert result.reason.strip(), result


@pytest.mark.parametrize("code", CODES)
def test_attachment_slots_and_fields_have_unique_names(code):
    rule_set = rule_sets()[code]
    names = [spec.name for spec in rule_set.application_fields + rule_set.project_fields]
    assert len(names) == len(set(names))
    slots = [slot.key for slot in rule_set.attachments]
    assert len(slots) == len(set(slots)) and slots
