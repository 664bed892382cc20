"""``python manage.py evaluate CODE FILE.json``: run a program's rules on one project, print JSON.

The file holds ``{"evaluated_on": "YYYY-MM-DD", "application": {...}, "project": {...}}`` and, for a
re-issued announcement, an optional ``"round": {term: value}`` of the terms it changes (every other term
keeps the seed's value; docs/rounds.md). Each program's fields and round terms are listed in docs/fields/
(``--fields``), with an example per program in docs/examples/.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programs.rules.describe import describe_fields
from programs.rules.fields import InputError
from programs.rules.registry import evaluate_input, get_rule_set, rule_sets


class Command(BaseCommand):
    help = "Evaluate one project against a program's rules and print the result as JSON."

    def add_arguments(self, parser):
        parser.add_argument("code", help=f"program code, one of: {', '.join(rule_sets())}")
        parser.add_argument(
            "file", type=Path, nargs="?", help="JSON file with evaluated_on, application, project and an optional round"
        )
        parser.add_argument(
            "--fields", action="store_true", help="print the program's input fields and round terms as Markdown"
        )

    def handle(self, *args, code, file, fields, **options):
        if fields:
            try:
                self.stdout.write(describe_fields(get_rule_set(code)))
            except InputError as error:
                raise CommandError(error.errors["program"]) from None
            return
        if file is None:
            raise CommandError("give the JSON file to evaluate (or --fields)")
        try:
            document = json.loads(file.read_text(), parse_float=str)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON: {error.msg} at line {error.lineno}") from None
        if not isinstance(document, dict):
            raise CommandError(f"{file} must hold a JSON object")
        try:
            evaluation = evaluate_input(code, document)
        except InputError as error:
            raise CommandError(
                "invalid input:\n" + "\n".join(f"  {name}: {message}" for name, message in error.errors.items())
            ) from None
        self.stdout.write(json.dumps(evaluation.as_dict(), indent=2))
