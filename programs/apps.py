from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    """Announcements, their rounds (original issue and re-issues) and the rule sets that evaluate them.

    Every stage of the lifecycle may declare round terms: an installed app whose AppConfig defines
    ``round_terms(self, code) -> tuple[Term, ...]`` adds its terms (``programs.rules.terms.Term``, each with the
    seed's value and clause, declared in the app's pure rules module) to every round of program ``code``,
    beside the rule set's own; return ``()`` for a program without such terms. Staff then see and set them per
    round in the admin, and the app reads a round's values by name from ``programs.selectors.terms_of(round)``.
    For example a payments app::

        class PaymentsConfig(AppConfig):
            def round_terms(self, code):
                return rules.TERMS.get(code, ())   # e.g. Term("final_invoice_deadline", ...)

    Names are shared by all the apps of one program: the same name from two apps is refused at startup
    (``programs.checks``).
    """

    name = "programs"
    verbose_name = "Programs"

    def ready(self):
        from django.utils.formats import date_format
        from django.utils.translation import gettext, ngettext

        from . import checks  # noqa: F401  (registers the round-terms check)
        from .rules import i18n

        i18n.install(
            translate=gettext,
            translate_plural=ngettext,
            date_in_words=lambda value: date_format(value, "DATE_FORMAT"),
            month_in_words=lambda value: date_format(value, "YEAR_MONTH_FORMAT"),
        )

    def round_terms(self, code: str):
        """The rule set's own terms: the dates and amounts its eligibility and award rules read."""
        from .rules.registry import get_rule_set

        return get_rule_set(code).terms
