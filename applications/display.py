"""How an application's rule results and money read on the applicant's pages, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from core.deadlines import DayCount, Period
from programs import labels
from programs.rules.base import RuleSet

from .models import Application, Project, RuleOutcome, Status


def _language() -> str:
    return (get_language() or "en")[:2]


def reason(outcome: RuleOutcome) -> str:
    """A stored rule result's reason, in the reader's language where the evaluation wrote one."""
    return outcome.translations.get(_language()) or outcome.reason


def notes(project: Project) -> list[str]:
    return project.notes_translations.get(_language()) or project.notes


@dataclass(frozen=True)
class Failure:
    """A failed rule's reason, once, with the funding paths it applies to (PA2022-01: CMP, Prop 1B or both)."""

    reason: str
    paths: tuple[str, ...] = ()

    @property
    def path_note(self) -> str:
        if len(self.paths) == 2:
            return _("both %(first)s and %(second)s") % {"first": self.paths[0], "second": self.paths[1]}
        return ", ".join(self.paths)


def failures(rule_set: RuleSet, results) -> list[Failure]:
    """The failed rules of ``results`` (``RuleResult`` or stored ``RuleOutcome``) without repeats.

    PA2022-01 evaluates a truck under both paths and, when neither can fund it, reports each path's rules
    prefixed with the path ("CMP: quote_date"); a rule both paths share fails in both with the same words. Each
    reason is listed once, naming the paths it belongs to.
    """
    found: dict[str, list[str]] = {}
    for result in results:
        if result.passed:
            continue
        text = reason(result) if isinstance(result, RuleOutcome) else result.reason
        path, _sep, _rule = result.rule.partition(": ") if rule_set.paths else ("", "", "")
        paths = found.setdefault(text, [])
        if path and _sep:
            label = labels.path_label(rule_set, path)
            if label not in paths:
                paths.append(label)
    return [Failure(text, tuple(paths)) for text, paths in found.items()]


def award_caption(application: Application) -> str:
    """ "Awarded" once staff approve; until then the amount is only "Estimated"."""
    return _("Awarded") if application.status == Status.APPROVED else _("Estimated award")


def award_summary(application: Application) -> str:
    """The list's award column: the amount only where there is one to state, never "$0.00" for an application
    that is not eligible or not yet evaluated."""
    from core.money import usd

    if application.status in (Status.DRAFT, Status.WITHDRAWN) or application.evaluated_at is None:
        return _("Not yet evaluated") if application.status != Status.WITHDRAWN else "—"
    if application.status == Status.REJECTED:
        return _("Not funded")
    if not application.award_total:
        return _("Not eligible as submitted")
    if application.status == Status.APPROVED:
        return _("%(amount)s awarded") % {"amount": usd(application.award_total)}
    return _("%(amount)s estimated") % {"amount": usd(application.award_total)}


def period_in_words(period: Period) -> str:
    """ "14 calendar days", "7 business days", "60 months"."""
    words = {
        DayCount.CALENDAR_DAYS: ngettext("%(count)d calendar day", "%(count)d calendar days", period.amount),
        DayCount.BUSINESS_DAYS: ngettext("%(count)d business day", "%(count)d business days", period.amount),
        DayCount.MONTHS: ngettext("%(count)d month", "%(count)d months", period.amount),
    }
    return words[period.unit] % {"count": period.amount}
