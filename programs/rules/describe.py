"""A program's input fields as Markdown, generated from the same definitions the rules parse."""

from core.places import COUNTY_CHOICES

from .base import RuleSet
from .fields import Field, Kind
from .terms import Term

_KIND_NOTES = {
    Kind.MONEY: 'dollars as a string, e.g. "438500.00"',
    Kind.DATE: "YYYY-MM-DD",
    Kind.BOOLEAN: "true or false",
    Kind.PERCENT: "0 to 100",
}


def _row(spec: Field) -> str:
    kind = spec.kind.value
    if spec.choices == COUNTY_CHOICES:
        kind += ": any California county name, or `Outside California`"
    elif spec.kind is Kind.CHOICE:
        kind += ": " + ", ".join(f"`{key}`" for key, _ in spec.choices)
    elif spec.kind in _KIND_NOTES:
        kind += f" ({_KIND_NOTES[spec.kind]})"
    unit = spec.unit or ""
    return f"| `{spec.name}` | {spec.label} | {kind} | {unit} | {'yes' if spec.required else 'no'} |"


def _term_row(term: Term) -> str:
    kind = term.kind.value + (f" ({_KIND_NOTES[term.kind]})" if term.kind in _KIND_NOTES else "")
    unit = term.unit if term.unit != "USD" else ""
    return f"| `{term.name}` | {term.label} | {kind} | {unit} | {term.describe(term.default)} | {term.source} |"


def describe_fields(rule_set: RuleSet) -> str:
    lines = [f"# {rule_set.code} input fields", "", rule_set.title, "", f"Source: {rule_set.source}", ""]
    for heading, fields in (
        ("application", rule_set.application_fields),
        (f"project (one {rule_set.project_noun})", rule_set.project_fields),
    ):
        lines += [f"## {heading}", "", "| field | label | type | unit | required |", "| --- | --- | --- | --- | --- |"]
        lines += [_row(spec) for spec in fields]
        lines.append("")
    if rule_set.rubric:
        lines += ["## scores (staff rubric)", "", "| criterion | label | max points |", "| --- | --- | --- |"]
        lines += [f"| `{c.key}` | {c.label}{' (bonus)' if c.bonus else ''} | {c.max_points} |" for c in rule_set.rubric]
        lines.append("")
    if rule_set.terms:
        example = f'`"round": {{"{rule_set.terms[0].name}": ...}}`'
        lines += [
            "## round (terms of a re-issued announcement, optional)",
            "",
            f"Give only the terms a re-issue changes, e.g. {example}; every other term keeps the seed's value.",
            "",
            "| term | label | type | unit | seed value | source |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [_term_row(term) for term in rule_set.terms]
        lines.append("")
    return "\n".join(lines)
