"""Every program gives every stage its facts, checked by ``manage.py check`` (issue 27)."""

from django.core.management import call_command

from operations.checks import every_program_complete, program_facts
from programs.rules.registry import rule_sets


def test_every_program_with_a_rule_set_is_complete():
    assert set(rule_sets()) == {"PA2022-01", "PA2025-04", "PA2026-01", "PA2026-02", "PA2026-03"}
    assert every_program_complete(None) == []
    call_command("check", "--fail-level", "ERROR")


def test_a_program_missing_a_stage_is_named(monkeypatch):
    from payments.rules.programs import PAYMENT_RULES

    monkeypatch.delitem(PAYMENT_RULES, "PA2026-02")
    problems = every_program_complete(None)
    assert [problem.msg for problem in problems] == [
        "Program PA2026-02 has a rule set but no payment rules (payments.rules.programs)."
    ]
    assert problems[0].id == "operations.E010"
    assert len(program_facts()) == 8
