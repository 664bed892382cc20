"""Writes to applications: every change of state goes through here, never through views or admin.

Every write locks the application's row (``select_for_update``) and re-reads it before checking
anything, so two requests at the same moment act one after the other on the state the first left.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import workflow
from core.files import delete_after_commit
from core.queueing import enqueue
from core.workflow import WorkflowError
from programs.models import Program
from programs.rules.base import Evaluation, EvaluationContext
from programs.rules.fields import InputError, parse_values, to_jsonable
from programs.selectors import onroad_factors

from . import notices
from .models import (
    OPEN_FOR_REVIEW,
    Application,
    Attachment,
    Decision,
    DeficientItem,
    FactorOverride,
    Project,
    RuleOutcome,
    Status,
)
from .selectors import contradictions, missing_fields, organization_profile, submission_problems

logger = logging.getLogger(__name__)


REFUSED = {
    "submit": gettext_lazy("An application that is %(status)s cannot be submitted."),
    "respond": gettext_lazy("An application that is %(status)s cannot be answered."),
    "withdraw": gettext_lazy("An application that is %(status)s cannot be withdrawn."),
    "mark_complete": gettext_lazy("An application that is %(status)s cannot be marked complete."),
    "request_information": gettext_lazy("An application that is %(status)s cannot be sent a request for information."),
    "approve": gettext_lazy("An application that is %(status)s cannot be approved."),
    "reject": gettext_lazy("An application that is %(status)s cannot be rejected."),
}


def _refusal(application: Application, action: str) -> str:
    return REFUSED[action] % {"status": application.get_status_display().lower()}


def _require(application: Application, action: str) -> None:
    workflow.require(application, action, _refusal(application, action))


def _move(application: Application, action: str, actor, reason: str = "", figures: dict | None = None) -> Decision:
    """Run the named transition on a locked application, save, and record the decision (with the figures shown)."""
    before = workflow.advance(application, action, _refusal(application, action))
    return Decision.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=before,
        to_status=application.status,
        reason=reason,
        figures=figures or {},
    )


@transaction.atomic
def start_application(*, applicant, program: Program, organization=None, answers=None) -> Application:
    """A new draft for ``organization`` (by default the one the applicant owns or works for), in the round open
    now (submitting moves it to the round open then).

    Only its owners and staff start applications: "Applicants are required to perform the first and final steps
    of initiating and submitting applications" (001_ea26778b00a7e017.txt, PA2026-02 Section 3).

    It starts filled in: the organization's details from its latest application (``selectors.organization_profile``)
    and, as its first project, ``answers`` (the eligibility check's, ``applications.eligibility``).
    """
    from accounts.selectors import organizations_acted_for
    from accounts.services import own_organization

    if not program.is_open():
        raise WorkflowError(_("%(code)s is not accepting applications now.") % {"code": program.code})
    if organization is None:
        organization = own_organization(applicant)
    elif not organizations_acted_for(applicant).filter(pk=organization.pk).exists():
        raise WorkflowError(_("Only the organization's owners and staff start its applications."))
    application = Application.objects.create(
        program=program, applicant=applicant, organization=organization, round=program.round_at()
    )
    # Type once (issue 22): the organization's details as last given, and the eligibility check's answers.
    fields = application.rule_set.application_fields
    profile = organization_profile(organization, fields, applicant)
    try:
        details = parse_values(fields, profile, partial=True, strict=False)
    except InputError as error:  # an answer an older program accepted and this one does not is asked again
        details = parse_values(fields, {k: v for k, v in profile.items() if k not in error.errors}, partial=True)
    if details:
        application.details = to_jsonable(fields, details)
        application.county = details.get("county", "")
        application.save(update_fields=["details", "county", "updated_at"])
    if answers:
        save_project(application, answers)
    return application


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
    delete_after_commit(*files)


def _require_editable(application: Application) -> None:
    """Lock the application and refuse unless it is a draft or awaiting the applicant's response."""
    workflow.lock(application)
    if not application.is_editable:
        raise WorkflowError(_("Once submitted, applications cannot be altered."))


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
def add_projects(application: Application, rows: list[dict]) -> list[Project]:
    """A fleet's spreadsheet rows (``applications.fleet``), each a project, all or none."""
    return [save_project(application, row) for row in rows]


@transaction.atomic
def delete_project(project: Project) -> None:
    """The project and its own attachments (their files removed once the deletion commits)."""
    _require_editable(project.application)
    files = [attachment.file for attachment in project.attachments.all()]
    project.delete()
    delete_after_commit(*files)


@transaction.atomic
def add_attachment(
    application: Application, *, slot: str, upload, uploaded_by, project: Project | None = None
) -> Attachment:
    """One file in one slot; a per-project slot (``AttachmentSlot.per_project``) names one of the projects."""
    _require_editable(application)
    spec = next((item for item in application.rule_set.attachments if item.key == slot), None)
    if spec is None:
        raise WorkflowError(_("Choose one of the listed attachment slots."))
    if spec.per_project and (project is None or project.application_id != application.pk):
        raise WorkflowError(
            _("Choose which %(noun)s this file belongs to.") % {"noun": application.rule_set.project_noun}
        )
    return Attachment.objects.create(
        application=application,
        project=project if spec.per_project else None,
        slot=slot,
        file=upload,
        original_name=upload.name[:255],
        content_type=getattr(upload, "content_type", "") or "",
        size=upload.size,
        uploaded_by=uploaded_by,
    )


@transaction.atomic
def reuse_attachment(application: Application, source: Attachment, *, uploaded_by) -> Attachment:
    """A copy of a document the organization already gave in another application, in the same slot of this one.

    The file is copied, so deleting either draft never takes the other's document with it."""
    from django.core.files.base import ContentFile

    _require_editable(application)
    same_slot = any(slot.key == source.slot and not slot.per_project for slot in application.rule_set.attachments)
    if source.application.organization_id != application.organization_id or source.project_id or not same_slot:
        raise WorkflowError(_("Only the organization's own documents for the same slot can be reused."))
    with source.file.open("rb") as stored:
        content = ContentFile(stored.read(), name=source.original_name)
    return Attachment.objects.create(
        application=application,
        slot=source.slot,
        file=content,
        original_name=source.original_name,
        content_type=source.content_type,
        size=source.size,
        uploaded_by=uploaded_by,
    )


@transaction.atomic
def delete_attachment(attachment: Attachment) -> None:
    _require_editable(attachment.application)
    attachment.delete()
    delete_after_commit(attachment.file)


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
    workflow.lock(application)
    _require(application, "submit")
    problems = submission_problems(application)
    if problems:
        raise WorkflowError(
            _("The application is not ready to submit: %(problems)s") % {"problems": "; ".join(problems)}
        )
    application.submitted_at = timezone.now()
    application.round = application.program.round_at(application.submitted_at)
    _evaluate_after_commit(application)
    _move(application, "submit", actor)
    notices.tell_applicant(application)


@transaction.atomic
def respond_to_request(application: Application, actor, response: str) -> None:
    """The applicant answers a request for information; the answer goes back to review."""
    if not response.strip():
        raise WorkflowError(_("Describe what you changed or attached in your response."))
    workflow.lock(application)
    _require(application, "respond")
    application.information_response = response.strip()
    _evaluate_after_commit(application)
    _move(application, "respond", actor, reason=response.strip())
    application.deficient_items.filter(answered_at__isnull=True).update(answered_at=timezone.now())
    notices.tell_staff_of_response(application)


@transaction.atomic
def withdraw(application: Application, actor, reason: str = "") -> None:
    workflow.lock(application)
    _move(application, "withdraw", actor, reason)
    notices.tell_applicant(application)


@transaction.atomic
def mark_complete(application: Application, actor, reason: str = "") -> None:
    workflow.lock(application)
    _move(application, "mark_complete", actor, reason)
    notices.tell_applicant(application)


@dataclass(frozen=True)
class Deficiency:
    """A document slot or an answer staff mark deficient, with the reason (``selectors.deficiency_choices``)."""

    kind: str
    key: str
    project: Project | None
    reason: str


@transaction.atomic
def request_information(application: Application, actor, message: str, items: list[Deficiency] = ()) -> Decision:
    """Ask for missing information; the answer is due per the application's round (PA2026-02: 14 calendar days).

    ``items`` are the documents and answers marked deficient, each with its reason (issue 21): each keeps the
    value or file on record now, so staff later see what the response changed."""
    if not message.strip() and not items:
        raise WorkflowError(_("Say what information is missing."))
    if any(not item.reason.strip() for item in items):
        raise WorkflowError(_("Give a reason for every document or answer marked deficient."))
    workflow.lock(application)
    _require(application, "request_information")
    _check_deficiencies(application, items)
    period = application.deficiency_response
    application.information_request = message.strip()
    application.information_response = ""
    application.deficiency_response_due = period.due(timezone.localdate())
    decision = _move(application, "request_information", actor, message.strip())
    current = {
        (attachment.slot, attachment.project_id): attachment
        for attachment in application.attachments.filter(superseded_by__isnull=True).order_by("uploaded_at")
    }
    DeficientItem.objects.bulk_create(
        DeficientItem(
            request=decision,
            application=application,
            project=item.project,
            kind=item.kind,
            key=item.key,
            reason=item.reason.strip(),
            old_value=_answer(application, item.project, item.key) if item.kind == DeficientItem.Kind.ANSWER else None,
            old_attachment=current.get((item.key, item.project.pk if item.project else None))
            if item.kind == DeficientItem.Kind.ATTACHMENT
            else None,
        )
        for item in items
    )
    notices.tell_applicant(application)
    return decision


def _check_deficiencies(application: Application, items) -> None:
    """Each item names one of the application's slots or answers, with its project where it belongs to one."""
    rule_set = application.rule_set
    slots = {slot.key: slot.per_project for slot in rule_set.attachments}
    answers = {spec.name for spec in rule_set.application_fields}
    project_answers = {spec.name for spec in rule_set.project_fields}
    for item in items:
        if item.project is not None and item.project.application_id != application.pk:
            raise WorkflowError(_("Mark only this application's documents and answers."))
        if item.kind == DeficientItem.Kind.ATTACHMENT:
            known = item.key in slots and slots[item.key] == (item.project is not None)
        else:
            known = item.key in (project_answers if item.project else answers)
        if not known:
            raise WorkflowError(_("Mark only this application's documents and answers."))


def _answer(application: Application, project: Project | None, key: str):
    return (project.data if project else application.details).get(key)


def _open_item(application: Application, item_pk: int, kind: str) -> DeficientItem:
    """A deficient item of the request the applicant is answering now (the application locked and editable)."""
    _require_editable(application)
    item = application.deficient_items.filter(pk=item_pk, kind=kind, answered_at__isnull=True).first()
    if item is None or application.status != Status.INFO_REQUESTED:
        raise WorkflowError(_("That item is not part of the request you are answering."))
    return item


@transaction.atomic
def replace_deficient_file(application: Application, item_pk: int, *, upload, uploaded_by) -> Attachment:
    """A new file for a document marked deficient; the files it replaces stay in history, marked superseded."""
    item = _open_item(application, item_pk, DeficientItem.Kind.ATTACHMENT)
    new = add_attachment(application, slot=item.key, upload=upload, uploaded_by=uploaded_by, project=item.project)
    application.attachments.filter(slot=item.key, project=item.project, superseded_by__isnull=True).exclude(
        pk=new.pk
    ).update(superseded_by=new)
    item.new_attachment = new
    item.changed_at = timezone.now()
    item.save(update_fields=["new_attachment", "changed_at"])
    return new


@transaction.atomic
def correct_deficient_answer(application: Application, item_pk: int, raw) -> DeficientItem:
    """The corrected answer to an answer marked deficient, checked as the form checks it (``InputError``)."""
    item = _open_item(application, item_pk, DeficientItem.Kind.ANSWER)
    rule_set = application.rule_set
    specs = rule_set.project_fields if item.project else rule_set.application_fields
    spec = next((spec for spec in specs if spec.name == item.key), None)
    if spec is None:  # the program no longer asks it: nothing to correct
        raise WorkflowError(_("That item is not part of the request you are answering."))
    value = to_jsonable([spec], parse_values([spec], {item.key: raw}, partial=True, strict=False)).get(item.key)
    if item.project:
        item.project.data = {**item.project.data, item.key: value}
        item.project.save(update_fields=["data"])
    else:
        application.details = {**application.details, item.key: value}
        if item.key == "county":
            application.county = value or ""
        application.save(update_fields=["details", "county", "updated_at"])
    item.new_value = value
    item.changed_at = timezone.now()
    item.save(update_fields=["new_value", "changed_at"])
    return item


def second_approval_above(application: Application) -> Decimal | None:
    """The amount above which the program's awards need a supervisor's second approval (``Program.
    second_approval_above``, a district setting: the announcements name none), or ``None``."""
    return application.program.second_approval_above


def pending_first_approval(application: Application) -> Decision | None:
    """The first approval awaiting a supervisor's second: the application's latest decision, if it is one."""
    latest = application.decisions.select_related("actor").order_by("-at", "-pk").first()
    return latest if latest is not None and latest.action == FIRST_APPROVAL else None


FIRST_APPROVAL = "first_approval"
APPROVING_ACTIONS = ("approve", FIRST_APPROVAL)
"""Decisions that approve an award: whoever made one may not countersign its agreement (issue 21, Controls)."""


@transaction.atomic
def approve(
    application: Application,
    actor,
    reason: str = "",
    *,
    offers=None,
    funding_round=None,
    shown: dict | None = None,
    first_approver=None,
    locked_funds=None,
) -> Decision:
    """Approve and encumber the award in the fund ledger: every eligible project's whole award, or a funding
    round's ``offers`` (``funding.services.Offer``, possibly partial). The application's row is locked first,
    then the ledger locks the program's and its funds' rows and re-checks what each fund can give inside the lock.

    The decision keeps the figures of the approval (funds charged, their balances before and after, the binding
    limits, the place in the program's order); when ``shown`` (the figures on the page) no longer match, it is
    refused. Above the program's second-approval amount the first approval is recorded and the award waits for a
    supervisor (``programs.supervise_program``), never the first approver, whose approval encumbers it. A funding
    round's ``first_approver`` is the person who ran it. Returns the decision recorded.

    ``locked_funds`` (a funding round's approval, ``funding.services.approve_round``, issue 25): the caller has
    already locked, in this transaction, the application's row (and read it inside that lock) and then the program's
    fund rows, which it passes; they are not locked again, and the state and the ledger are still re-checked here."""
    from funding.services import approval_figures, encumber_award  # funding builds on applications

    if locked_funds is None:
        workflow.lock(application)
    _require(application, "approve")
    if application.evaluated_at is None:
        raise WorkflowError(_("The rules have not been evaluated yet; wait for the evaluation to finish."))
    award = application.award_total or Decimal("0")
    if award <= 0:
        raise WorkflowError(_("No project in this application is eligible for an award."))
    amount = sum((offer.amount for offer in offers), Decimal("0")) if offers is not None else award
    planned = [] if locked_funds is not None else None
    figures = approval_figures(application, offers=offers, shown=shown, locked_funds=locked_funds, planned=planned)
    threshold = second_approval_above(application)
    if threshold is not None and amount > threshold:
        first = first_approver
        if first is None:
            pending = pending_first_approval(application)
            if pending is None:
                return Decision.objects.create(
                    application=application,
                    actor=actor,
                    action=FIRST_APPROVAL,
                    from_status=application.status,
                    to_status=application.status,
                    reason=reason,
                    figures=figures,
                )
            first = pending.actor
        _require_second_approver(actor, first, amount, threshold)
        figures["second_approval_of"] = first.get_username()
    encumber_award(
        application,
        actor=actor,
        reason=reason,
        offers=offers,
        funding_round=funding_round,
        locked_funds=locked_funds,
        planned=planned,
    )
    decision = _move(application, "approve", actor, reason, figures)
    notices.tell_applicant(application)
    return decision


def second_approval_refusal(application: Application, actor, amount: Decimal) -> str:
    """Why ``actor`` may not give the second approval a first approval waits for, in words (blank when they may, or
    when none waits): shown on the approve page before they try (issue 21, "shown on the page that refuses it")."""
    threshold = second_approval_above(application)
    pending = pending_first_approval(application)
    if threshold is None or pending is None or amount <= threshold:
        return ""
    try:
        _require_second_approver(actor, pending.actor, amount, threshold)
    except WorkflowError as error:
        return str(error)
    return ""


def _require_second_approver(actor, first, amount: Decimal, threshold: Decimal) -> None:
    words = {"amount": f"${amount:,.2f}", "threshold": f"${threshold:,.2f}"}
    if not actor.has_perm("programs.supervise_program"):
        raise WorkflowError(
            _(
                "An award of %(amount)s is above this program's %(threshold)s: it needs a second approval by a "
                "supervisor, and you do not hold the supervisor permission."
            )
            % words
        )
    if first.pk == actor.pk:
        raise WorkflowError(_("You gave the first approval of this award; a different supervisor gives the second."))


@transaction.atomic
def reject(application: Application, actor, reason: str) -> None:
    if not reason.strip():
        raise WorkflowError("Give the reason for the rejection.")
    workflow.lock(application)
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

    enqueue(evaluate_application_task, application_id, what=f"the evaluation of application {application_id}")


def _project_evaluation(project: Project, evaluated_on, application_values: dict, terms, scores: dict):
    return _evaluate_values(project, evaluated_on, application_values, terms, scores)[1]


def _evaluate_values(project: Project, evaluated_on, application_values: dict, terms, scores: dict):
    """The project's typed answers and their evaluation under its round's terms."""
    rule_set = project.application.rule_set
    values = parse_values(rule_set.project_fields, project.data, strict=False)
    # The community determination, once decided, is what the rules read, not the applicant's answer (issue 23; PA2025-04
    # SECTION IV item 2: "Each project's domiciled address will be used to determine ..."). Recorded by the
    # communities app; while it waits the answer stands and staff see the application among those waiting.
    determination = getattr(project.application, "community_determination", None)
    dac_field = rule_set.selection.dac_field if rule_set.selection else ""
    if dac_field and determination is not None and determination.qualifies is not None:
        values[dac_field] = determination.qualifies
    factors, factors_source, override, override_source = {}, "", None, ""
    if rule_set.code == "PA2022-01":  # the round's Guidelines edition and staff's override, if any (issue 23)
        factors, factors_source = onroad_factors(project.application.round)
        override, override_source = factor_override(project)
    context = EvaluationContext(
        evaluated_on=evaluated_on,
        application=application_values,
        scores=scores,
        terms=terms,
        onroad_factors=factors or None,
        onroad_factors_source=factors_source,
        onroad_override=override,
        onroad_override_source=override_source,
    )
    return values, rule_set.evaluate(values, context)


def factor_override(project: Project):
    """Staff's override of the project's on-road emission factors in force, as ``(baseline, replacement)``
    ``moyer_onroad.EmissionFactors`` with who set it, when and why; ``(None, "")`` when none is in force."""
    from programs.rules.moyer_onroad import EmissionFactors

    latest = project.factor_overrides.select_related("set_by").first()
    if latest is None or latest.withdrawn:
        return None, ""
    baseline = EmissionFactors(latest.baseline_nox, latest.baseline_rog, latest.baseline_pm10)
    replacement = (
        None
        if latest.replacement_nox is None
        else EmissionFactors(latest.replacement_nox, latest.replacement_rog, latest.replacement_pm10)
    )
    when = timezone.localtime(latest.set_at)
    # who and why stay in the override's history (staff's review page); the figures, which the applicant's API shows,
    # say only when it was recorded
    return (baseline, replacement), f"recorded {when:%B %-d, %Y}"


@transaction.atomic
def override_emission_factors(
    project: Project, actor, *, reason: str, baseline: dict | None, replacement: dict | None = None
) -> FactorOverride:
    """Staff set (or, with ``baseline=None``, withdraw) a project's on-road emission factors with a reason; the
    project is evaluated again with them (issue 23: "staff may still override per project with a reason").

    ``baseline`` and ``replacement`` are {"nox", "rog", "pm10"} g/mile; the replacement is left out for a
    zero-emission truck. Refused in words for a decided application, a missing reason or a negative figure."""
    application = project.application
    workflow.lock(application)
    if application.status not in OPEN_FOR_REVIEW:
        raise NotUnderReview(
            _("The emission factors of a decided application are not changed (it is {status}).").format(
                status=application.get_status_display().lower()
            )
        )
    if not reason.strip():
        raise WorkflowError(_("Say why these emission factors replace the Guidelines' table."))
    grams = {}
    for who, given in (("baseline", baseline), ("replacement", replacement)):
        for pollutant in ("nox", "rog", "pm10"):
            value = (given or {}).get(pollutant)
            if value is not None and Decimal(value) < 0:
                raise WorkflowError(_("An emission factor cannot be negative."))
            grams[f"{who}_{pollutant}"] = None if value is None else Decimal(value)
    if baseline is not None and any(grams[f"baseline_{name}"] is None for name in ("nox", "rog", "pm10")):
        raise WorkflowError(_("Give the existing engine's NOx, ROG and PM10 factors."))
    override = FactorOverride.objects.create(
        project=project, withdrawn=baseline is None, reason=reason.strip(), set_by=actor, **grams
    )
    _evaluate_after_commit(application)
    return override


def _other_languages() -> list[str]:
    default = translation.get_supported_language_variant(settings.LANGUAGE_CODE)
    return [code for code, _name in settings.LANGUAGES if code != default]


def _evaluation_in_each_language(project: Project, *inputs) -> tuple[dict, Evaluation, dict[str, Evaluation]]:
    """The project's typed answers, their evaluation in the portal's default language (what staff read), and the
    same evaluation worded in each other language (what the applicant reads)."""
    with translation.override(settings.LANGUAGE_CODE):
        values, evaluation = _evaluate_values(project, *inputs)
    worded = {}
    for code in _other_languages():
        with translation.override(code):
            worded[code] = _project_evaluation(project, *inputs)
    return values, evaluation, worded


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
    """Run the program's rules on every project and store each rule's result (worded in every language) and the
    award.

    One evaluation of an application at a time: the row stays locked until the results are stored. A decided
    application is never re-evaluated (its award is what was approved or refused).
    """
    workflow.lock(application)
    if application.status not in OPEN_FOR_REVIEW:
        raise NotUnderReview(
            f"{application.reference} is {application.get_status_display().lower()}; "
            "a decided application is not evaluated again."
        )
    evaluated_on, application_values, terms = _evaluation_inputs(application)
    now = timezone.now()
    total = Decimal("0.00")
    selection = application.rule_set.selection
    for project in application.projects.prefetch_related("scores"):
        scores = {score.criterion: score.points for score in project.scores.all()}
        values, evaluation, worded = _evaluation_in_each_language(
            project, evaluated_on, application_values, terms, scores
        )
        outcomes = [
            RuleOutcome(
                project=project,
                position=index,
                rule=result.rule,
                passed=result.passed,
                reason=result.reason,
                source=str(result.source),
                translations={code: other.results[index - 1].reason for code, other in worded.items()},
            )
            for index, result in enumerate(evaluation.results, start=1)
        ]
        if [_outcome_row(item) for item in project.outcomes.all()] != [_outcome_row(item) for item in outcomes]:
            project.outcomes.all().delete()
            RuleOutcome.objects.bulk_create(outcomes)
        serial = evaluation.as_dict()
        facts = selection.facts(values, application_values, evaluation).as_dict()  # typed, for rankings
        evaluated = {
            "eligible": evaluation.eligible,
            "award": evaluation.award,
            "path": evaluation.path,
            "figures": serial["figures"],
            "notes": serial["notes"],
            "notes_translations": {code: other.notes for code, other in worded.items()},
            **facts,
        }
        _store_if_changed(project, evaluated, evaluated_at=now)
        total += evaluation.award
    _store_if_changed(
        application,
        {"award_total": total, "evaluation_error": "", "evaluation_failed_at": None},
        evaluated_at=now,
        also=["updated_at"],
    )


def _outcome_row(outcome: RuleOutcome) -> tuple:
    return (outcome.position, outcome.rule, outcome.passed, outcome.reason, outcome.source, outcome.translations)


def _store_if_changed(instance, values: dict, *, evaluated_at, also: tuple | list = ()) -> None:
    """Save ``values`` (with a history row) only when one differs from what is stored; otherwise only the time of
    the evaluation moves, by an UPDATE that writes no history (issue 25: every re-evaluation rewrote each project's
    outcomes and copied 2.9 KB of JSON into its history). Rule outcomes likewise are rewritten only when they differ."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name, value in values.items():
        setattr(instance, name, value)
    instance.evaluated_at = evaluated_at
    if changed:
        instance.save(update_fields=[*values, "evaluated_at", *also])
    else:
        type(instance).objects.filter(pk=instance.pk).update(evaluated_at=evaluated_at)


def record_evaluation_failure(application_id: int, message: str) -> None:
    """Keep why the rules could not run, for staff to see beside the "re-run evaluation" action."""
    Application.objects.filter(pk=application_id).update(
        evaluation_error=message, evaluation_failed_at=timezone.now(), updated_at=timezone.now()
    )


def re_evaluate(application: Application, actor, reason: str) -> None:
    """Staff run the rules again on an application under review, recorded as a decision with the reason.

    Raises ``InputError`` (and records it) when a stored answer cannot be evaluated.
    """
    with transaction.atomic():
        workflow.lock(application)
        if application.status not in OPEN_FOR_REVIEW:
            raise NotUnderReview(
                f"An application that is {application.get_status_display().lower()} is not evaluated again."
            )
        Decision.objects.create(
            application=application,
            actor=actor,
            action="re_evaluate",
            from_status=application.status,
            to_status=application.status,
            reason=reason,
        )
    try:
        evaluate_application(application)
    except InputError as error:
        record_evaluation_failure(application.pk, str(error))
        raise


@dataclass(frozen=True)
class ProjectCheck:
    """The rules run on one project of a draft before it is signed: the answers still to give or fix, and, once
    there are none, the evaluation submission would bring."""

    project: Project
    problems: dict[str, str]
    evaluation: Evaluation | None


def check_before_submit(application: Application) -> list[ProjectCheck]:
    """Each project evaluated now, by the same code and inputs as :func:`evaluate_application` will use on
    submission (today's date, the applicant's answers, the terms of the round open now, no staff scores yet), in
    the reader's language."""
    from programs.selectors import terms_of

    rule_set = application.rule_set
    waiting = missing_fields(rule_set.application_fields, application.details)
    inputs = None
    checks = []
    for project in application.projects.all():
        problems = missing_fields(rule_set.project_fields, project.data)
        problems.update(contradictions(application, project))
        evaluation = None
        if not problems and not waiting:
            if inputs is None:
                evaluated_on, values, _terms = _evaluation_inputs(application)
                inputs = (evaluated_on, values, terms_of(application.program.round_at(), application.program.code))
            evaluation = _project_evaluation(project, *inputs, {})
        checks.append(ProjectCheck(project=project, problems=problems, evaluation=evaluation))
    return checks
