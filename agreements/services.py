"""Writes to agreements: drafting one on approval, recording a project's events, completing and waiving
obligations, and keeping the stored obligations equal to the pure calendar. Every other stage calls these.

Every write runs in one transaction that first locks the agreement's row (``select_for_update``) and re-reads it,
so two requests at the same moment act one after the other on the state the first left. Refusals raise
:class:`AgreementError` (a ``WorkflowError``) with a message for the person who asked.

The interface (stable; see ``docs/agreements.md``):

- ``draft_agreement(application, *, actor=None)``: called when an application is approved (``agreements.signals``);
- ``set_values(agreement, project, raw, *, actor)``: staff set what the draft states for a project;
- ``send(agreement, *, actor)``, ``recall(...)``, ``sign(agreement, *, actor, name, title, consent, ip)``,
  ``return_signature(...)``, ``countersign(agreement, *, actor)`` (a signatory, in the name and title on their profile): the signing journey; countersigning
  executes the agreement, records the ``agreement_executed`` event of every project, dates the obligations and
  stores the executed PDF (never rendered again);
- ``record_event(project, event, on, *, actor, note="", record=None)``: an event of the program's post-award
  events (delivery, commissioning, a dismantler's receipt ...); a second recording of the same event is a
  correction (kept, with its note, never overwriting the first);
- ``complete_obligation(project, key, *, on, actor, record=None)``: an obligation fulfilled by a record (a report,
  a notice, an invoice); ``record`` is that record (any model instance);
- ``waive_obligation(project, key, *, actor, reason)``;
- ``refresh_obligations(agreement, *, today=None)``: rewrite the stored obligations from the pure calendar
  (each of the above calls it);
- ``roll_statuses(today)``: the daily move of due obligations to overdue;
- amendments, each its own record and PDF: ``extend_term``, ``extend_milestone``, ``reduce_award`` (releases the
  money in the fund ledger), ``transfer``, ``terminate`` (releases what is awarded and not yet paid);
- the awardee's requests (issue 22): ``request_change`` (an extension, a transfer or a withdrawal), which staff
  ``approve_change`` (through the amendment of its kind above, never a second copy of it) or ``decline_change``;
- ``close(agreement, *, actor, reason)``: closeout once every obligation is met (issue 12 decides when).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.rules.base import long_date
from agreements.rules.registry import post_award
from applications.models import Application, Project
from applications.services import APPROVING_ACTIONS
from core import workflow
from core.money import usd
from core.workflow import WorkflowError
from programs.rules.fields import InputError, parse_values, to_jsonable
from programs.services import floor_message

from . import documents, notices, selectors
from .defaults import agreement_defaults
from .models import Agreement, Amendment, ChangeRequest, FundedProject, Obligation, ProjectEvent, Step
from .signals import projects_changed

PLANNED_EVENTS = frozenset({"destruction_planned"})
"""Events that are a date announced ahead (PA2026-01's destruction date "given in the notice", Section 2.3), so they
may lie in the future; every other event is recorded once it has happened."""


class AgreementError(WorkflowError):
    """A request about an agreement refused, with a message for the person who asked."""


REFUSED = {
    "send": gettext_lazy("A %(noun)s that is %(status)s cannot be sent."),
    "recall": gettext_lazy("A %(noun)s that is %(status)s cannot be recalled."),
    "sign": gettext_lazy("A %(noun)s that is %(status)s cannot be signed."),
    "return_signature": gettext_lazy("A %(noun)s that is %(status)s cannot be returned for signature."),
    "countersign": gettext_lazy("A %(noun)s that is %(status)s cannot be countersigned."),
    "close": gettext_lazy("A %(noun)s that is %(status)s cannot be closed."),
}


def require(agreement: Agreement, action: str) -> None:
    """Refuse, in the reader's language, a transition the agreement's state does not allow."""
    workflow.require(
        agreement,
        action,
        REFUSED[action] % {"noun": agreement.noun_display, "status": agreement.get_status_display().lower()},
        AgreementError,
    )


def move(agreement: Agreement, action: str, actor, reason: str = "") -> Step:
    """Run the named transition on a locked agreement and record the step (who, when, why); the caller saves."""
    before = agreement.status
    getattr(agreement, action)()
    return Step.objects.create(
        agreement=agreement, action=action, from_status=before, to_status=agreement.status, actor=actor, reason=reason
    )


def _funded(project: Project) -> FundedProject:
    funded = selectors.funded_project_of(project)
    if funded is None:
        raise AgreementError(f"{project} has no agreement.")
    return funded


def _record_fields(record) -> dict:
    if record is None:
        return {"record_type": None, "record_id": None}
    return {"record_type": ContentType.objects.get_for_model(record), "record_id": record.pk}


# --- Drafting ------------------------------------------------------------------------------------------------


def _defaults(application: Application, project: Project) -> dict:
    """The project's agreement values from its answers and evaluation (``agreements.defaults``), as JSON."""
    code = application.program.code
    answers = parse_values(application.rule_set.project_fields, project.data, partial=True, strict=False)
    values = agreement_defaults(code, answers, project.path, project.figures)
    fields = selectors.agreement_fields(code)
    known = {spec.name for spec in fields}
    return to_jsonable(fields, {name: value for name, value in values.items() if name in known})


def _fund_names(project: Project) -> str:
    names = (
        project.ledger_entries.filter(kind="encumbrance")
        .order_by("fund__position", "fund_id")
        .values_list("fund__name", flat=True)
        .distinct()
    )
    return ", ".join(dict.fromkeys(names))


@transaction.atomic
def draft_agreement(application: Application, *, actor=None) -> Agreement:
    """The drafted agreement of an approved application, listing each project with money in the fund ledger and
    its award (the encumbrance, possibly a partial offer). Idempotent: an application has one agreement."""
    from funding.selectors import balances_by_project

    existing = selectors.agreement_of(application)
    if existing is not None:
        return existing
    projects = list(application.projects.order_by("position"))
    balances = balances_by_project(projects)
    funded = [
        (project, balances[project.pk].encumbered)
        for project in projects
        if project.pk in balances and balances[project.pk].encumbered > 0
    ]
    if not funded:
        raise AgreementError(f"{application.reference} has no award in the fund ledger to put in an agreement.")
    agreement = Agreement.objects.create(
        application=application,
        program=application.program,
        number=application.reference,
        awardee_name=(
            application.details.get("applicant_name")
            or application.applicant.get_full_name()
            or application.applicant.get_username()
        )[:200],
    )
    Step.objects.create(
        agreement=agreement,
        action="draft",
        from_status=agreement.status,
        to_status=agreement.status,
        actor=actor,
        reason=f"Drafted when application {application.reference} was approved.",
    )
    FundedProject.objects.bulk_create(
        FundedProject(
            agreement=agreement,
            project=project,
            position=position,
            award=award,
            fund_names=_fund_names(project)[:300],
            values=_defaults(application, project),
        )
        for position, (project, award) in enumerate(funded, start=1)
    )
    return agreement


@transaction.atomic
def set_values(agreement: Agreement, project: Project, raw: dict, *, actor) -> FundedProject:
    """Staff set what the draft agreement states for a project (milestone dates, project type and life, funding
    path, annual usage); every bad value is named (``InputError``). Only while it is a draft."""
    workflow.lock(agreement)
    if agreement.status != Agreement.Status.DRAFTED:
        raise AgreementError(f"Only a draft {agreement.noun} can be changed; recall it first if it was sent.")
    funded = _funded(project)
    code = agreement.program.code
    fields = selectors.agreement_fields(code)
    values = parse_values(fields, raw, partial=True, strict=False)
    program = post_award(code)
    problems = program.agreement_checks(values) if program.agreement_checks else {}
    # The usage the agreement asks is at least the announcement's, as the round states it (issue 23).
    for name, breach in program.usage.floor_errors(values, selectors.terms_for(agreement)).items():
        problems[name] = floor_message(breach)
    if problems:
        raise InputError(problems)
    funded.values = to_jsonable(fields, values)
    funded.save(update_fields=["values"])
    return funded


def values_problems(agreement: Agreement) -> list[str]:
    """What stops the agreement from being sent: values the term needs and does not have."""
    program = post_award(agreement.program.code)
    problems = []
    for funded in agreement.funded_projects.select_related("project"):
        try:
            values = parse_values(program.agreement_fields, funded.values, strict=False)
        except InputError as error:
            problems += [f"{funded.project}: {message}" for message in error.errors.values()]
            continue
        if program.agreement_checks:
            problems += [f"{funded.project}: {message}" for message in program.agreement_checks(values).values()]
    return problems


# --- Sending, signing, countersigning ------------------------------------------------------------------------


def _require_staff(actor, what: str) -> None:
    if not selectors.may_change(actor):
        raise AgreementError(f"Only program staff {what}.")


@transaction.atomic
def send(agreement: Agreement, *, actor) -> Agreement:
    """Staff send the draft to the awardee: the PDF as sent is stored and the awardee is told it is ready to sign."""
    _require_staff(actor, "send agreements")
    workflow.lock(agreement)
    require(agreement, "send")
    if problems := values_problems(agreement):
        raise AgreementError("The agreement is not ready to send: " + "; ".join(problems))
    move(agreement, "send", actor)
    agreement.sent_at, agreement.sent_by = timezone.now(), actor
    documents.store(agreement.sent_document, documents.render_agreement(agreement), f"{agreement.number}.pdf")
    agreement.save()
    notices.ready_to_sign(agreement)
    return agreement


@transaction.atomic
def recall(agreement: Agreement, *, actor, reason: str) -> Agreement:
    """Staff take a sent, unsigned agreement back to the draft to correct it (the awardee is sent it again)."""
    _require_staff(actor, "recall agreements")
    if not reason.strip():
        raise AgreementError("Say why the agreement is recalled.")
    workflow.lock(agreement)
    require(agreement, "recall")
    move(agreement, "recall", actor, reason.strip())
    agreement.save()
    return agreement


@transaction.atomic
def sign(agreement: Agreement, *, actor, name: str, title: str, consent: bool, ip: str | None) -> Agreement:
    """The awardee signs in the browser: a person authorized for the awardee types their name and title and
    consents to sign electronically; the moment and the address are kept. Staff are told it awaits countersigning."""
    workflow.lock(agreement)
    if not selectors.may_sign(actor, agreement):
        raise AgreementError(
            _(
                "Only a person authorized for the awardee (an owner or staff member of the "
                "organization, not a consultant) signs the %(noun)s."
            )
            % {"noun": agreement.noun_display}
        )
    require(agreement, "sign")
    problems = []
    if not name.strip():
        problems.append(_("type your full name"))
    if not title.strip():
        problems.append(_("give your title"))
    if not consent:
        problems.append(_("confirm that you are authorized to sign for the awardee and agree to sign electronically"))
    if problems:
        raise AgreementError(_("To sign, %(what)s.") % {"what": "; ".join(problems)})
    move(agreement, "sign", actor, f"{name.strip()}, {title.strip()}")
    agreement.signer_name, agreement.signer_title = name.strip()[:150], title.strip()[:150]
    agreement.signer_consent, agreement.signed_at = True, timezone.now()
    agreement.signer_ip, agreement.signed_by = ip or None, actor
    agreement.save()
    notices.signed(agreement)
    return agreement


@transaction.atomic
def return_signature(agreement: Agreement, *, actor, reason: str) -> Agreement:
    """Staff decline to countersign a signature (e.g. the signer is not authorized): the agreement is sent back to
    be signed again; the refused signature stays in the history."""
    _require_staff(actor, "return a signature")
    if not reason.strip():
        raise AgreementError("Say why the signature is returned.")
    workflow.lock(agreement)
    require(agreement, "return_signature")
    move(agreement, "return_signature", actor, reason.strip())
    agreement.signer_name = agreement.signer_title = ""
    agreement.signer_consent, agreement.signed_at, agreement.signer_ip, agreement.signed_by = False, None, None, None
    agreement.save()
    notices.ready_to_sign(agreement)
    return agreement


def countersign_refusal(agreement: Agreement, actor) -> str:
    """Why ``actor`` may not countersign ``agreement``, in words, or "" (issue 21, Controls: separation of duties).

    Countersigning executes the agreement for the district, so it needs signature authority (the signatory
    permission, ``agreements.countersign_agreement``) and a name and title to sign in (the person's profile); the
    awardee's own account never countersigns, nor does anyone who approved the award (the first or the only
    approval, or a supervisor's second)."""
    if not selectors.may_change(actor):
        return _("Only program staff countersign agreements.")
    if selectors.is_awardee(actor, agreement) or agreement.signed_by_id == actor.pk:
        return _("The awardee's own account cannot countersign.")
    if agreement.application.decisions.filter(actor=actor, action__in=APPROVING_ACTIONS).exists():
        return _(
            "You approved this award, so you cannot also countersign its agreement: another signatory countersigns it."
        )
    if not actor.has_perm("agreements.countersign_agreement"):
        return _(
            "Countersigning needs signature authority for the district (the signatory permission), which your account "
            "does not hold; a signatory countersigns."
        )
    name, title = signing_name_and_title(actor)
    if not name or not title:
        return _("Your profile has no name and title to sign in; an administrator adds them before you countersign.")
    return ""


def signing_name_and_title(user) -> tuple[str, str]:
    """The name and title a signatory signs in: the account's full name and the title on its profile."""
    profile = getattr(user, "profile", None)
    return user.get_full_name().strip(), (profile.title.strip() if profile else "")


@transaction.atomic
def countersign(agreement: Agreement, *, actor, today: dt.date | None = None, ip: str | None = None) -> Agreement:
    """A signatory countersigns in the name and title on their profile: the agreement is executed today, every
    project's ``agreement_executed`` event is recorded and its obligations dated, and the executed PDF is stored with
    its SHA-256. The awardee is told. Refused, with the reason, to anyone :func:`countersign_refusal` names."""
    workflow.lock(agreement)
    if refusal := countersign_refusal(agreement, actor):
        raise AgreementError(refusal)
    require(agreement, "countersign")
    name, title = signing_name_and_title(actor)
    today = today or timezone.localdate()
    move(agreement, "countersign", actor)
    agreement.countersigned_by = actor
    agreement.countersigner_name, agreement.countersigner_title = name[:150], title[:150]
    agreement.countersigner_ip = ip or None
    agreement.countersigned_at, agreement.executed_on = timezone.now(), today
    agreement.save()
    for funded in agreement.funded_projects.select_related("project"):
        ProjectEvent.objects.create(
            agreement=agreement,
            project=funded.project,
            key="agreement_executed",
            on=today,
            recorded_by=actor,
            note="Countersigned: the agreement is fully executed.",
        )
    refresh_obligations(agreement, today=today)
    pdf = documents.render_agreement(agreement, executed=True, as_of=today)
    agreement.executed_sha256 = documents.store(agreement.executed_document, pdf, f"{agreement.number}-executed.pdf")
    agreement.save(update_fields=["executed_document", "executed_sha256"])
    notices.executed(agreement)
    return agreement


# --- Amendments ---------------------------------------------------------------------------------------------


def _amendable(
    agreement: Agreement, actor, reason: str, *, project: Project | None = None, executed_only: bool = True
) -> FundedProject | None:
    """Lock the agreement and check what every amendment needs; return the project's line when one is named."""
    _require_staff(actor, "amend agreements")
    if not reason.strip():
        raise AgreementError("Give the reason for the amendment and who approved it.")
    workflow.lock(agreement)
    if executed_only and agreement.status != Agreement.Status.EXECUTED:
        raise AgreementError(
            f"Only an executed {agreement.noun} is amended; this one is {agreement.get_status_display().lower()}."
        )
    if agreement.status in (Agreement.Status.TERMINATED, Agreement.Status.CLOSED):
        raise AgreementError(f"The {agreement.noun} is {agreement.get_status_display().lower()}.")
    if project is None:
        return None
    funded = agreement.funded_projects.filter(project=project).first()
    if funded is None:
        raise AgreementError(f"{project} is not a project of this {agreement.noun}.")
    if funded.status != FundedProject.Status.ACTIVE:
        raise AgreementError(f"{project} is {funded.get_status_display().lower()}.")
    return funded


def _named(project: Project | None) -> Project:
    if project is None:
        raise AgreementError("Choose the project the amendment is for.")
    return project


def _amendment(agreement: Agreement, kind: str, *, actor, reason: str, today: dt.date | None, **fields) -> Amendment:
    """Record the amendment with the next number and store its PDF (rendered once, after the change is made)."""
    number = (agreement.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    amendment = Amendment.objects.create(
        agreement=agreement,
        number=number,
        kind=kind,
        reason=reason.strip(),
        effective_on=today or timezone.localdate(),
        made_by=actor,
        **fields,
    )
    amendment.sha256 = documents.store(
        amendment.document, documents.render_amendment(amendment), f"{agreement.number}-amendment-{number}.pdf"
    )
    amendment.save(update_fields=["document", "sha256"])
    return amendment


@transaction.atomic
def extend_term(
    agreement: Agreement, project: Project | None, months: int, *, actor, reason: str, today: dt.date | None = None
) -> Amendment:
    """Add ``months`` to a project's term, e.g. "to allow for the makeup of the usage requirement shortfall"
    (001_ea26778b00a7e017.txt, PA2026-02 4.5, PA2026-01 6.5; 003_b264a6114e3b8c3f.txt PROGRAM CRITERIA). The report
    schedule runs on through the new end."""
    funded = _amendable(agreement, actor, reason, project=_named(project))
    if not 1 <= months <= 120:
        raise AgreementError("Extend the term by 1 to 120 months.")
    funded.term_extension_months += months
    funded.save(update_fields=["term_extension_months"])
    amendment = _amendment(
        agreement, Amendment.Kind.EXTEND_TERM, actor=actor, reason=reason, today=today, project=project, months=months
    )
    refresh_obligations(agreement, today=today)
    return amendment


@transaction.atomic
def extend_milestone(
    agreement: Agreement,
    project: Project,
    key: str,
    new_due: dt.date,
    *,
    actor,
    reason: str,
    today: dt.date | None = None,
) -> Amendment:
    """Give one dated obligation a later due date (PA2026-01's final invoice "unless extended at the sole discretion
    of South Coast AQMD", Section 6.1; a milestone the agreement set). The obligation shows the date it had before."""
    _amendable(agreement, actor, reason, project=_named(project))
    obligation = _obligation(project, key)
    if obligation.kind == Obligation.Kind.TERM:
        raise AgreementError("Extend the term itself (by months) instead.")
    if obligation.due is None:
        raise AgreementError(f"“{obligation.name}” has no due date yet to extend.")
    if obligation.done_on or obligation.waived_at:
        raise AgreementError(f"“{obligation.name}” is already {'done' if obligation.done_on else 'waived'}.")
    if new_due <= obligation.due:
        raise AgreementError(f"{long_date(new_due)} is not later than the due date, {long_date(obligation.due)}.")
    amendment = _amendment(
        agreement,
        Amendment.Kind.EXTEND_MILESTONE,
        actor=actor,
        reason=reason,
        today=today,
        project=project,
        obligation_key=key,
        previous_due=obligation.due,
        new_due=new_due,
    )
    refresh_obligations(agreement, today=today)
    return amendment


@transaction.atomic
def reduce_award(
    agreement: Agreement, project: Project | None, amount: Decimal, *, actor, reason: str, today: dt.date | None = None
) -> Amendment:
    """Take ``amount`` off a project's award and release it in the fund ledger (``funding.services.release``: at
    most what is awarded and not yet paid). A reduction to nothing is a termination."""
    from funding.services import release

    funded = _amendable(agreement, actor, reason, project=_named(project))
    if amount <= 0:
        raise AgreementError("Give the amount to take off the award, more than $0.00.")
    if amount >= funded.award:
        raise AgreementError(
            f"{usd(amount)} would leave nothing of the {usd(funded.award)} award: terminate the project instead."
        )
    entries = release(project, amount, actor=actor, reason=f"{agreement} amended: {reason.strip()}")
    funded.award -= amount
    funded.save(update_fields=["award"])
    return _amendment(
        agreement,
        Amendment.Kind.REDUCE_AWARD,
        actor=actor,
        reason=reason,
        today=today,
        project=project,
        amount=amount,
        released=-sum(entry.amount for entry in entries),
    )


@transaction.atomic
def transfer(
    agreement: Agreement, *, new_owner_name: str, new_owner, actor, reason: str, today: dt.date | None = None
) -> Amendment:
    """The agreement passes to another entity committed to complying with it (PA2026-01 6.5, PA2026-02 4.5,
    PA2026-03 "PERFORMANCE": "South Coast AQMD and US EPA will review and approve the justification for the
    deployment failure before any ownership transfer can be authorized"; the reason records that approval).

    ``new_owner`` is the new owner's account: from now on it sees the agreement, receives its notices and is reminded of
    its obligations; the previous owner no longer sees it."""
    _amendable(agreement, actor, reason)
    if not new_owner_name.strip():
        raise AgreementError("Give the new owner's name.")
    if new_owner is None or not new_owner.is_active or selectors.is_district(new_owner):
        raise AgreementError("Choose the new owner's account (an applicant's account, not a district one).")
    previous = agreement.awardee_name
    agreement.awardee_name, agreement.owner = new_owner_name.strip()[:200], new_owner
    agreement.save(update_fields=["awardee_name", "owner"])
    return _amendment(
        agreement,
        Amendment.Kind.TRANSFER,
        actor=actor,
        reason=reason,
        today=today,
        previous_owner_name=previous,
        new_owner_name=agreement.awardee_name,
        new_owner=new_owner,
    )


@transaction.atomic
def terminate(
    agreement: Agreement, *, actor, reason: str, project: Project | None = None, today: dt.date | None = None
) -> Amendment:
    """End the agreement (or one of its projects) and release in the fund ledger what is awarded and not yet paid.

    A whole agreement may be terminated before it is executed too (an award the awardee declines); once every
    project is terminated, so is the agreement. Open obligations are cancelled."""
    from funding.selectors import balances_by_project
    from funding.services import release

    funded = _amendable(agreement, actor, reason, project=project, executed_only=project is not None)
    lines = [funded] if funded else list(agreement.funded_projects.filter(status=FundedProject.Status.ACTIVE))
    balances = balances_by_project([line.project for line in lines])
    released = Decimal("0.00")
    for line in lines:
        outstanding = balances[line.project_id].outstanding if line.project_id in balances else Decimal("0.00")
        if outstanding > 0:
            release(line.project, outstanding, actor=actor, reason=f"{agreement} terminated: {reason.strip()}")
            released += outstanding
        line.status = FundedProject.Status.TERMINATED
        line.save(update_fields=["status"])
    if not agreement.funded_projects.filter(status=FundedProject.Status.ACTIVE).exists():
        move(agreement, "terminate", actor, reason.strip())
        agreement.save()
    amendment = _amendment(
        agreement, Amendment.Kind.TERMINATE, actor=actor, reason=reason, today=today, project=project, released=released
    )
    refresh_obligations(agreement, today=today)
    projects_changed.send(sender=Agreement, agreement=agreement)
    return amendment


# --- The awardee's requests for a change (issue 22) -----------------------------------------------------------


@transaction.atomic
def request_change(
    agreement: Agreement,
    *,
    actor,
    kind: str,
    reason: str,
    project: Project | None = None,
    months: int | None = None,
    new_owner_name: str = "",
) -> ChangeRequest:
    """The awardee's people (``selectors.may_sign``: never a consultant, never staff) ask for an extension of a
    project's term, a transfer to a new owner or a withdrawal from an executed agreement. One open request of a kind
    for the same project at a time."""
    if not selectors.may_sign(actor, agreement):
        raise AgreementError(_("Only a person authorized for the awardee asks for a change to the agreement."))
    if not reason.strip():
        raise AgreementError(_("Say why you ask for the change."))
    workflow.lock(agreement)
    if agreement.status != Agreement.Status.EXECUTED:
        raise AgreementError(_("Changes are asked for once the agreement is executed."))
    if (
        project is not None
        and not agreement.funded_projects.filter(project=project, status=FundedProject.Status.ACTIVE).exists()
    ):
        raise AgreementError(_("Choose one of the agreement's active projects."))
    if kind == ChangeRequest.Kind.EXTENSION:
        if project is None:
            raise AgreementError(_("Choose the project whose term you ask to extend."))
        if months is None or not 1 <= months <= 120:
            raise AgreementError(_("Ask for 1 to 120 more months."))
    elif kind == ChangeRequest.Kind.TRANSFER:
        if not new_owner_name.strip():
            raise AgreementError(_("Give the new owner's name."))
        project = None  # a transfer moves the whole agreement (``transfer``)
    elif kind != ChangeRequest.Kind.WITHDRAWAL:
        raise AgreementError(_("Choose what you ask for."))
    if agreement.change_requests.filter(kind=kind, project=project, status=ChangeRequest.Status.SUBMITTED).exists():
        raise AgreementError(_("A request of this kind is already waiting for the District's decision."))
    change = ChangeRequest.objects.create(
        agreement=agreement,
        kind=kind,
        project=project,
        months=months if kind == ChangeRequest.Kind.EXTENSION else None,
        new_owner_name=new_owner_name.strip()[:200] if kind == ChangeRequest.Kind.TRANSFER else "",
        reason=reason.strip(),
        requested_by=actor,
    )
    notices.change_requested(change)
    return change


def _decidable(change: ChangeRequest, actor, reason: str) -> ChangeRequest:
    """Lock the agreement, then the request, and check it still waits for a decision."""
    _require_staff(actor, "decide the awardee's requests")
    workflow.lock(change.agreement)
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeRequest.Status.SUBMITTED:
        raise AgreementError(
            _("This request was already decided: %(status)s.") % {"status": change.get_status_display()}
        )
    if not reason.strip():
        raise AgreementError(_("Give the reason for the decision."))
    return change


def _decided(change: ChangeRequest, status: str, *, actor, reason: str, amendment: Amendment | None = None):
    change.status, change.decided_by, change.decided_at = status, actor, timezone.now()
    change.decision_reason, change.amendment = reason.strip(), amendment
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "amendment"])
    notices.change_decided(change)
    return change


