from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .rules.base import RuleSet
from .rules.registry import get_rule_set


class Program(models.Model):
    """A program announcement (e.g. PA2026-02) with its solicitation window and budget.

    ``code`` names the rule set in ``programs.rules`` that evaluates its applications.
    """

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    measure = models.CharField(max_length=100, blank=True)
    opens_at = models.DateTimeField(help_text="Applications accepted from (PT).")
    closes_at = models.DateTimeField(help_text="Submission deadline (PT).")
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                 help_text="Funds the announcement makes available; blank where it names none.")
    funding_source = models.CharField(max_length=300)
    source = models.CharField(max_length=300, help_text="Seed file and section these figures come from.")
    history = HistoricalRecords()  # every budget and window change keeps its old value, who and when

    class Meta:
        ordering = ["-opens_at", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def rule_set(self) -> RuleSet:
        return get_rule_set(self.code)

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class FundingRuleSet(models.Model):
    """One of the six rule sets of the five announcements, with its own funds where the seed names them.

    PA2022-01 holds two: the Carl Moyer Program and Proposition 1B.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="funding_rule_sets")
    code = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=200)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    funding_source = models.CharField(max_length=300)
    source = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
