"""Post-award rules shared by agreements, payments and reporting: pure Python, no Django imports.

- ``registry.post_award(code)``: a program's post-award facts (``base.PostAward``): events, round terms,
  obligations, term, reporting, usage requirement, remedies, payment deadline.
- ``registry.round_terms(code)`` / ``registry.resolve_terms(code, overrides)``: the round terms.
- ``obligations.calendar(...)`` / ``obligations.obligations_input(code, document)``: every obligation of a project.
- ``schedule.agreement_term(...)`` / ``schedule.report_schedule(...)``: the term and its reporting periods.
"""