@transaction.atomic
def approve_change(
    change: ChangeRequest, *, actor, reason: str, new_owner=None, today: dt.date | None = None
) -> ChangeRequest:
    """Approve the request by making its amendment with the services above (``extend_term``, ``transfer``,
    ``terminate``), so the calendar, the ledger and the PDF move exactly as for an amendment staff make themselves.
    A transfer needs the new owner's portal account (``transfer``). The amendment's reason records the request."""
    change = _decidable(change, actor, reason)
    agreement = change.agreement
    why = (
        f"{change.get_kind_display()} asked for by {agreement.awardee_name} on "
        f"{long_date(timezone.localdate(change.requested_at))}: {change.reason} Approved: {reason.strip()}"
    )
    if change.kind == ChangeRequest.Kind.EXTENSION:
        amendment = extend_term(agreement, change.project, change.months, actor=actor, reason=why, today=today)
    elif change.kind == ChangeRequest.Kind.TRANSFER:
        amendment = transfer(
            agreement, new_owner_name=change.new_owner_name, new_owner=new_owner, actor=actor, reason=why, today=today
        )
    else:
        amendment = terminate(agreement, project=change.project, actor=actor, reason=why, today=today)
    return _decided(change, ChangeRequest.Status.APPROVED, actor=actor, reason=reason, amendment=amendment)


