"""Reporting rules: pure Python, no Django imports.

- ``agreements.rules.schedule.report_schedule(program, term, terms)``: the reporting periods of a term
  (semi-annual or annual, from the deployment or commissioning date to the end of the term), with due dates.
- ``usage.assess(program, terms, agreement, events, reports)``: each period met or short, the cumulative
  shortfall and the remedies with their figures; ``usage.usage_input(code, document)`` from a JSON document.
- ``programs.REPORT_FORMS``: each program's report form (metrics with units, documents).
"""
