"""``python manage.py obligations CODE FILE.json``: every post-award obligation of one project, as JSON.

Input and output: docs/obligations.md (an example per program: docs/examples/obligations-<CODE>.json).
"""

from agreements.commands import JsonRuleCommand
from agreements.rules.obligations import obligations_input


class Command(JsonRuleCommand):
    help = "Print every post-award obligation of one project (due date or the event it waits for) as JSON."

    def run(self, code, document):
        return obligations_input(code, document).as_dict()