@transaction.atomic
def decline_change(change: ChangeRequest, *, actor, reason: str) -> ChangeRequest:
    """Decline the request; the reason is required and goes to the awardee."""
    change = _decidable(change, actor, reason)
    return _decided(change, ChangeRequest.Status.DECLINED, actor=actor, reason=reason)


@transaction.atomic
def close(agreement: Agreement, *, actor, reason: str) -> Agreement:
    """Close an executed agreement: "closeout of the agreement can occur once all required documentation has been
    received and the Awardee has fulfilled all obligations" (001_ea26778b00a7e017.txt, PA2026-01 6.6). Whether they
    are is the reporting stage's to decide; this records the closing and closes every active project."""
    _require_staff(actor, "close agreements")
    if not reason.strip():
        raise AgreementError("Say why the agreement is closed.")
    workflow.lock(agreement)
    require(agreement, "close")
    move(agreement, "close", actor, reason.strip())
    agreement.save()
    for funded in agreement.funded_projects.filter(status=FundedProject.Status.ACTIVE):
        funded.status = FundedProject.Status.CLOSED
        funded.save(update_fields=["status"])
    refresh_obligations(agreement)
    projects_changed.send(sender=Agreement, agreement=agreement)
    return agreement


# --- Events --------------------------------------------------------------------------------------------------


