"""Writes to applications: every change of state goes through here, never through views or admin.

Every write locks the application's row (``select_for_update``) and re-reads it before checking
anything, so two requests at the same moment act one after the other on the state the first left.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_fsm import can_proceed

from programs.models import Program
from programs.rules.base import EvaluationContext
from programs.rules.fields import InputError, parse_values, to_jsonable

from . import notices
from .models import OPEN_FOR_REVIEW, Application, Attachment, Decision, Project, RuleOutcome
from .selectors import submission_problems

logger = logging.getLogger(__name__)


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


def _lock(application: Application) -> None:
    """Hold the application's row until the transaction ends and reload it (call inside ``atomic``)."""
    Application.objects.select_for_update().only("pk").get(pk=application.pk)
    application.refresh_from_db()


def _require(application: Application, action: str) -> None:
    if not can_proceed(getattr(application, action)):
        raise WorkflowError(
            f"An application that is {application.get_status_display().lower()} cannot be {REFUSED[action]}."
        )


def _move(application: Application, action: str, actor, reason: str = "") -> None:
    """Run the named transition on a locked application, save, and record the decision."""
    _require(application, action)
    before = application.status
    getattr(application, action)()
    application.save()
    Decision.objects.create(application=application, actor=actor, action=action, from_status=before,
                            to_status=application.status, reason=reason)


def start_application(*, applicant, program: Program) -> Application:
    """A draft in the round open now (submitting moves it to the round open then)."""
    if not program.is_open():
        raise WorkflowError(f"{program.code} is not accepting applications now.")
    return Application.objects.create(program=program, applicant=applicant, round=program.round_at())


def _require_editable(application: Application) -> None:
    """Lock the application and refuse unless it is a draft or awaiting the applicant's response."""
    _lock(application)
    if not application.is_editable:
        raise WorkflowError("Once submitted, applications cannot be altered.")


@transaction.atomic
def save_details(application: Application, raw: dict) -> None:
    """Store the application-level answers of a draft (missing answers are fine until submission)."""
    _require_editable(application)
    fields = application.rule_set.application_fields
    values = parse_values(fields, raw, partial=True, strict=False)
    application.details = to_jsonable(fields, values)
    application.county = values.get("county", "")
    application.save(update_fields=["details", "county", "updated_at"])


@transaction.atomic
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


@transaction.atomic
def delete_project(project: Project) -> None:
    _require_editable(project.application)
    project.delete()


@transaction.atomic
def add_attachment(application: Application, *, slot: str, upload, uploaded_by) -> Attachment:
    _require_editable(application)
    if slot not in {item.key for item in application.rule_set.attachments}:
        raise WorkflowError("Choose one of the listed attachment slots.")
    return Attachment.objects.create(
        application=application, slot=slot, file=upload, original_name=upload.name[:255],
        content_type=getattr(upload, "content_type", "") or "", size=upload.size, uploaded_by=uploaded_by,
    )


@transaction.atomic
def delete_attachment(attachment: Attachment) -> None:
    _require_editable(attachment.application)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def certify(application: Application, *, name: str, title: str) -> None:
    _require_editable(application)
    application.certified_name = name
    application.certified_title = title
    application.certified_at = timezone.now()
    application.save(update_fields=["certified_name", "certified_title", "certified_at", "updated_at"])


@transaction.atomic
def submit(application: Application, actor) -> None:
    """Submit a complete, certified draft while the program is open; evaluation follows on Celery."""
    _lock(application)
    _require(application, "submit")
    problems = submission_problems(application)
    if problems:
        raise WorkflowError("The application is not ready to submit: " + "; ".join(problems))
    application.submitted_at = timezone.now()
    application.round = application.program.round_at(application.submitted_at)
    _evaluate_after_commit(application)
    _move(application, "submit", actor)
    notices.tell_applicant(application)


@transaction.atomic
def respond_to_request(application: Application, actor, response: str) -> None:
    """The applicant answers a request for information; the answer goes back to review."""
    if not response.strip():
        raise WorkflowError("Describe what you changed or attached in your response.")
    _lock(application)
    _require(application, "respond")
    application.information_response = response.strip()
    _evaluate_after_commit(application)
    _move(application, "respond", actor, reason=response.strip())
    notices.tell_staff_of_response(application)


@transaction.atomic
def withdraw(application: Application, actor, reason: str = "") -> None:
    _lock(application)
    _move(application, "withdraw", actor, reason)
    notices.tell_applicant(application)


@transaction.atomic
def mark_complete(application: Application, actor, reason: str = "") -> None:
    _lock(application)
    _move(application, "mark_complete", actor, reason)
    notices.tell_applicant(application)


@transaction.atomic
def request_information(application: Application, actor, message: str) -> None:
    """Ask for missing information; the answer is due per the application's round (PA2026-02: 14 calendar days)."""
    if not message.strip():
        raise WorkflowError("Say what information is missing.")
    _lock(application)
    _require(application, "request_information")
    period = application.deficiency_response
    application.information_request = message.strip()
    application.information_response = ""
    application.deficiency_response_due = period.due(timezone.localdate())
    _move(application, "request_information", actor, message.strip())
    notices.tell_applicant(application)


