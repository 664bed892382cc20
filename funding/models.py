"""Fund sources, the fund ledger, and funding rounds.

A fund's budget, encumbered, disbursed and available amounts are never stored: they are sums of its
:class:`LedgerEntry` rows, which are only ever added (an entry is corrected by a reversing entry,
never edited or deleted). Every entry records who, when and why.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import dollars
from programs.models import FundingRuleSet, Program


class FundSource(models.Model):
    """Money a program may award: a source the announcement names (SB 129 through the Carl Moyer Program,
    Proposition 1B, the EPA CPRG grant) or one staff add, with the path it pays where the program has several.

    The announcement's own statement of the fund and its amount is ``rule_set`` (``programs.FundingRuleSet``);
    the budget the portal works with is the ledger's, opened from it (migration 0002).
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="fund_sources")
    rule_set = models.ForeignKey(
        FundingRuleSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_sources",
        help_text="The announcement's rule set that names this fund, where one does.",
    )
    name = models.CharField(max_length=200)
    pays_path = models.CharField(
        "pays the path",
        max_length=60,
        blank=True,
        help_text="PA2022-01: the path this fund pays (CMP or Prop 1B). Blank: it pays every project.",
    )
    source = models.CharField(
        max_length=300,
        help_text="Where the amount comes from: seed file and section, or the decision that made it available.",
    )
    position = models.PositiveSmallIntegerField(default=1)
    redistribute_county_shares = models.BooleanField(
        default=True,
        help_text="PA2026-03: give what a county does not take of its share to the next locations by "
        'score ("Funds may be redistributed based on applications received").',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="one_fund_name_per_program")]

    def __str__(self) -> str:
        return f"{self.program.code}: {self.name}"


class FundReserve(models.Model):
    """Part of a fund held for one MSA (PA2026-01 and -02: "Some funds may be reserved initially to ensure the
    funds are available to both MSAs"), set and released by staff. Zero is a released reserve."""

    fund = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="reserves")
    area = models.CharField(max_length=60)
    amount = dollars("Amount held")
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fund", "area"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "area"], name="one_reserve_per_area"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="reserve_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: ${self.amount:,.2f}"


class CountyShare(models.Model):
    """A county's weight in a fund's county shares (PA2026-03: its Class 4 to 8 MD/HD truck population). The
    announcement gives no numbers, so staff enter them with their source."""

    fund = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="county_shares")
    county = models.CharField(max_length=40)
    truck_population = models.PositiveIntegerField("Class 4 to 8 truck population")
    reason = models.TextField(help_text="Where the figure comes from (e.g. DMV registrations, date).")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fund", "county"]
        constraints = [models.UniqueConstraint(fields=["fund", "county"], name="one_share_per_county")]

    def __str__(self) -> str:
        return f"{self.county}: {self.truck_population:,} trucks"


class LedgerEntryIsFinal(Exception):
    """Ledger entries are never edited or deleted; a mistake is corrected by a reversing entry."""


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerEntryIsFinal("Ledger entries are never edited; record a reversing entry instead.")

    def delete(self):
        raise LedgerEntryIsFinal("Ledger entries are never deleted; record a reversing entry instead.")


class LedgerEntry(models.Model):
    """One movement of money in a fund: its budget, an award's encumbrance or release, or a disbursement.

    ``amount`` carries the sign of its effect: budget entries add (or, negative, take away) budget; an
    encumbrance is positive and a release negative (encumbered is their sum); a disbursement is positive. A
    reversal has the kind of the entry it reverses and the opposite amount. Available = budget - encumbered;
    disbursed is part of encumbered (money paid out of an award).
    """

    class Kind(models.TextChoices):
        BUDGET = "budget", "Budget"
        ENCUMBRANCE = "encumbrance", "Encumbrance (award approved)"
        RELEASE = "release", "Release (award reduced, withdrawn or terminated)"
        DISBURSEMENT = "disbursement", "Disbursement (payment)"

    fund = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = dollars("Amount", help_text="Signed as it moves the fund; see the model's description.")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    project = models.ForeignKey(
        "applications.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    county = models.CharField(max_length=40, blank=True, db_index=True)
    msa = models.CharField("MSA", max_length=60, blank=True)
    dac = models.BooleanField("in or around a disadvantaged or low-income community", default=False)
    funding_round = models.ForeignKey(
        "FundingRound", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank only for budgets opened from the announcement.",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField()

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["fund", "kind"]), models.Index(fields=["project", "kind"])]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(reverses__isnull=False)
                | Q(kind="budget")
                | Q(kind="encumbrance", amount__gt=0)
                | Q(kind="release", amount__lt=0)
                | Q(kind="disbursement", amount__gt=0),
                name="ledger_sign_follows_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="budget") | Q(project__isnull=False, application__isnull=False),
                name="ledger_award_entries_name_the_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ${self.amount:,.2f} ({self.fund.name})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerEntryIsFinal("Ledger entries are never edited; record a reversing entry instead.")
        from .summaries import record

        with transaction.atomic():  # the entry and its running totals together (``funding.summaries``)
            super().save(*args, **kwargs)
            record(self)

    def delete(self, *args, **kwargs):
        raise LedgerEntryIsFinal("Ledger entries are never deleted; record a reversing entry instead.")

    @property
    def label(self) -> str:
        return (
            f"Reversal of {self.get_kind_display().split(' (')[0].lower()}"
            if self.reverses_id
            else (self.get_kind_display())
        )


