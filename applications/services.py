"""Writes to applications: every change of state goes through here, never through views or admin."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_fsm import can_proceed

from programs.models import Program
from programs.rules.base import EvaluationContext
from programs.rules.fields import parse_values, to_jsonable

from .models import Application, Attachment, Decision, Project, RuleOutcome
from .selectors import submission_problems


class WorkflowError(Exception):
    """A request the workflow refuses, with a message for the person who asked."""


REFUSED = {
    "submit": "submitted",
    "respond": "answered",
    "withdraw": "withdrawn",
    "mark_complete": "marked complete",
    "request_information": "sent a request for information",
    "approve": "approved",
    "reject": "rejected",
}


def _require_transition(application: Application, action: str) -> None:
    if not can_proceed(getattr(application, action)):
        raise WorkflowError(
            f"An application that is {application.get_status_display().lower()} cannot be {REFUSED[action]}."
        )


def _move(application: Application, action: str, actor, reason: str = "") -> None:
    """Run the named transition, save, and record the decision."""
    _require_transition(application, action)
    transition = getattr(application, action)
    before = application.status
    transition()
    application.save()
    Decision.objects.create(application=application, actor=actor, action=action, from_status=before,
                            to_status=application.status, reason=reason)


def start_application(*, applicant, program: Program) -> Application:
    if not program.is_open():
        raise WorkflowError(f"{program.code} is not accepting applications now.")
    return Application.objects.create(program=program, applicant=applicant)


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise WorkflowError("Once submitted, applications cannot be altered.")


def save_details(application: Application, raw: dict) -> None:
    """Store the application-level answers of a draft (missing answers are fine until submission)."""
    _require_editable(application)
    fields = application.rule_set.application_fields
    values = parse_values(fields, raw, partial=True, strict=False)
    application.details = to_jsonable(fields, values)
    application.county = values.get("county", "")
    application.save(update_fields=["details", "county", "updated_at"])


def save_project(application: Application, raw: dict, project: Project | None = None) -> Project:
    _require_editable(application)
    fields = application.rule_set.project_fields
    data = to_jsonable(fields, parse_values(fields, raw, partial=True, strict=False))
    if project is None:
        position = (application.projects.aggregate(last=Max("position"))["last"] or 0) + 1
        return Project.objects.create(application=application, position=position, data=data)
    project.data = data
    project.save(update_fields=["data"])
    return project


def delete_project(project: Project) -> None:
    _require_editable(project.application)
    project.delete()


def add_attachment(application: Application, *, slot: str, upload, uploaded_by) -> Attachment:
    _require_editable(application)
    if slot not in {item.key for item in application.rule_set.attachments}:
        raise WorkflowError("Choose one of the listed attachment slots.")
    return Attachment.objects.create(
        application=application, slot=slot, file=upload, original_name=upload.name[:255],
        content_type=getattr(upload, "content_type", "") or "", size=upload.size, uploaded_by=uploaded_by,
    )


def delete_attachment(attachment: Attachment) -> None:
    _require_editable(attachment.application)
    attachment.file.delete(save=False)
    attachment.delete()


def certify(application: Application, *, name: str, title: str) -> None:
    _require_editable(application)
    application.certified_name = name
    application.certified_title = title
    application.certified_at = timezone.now()
    application.save(update_fields=["certified_name", "certified_title", "certified_at", "updated_at"])


def submit(application: Application, actor) -> None:
    """Submit a complete, certified draft while the program is open; evaluation follows on Celery."""
    problems = submission_problems(application)
    if problems:
        raise WorkflowError("The application is not ready to submit: " + "; ".join(problems))
    application.submitted_at = timezone.now()
    _move(application, "submit", actor)
    _evaluate_after_commit(application)


def respond_to_request(application: Application, actor, response: str) -> None:
    """The applicant answers a request for information; the answer goes back to review."""
    if not response.strip():
        raise WorkflowError("Describe what you changed or attached in your response.")
    application.information_response = response.strip()
    _move(application, "respond", actor, reason=response.strip())
    _evaluate_after_commit(application)


def withdraw(application: Application, actor, reason: str = "") -> None:
    _move(application, "withdraw", actor, reason)


def mark_complete(application: Application, actor, reason: str = "") -> None:
    _move(application, "mark_complete", actor, reason)


def request_information(application: Application, actor, message: str) -> None:
    """Ask for missing information; the answer is due per the program (PA2026-02: 14 calendar days)."""
    if not message.strip():
        raise WorkflowError("Say what information is missing.")
    period = application.rule_set.deficiency_response
    application.information_request = message.strip()
    application.information_response = ""
    application.deficiency_response_due = period.due(timezone.localdate())
    _move(application, "request_information", actor, message.strip())


@transaction.atomic
def approve(application: Application, actor, reason: str = "", *, offers=None, funding_round=None) -> None:
    """Approve and encumber the award in the fund ledger: every eligible project's whole award, or a funding
    round's ``offers`` (``funding.services.Offer``, possibly partial). The ledger locks the program's fund rows
    and re-checks what each fund can give inside the lock."""
    from funding.services import encumber_award  # funding builds on applications, so imported here

    _require_transition(application, "approve")
    if application.evaluated_at is None:
        raise WorkflowError("The rules have not been evaluated yet; wait for the evaluation to finish.")
    award = application.award_total or Decimal("0")
    if award <= 0:
        raise WorkflowError("No project in this application is eligible for an award.")
    encumber_award(application, actor=actor, reason=reason, offers=offers, funding_round=funding_round)
    _move(application, "approve", actor, reason)


def reject(application: Application, actor, reason: str) -> None:
    if not reason.strip():
        raise WorkflowError("Give the reason for the rejection.")
    _move(application, "reject", actor, reason.strip())


def _evaluate_after_commit(application: Application) -> None:
    from .tasks import evaluate_application_task

    transaction.on_commit(lambda: evaluate_application_task.delay(application.pk))


def _project_evaluation(project: Project, evaluated_on, application_values: dict, scores: dict):
    return _evaluate_values(project, evaluated_on, application_values, scores)[1]


def _evaluate_values(project: Project, evaluated_on, application_values: dict, scores: dict):
    """The project's typed answers and their evaluation."""
    rule_set = project.application.rule_set
    values = parse_values(rule_set.project_fields, project.data, strict=False)
    context = EvaluationContext(evaluated_on=evaluated_on, application=application_values, scores=scores)
    return values, rule_set.evaluate(values, context)


