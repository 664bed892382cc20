"""``python manage.py allocate CODE FILE.json``: rank a program's evaluated projects and allocate its funds, as JSON.

Input and output: docs/allocate.md (an example per program: docs/examples/allocate-<CODE>.json). The same
function (``funding.rules.allocation.allocate``) runs the funding round page. Bad input names every bad field.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from funding.rules.documents import allocate_document
from programs.rules.fields import InputError
from programs.rules.registry import rule_sets


class Command(BaseCommand):
    help = "Rank evaluated projects by the program's selection method and print each one's funding, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("code", help=f"program code, one of: {', '.join(rule_sets())}")
        parser.add_argument("file", type=Path, help="JSON file with funds and projects (see docs/allocate.md)")

    def handle(self, *args, code, file, **options):
        try:
            document = json.loads(file.read_text(), parse_float=str)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from None
        try:
            allocation = allocate_document(code, document)
        except InputError as error:
            raise CommandError(
                "invalid input:\n" + "\n".join(f"  {name}: {message}" for name, message in error.errors.items())
            ) from None
        self.stdout.write(json.dumps(allocation.as_dict(), indent=2))