@transaction.atomic
def record_event(
    project: Project, event: str, on: dt.date, *, actor, note: str = "", record=None, today: dt.date | None = None
) -> ProjectEvent:
    """Record that ``event`` happened to the project on ``on``, then re-date its obligations.

    Only on an agreement in force. The date may not be in the future (except a planned date, ``PLANNED_EVENTS``) nor
    before the agreement's execution. Recording an event again corrects it: the earlier row stays, the new one points
    at it and must say why (``note``).
    """
    funded = _funded(project)
    agreement = workflow.lock(funded.agreement)
    funded.refresh_from_db()
    program = post_award(agreement.program.code)
    keys = [item.key for item in program.events]
    if event not in keys:
        raise AgreementError(f"{event!r} is not an event of {agreement.program.code} (events: {', '.join(keys)}).")
    label = program.event(event).label
    if agreement.status != Agreement.Status.EXECUTED or funded.status != FundedProject.Status.ACTIVE:
        raise AgreementError(
            f"Events are recorded on an executed {agreement.noun} in force; this one is "
            f"{agreement.get_status_display().lower()}."
        )
    today = today or timezone.localdate()
    if on > today and event not in PLANNED_EVENTS:
        raise AgreementError(f"The {label} cannot be recorded on {long_date(on)}, a day still to come.")
    if agreement.executed_on and on < agreement.executed_on and event != "agreement_executed":
        raise AgreementError(
            f"The {label} on {long_date(on)} is before the {agreement.noun}'s execution on "
            f"{long_date(agreement.executed_on)}."
        )
    previous = selectors.current_events(project).filter(key=event).first()
    if previous is not None:
        if previous.on == on:
            raise AgreementError(f"The {label} is already recorded on {long_date(on)}.")
        if not note.strip():
            raise AgreementError(f"The {label} is recorded on {long_date(previous.on)}; say why the date changes.")
    recorded = ProjectEvent.objects.create(
        agreement=agreement,
        project=project,
        key=event,
        on=on,
        note=note.strip(),
        recorded_by=actor,
        corrects=previous,
        **_record_fields(record),
    )
    refresh_obligations(agreement, today=today)
    projects_changed.send(sender=Agreement, agreement=agreement)
    return recorded