def _evaluation_inputs(application: Application):
    evaluated_on = timezone.localdate(application.submitted_at or timezone.now())
    values = parse_values(application.rule_set.application_fields, application.details, strict=False, partial=True)
    return evaluated_on, values


def check_scores(project: Project, scores: dict[str, int]) -> None:
    """Raise ``InputError`` if the program's rules refuse these rubric scores for this project."""
    _project_evaluation(project, *_evaluation_inputs(project.application), scores)


@transaction.atomic
def evaluate_application(application: Application) -> None:
    """Run the program's rules on every project and store each rule's result and the award."""
    evaluated_on, application_values = _evaluation_inputs(application)
    now = timezone.now()
    total = Decimal("0.00")
    selection = application.rule_set.selection
    for project in application.projects.prefetch_related("scores"):
        scores = {score.criterion: score.points for score in project.scores.all()}
        values, evaluation = _evaluate_values(project, evaluated_on, application_values, scores)
        project.outcomes.all().delete()
        RuleOutcome.objects.bulk_create(
            RuleOutcome(project=project, position=index, rule=result.rule, passed=result.passed,
                        reason=result.reason, source=str(result.source))
            for index, result in enumerate(evaluation.results, start=1)
        )
        serial = evaluation.as_dict()
        project.eligible = evaluation.eligible
        project.award = evaluation.award
        project.path = evaluation.path
        project.figures = serial["figures"]
        project.notes = serial["notes"]
        project.evaluated_at = now
        facts = selection.facts(values, application_values, evaluation).as_dict()  # typed, for rankings
        for name, value in facts.items():
            setattr(project, name, value)
        project.save(update_fields=["eligible", "award", "path", "figures", "notes", "evaluated_at", *facts])
        total += evaluation.award
    application.award_total = total
    application.evaluated_at = now
    application.save(update_fields=["award_total", "evaluated_at", "updated_at"])