class FundingRound(models.Model):
    """One ranking and allocation of a program's evaluated, complete applications: previewed by staff, then
    approved in one action (each recommended award becomes an approval with its ledger entries)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the task queue"
        QUEUED = "queued", "Queued"
        RANKING = "ranking", "Ranking and allocating"
        PREVIEW = "preview", "Preview ready"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded by a later preview"
        FAILED = "failed", "Failed"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="funding_rounds")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while ranking.")
    progress_note = models.CharField(max_length=200, blank=True)
    projects = models.PositiveIntegerField(default=0)
    summary = models.JSONField(
        default=dict, blank=True, help_text="Totals per fund and county, the cut line and notes, as allocated."
    )
    error = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_reason = models.TextField(blank=True)
    # Background work that always recovers (issue 24): when the ranking was last sent to the task queue and last
    # started by a worker, and how often; ``funding.selectors.stranded_rounds`` reads them.
    queued_at = models.DateTimeField(null=True, blank=True, help_text="When it was last sent to the task queue.")
    started_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last started ranking it.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker started ranking it.")
    history = HistoricalRecords(excluded_fields=["progress", "progress_note", "queued_at", "started_at", "attempts"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.program.code} funding round {self.pk}"

    PENDING = (Status.WAITING, Status.QUEUED, Status.RANKING)

    @property
    def is_running(self) -> bool:
        """Not finished: waiting for the task queue, queued for a worker, or being ranked."""
        return self.status in self.PENDING


class Recommendation(models.Model):
    """One project's line in a round: its rank, the offer (full, partial or none), the fund, and why."""

    class Outcome(models.TextChoices):
        FULL = "full", "Full funding"
        PARTIAL = "partial", "Partial funding"
        NONE = "none", "Not funded"

    class Action(models.TextChoices):
        EXCLUDE = "exclude", _("Excluded")
        HOLD = "hold", _("Held")
        WAITLIST = "waitlist", _("Waitlisted")

    funding_round = models.ForeignKey(FundingRound, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    rank = models.PositiveIntegerField(null=True, blank=True)
    project = models.ForeignKey("applications.Project", on_delete=models.PROTECT, related_name="recommendations")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    award = dollars("Evaluated award")
    funded = dollars("Recommended", default=Decimal("0.00"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    fund = models.ForeignKey(FundSource, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    charges = models.JSONField(default=dict, blank=True, help_text="Fund id -> amount, when several funds pay.")
    cumulative = dollars("Fund's cumulative total", null=True, blank=True)
    place = models.TextField(help_text="Why this place in the ranking.")
    reason = models.TextField(help_text="Why this offer.")
    # Staff's decision on the line before the round is approved (issue 21): excluded, held or waitlisted lines are
    # not approved with the round; each keeps who decided, when and why. The waitlist is offered returned money in
    # the round's ranking order (``position``), the program's own order of selection.
    action = models.CharField(max_length=10, choices=Action.choices, blank=True)
    action_reason = models.TextField(blank=True)
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_at = models.DateTimeField(null=True, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offered_at = models.DateTimeField(
        null=True, blank=True, help_text="When returned money funded this waitlisted line."
    )

    class Meta:
        ordering = ["funding_round", "position"]
        constraints = [models.UniqueConstraint(fields=["funding_round", "position"], name="one_line_per_position")]
        indexes = [
            models.Index(fields=["funding_round", "outcome"]),
            models.Index(fields=["funding_round", "action", "position"]),
        ]

    def __str__(self) -> str:
        return f"{self.funding_round}: #{self.rank or '-'} {self.project}"


# --- Running totals of the ledger (kept with every entry, ``funding.summaries``) ----------------------------------
#
# The ledger is only ever appended to, so its sums can be carried forward entry by entry: each new entry adds its
# amount to the rows below in the same transaction (``LedgerEntry.save``). They hold nothing the ledger does not:
# ``funding.summaries.rebuild`` recomputes them from the entries, and the tests check they stay equal to the sums
# taken directly (``tests/funding/test_summaries.py``). The dashboards read them instead of the whole ledger.


class LedgerDay(models.Model):
    """A fund's entries of one kind on one day (Pacific time): their sum and number."""

    fund = models.ForeignKey(FundSource, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=20, choices=LedgerEntry.Kind.choices)
    amount = dollars("Sum of the entries", default=Decimal("0.00"))
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fund", "day", "kind"], name="one_ledger_day_per_kind")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} ${self.amount:,.2f}"


class ProjectBalance(models.Model):
    """A project's award and payments in one program, per the county, MSA and DAC flag the ledger recorded:
    encumbered (encumbrances and releases) and disbursed, all entries to date."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey("applications.Project", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="+")
    county = models.CharField(max_length=40, blank=True)
    msa = models.CharField("MSA", max_length=60, blank=True)
    dac = models.BooleanField(default=False)
    encumbered = dollars("Encumbered", default=Decimal("0.00"))
    disbursed = dollars("Disbursed", default=Decimal("0.00"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "program", "application", "county", "msa", "dac"],
                name="one_balance_per_project_place",
            )
        ]
        indexes = [
            models.Index(fields=["application"], name="projectbalance_funded_app", condition=Q(encumbered__gt=0))
        ]

    def __str__(self) -> str:
        return f"project {self.project_id}: ${self.encumbered:,.2f} encumbered"
