import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Value
from django.db.models.fields.json import KT
from django.db.models.functions import Concat, Upper
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from programs.models import Program, Round


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, under review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    COMPLETE = "complete", _("Complete, eligibility review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_FOR_REVIEW = [Status.SUBMITTED, Status.INFO_REQUESTED, Status.COMPLETE]


class Application(models.Model):
    """An applicant's application to one program, holding one or more projects.

    The workflow is a state machine (django-fsm); every transition goes through
    ``applications.services`` which records a :class:`Decision` with who and when.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="applications")
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text="The issue of the announcement the application was submitted in; its terms "
        "decide the evaluation (blank: the seed's values).",
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="The applicant; every member sees its applications.",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="The member who started the application.",
    )
    status = FSMField(default=Status.DRAFT, choices=Status.choices, db_index=True)
    details = models.JSONField(default=dict, blank=True, help_text="Application-level Attachment A answers.")
    county = models.CharField(max_length=40, blank=True, db_index=True)
    certified_name = models.CharField(max_length=150, blank=True)
    certified_title = models.CharField(max_length=150, blank=True)
    certified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    evaluation_queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the rules' evaluation was last sent to the task queue."
    )
    evaluation_error = models.TextField(blank=True, help_text="Why the last evaluation could not run, if it failed.")
    evaluation_failed_at = models.DateTimeField(null=True, blank=True)
    information_request = models.TextField(blank=True)
    deficiency_response_due = models.DateField(null=True, blank=True)
    information_response = models.TextField(blank=True)
    award_total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="reviewer",
        help_text="The staff member reviewing the application.",
    )
    # What staff search besides the number and the organization: the applicant's name and contact e-mail, upper
    # case, kept by the database (a trigram index makes "contains" fast at 100,000 applications; issue 15).
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                KT("details__applicant_name"), Value(" "), KT("details__contact_email"), output_field=models.TextField()
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["-created_at"], name="application_newest_first"),
            models.Index(fields=["-submitted_at"], name="application_newest_submitted"),
            # The list's usual filter (status, then county): counted from the index alone.
            models.Index(fields=["status", "county"], name="application_status_county"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="application_search_trgm"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.program.code}-{self.pk:05d}" if self.pk else f"{self.program.code}-new"

    @property
    def rule_set(self):
        return self.program.rule_set

    @property
    def terms(self):
        """The terms of the round the application belongs to (``None``: the seed's values)."""
        from programs.selectors import terms_of

        return terms_of(self.round, self.program.code)

    @property
    def deficiency_response(self):
        """The period to answer a request for information, as the application's round sets it."""
        return self.rule_set.deficiency_response_in(self.terms)

    @property
    def is_editable(self) -> bool:
        """Drafts are editable; once submitted only a staff request for information reopens it.

        "Once submitted, applications cannot be altered." (001_ea26778b00a7e017.txt, PA2026-02
        Section 2 "Modification or Withdrawal").
        """
        return self.status in (Status.DRAFT, Status.INFO_REQUESTED)

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=[Status.SUBMITTED, Status.COMPLETE], target=Status.INFO_REQUESTED)
    def request_information(self):
        pass

    @transition(field=status, source=Status.INFO_REQUESTED, target=Status.SUBMITTED)
    def respond(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.COMPLETE)
    def mark_complete(self):
        pass

    @transition(field=status, source=Status.COMPLETE, target=Status.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=OPEN_FOR_REVIEW, target=Status.REJECTED)
    def reject(self):
        pass

    @transition(field=status, source=[Status.DRAFT, *OPEN_FOR_REVIEW], target=Status.WITHDRAWN)
    def withdraw(self):
        pass


IDENTIFIER_KEYS = (
    "existing_vin",
    "second_existing_vin",
    "existing_engine_serial_number",
    "existing_serial_number",
    "baseline_engine_serial_number",
)
"""The Attachment A answers that identify a vehicle or engine (docs/fields/*.md), searched and checked for
duplicates across applications."""


class Project(models.Model):
    """One vehicle, piece of equipment or charging location of an application, with its evaluation."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="projects")
    position = models.PositiveIntegerField(default=1)
    data = models.JSONField(default=dict, blank=True)
    eligible = models.BooleanField(null=True, blank=True)
    award = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    path = models.CharField(
        max_length=60,
        blank=True,
        db_index=True,
        help_text="Rule set chosen, where a program has several; the fund source that pays it.",
    )
    figures = models.JSONField(default=dict, blank=True)
    notes = models.JSONField(default=list, blank=True)
    notes_translations = models.JSONField(
        default=dict, blank=True, help_text='The notes in each other language, e.g. {"es": [...]}.'
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # What rankings and dashboards sum and filter on, typed, set with the evaluation (programs.rules.selection).
    county = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="The project's county (its own where the program asks, else the applicant's).",
    )
    msa = models.CharField("MSA", max_length=60, blank=True, db_index=True)
    dac = models.BooleanField(
        "in or around a disadvantaged or low-income community", null=True, blank=True, db_index=True
    )
    score = models.PositiveSmallIntegerField(
        "rubric score",
        null=True,
        blank=True,
        db_index=True,
        help_text="The total of a fully scored rubric (PA2026-03).",
    )
    cost_effectiveness_per_ton = models.DecimalField(
        "cost-effectiveness ($/ton)", max_digits=14, decimal_places=2, null=True, blank=True, db_index=True
    )
    weighted_tons_per_year = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    nox_tons_per_year = models.DecimalField("NOx tons per year", max_digits=12, decimal_places=4, null=True, blank=True)
    # The vehicle's and engine's identifiers together, upper case, kept by the database: staff find an application
    # by any part of a VIN or serial number (trigram index) and the review flags the same VIN or serial elsewhere.
    identifiers = models.GeneratedField(
        expression=Upper(
            Concat(
                *[part for key in IDENTIFIER_KEYS for part in (KT(f"data__{key}"), Value(" "))],
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["identifiers"])

    class Meta:
        ordering = ["application", "position"]
        indexes = [
            GinIndex(OpClass("identifiers", name="gin_trgm_ops"), name="project_identifiers_trgm"),
            models.Index(KT("data__existing_vin"), name="project_existing_vin"),
            models.Index(KT("data__existing_engine_serial_number"), name="project_engine_serial"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} #{self.position}"

    @property
    def summary(self) -> str:
        """The first three answers in form order, in words, e.g. "1XKAD49X7CJ000001 · Kenworth · T800"."""
        from programs.labels import answer_in_words

        fields = self.application.rule_set.project_fields
        answers = [
            answer_in_words(spec, self.data[spec.name]) for spec in fields if self.data.get(spec.name) not in (None, "")
        ]
        return " · ".join(answers[:3])


class RuleOutcome(models.Model):
    """One rule's result for one project: pass/fail, the reason in plain words, and its seed citation."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveIntegerField()
    rule = models.CharField(max_length=80)
    passed = models.BooleanField()
    reason = models.TextField()
    translations = models.JSONField(
        default=dict, blank=True, help_text='The reason in each other language, e.g. {"es": "..."}.'
    )
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["project", "position"]

    def __str__(self) -> str:
        return f"{self.rule}: {'pass' if self.passed else 'fail'}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    """An uploaded file in one of the program's slots; slots that belong to a vehicle, piece of equipment or
    location (``AttachmentSlot.per_project``) name the project too."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    slot = models.CharField(max_length=60)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The file that replaced this one in answer to a request for information (kept in history).",
    )

    class Meta:
        ordering = ["application", "slot", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.slot}: {self.original_name}"


