"""The documented commands: every example in docs/obligations.md, docs/payment.md and docs/usage.md runs and
prints exactly the output shown; the docs list every round term, choice, clearance and document; bad input
exits non-zero naming the field; the agreements app hands its round terms to the Round models."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from agreements.rules.registry import PROGRAMS, resolve_terms
from payments.rules.programs import PAYMENT_RULES

ROOT = Path(__file__).resolve().parents[2]
CODES = ("PA2026-01", "PA2026-02", "PA2026-03", "PA2025-04", "PA2022-01")
SEEDS = ("001_ea26778b00a7e017.txt", "002_93fe1fbed5faf247.txt", "003_b264a6114e3b8c3f.txt")
EXAMPLE = re.compile(
    r"`python manage\.py (\w+) ([\w-]+) (docs/examples/[\w-]+\.json)` prints:\s*"
    r"<details><summary>output</summary>\s*```json\n(.*?)\n```",
    re.DOTALL,
)


def run(command, code, path):
    out = StringIO()
    call_command(command, code, str(ROOT / path), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("command", ["obligations", "payment", "usage"])
def test_every_documented_example_prints_the_documented_output(command):
    text = (ROOT / "docs" / f"{command}.md").read_text()
    examples = EXAMPLE.findall(text)
    assert [(name, code, path) for name, code, path, _ in examples] == [
        (command, code, f"docs/examples/{command}-{code}.json") for code in CODES
    ]
    for name, code, path, documented in examples:
        assert run(name, code, path) == json.loads(documented), f"{path} no longer prints what {command}.md shows"
        shown_input = text.split(f"`{path}`:\n\n```json\n", 1)[1].split("\n```", 1)[0]
        assert json.loads(shown_input) == json.loads((ROOT / path).read_text())


def test_the_docs_list_every_term_choice_clearance_and_document():
    obligations = (ROOT / "docs" / "obligations.md").read_text()
    payment = (ROOT / "docs" / "payment.md").read_text()
    for program in PROGRAMS.values():
        for term in program.terms:
            assert f"`{term.name}`" in obligations
        for note in program.notes:
            assert note in obligations
    for rules in PAYMENT_RULES.values():
        for item in rules.clearances + rules.documents:
            assert f"`{item.key}`" in payment


def test_the_agreements_app_gives_each_program_its_round_terms_from_the_seeds():
    config = apps.get_app_config("agreements")
    for code in CODES:
        terms = config.round_terms(code)
        assert terms and len({term.name for term in terms}) == len(terms)
        assert all(term.source.file in SEEDS for term in terms)
    names = {term.name: term for term in config.round_terms("PA2026-01")}
    assert str(names["final_invoice_deadline"].default) == "2028-02-28"
    assert "destroy_old_equipment_days" not in names  # the rule set owns it; the agreement reads it
    merged = resolve_terms("PA2026-01")
    assert merged["destroy_old_equipment_days"] == 60 and merged["certificate_of_destruction_days"] == 60
    assert str({t.name: t for t in config.round_terms("PA2026-02")}["payment_request_deadline"].default) == "2028-02-29"
    assert config.round_terms("PA2099-01") == ()


@pytest.mark.parametrize(
    ("command", "content", "message"),
    [
        ("obligations", '{"as_of": "soon"}', "as_of: enter a date"),
        ("payment", '{"agreement": {"award": "x"}}', "agreement.award"),
        ("usage", '{"periods": "many"}', "periods: must be a list"),
        ("usage", "[1]", "file: must hold a JSON object"),
        ("obligations", "{nope", "is not valid JSON"),
    ],
)
def test_bad_input_exits_with_every_field_named(tmp_path, command, content, message):
    path = tmp_path / "input.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command(command, "PA2026-02", str(path))


def test_an_unknown_program_or_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="unknown program 'PA2030-09'"):
        call_command("obligations", "PA2030-09", str(ROOT / "docs/examples/obligations-PA2026-01.json"))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("usage", "PA2026-01", str(tmp_path / "missing.json"))