@transaction.atomic
def approve(application: Application, actor, reason: str = "", *, offers=None, funding_round=None) -> None:
    """Approve and encumber the award in the fund ledger: every eligible project's whole award, or a funding
    round's ``offers`` (``funding.services.Offer``, possibly partial). The application's row is locked first,
    then the ledger locks the program's and its funds' rows and re-checks what each fund can give inside the lock."""
    from funding.services import encumber_award  # funding builds on applications, so imported here

    _lock(application)
    _require(application, "approve")
    if application.evaluated_at is None:
        raise WorkflowError("The rules have not been evaluated yet; wait for the evaluation to finish.")
    award = application.award_total or Decimal("0")
    if award <= 0:
        raise WorkflowError("No project in this application is eligible for an award.")
    encumber_award(application, actor=actor, reason=reason, offers=offers, funding_round=funding_round)
    _move(application, "approve", actor, reason)
    notices.tell_applicant(application)


@transaction.atomic
def reject(application: Application, actor, reason: str) -> None:
    if not reason.strip():
        raise WorkflowError("Give the reason for the rejection.")
    _lock(application)
    _move(application, "reject", actor, reason.strip())
    notices.tell_applicant(application)


def _evaluate_after_commit(application: Application) -> None:
    """Mark the evaluation queued (saved with the transition that follows) and send it once the transaction
    commits; ``tasks.requeue_stranded_evaluations`` catches one that never arrives."""
    application.evaluation_queued_at = timezone.now()
    transaction.on_commit(partial(queue_evaluation, application.pk))


def requeue_evaluation(application_id: int) -> None:
    """Queue a stranded evaluation again, now (``tasks.requeue_stranded_evaluations``)."""
    Application.objects.filter(pk=application_id).update(evaluation_queued_at=timezone.now())
    queue_evaluation(application_id)


def queue_evaluation(application_id: int) -> None:
    """Send the evaluation to Celery; if the broker is down the submission stands and a periodic task re-queues it.

    Runs after the commit, so a failure here must not turn the applicant's saved submission into an error page.
    """
    from .tasks import evaluate_application_task

    try:
        evaluate_application_task.delay(application_id)
    except Exception:
        logger.exception("Could not queue the evaluation of application %s; it will be re-queued", application_id)


def _project_evaluation(project: Project, evaluated_on, application_values: dict, terms, scores: dict):
    return _evaluate_values(project, evaluated_on, application_values, terms, scores)[1]


def _evaluate_values(project: Project, evaluated_on, application_values: dict, terms, scores: dict):
    """The project's typed answers and their evaluation under its round's terms."""
    rule_set = project.application.rule_set
    values = parse_values(rule_set.project_fields, project.data, strict=False)
    context = EvaluationContext(evaluated_on=evaluated_on, application=application_values, scores=scores,
                                terms=terms)
    return values, rule_set.evaluate(values, context)


def _evaluation_inputs(application: Application):
    """The date, answers and round terms an application is evaluated by: those of its submission, always."""
    evaluated_on = timezone.localdate(application.submitted_at or timezone.now())
    values = parse_values(application.rule_set.application_fields, application.details, strict=False, partial=True)
    return evaluated_on, values, application.terms


def check_scores(project: Project, scores: dict[str, int]) -> None:
    """Raise ``InputError`` if the program's rules refuse these rubric scores for this project."""
    _project_evaluation(project, *_evaluation_inputs(project.application), scores)


class NotUnderReview(WorkflowError):
    """The application was decided or withdrawn: its evaluation stays as it was when decided."""


@transaction.atomic
def evaluate_application(application: Application) -> None:
    """Run the program's rules on every project and store each rule's result and the award.

    One evaluation of an application at a time: the row stays locked until the results are stored. A decided
    application is never re-evaluated (its award is what was approved or refused).
    """
    _lock(application)
    if application.status not in OPEN_FOR_REVIEW:
        raise NotUnderReview(f"{application.reference} is {application.get_status_display().lower()}; "
                             "a decided application is not evaluated again.")
    evaluated_on, application_values, terms = _evaluation_inputs(application)
    now = timezone.now()
    total = Decimal("0.00")
    selection = application.rule_set.selection
    for project in application.projects.prefetch_related("scores"):
        scores = {score.criterion: score.points for score in project.scores.all()}
        values, evaluation = _evaluate_values(project, evaluated_on, application_values, terms, scores)
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
    application.evaluation_error = ""
    application.evaluation_failed_at = None
    application.save(update_fields=["award_total", "evaluated_at", "evaluation_error", "evaluation_failed_at",
                                    "updated_at"])


def record_evaluation_failure(application_id: int, message: str) -> None:
    """Keep why the rules could not run, for staff to see beside the "re-run evaluation" action."""
    Application.objects.filter(pk=application_id).update(
        evaluation_error=message, evaluation_failed_at=timezone.now(), updated_at=timezone.now())


def re_evaluate(application: Application, actor, reason: str) -> None:
    """Staff run the rules again on an application under review, recorded as a decision with the reason.

    Raises ``InputError`` (and records it) when a stored answer cannot be evaluated.
    """
    with transaction.atomic():
        _lock(application)
        if application.status not in OPEN_FOR_REVIEW:
            raise NotUnderReview(f"An application that is {application.get_status_display().lower()} is not "
                                 "evaluated again.")
        Decision.objects.create(application=application, actor=actor, action="re_evaluate",
                                from_status=application.status, to_status=application.status, reason=reason)
    try:
        evaluate_application(application)
    except InputError as error:
        record_evaluation_failure(application.pk, str(error))
        raise