def blank_form_path(instance: "BlankForm", filename: str) -> str:
    return f"blank_forms/{instance.program.code}/{instance.slot}{Path(filename).suffix.lower()}"


class BlankForm(models.Model):
    """The district's blank copy of a business form an attachment slot asks for, posted by staff for download.

    "South Coast AQMD 'Business Information Forms' require signatures and are available on the GMS via the
    application portal" (001_ea26778b00a7e017.txt, PA2026-01 Section 4.1; PA2026-02 Section 3).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="blank_forms")
    slot = models.CharField(max_length=60, help_text="The attachment slot this form fills, e.g. w9.")
    file = models.FileField(upload_to=blank_form_path)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["program", "slot"]
        constraints = [models.UniqueConstraint(fields=["program", "slot"], name="one_blank_form_per_slot")]

    def __str__(self) -> str:
        return f"{self.program.code} {self.slot}"


class Decision(models.Model):
    """Who did what to an application, when, and why (every workflow transition)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.TextField(blank=True)
    figures = models.JSONField(
        default=dict, blank=True, help_text="The figures shown to the person deciding (an approval's funds, balances)."
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"


class DeficientItem(models.Model):
    """One document (an attachment slot) or answer staff marked deficient in a request for information, with the
    reason, and what the applicant's response changed: the old value and the new (issue 21, "Deficiencies as a
    checklist")."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("Document")
        ANSWER = "answer", _("Answer")

    request = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="deficient_items")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deficient_items")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=60, help_text="The attachment slot or the answer's field name.")
    reason = models.TextField()
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    old_attachment = models.ForeignKey(Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    new_attachment = models.ForeignKey(Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class CriterionScore(models.Model):
    """Staff's score of one rubric criterion for one project, with a note (e.g. PA2026-03)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=60)
    points = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()  # a re-score keeps the old points, who gave them and when

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


def _grams():
    return models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)


class FactorOverride(models.Model):
    """Staff's own Carl Moyer on-road emission factors for one project, with the reason (issue 23): they replace the
    factors of the round's Guidelines edition in the project's evaluation. Each change is a new row, so the rows are
    the history (who, when, why); the newest is in force, and one with ``withdrawn`` set returns the project to the
    edition's table. g/mile of NOx, ROG and PM10; the replacement's are blank for a zero-emission truck."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="factor_overrides")
    baseline_nox = _grams()
    baseline_rog = _grams()
    baseline_pm10 = _grams()
    replacement_nox = _grams()
    replacement_rog = _grams()
    replacement_pm10 = _grams()
    withdrawn = models.BooleanField(default=False)
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["project", "-set_at", "-pk"]

    def __str__(self) -> str:
        return f"Emission factors of project {self.project_id} set {self.set_at:%Y-%m-%d %H:%M}"


class StaffNote(models.Model):
    """An internal note on an application: staff see it, applicants never do."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "-at"]

    def __str__(self) -> str:
        return f"Note by {self.author} at {self.at:%Y-%m-%d %H:%M}"


class SavedFilter(models.Model):
    """A staff member's named view of the application list: its filters, search and ordering (a query string)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=500, help_text="The list's query string, e.g. status__exact=submitted.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_saved_filter_per_name")]

    def __str__(self) -> str:
        return self.name
