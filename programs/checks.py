"""``manage.py check``: every program's round terms resolve, with no name declared twice by two apps."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def round_terms_are_unambiguous(app_configs, **kwargs):
    from .rules.registry import rule_sets
    from .selectors import round_terms

    errors = []
    for code in rule_sets():
        try:
            round_terms(code)
        except ImproperlyConfigured as error:
            errors.append(
                checks.Error(str(error), id="programs.E001", hint="Give the term one owner, or a name of its own.")
            )
    return errors
