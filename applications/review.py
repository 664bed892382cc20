"""Reads for the staff review page (issue 15): one application top to bottom, in words, in a fixed number of queries.

Rule results failed first with the seed citation kept for a hover; attachments in the program's checklist order;
decisions allowed now, with the one reason Approve is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from programs import labels
from programs.factors import Reference, factors_in_words, tables_reference

from .models import Application, Attachment, Decision, FactorOverride, Project, RuleOutcome, StaffNote, Status

PREVIEWABLE = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")

DECISION_LABELS = {
    "mark_complete": "Mark complete",
    "request_information": "Request information",
    "approve": "Approve",
    "reject": "Reject",
}
ACTION_WORDS = {
    "submit": "Submitted",
    "respond": "Answered the request",
    "mark_complete": "Marked complete",
    "request_information": "Requested information",
    "approve": "Approved",
    "reject": "Rejected",
    "withdraw": "Withdrew",
    "re_evaluate": "Rules run again",
}


BINDING_LIMITS = {
    # The limits the rule sets take the least of (``programs.rules.common.least_of``), in words.
    "award_cap": gettext_lazy("the program's award cap"),
    "amount_requested": gettext_lazy("the amount requested"),
    "cost_less_other_incentives": gettext_lazy("the eligible cost less other incentives"),
    "incremental_cost": gettext_lazy("the incremental cost"),
    "incremental_cost_less_other_incentives": gettext_lazy("the incremental cost less other incentives"),
    "percent_of_cost": gettext_lazy("the program's share of the cost"),
    "cost_effectiveness_limit_amount": gettext_lazy("the cost-effectiveness limit"),
    "table_4_amount": gettext_lazy("the amount in Table 4 of the announcement"),
    "combined_funding_90_percent_less_other_funding": gettext_lazy("90% of the cost less other funding"),
    "fleet_over_10_half_of_cost_excluding_taxes": gettext_lazy("half the cost before taxes (fleets of more than 10)"),
    "grants_share_of_cost_less_other_funding": gettext_lazy("the grants' share of the cost less other funding"),
}


def limit_in_words(code: str | None) -> str:
    """A rule set's binding-limit key ("award_cap", "cost_effectiveness_limit_amount") as words."""
    if code in BINDING_LIMITS:
        return str(BINDING_LIMITS[code])
    return (code or "").replace("_", " ").strip().capitalize() or "—"


@dataclass
class ProjectCard:
    project: Project
    answers: list[tuple[str, str]]
    failed: list[RuleOutcome]
    passed: list[RuleOutcome]
    binding_limit: str
    rubric: list[dict] = field(default_factory=list)
    factors: str = ""
    reference: Reference | None = None
    overrides: list = field(default_factory=list)

    @property
    def rubric_total(self) -> int:
        return sum(row["points"] or 0 for row in self.rubric)

    @property
    def rubric_maximum(self) -> int:
        return sum(row["max"] for row in self.rubric)


def application_for_review(queryset, pk: int) -> Application:
    return (
        queryset.select_related("program", "round", "organization", "applicant", "assigned_to")
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=Project.objects.order_by("position").prefetch_related(
                    "outcomes",
                    "scores",
                    Prefetch("factor_overrides", queryset=FactorOverride.objects.select_related("set_by")),
                ),
            ),
            Prefetch("attachments", queryset=Attachment.objects.select_related("project")),
            Prefetch("decisions", queryset=Decision.objects.select_related("actor").order_by("at", "pk")),
            Prefetch("staff_notes", queryset=StaffNote.objects.select_related("author")),
        )
        .get(pk=pk)
    )


def project_cards(application: Application) -> list[ProjectCard]:
    rule_set = application.rule_set
    cards = []
    for project in application.projects.all():
        answers = [
            (labels.field_label(spec), labels.answer_in_words(spec, project.data.get(spec.name)))
            for spec in rule_set.project_fields
            if project.data.get(spec.name) not in (None, "")
        ]
        outcomes = list(project.outcomes.all())
        scores = {score.criterion: score for score in project.scores.all()}
        rubric = [
            {
                "key": criterion.key,
                "label": criterion.label,
                "max": criterion.max_points,
                "source": str(criterion.source),
                "bonus": criterion.bonus,
                "points": scores[criterion.key].points if criterion.key in scores else None,
                "note": scores[criterion.key].note if criterion.key in scores else "",
            }
            for criterion in rule_set.rubric
        ]
        cards.append(
            ProjectCard(
                project,
                answers,
                [o for o in outcomes if not o.passed],
                [o for o in outcomes if o.passed],
                limit_in_words(project.figures.get("binding_limit")),
                rubric,
                factors=factors_in_words(project.figures or {}),
                reference=tables_reference(project.figures or {}),
                overrides=list(project.factor_overrides.all()) if application.program.code == "PA2022-01" else [],
            )
        )
    return cards


def checklist(application: Application) -> list[tuple[str, list[Attachment]]]:
    """Attachments in the program's checklist order (slot by slot), then any in a slot the program no longer has."""
    by_slot: dict[str, list[Attachment]] = {}
    for attachment in application.attachments.all():
        attachment.previewable = attachment.content_type in PREVIEWABLE
        by_slot.setdefault(attachment.slot, []).append(attachment)
    rows = [(labels.slot_label(slot), by_slot.pop(slot.key, [])) for slot in application.rule_set.attachments]
    rows.extend((slot.replace("_", " ").capitalize(), files) for slot, files in by_slot.items())
    return rows


def decisions_allowed(application: Application) -> tuple[list[tuple[str, str]], str]:
    """The decisions the workflow allows now, and why Approve is not among them where the workflow alone would
    allow it (the rules have not run, or no project is eligible: ``services.approve`` refuses both)."""
    from django_fsm import can_proceed

    allowed = [
        (action, label) for action, label in DECISION_LABELS.items() if can_proceed(getattr(application, action))
    ]
    refusal = ""
    if any(action == "approve" for action, _ in allowed):
        if application.evaluated_at is None:
            refusal = "Approve is not offered: the rules have not been evaluated yet."
        elif not application.award_total or application.award_total <= 0:
            refusal = "Approve is not offered: no project is eligible for an award."
        if refusal:
            allowed = [(action, label) for action, label in allowed if action != "approve"]
    elif application.status == Status.SUBMITTED:
        refusal = "Approve comes after the application is marked complete."
    return allowed, refusal


def history(application: Application) -> list[tuple[Decision, str]]:
    return [
        (decision, ACTION_WORDS.get(decision.action, decision.action.replace("_", " ").capitalize()))
        for decision in application.decisions.all()
    ]
