from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .rules.base import RuleSet
from .rules.registry import get_rule_set


class Program(models.Model):
    """A program announcement (e.g. PA2026-02) with its solicitation window and budget.

    ``code`` names the rule set in ``programs.rules`` that evaluates its applications. The window and budget
    are those of the current :class:`Round` (the latest issue): saving a round copies them here, so lists,
    filters and sums read typed columns of the program; change them through the round, never here.
    """

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    measure = models.CharField(max_length=100, blank=True)
    opens_at = models.DateTimeField(help_text="Applications accepted from (PT).")
    closes_at = models.DateTimeField(help_text="Submission deadline (PT).")
    budget = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Funds the announcement makes available; blank where it names none.",
    )
    funding_source = models.CharField(max_length=300)
    source = models.CharField(max_length=300, help_text="Seed file and section these figures come from.")
    second_approval_above = models.DecimalField(
        "second approval above",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Awards and payments above this amount need a supervisor's second approval; blank: none. "
        "A district setting per program: the announcements name no such amount.",
    )
    history = HistoricalRecords()  # every budget and window change keeps its old value, who and when

    class Meta:
        ordering = ["-opens_at", "code"]
        permissions = [
            ("supervise_program", "Can give the second approval of awards and payments above the program's amount")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def rule_set(self) -> RuleSet:
        return get_rule_set(self.code)

    @property
    def contacts(self) -> list[str]:
        """Whom to write to about the program, as its announcement names them (``programs.announcements``), in the
        active language: the "who to contact" of its decision letters (issue 21, ``notices.letters``)."""
        from .announcements import announcement

        found = announcement(self.code)
        return [str(fact.text) for fact in found.contact] if found else []

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    @property
    def current_round(self) -> "Round | None":
        """The latest issue of the announcement (``None`` only for a program created without one)."""
        return self.rounds.order_by("-number").first()

    def round_at(self, at=None) -> "Round | None":
        """The round accepting applications at ``at`` (now), else the current round."""
        at = at or timezone.now()
        return self.rounds.filter(opens_at__lte=at, closes_at__gt=at).order_by("-number").first() or self.current_round


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


class Round(models.Model):
    """One issue of an announcement: the original (number 0) or a re-issue (1, 2, ...).

    The board letter authorizes staff to "issue, and if necessary, re-issue" the PAs
    (001_ea26778b00a7e017.txt, Recommended Actions 1; PA2026-01 Section 3 "PA may be re-issued as needed",
    "These dates are subject to change"). A round has its own window (PT) and budget, and ``terms``: the
    dates and amounts it sets to other than the seed's values (``programs.rules.terms``; the names are the
    rule set's ``terms`` and those other apps contribute, see ``programs.selectors.round_terms``). An
    application belongs to the round it was submitted in and is evaluated by that round's terms, so
    issuing a new round never changes an application already decided.

    Change a round through ``programs.services`` so every change is recorded (:class:`RoundChange`).
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(
        help_text="0 for the original announcement, 1 for the first re-issue, and so on."
    )
    issued_on = models.DateField(help_text="Date the announcement or re-issue was issued.")
    opens_at = models.DateTimeField(help_text="Applications accepted from (PT).")
    closes_at = models.DateTimeField(help_text="Submission deadline (PT).")
    budget = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Funds the round makes available; blank where the announcement names none.",
    )
    terms = models.JSONField(
        default=dict, blank=True, help_text="The terms this round sets to other than the seed's value: name -> value."
    )
    source = models.CharField(max_length=300, help_text="The announcement document these values come from.")
    factor_table = models.ForeignKey(
        "FactorTable",
        verbose_name="Carl Moyer Guidelines edition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        help_text="The imported on-road emission factor table (Guidelines edition) this round's projects are "
        "evaluated by; blank: the newest imported edition (issue 23).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_round_number_per_program"),
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")), name="round_opens_before_it_closes"
            ),
        ]
        indexes = [models.Index(fields=["program", "opens_at", "closes_at"])]

    def __str__(self) -> str:
        return f"{self.program.code} {self.label}"

    def save(self, *args, **kwargs):
        """Save, and keep the program's window and budget those of its current round."""
        super().save(*args, **kwargs)
        latest = self.program.rounds.order_by("-number").values("opens_at", "closes_at", "budget").first()
        Program.objects.filter(pk=self.program_id).update(**latest)
        self.program.opens_at, self.program.closes_at, self.program.budget = (
            latest["opens_at"],
            latest["closes_at"],
            latest["budget"],
        )

    @property
    def label(self) -> str:
        return "original issue" if self.number == 0 else f"re-issue {self.number}"

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class RoundChange(models.Model):
    """One change to a round: who, when, which parameter, the old and new value, and why.

    ``parameter`` is ``opens_at``, ``closes_at``, ``budget``, a term's name, or ``issued`` for the round's issue;
    values are stored as JSON (``"2029-02-28"``, ``"400000.00"``, ``14``) and shown in words by the admin.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="changes")
    parameter = models.CharField(max_length=80)
    label = models.CharField(max_length=200)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["round", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.round}: {self.label}"


class FactorTable(models.Model):
    """A Carl Moyer Program Guidelines table as data, per Guidelines edition (issue 23): staff import it from CSV
    (``moyer_onroad.FACTOR_COLUMNS``) once per edition instead of typing factors per project. ``rows`` holds the
    validated rows as text ([service class, model year, NOx, ROG, PM10] g/mile); the newest on-road table is the one
    the PA2022-01 evaluation reads."""

    class Table(models.TextChoices):
        ONROAD = "onroad_emission_factors", "On-road emission factors (Guidelines Appendix D)"

    table = models.CharField(max_length=40, choices=Table.choices, default=Table.ONROAD)
    edition = models.CharField(max_length=200)
    source = models.CharField(max_length=300)
    rows = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["table", "-imported_at", "-pk"]
        indexes = [models.Index(fields=["table", "-imported_at"], name="factor_table_current")]

    def __str__(self):
        return f"{self.get_table_display()}, {self.edition}"
