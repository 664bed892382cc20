"""Writes to applications: every change of state goes through here, never through views or admin."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from programs.models import Program
from programs.rules.base import Evaluation, EvaluationContext
from programs.rules.fields import parse_values, to_jsonable

from .models import Application, Attachment, Decision, Project, RuleOutcome, Status
from .selectors import contradictions, missing_fields, remaining_funds, submission_problems


class WorkflowError(Exception):
    """A request the workflow refuses, with a message for the person who asked."""


REFUSED = {
    "submit": gettext_lazy("An application that is %(status)s cannot be submitted."),
    "respond": gettext_lazy("An application that is %(status)s cannot be answered."),
    "withdraw": gettext_lazy("An application that is %(status)s cannot be withdrawn."),
    "mark_complete": gettext_lazy("An application that is %(status)s cannot be marked complete."),
    "request_information": gettext_lazy("An application that is %(status)s cannot be sent a request for "
                                        "information."),
    "approve": gettext_lazy("An application that is %(status)s cannot be approved."),
    "reject": gettext_lazy("An application that is %(status)s cannot be rejected."),
}


def _move(application: Application, action: str, actor, reason: str = "") -> None:
    """Run the named transition, save, and record the decision."""
    transition = getattr(application, action)
    if not can_proceed(transition):
        raise WorkflowError(REFUSED[action] % {"status": application.get_status_display().lower()})
    before = application.status
    transition()
    application.save()
    Decision.objects.create(application=application, actor=actor, action=action, from_status=before,
                            to_status=application.status, reason=reason)


def start_application(*, applicant, program: Program, organization=None) -> Application:
    """A new draft for ``organization`` (by default the one the applicant owns or works for).

    Only its owners and staff start applications: "Applicants are required to perform the first and final steps
    of initiating and submitting applications" (001_ea26778b00a7e017.txt, PA2026-02 Section 3).
    """
    from accounts.selectors import organizations_acted_for
    from accounts.services import own_organization

    if not program.is_open():
        raise WorkflowError(_("%(code)s is not accepting applications now.") % {"code": program.code})
    if organization is None:
        organization = own_organization(applicant)
    elif not organizations_acted_for(applicant).filter(pk=organization.pk).exists():
        raise WorkflowError(_("Only the organization's owners and staff start its applications."))
    return Application.objects.create(program=program, applicant=applicant, organization=organization)


@transaction.atomic
def delete_draft(application: Application) -> None:
    """Delete a draft that was never submitted, with its files (removed once the deletion commits).

    The row is locked and its status read again inside the lock, so a submission in another request wins or
    waits; a submitted application is never deleted."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.DRAFT:
        raise WorkflowError(_("Only drafts can be deleted; a submitted application can be withdrawn."))
    files = [attachment.file for attachment in locked.attachments.all()]
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError:
        raise WorkflowError(_("This draft is referred to by district records and cannot be deleted.")) from None
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise WorkflowError(_("Once submitted, applications cannot be altered."))


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


