from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding decisions and the fund ledger"

    def round_terms(self, code: str):
        """The selection method's terms (the SOON DAC floor, PA2022-01's solicitation total), so a re-issued
        round can change them like any other term (``programs.selectors.round_terms``)."""
        from programs.rules.registry import rule_sets

        rule_set = rule_sets().get(code)
        selection = rule_set.selection if rule_set else None
        return selection.terms if selection else ()