# --- Obligations ---------------------------------------------------------------------------------------------


def _obligation(project: Project, key: str) -> Obligation:
    obligation = Obligation.objects.filter(project=project, key=key).first()
    if obligation is None:
        raise AgreementError(f"{project} has no obligation {key!r}.")
    return obligation


@transaction.atomic
def complete_obligation(
    project: Project, key: str, *, on: dt.date, actor, record=None, today: dt.date | None = None
) -> Obligation:
    """Record that an obligation was fulfilled on ``on`` by ``record`` (a report, a notice, an invoice ...).

    Obligations fulfilled by an event (the destruction, the delivery) are done by recording the event instead.
    """
    funded = _funded(project)
    agreement = workflow.lock(funded.agreement)
    if agreement.status != Agreement.Status.EXECUTED:
        raise AgreementError(f"Obligations are completed on an executed {agreement.noun}.")
    obligation = _obligation(project, key)
    program = post_award(agreement.program.code)
    rule = next((rule for rule in program.obligations if rule.key == key), None)
    if rule is not None and rule.done_by:
        raise AgreementError(f"“{obligation.name}” is done when the {program.event(rule.done_by).label} is recorded.")
    if obligation.kind == Obligation.Kind.TERM:
        raise AgreementError("The term ends on its date; it is not completed.")
    if obligation.done_on:
        raise AgreementError(f"“{obligation.name}” is already done (on {long_date(obligation.done_on)}).")
    if obligation.waived_at:
        raise AgreementError(f"“{obligation.name}” was waived.")
    today = today or timezone.localdate()
    if on > today:
        raise AgreementError(f"{long_date(on)} is still to come.")
    obligation.done_on = on
    obligation.done_recorded_by = actor
    for name, value in _record_fields(record).items():
        setattr(obligation, name, value)
    obligation.save()
    refresh_obligations(agreement, today=today)
    obligation.refresh_from_db()
    return obligation


