"""A program's input fields as Markdown, generated from the same definitions the rules parse."""

from core.places import COUNTY_CHOICES

from .base import RuleSet
from .fields import Field, Kind

_KIND_NOTES = {
    Kind.MONEY: "dollars as a string, e.g. \"438500.00\"",
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


def describe_fields(rule_set: RuleSet) -> str:
    lines = [f"# {rule_set.code} input fields", "", rule_set.title, "",
             f"Source: {rule_set.source}", ""]
    for heading, fields in (("application", rule_set.application_fields),
                            (f"project (one {rule_set.project_noun})", rule_set.project_fields)):
        lines += [f"## {heading}", "", "| field | label | type | unit | required |", "| --- | --- | --- | --- | --- |"]
        lines += [_row(spec) for spec in fields]
        lines.append("")
    if rule_set.rubric:
        lines += ["## scores (staff rubric)", "", "| criterion | label | max points |", "| --- | --- | --- |"]
        lines += [f"| `{c.key}` | {c.label}{' (bonus)' if c.bonus else ''} | {c.max_points} |" for c in rule_set.rubric]
        lines.append("")
    return "\n".join(lines)