def add_attachment(application: Application, *, slot: str, upload, uploaded_by, project: Project | None = None
                   ) -> Attachment:
    """One file in one slot; a per-project slot (``AttachmentSlot.per_project``) names one of the projects."""
    _require_editable(application)
    spec = next((item for item in application.rule_set.attachments if item.key == slot), None)
    if spec is None:
        raise WorkflowError(_("Choose one of the listed attachment slots."))
    if spec.per_project and (project is None or project.application_id != application.pk):
        raise WorkflowError(_("Choose which %(noun)s this file belongs to.") % {
            "noun": application.rule_set.project_noun})
    return Attachment.objects.create(
        application=application, project=project if spec.per_project else None, slot=slot, file=upload,
        original_name=upload.name[:255], content_type=getattr(upload, "content_type", "") or "", size=upload.size,
        uploaded_by=uploaded_by,
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
        raise WorkflowError(_("The application is not ready to submit: %(problems)s") % {
            "problems": "; ".join(problems)})
    application.submitted_at = timezone.now()
    _move(application, "submit", actor)
    _evaluate_after_commit(application)


def respond_to_request(application: Application, actor, response: str) -> None:
    """The applicant answers a request for information; the answer goes back to review."""
    if not response.strip():
        raise WorkflowError(_("Describe what you changed or attached in your response."))
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


def approve(application: Application, actor, reason: str = "") -> None:
    if application.evaluated_at is None:
        raise WorkflowError("The rules have not been evaluated yet; wait for the evaluation to finish.")
    award = application.award_total or Decimal("0")
    if award <= 0:
        raise WorkflowError("No project in this application is eligible for an award.")
    available = remaining_funds(application.program)
    if available is not None and award > available:
        raise WorkflowError(f"The award ${award:,.2f} exceeds the program's remaining funds ${available:,.2f}.")
    _move(application, "approve", actor, reason)


def reject(application: Application, actor, reason: str) -> None:
    if not reason.strip():
        raise WorkflowError("Give the reason for the rejection.")
    _move(application, "reject", actor, reason.strip())


def _evaluate_after_commit(application: Application) -> None:
    from .tasks import evaluate_application_task

    transaction.on_commit(lambda: evaluate_application_task.delay(application.pk))


def _project_evaluation(project: Project, evaluated_on, application_values: dict, scores: dict):
    rule_set = project.application.rule_set
    values = parse_values(rule_set.project_fields, project.data, strict=False)
    context = EvaluationContext(evaluated_on=evaluated_on, application=application_values, scores=scores)
    return rule_set.evaluate(values, context)


def _other_languages() -> list[str]:
    default = translation.get_supported_language_variant(settings.LANGUAGE_CODE)
    return [code for code, _name in settings.LANGUAGES if code != default]


def _evaluation_in_each_language(project: Project, *inputs) -> tuple[Evaluation, dict[str, Evaluation]]:
    """The evaluation in the portal's default language (what staff read), and the same evaluation worded in
    each other language (what the applicant reads)."""
    with translation.override(settings.LANGUAGE_CODE):
        evaluation = _project_evaluation(project, *inputs)
    worded = {}
    for code in _other_languages():
        with translation.override(code):
            worded[code] = _project_evaluation(project, *inputs)
    return evaluation, worded


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
    for project in application.projects.prefetch_related("scores"):
        scores = {score.criterion: score.points for score in project.scores.all()}
        evaluation, worded = _evaluation_in_each_language(project, evaluated_on, application_values, scores)
        project.outcomes.all().delete()
        RuleOutcome.objects.bulk_create(
            RuleOutcome(project=project, position=index, rule=result.rule, passed=result.passed,
                        reason=result.reason, source=str(result.source),
                        translations={code: other.results[index - 1].reason for code, other in worded.items()})
            for index, result in enumerate(evaluation.results, start=1)
        )
        serial = evaluation.as_dict()
        project.eligible = evaluation.eligible
        project.award = evaluation.award
        project.path = evaluation.path
        project.figures = serial["figures"]
        project.notes = serial["notes"]
        project.notes_translations = {code: other.notes for code, other in worded.items()}
        project.evaluated_at = now
        project.save(update_fields=["eligible", "award", "path", "figures", "notes", "notes_translations",
                                    "evaluated_at"])
        total += evaluation.award
    application.award_total = total
    application.evaluated_at = now
    application.save(update_fields=["award_total", "evaluated_at", "updated_at"])



@dataclass(frozen=True)
class ProjectCheck:
    """The rules run on one project of a draft before it is signed: the answers still to give or fix, and, once
    there are none, the evaluation submission would bring."""

    project: Project
    problems: dict[str, str]
    evaluation: Evaluation | None


def check_before_submit(application: Application) -> list[ProjectCheck]:
    """Each project evaluated now, by the same code and inputs as :func:`evaluate_application` will use on
    submission (today's date, the applicant's answers, no staff scores yet), in the reader's language."""
    rule_set = application.rule_set
    waiting = missing_fields(rule_set.application_fields, application.details)
    checks = []
    for project in application.projects.all():
        problems = missing_fields(rule_set.project_fields, project.data)
        problems.update(contradictions(application, project))
        evaluation = None
        if not problems and not waiting:
            evaluation = _project_evaluation(project, *_evaluation_inputs(application), {})
        checks.append(ProjectCheck(project=project, problems=problems, evaluation=evaluation))
    return checks
