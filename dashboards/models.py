"""The dashboards' figures kept as running totals (``dashboards.summaries``), so a page reads a few hundred rows
instead of every application, ledger entry and obligation.

Each family has *facts*, one or a few rows per owner (an application, an agreement, a project), holding what that
owner adds to the figures, and *totals*, the facts summed by the key the pages group by. Every change to a row the
figures come from marks its owner *pending* (PostgreSQL triggers, migration 0002, in the writer's transaction, so no
write path escapes them: ``save``, ``QuerySet.update``, raw SQL); before the pages read the totals, the pending
owners' facts are computed again from the data and the difference added to the totals (``summaries.catch_up``).
Nothing here is a source of truth: ``summaries.rebuild()`` recomputes every row from the data, and the tests check the
totals stay equal to the figures computed directly.

Dates that depend on today (a report falling due, an obligation overdue) are kept as dates in the keys, and the pages
compare them with today when they read.
"""

from __future__ import annotations

from django.db import models

NEVER = "9999-12-31"
"""``reports_from`` of an application whose agreement has no report falling due or filed yet."""


class Pending(models.Model):
    """An owner whose facts may no longer match the data (written by the triggers, taken by ``catch_up``)."""

    family = models.CharField(max_length=20)
    owner = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "owner"], name="one_pending_owner")]

    def __str__(self) -> str:
        return f"{self.family} {self.owner}"


def _money(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=16, decimal_places=2, default=0, **kwargs)


def _tons(places: int = 4) -> models.DecimalField:
    return models.DecimalField(max_digits=24 + places, decimal_places=places, default=0)


# --- Stages (owner: an application) ---------------------------------------------------------------------------


class StageFields(models.Model):
    program_id = models.IntegerField()
    base = models.CharField(
        max_length=20,
        help_text="The stage without the date: 'executed' and 'executed_paid' "
        "become reporting once reports_from has come.",
    )
    reports_from = models.DateField(help_text="The first report obligation's due date (filed: 0001-01-01).")
    applications = models.IntegerField(default=0)
    evaluated = _money()
    awarded = _money()
    disbursed = _money()

    class Meta:
        abstract = True


class StageFact(StageFields):
    owner = models.IntegerField(db_index=True, help_text="The application.")

    def __str__(self) -> str:
        return f"{self.base} {self.reports_from}: {self.applications}"


class StageTotal(StageFields):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["program_id", "base", "reports_from"], name="one_stage_total")]

    def __str__(self) -> str:
        return f"{self.base} {self.reports_from}: {self.applications}"


# --- Open obligations of executed agreements (owner: an agreement) --------------------------------------------


class ObligationFields(models.Model):
    program_id = models.IntegerField()
    kind = models.CharField(max_length=20)
    due = models.DateField()
    obligations = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ObligationFact(ObligationFields):
    owner = models.IntegerField(db_index=True, help_text="The agreement.")

    def __str__(self) -> str:
        return f"{self.kind} due {self.due}: {self.obligations}"


class ObligationTotal(ObligationFields):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["program_id", "kind", "due"], name="one_obligation_total")]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due}: {self.obligations}"


# --- Funded projects by place, with their tons (owner: a project) ---------------------------------------------


class PlaceFields(models.Model):
    program_id = models.IntegerField()
    county = models.CharField(max_length=40, blank=True)
    msa = models.CharField(max_length=60, blank=True)
    dac = models.BooleanField(default=False)
    projects = models.IntegerField(default=0)
    awards = models.IntegerField(default=0, help_text="Of which the application is approved (the public list).")
    awarded = _money()
    disbursed = _money()
    nox = _tons()
    weighted = _tons()
    nox_over_life = _tons(8)
    weighted_over_life = _tons(8)
    annualized_on_nox = _tons(10)
    nox_with_cost = _tons()
    annualized_on_weighted = _tons(10)
    weighted_with_cost = _tons()
    kw = _tons()

    class Meta:
        abstract = True


class PlaceFact(PlaceFields):
    owner = models.IntegerField(db_index=True, help_text="The project.")

    def __str__(self) -> str:
        return f"{self.county or '(no county)'}: {self.projects} projects"


class PlaceTotal(PlaceFields):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["program_id", "county", "msa", "dac"], name="one_place_total")]

    def __str__(self) -> str:
        return f"{self.county or '(no county)'}: {self.projects} projects"


# --- Projects in service (owner: a project) -------------------------------------------------------------------


class ServiceFields(models.Model):
    program_id = models.IntegerField()
    key = models.CharField(max_length=40)
    projects = models.IntegerField(default=0)
    kw = _tons()

    class Meta:
        abstract = True


class ServiceFact(ServiceFields):
    owner = models.IntegerField(db_index=True, help_text="The project.")

    def __str__(self) -> str:
        return f"{self.key}: {self.projects} projects"


class ServiceTotal(ServiceFields):
    class Meta:
        constraints = [models.UniqueConstraint(fields=["program_id", "key"], name="one_service_total")]

    def __str__(self) -> str:
        return f"{self.key}: {self.projects} projects"


# --- The public awards list (owner: an application) -----------------------------------------------------------


class AwardFields(models.Model):
    """One funded project of an approved application, under the keys the public list is sorted by."""

    program_code = models.CharField(max_length=20)
    awardee = models.CharField(max_length=200)
    application_id = models.IntegerField()
    position = models.IntegerField()
    project_id = models.IntegerField()
    county = models.CharField(max_length=40, blank=True)
    msa = models.CharField(max_length=60, blank=True)
    dac = models.BooleanField(default=False)
    awards = models.IntegerField(default=0)

    class Meta:
        abstract = True


class AwardFact(AwardFields):
    owner = models.IntegerField(db_index=True, help_text="The application.")

    def __str__(self) -> str:
        return f"{self.program_code} {self.awardee} #{self.position}"


class AwardTotal(AwardFields):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program_code", "awardee", "application_id", "position", "project_id", "county", "msa", "dac"],
                name="one_award_total",
            )
        ]
        indexes = [
            models.Index(
                fields=["program_code", "awardee", "application_id", "position"],
                name="award_list_order",
                condition=models.Q(awards__gt=0),
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_code} {self.awardee} #{self.position}"
