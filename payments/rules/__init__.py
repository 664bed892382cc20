"""Payment rules: pure Python, no Django imports.

- ``payable.payable(rules, terms, agreement, request, clearances=..., documents=..., schedule=...)``: the
  amount payable on one request, the binding limit and every hold (``payable.Payment``).
- ``payable.payment_input(code, document)``: the same from a command's JSON document.
- ``programs.PAYMENT_RULES``: each program's documents, clearances and limits.
"""
