"""The shape the post-award commands share: ``manage.py <name> CODE FILE.json`` reads one JSON document,
runs a pure rule function on it and prints its JSON, or exits non-zero naming every bad field."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.rules.registry import PROGRAMS
from programs.rules.fields import InputError


class JsonRuleCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("code", help=f"program code, one of: {', '.join(PROGRAMS)}")
        parser.add_argument("file", type=Path, help="JSON input file")

    def run(self, code: str, document: dict) -> dict:
        raise NotImplementedError

    def handle(self, *args, code, file, **options):
        try:
            document = json.loads(file.read_text(), parse_float=str)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from None
        try:
            result = self.run(code, document)
        except InputError as error:
            raise CommandError(
                "invalid input:\n" + "\n".join(f"  {name}: {message}" for name, message in error.errors.items())
            ) from None
        self.stdout.write(json.dumps(result, indent=2))
