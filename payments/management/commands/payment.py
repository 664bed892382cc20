"""``python manage.py payment CODE FILE.json``: the payable amount of one payment request and why, as JSON.

Input and output: docs/payment.md (an example per program: docs/examples/payment-<CODE>.json).
"""

from agreements.commands import JsonRuleCommand
from payments.rules.payable import payment_input


class Command(JsonRuleCommand):
    help = "Print the payable amount of one payment request, its binding limit and its holds, as JSON."

    def run(self, code, document):
        return payment_input(code, document).as_dict()
