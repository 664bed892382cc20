"""``python manage.py usage CODE FILE.json``: each reporting period against the agreement's usage requirement, the
cumulative shortfall and the remedies, as JSON.

Input and output: docs/usage.md (an example per program: docs/examples/usage-<CODE>.json).
"""

from agreements.commands import JsonRuleCommand
from reporting.rules.usage import usage_input


class Command(JsonRuleCommand):
    help = "Print whether each reporting period meets the usage requirement, the shortfall and the remedies, as JSON."

    def run(self, code, document):
        return usage_input(code, document).as_dict()