@transaction.atomic
def waive_obligation(project: Project, key: str, *, actor, reason: str, today: dt.date | None = None) -> Obligation:
    """Staff excuse an obligation, with the reason; the calendar shows it waived."""
    if not reason.strip():
        raise AgreementError("Say why the obligation is waived.")
    funded = _funded(project)
    agreement = workflow.lock(funded.agreement)
    if agreement.status != Agreement.Status.EXECUTED:
        raise AgreementError(f"Obligations are waived on an executed {agreement.noun}.")
    obligation = _obligation(project, key)
    if obligation.done_on or obligation.waived_at:
        raise AgreementError(f"“{obligation.name}” is already {'done' if obligation.done_on else 'waived'}.")
    obligation.waived_by, obligation.waived_at, obligation.waiver_reason = actor, timezone.now(), reason.strip()
    obligation.save()
    refresh_obligations(agreement, today=today)
    obligation.refresh_from_db()
    return obligation


def refresh_obligations(agreement: Agreement, *, today: dt.date | None = None) -> list[Obligation]:
    """Make the stored obligations of every funded project equal to the pure calendar on ``today``.

    Completions, waivers and extensions recorded on the stored rows (and milestone amendments) go into the calendar;
    an obligation the calendar no longer lists (the waiting "reports" once the term starts) is removed unless a record
    fulfilled it. A terminated project's open obligations are cancelled. Only changed rows are saved, so history
    shows real changes. Call inside the transaction that locked the agreement.
    """
    today = today or timezone.localdate()
    program = post_award(agreement.program.code)
    fulfilled_by_event = {rule.key for rule in program.obligations if rule.done_by}
    result: list[Obligation] = []
    for funded in agreement.funded_projects.select_related("project"):
        project = funded.project
        stored = {item.key: item for item in Obligation.objects.filter(project=project)}
        if funded.status != FundedProject.Status.ACTIVE or agreement.status == Agreement.Status.TERMINATED:
            _cancel(stored.values())
            result += stored.values()
            continue
        extensions = selectors.extensions_of(project)
        calendar = selectors.build_calendar(
            agreement,
            funded,
            as_of=today,
            done={key: item.done_on for key, item in stored.items() if item.done_on and key not in fulfilled_by_event},
            waived=[key for key, item in stored.items() if item.waived_at],
            extensions={key: due for key, (due, _) in extensions.items()},
        )
        seen = set()
        for position, item in enumerate(calendar.obligations):
            seen.add(item.key)
            values = {
                "name": item.name[:300],
                "kind": item.kind.value,
                "due": item.due,
                "waiting_for": item.waiting_for or "",
                "counting": item.counting.value,
                "period": item.period[:300],
                "source": item.source,
                "status": item.status.value,
                "position": position,
                "original_due": item.original_due,
                "done_on": item.done_on,
                "extended_by_id": extensions[item.key][1].pk if item.original_due and item.key in extensions else None,
            }
            obligation = stored.get(item.key)
            if obligation is None:
                obligation = Obligation.objects.create(agreement=agreement, project=project, key=item.key, **values)
            else:
                if any(getattr(obligation, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(obligation, name, value)
                    obligation.save()
            result.append(obligation)
        for key, obligation in stored.items():
            if key not in seen:
                if obligation.done_on or obligation.record_id:
                    result.append(obligation)
                else:
                    obligation.delete()
    return result


def _cancel(obligations) -> None:
    for obligation in obligations:
        if obligation.status in (
            *Obligation.OPEN,
            Obligation.Status.WAITING,
            Obligation.Status.NOT_DATED,
            Obligation.Status.RUNNING,
        ):
            obligation.status = Obligation.Status.CANCELLED
            obligation.save(update_fields=["status", "updated_at"])


def roll_statuses(today: dt.date | None = None) -> int:
    """The day's change of status: open obligations past their due date become overdue, and a term past its end
    has ended. One UPDATE each (no history rows: the date alone moved them). Returns how many rows changed."""
    today = today or timezone.localdate()
    overdue = Obligation.objects.filter(status=Obligation.Status.DUE, due__lt=today).update(
        status=Obligation.Status.OVERDUE, updated_at=timezone.now()
    )
    ended = Obligation.objects.filter(status=Obligation.Status.RUNNING, due__lte=today).update(
        status=Obligation.Status.ENDED, updated_at=timezone.now()
    )
    return overdue + ended
