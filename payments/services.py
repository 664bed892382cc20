"""Writes to payment requests: the awardee prepares and submits, staff check and approve the computed amount, a
second person with the finance permission releases it as a disbursement in the fund ledger.

Every write runs in one transaction that first locks the request's row (``select_for_update``) and re-reads it, so
two people acting at the same moment act one after the other on the state the first left: two releases of the same
request pay once. Refusals raise :class:`PaymentError` (a ``WorkflowError``) with a message for the person who asked.

The interface:

- awardee: ``start_request(funded, actor=)``, ``save_request(request, raw, actor=, milestone=None)``,
  ``add_line``/``delete_line``, ``add_document``/``delete_document``, ``submit(request, actor=, certified=)``,
  ``withdraw(request, actor=, reason=)``;
- staff: ``confirm(request, key, actor=, note=)``/``unconfirm``, ``refuse_document(document, actor=, reason=)``,
  ``approve(request, actor=, note=)`` (the amount is ``payments.rules.payable``'s, never typed),
  ``return_to_awardee(request, actor=, reason=)``, ``reject(request, actor=, reason=)``,
  ``set_schedule(funded, milestones, actor=)`` (PA2026-03), ``release_remainder(funded, actor=, reason=)``;
- finance: ``release(request, actor=, paid_on=, method=, reference=)``, ``send_back(request, actor=, reason=)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements import selectors as agreement_selectors
from agreements import services as agreement_services
from agreements.models import FundedProject, Obligation
from agreements.rules.base import ObligationKind, long_date
from agreements.rules.registry import post_award
from core import workflow
from core.files import delete_after_commit
from core.money import usd
from core.workflow import WorkflowError
from funding import services as funding
from payments.rules.payable import REQUEST_FIELDS
from payments.rules.programs import PAYMENT_RULES
from programs.rules.fields import InputError, parse_values, to_jsonable

from . import notices, selectors
from .models import Confirmation, CostLine, Milestone, PaymentDocument, PaymentRequest, Step

ZERO = Decimal("0.00")
INVOICE_DATE = next(spec for spec in REQUEST_FIELDS if spec.name == "invoice_date")
MAX_LINES = 50
Status = PaymentRequest.Status


class PaymentError(WorkflowError):
    """A request about a payment refused, with a message for the person who asked."""


def require(request: PaymentRequest, action: str, refused: str) -> None:
    workflow.require(
        request,
        action,
        f"A payment request that is {request.get_status_display().lower()} cannot be {refused}.",
        PaymentError,
    )


def move(request: PaymentRequest, action: str, actor, reason: str = "") -> Step:
    """Run the named transition on a locked request and record the step (who, when, why); the caller saves."""
    before = request.status
    getattr(request, action)()
    return Step.objects.create(
        request=request, action=action, from_status=before, to_status=request.status, actor=actor, reason=reason
    )


def _reason(reason: str, what: str) -> str:
    if not reason.strip():
        raise PaymentError(f"Say why the payment request is {what}.")
    return reason.strip()


def _require_awardee(actor, request: PaymentRequest, *, acting: bool = False) -> None:
    allowed = (selectors.acts_for_awardee if acting else selectors.is_awardee)(actor, request.agreement)
    if not allowed:
        raise PaymentError(
            "Only the awardee's owners and staff submit or withdraw payment requests; a consultant prepares them."
            if acting and selectors.is_awardee(actor, request.agreement)
            else "Only the awardee prepares its payment requests."
        )


def _require_editable(request: PaymentRequest) -> None:
    if not request.is_editable:
        raise PaymentError(f"A payment request that is {request.get_status_display().lower()} cannot be changed.")


def _require_in_force(request: PaymentRequest) -> None:
    """Money moves only under an executed agreement in force for the project (001_ea26778b00a7e017.txt, PA2026-02
    SECTION 4: "no obligation to fund a project until an Agreement is fully executed by both parties")."""
    if not agreement_selectors.is_executed(request.project):
        raise PaymentError(f"The {request.agreement.noun} is no longer in force for this project; nothing is paid.")


def _require_staff(actor, request: PaymentRequest | None = None) -> None:
    if not selectors.may_review(actor):
        raise PaymentError("Only program staff review payment requests.")
    if request is not None and selectors.belongs_to_awardee(actor, request.agreement):
        raise PaymentError("The awardee's own account cannot review its payment request.")


# --- The awardee ---------------------------------------------------------------------------------------------


@transaction.atomic
def start_request(funded: FundedProject, *, actor) -> PaymentRequest:
    """A draft request on a funded project of an executed agreement: one open request per project at a time, and
    only while part of the award is not yet paid."""
    agreement = workflow.lock(funded.agreement)
    funded.refresh_from_db()
    project = funded.project
    if not selectors.is_awardee(actor, agreement):
        raise PaymentError(_("Only the awardee requests payment."))
    if not agreement_selectors.is_executed(project):
        raise PaymentError(
            _("Payment is requested on an executed %(noun)s in force; this one is %(status)s.")
            % {"noun": agreement.noun_display, "status": agreement.get_status_display().lower()}
        )
    if agreement.program.code not in PAYMENT_RULES:
        raise PaymentError(f"{agreement.program.code} has no payment step.")
    if open_request := PaymentRequest.objects.filter(project=project, status__in=PaymentRequest.OPEN).first():
        raise PaymentError(f"{open_request} is still {open_request.get_status_display().lower()}; finish it first.")
    balance = selectors.balance_of(project)
    if balance.outstanding <= 0:
        raise PaymentError(f"Nothing of this project's award is left to pay ({usd(balance.disbursed)} paid).")
    number = (PaymentRequest.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0) + 1
    request = PaymentRequest.objects.create(
        agreement=agreement,
        funded_project=funded,
        project=project,
        program=agreement.program,
        number=number,
        created_by=actor,
    )
    Step.objects.create(request=request, action="start", from_status=Status.DRAFT, to_status=Status.DRAFT, actor=actor)
    return request


@transaction.atomic
def save_request(
    request: PaymentRequest, raw: dict, *, actor, milestone: int | None = None, today: dt.date | None = None
) -> PaymentRequest:
    """The invoice date, the program's own facts (financed equipment, verified capacity) and the milestone; every
    bad value is named (``InputError``)."""
    workflow.lock(request)
    _require_awardee(actor, request)
    _require_editable(request)
    rules = selectors.rules_of(request)
    fields = (INVOICE_DATE, *selectors.program_fields(rules, request))
    values = parse_values(fields, raw, partial=True, strict=False)
    errors = {}
    today = today or timezone.localdate()
    if (invoice_date := values.pop("invoice_date", None)) and invoice_date > today:
        errors["invoice_date"] = _("%(field)s: %(day)s is still to come.") % {
            "field": _(INVOICE_DATE.label),
            "day": date_format(invoice_date, "DATE_FORMAT"),
        }
    schedule = selectors.schedule_of(request.funded_project)
    if milestone is not None and not 1 <= milestone <= max(len(schedule), 1):
        errors["milestone"] = ngettext(
            "Choose the %(count)d milestone of the payment schedule.",
            "Choose one of the %(count)d milestones of the payment schedule.",
            len(schedule),
        ) % {"count": len(schedule)}
    if errors:
        raise InputError(errors)
    request.invoice_date = invoice_date
    request.values = to_jsonable(fields, values)
    request.milestone = milestone if schedule else None
    request.save(update_fields=["invoice_date", "values", "milestone"])
    return request


def _totals(request: PaymentRequest) -> None:
    """The request's invoiced eligible cost and other funding from its lines, less the costs staff disallowed."""
    lines = request.lines.filter(disallowed_at__isnull=True)
    sums = dict(lines.values_list("kind").annotate(total=Sum("amount")).order_by())
    request.invoiced_eligible_cost = sums.get(CostLine.Kind.COST, ZERO)
    request.other_incentives = sums.get(CostLine.Kind.OTHER_FUNDING, ZERO)
    request.save(update_fields=["invoiced_eligible_cost", "other_incentives"])


@transaction.atomic
def add_line(
    request: PaymentRequest, *, kind: str, description: str, amount: Decimal, reference: str = "", actor
) -> CostLine:
    """One invoiced cost paid (with its invoice number) or one other source of funding received."""
    workflow.lock(request)
    _require_awardee(actor, request)
    _require_editable(request)
    if kind not in CostLine.Kind.values:
        raise PaymentError("Choose an invoiced cost or other funding received.")
    if not description.strip():
        raise PaymentError("Describe the cost or name the funding source.")
    if amount is None or amount <= 0:
        raise PaymentError("Give an amount more than $0.00.")
    if request.lines.count() >= MAX_LINES:
        raise PaymentError(f"A request lists at most {MAX_LINES} lines; combine some.")
    line = CostLine.objects.create(
        request=request,
        kind=kind,
        description=description.strip()[:200],
        reference=reference.strip()[:100],
        amount=amount,
    )
    _totals(request)
    return line


@transaction.atomic
def delete_line(line: CostLine, *, actor) -> None:
    request = workflow.lock(line.request)
    _require_awardee(actor, request)
    _require_editable(request)
    line.delete()
    _totals(request)


@transaction.atomic
def add_document(request: PaymentRequest, *, slot: str, upload, actor) -> PaymentDocument:
    """One file in one of the program's document slots (validated by the form: size and content signature)."""
    workflow.lock(request)
    _require_awardee(actor, request)
    _require_editable(request)
    if slot not in {doc.key for doc in selectors.rules_of(request).documents}:
        raise PaymentError("Choose one of the listed documents.")
    return PaymentDocument.objects.create(
        request=request,
        slot=slot,
        file=upload,
        original_name=upload.name[:255],
        content_type=(getattr(upload, "content_type", "") or "")[:100],
        size=upload.size,
        uploaded_by=actor,
    )


@transaction.atomic
def reuse_document(request: PaymentRequest, *, source: str, pk: int, actor) -> PaymentDocument:
    """A copy of a document already given for this project (``selectors.documents_on_file``), in the same slot:
    the dismantler's receipt from the agreement page, fleet compliance from the application (issue 22)."""
    from django.core.files.base import ContentFile

    workflow.lock(request)
    _require_awardee(actor, request)
    _require_editable(request)
    offered = selectors.documents_on_file(request)
    match = next((item for item in offered.values() if (item.source, item.pk) == (source, pk)), None)
    if match is None:
        raise PaymentError(_("That document is not on file for this project."))
    model = _on_file_model(source)
    original = model.objects.get(pk=pk)
    with original.file.open("rb") as stored:
        content = ContentFile(stored.read(), name=original.original_name)
    return PaymentDocument.objects.create(
        request=request,
        slot=match.slot,
        file=content,
        original_name=original.original_name,
        content_type=original.content_type[:100],
        size=original.size,
        uploaded_by=actor,
    )


def _on_file_model(source: str):
    from applications.models import Attachment
    from inspections.models import ProjectDocument

    return {"application": Attachment, "destruction": ProjectDocument}[source]


@transaction.atomic
def delete_document(document: PaymentDocument, *, actor) -> None:
    request = workflow.lock(document.request)
    _require_awardee(actor, request)
    _require_editable(request)
    document.delete()
    delete_after_commit(document.file)


def _complete_invoice_obligation(request: PaymentRequest, actor, on: dt.date) -> None:
    """The agreement's invoice obligation ("Submit the final invoice", "Submit the payment request", "Submit the
    project invoice") is fulfilled by the first request submitted for the final payment (agreements.services)."""
    program = post_award(request.program.code)
    keys = [rule.key for rule in program.obligations if rule.kind is ObligationKind.INVOICE and not rule.done_by]
    schedule = selectors.schedule_of(request.funded_project)
    if request.milestone and request.milestone < len(schedule):
        return
    for obligation in Obligation.objects.filter(
        project=request.project, key__in=keys, done_on__isnull=True, waived_at__isnull=True, status__in=Obligation.OPEN
    ):
        agreement_services.complete_obligation(request.project, obligation.key, on=on, actor=actor, record=request)


@transaction.atomic
def submit(request: PaymentRequest, *, actor, certified: bool, today: dt.date | None = None) -> PaymentRequest:
    """The awardee sends the request to staff with every required document, certifying the costs were paid.

    Holds that are not the awardee's to clear (an inspection not yet passed, the deadline passed) do not stop the
    submission; staff see them beside the request. Staff are told."""
    workflow.lock(request)
    _require_awardee(actor, request, acting=True)
    require(request, "submit", "submitted")
    if not certified:
        raise PaymentError(
            "Certify that the invoiced costs were paid and that the other funding listed is all the "
            "funding received for this project."
        )
    result = selectors.computation(request)
    if result.problems:
        raise PaymentError("Before submitting: " + "; ".join(result.problems.values()) + ".")
    if missing := result.payment.documents_missing:
        raise PaymentError("Upload the required documents first: " + "; ".join(doc.label for doc in missing) + ".")
    resubmitted = request.status == Status.RETURNED
    move(request, "submit", actor, "Submitted again after the return." if resubmitted else "")
    request.submitted_at, request.submitted_by = timezone.now(), actor
    request.save()
    _complete_invoice_obligation(request, actor, timezone.localdate(request.submitted_at) if today is None else today)
    notices.submitted(request)
    return request


@transaction.atomic
def withdraw(request: PaymentRequest, *, actor, reason: str = "") -> PaymentRequest:
    workflow.lock(request)
    _require_awardee(actor, request, acting=True)
    require(request, "withdraw", "withdrawn")
    move(request, "withdraw", actor, reason.strip())
    request.save()
    return request


# --- Staff ---------------------------------------------------------------------------------------------------


def _require_submitted(request: PaymentRequest, what: str) -> None:
    if request.status != Status.SUBMITTED:
        raise PaymentError(f"{what} on a submitted request; this one is {request.get_status_display().lower()}.")


@transaction.atomic
def confirm(request: PaymentRequest, key: str, *, actor, note: str = "") -> Confirmation:
    """Staff confirm one of payments' own clearances (``selectors.STAFF_CLEARANCES``) on a submitted request."""
    workflow.lock(request)
    _require_staff(actor, request)
    _require_submitted(request, "Clearances are confirmed")
    keys = {item.key for item in selectors.rules_of(request).clearances} & selectors.STAFF_CLEARANCES
    if key not in keys:
        raise PaymentError("That is not a clearance staff confirm for this program.")
    if request.confirmations.filter(key=key).exists():
        raise PaymentError("Already confirmed.")
    return Confirmation.objects.create(request=request, key=key, note=note.strip(), confirmed_by=actor)


@transaction.atomic
def unconfirm(request: PaymentRequest, key: str, *, actor, reason: str) -> None:
    """Staff take back a confirmation made in error, saying why (kept in the request's history)."""
    reason = _reason(reason, "no longer cleared")
    workflow.lock(request)
    _require_staff(actor, request)
    _require_submitted(request, "Confirmations are taken back")
    confirmation = request.confirmations.filter(key=key).first()
    if confirmation is None:
        raise PaymentError("That clearance is not confirmed.")
    confirmation.delete()
    Step.objects.create(
        request=request,
        action="unconfirm",
        from_status=request.status,
        to_status=request.status,
        actor=actor,
        reason=f"{key}: {reason}",
    )


@transaction.atomic
def refuse_document(document: PaymentDocument, *, actor, reason: str) -> PaymentDocument:
    """Staff refuse a file (unreadable, the wrong document), saying why; its slot counts as missing again."""
    reason = _reason(reason, "refused")
    request = workflow.lock(document.request)
    _require_staff(actor, request)
    _require_submitted(request, "Documents are refused")
    document.refresh_from_db()
    if document.is_refused:
        raise PaymentError(f"{document.original_name} is already refused.")
    document.refused_reason, document.refused_by, document.refused_at = reason, actor, timezone.now()
    document.save(update_fields=["refused_reason", "refused_by", "refused_at"])
    return document


@transaction.atomic
def disallow_line(line: CostLine, *, actor, reason: str) -> CostLine:
    """Staff disallow one invoiced cost the agreement does not pay for (issue 21), saying why: the line stays on the
    request, marked, and the invoiced eligible cost (and so the payable ``payments.rules.payable`` computes) is
    recomputed without it. Other funding received always counts, so it is never disallowed."""
    if not reason.strip():
        raise PaymentError("Say why the cost is disallowed.")
    request = workflow.lock(line.request)
    _require_staff(actor, request)
    _require_submitted(request, "Costs are disallowed")
    line.refresh_from_db()
    if line.kind != CostLine.Kind.COST:
        raise PaymentError("Other funding received always counts against the payment; only a cost is disallowed.")
    if line.disallowed_at is not None:
        raise PaymentError(f"{line.description} is already disallowed.")
    line.disallowed_reason, line.disallowed_by, line.disallowed_at = reason.strip(), actor, timezone.now()
    line.save(update_fields=["disallowed_reason", "disallowed_by", "disallowed_at"])
    before = request.invoiced_eligible_cost
    _totals(request)
    Step.objects.create(
        request=request,
        action="disallow_line",
        from_status=request.status,
        to_status=request.status,
        actor=actor,
        reason=f"{line.description} ({usd(line.amount)}): {reason.strip()} Eligible cost {usd(before)} is now "
        f"{usd(request.invoiced_eligible_cost)}.",
    )
    return line


@transaction.atomic
def approve(request: PaymentRequest, *, actor, note: str = "") -> PaymentRequest:
    """Staff approve the amount ``payments.rules.payable`` computes now, inside the lock; never while a hold
    stands, never for nothing. The computation is kept with the request, and finance is told."""
    workflow.lock(request)
    _require_staff(actor, request)
    require(request, "approve", "approved")
    _require_in_force(request)
    result = selectors.computation(request)
    if result.problems:
        raise PaymentError("The request is incomplete: " + "; ".join(result.problems.values()) + ".")
    payment = result.payment
    if payment.holds:
        raise PaymentError("Payment is held: " + "; ".join(hold.reason for hold in payment.holds) + ".")
    if payment.payable <= 0:
        raise PaymentError(f"Nothing is payable: {payment.reason}")
    move(request, "approve", actor, note.strip() or payment.reason)
    request.approved_amount, request.approved_by, request.approved_at = payment.payable, actor, timezone.now()
    request.computation = payment.as_dict()
    request.save()
    notices.approved(request)
    return request


def second_approval_above(request: PaymentRequest) -> Decimal | None:
    """The amount above which the program's payments need a supervisor's second approval before release
    (``Program.second_approval_above``, a district setting per program: the announcements name none), or ``None``."""
    return request.agreement.program.second_approval_above


def needs_second_approval(request: PaymentRequest) -> bool:
    threshold = second_approval_above(request)
    return threshold is not None and request.approved_amount is not None and request.approved_amount > threshold


def second_approval_refusal(request: PaymentRequest, actor) -> str:
    """Why ``actor`` may not give the approved ``request`` its second approval, in words, or "" (issue 21)."""
    if request.status != Status.APPROVED:
        return f"A payment request that is {request.get_status_display().lower()} has no approval to confirm."
    if not needs_second_approval(request):
        return "This payment is within the program's amount for one approval; it needs no second approval."
    if request.second_approved_at is not None:
        return "This payment already has its second approval."
    if not actor.has_perm("programs.supervise_program"):
        return "The second approval is given by a supervisor; your account does not hold the supervisor permission."
    if request.approved_by_id == actor.pk:
        return "You approved this payment; a different supervisor gives the second approval."
    if selectors.belongs_to_awardee(actor, request.agreement):
        return "The awardee's own account cannot approve its payment."
    return ""


@transaction.atomic
def second_approve(request: PaymentRequest, *, actor, note: str = "") -> PaymentRequest:
    """A supervisor's second approval of a payment above the program's amount (never the first approver): the
    approved amount may then be released by finance."""
    workflow.lock(request)
    if refusal := second_approval_refusal(request, actor):
        raise PaymentError(refusal)
    request.second_approved_by, request.second_approved_at = actor, timezone.now()
    request.save(update_fields=["second_approved_by", "second_approved_at"])
    Step.objects.create(
        request=request,
        action="second_approve",
        from_status=request.status,
        to_status=request.status,
        actor=actor,
        reason=note.strip() or f"Second approval of {usd(request.approved_amount)}.",
    )
    return request


@transaction.atomic
def return_to_awardee(request: PaymentRequest, *, actor, reason: str) -> PaymentRequest:
    """Staff send the request back to the awardee to correct, saying what to fix; the awardee is told."""
    reason = _reason(reason, "returned")
    workflow.lock(request)
    _require_staff(actor, request)
    require(request, "return_to_awardee", "returned")
    move(request, "return_to_awardee", actor, reason)
    request.save()
    notices.returned(request)
    return request


@transaction.atomic
def reject(request: PaymentRequest, *, actor, reason: str) -> PaymentRequest:
    reason = _reason(reason, "rejected")
    workflow.lock(request)
    _require_staff(actor, request)
    require(request, "reject", "rejected")
    move(request, "reject", actor, reason)
    request.save()
    notices.rejected(request)
    return request


# --- Finance -------------------------------------------------------------------------------------------------


def _require_finance(actor, request: PaymentRequest) -> None:
    if not selectors.may_release(actor):
        raise PaymentError("Only a person with the finance permission releases payments.")
    if selectors.belongs_to_awardee(actor, request.agreement):
        raise PaymentError("The awardee's own account cannot release its payment.")


@transaction.atomic
def send_back(request: PaymentRequest, *, actor, reason: str) -> PaymentRequest:
    """Finance (or staff) send an approved request back for staff to look at again, saying why."""
    reason = _reason(reason, "sent back")
    workflow.lock(request)
    if not (selectors.may_release(actor) or selectors.may_review(actor)):
        raise PaymentError("Only staff or finance send an approved payment back.")
    require(request, "send_back", "sent back")
    move(request, "send_back", actor, reason)
    request.approved_amount = request.approved_by = request.approved_at = None
    request.second_approved_by = request.second_approved_at = None
    request.computation = {}
    request.save()
    notices.sent_back(request)
    return request


@transaction.atomic
def release(
    request: PaymentRequest, *, actor, paid_on: dt.date, method: str, reference: str, today: dt.date | None = None
) -> PaymentRequest:
    """The second person releases an approved payment: a disbursement of the approved amount in the fund ledger
    (``funding.services.disburse``) in the same transaction, the request's row locked throughout.

    Never the person who approved it. Staff's approval cleared the holds (proof, inspections, deadline); finance's
    release re-checks the money inside the lock: the payable is computed again with what was already paid read from
    the ledger, so an amount the award no longer allows, or a second release, pays nothing."""
    workflow.lock(request)
    _require_finance(actor, request)
    require(request, "release", "released")
    _require_in_force(request)
    if request.approved_by_id == actor.pk:
        raise PaymentError("The person who approved a payment cannot release it: a second person releases it.")
    if needs_second_approval(request) and request.second_approved_at is None:
        raise PaymentError(
            f"A payment of {usd(request.approved_amount)} is above this program's {usd(second_approval_above(request))}"
            ": a supervisor gives the second approval before it is released."
        )
    if request.second_approved_by_id == actor.pk:
        raise PaymentError("The supervisor who gave the second approval cannot also release the payment.")
    if method not in PaymentRequest.Method.values:
        raise PaymentError("Choose how the payment was made.")
    if not reference.strip():
        raise PaymentError("Give the payment's reference (check number, ACH trace or wire reference).")
    today = today or timezone.localdate()
    if paid_on > today:
        raise PaymentError(f"{long_date(paid_on)} is still to come: record the payment once it is made.")
    if paid_on < timezone.localdate(request.approved_at):
        raise PaymentError(
            f"{long_date(paid_on)} is before the approval on {long_date(timezone.localdate(request.approved_at))}."
        )
    payment = selectors.computation(request).payment
    if payment is None or payment.payable_when_cleared < request.approved_amount:
        now = f"{usd(payment.payable_when_cleared)} is payable now" if payment else "the request is incomplete"
        raise PaymentError(
            f"The payment was approved at {usd(request.approved_amount)} but {now} (the award or "
            "what was already paid changed). Send it back to staff to approve again."
        )
    method_label = PaymentRequest.Method(method).label
    entries = funding.disburse(
        request.project,
        request.approved_amount,
        actor=actor,
        reason=f"Payment request {request.number} for {request.reference}: {method_label} "
        f"{reference.strip()}, paid {long_date(paid_on)}.",
    )
    move(request, "release", actor, f"{method_label} {reference.strip()}")
    request.paid_amount, request.paid_on = request.approved_amount, paid_on
    request.payment_method, request.payment_reference = method, reference.strip()[:100]
    request.released_by, request.released_at = actor, timezone.now()
    request.save()
    request.disbursements.set(entries)
    notices.released(request)
    return request


# --- The project ---------------------------------------------------------------------------------------------


@transaction.atomic
def set_schedule(funded: FundedProject, milestones: Sequence[tuple[str, Decimal]], *, actor) -> list[Milestone]:
    """Staff set the payment schedule the agreement prescribes (PA2026-03 Table 2 step 5): named milestone payments
    that add up to the award. Not once a request on the project is past its draft."""
    agreement = workflow.lock(funded.agreement)
    funded.refresh_from_db()
    if not selectors.may_review(actor):
        raise PaymentError("Only program staff set a payment schedule.")
    if not PAYMENT_RULES.get(agreement.program.code) or not PAYMENT_RULES[agreement.program.code].milestones:
        raise PaymentError(f"{agreement.program.code} pays no milestone schedule.")
    if (
        PaymentRequest.objects.filter(project=funded.project)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN, Status.REJECTED])
        .exists()
    ):
        raise PaymentError("A payment request on this project has been submitted; the schedule can no longer change.")
    items = [(name.strip(), amount) for name, amount in milestones if name.strip() or amount]
    if not items:
        raise PaymentError("List at least one milestone with its amount.")
    if any(not name or amount is None or amount <= 0 for name, amount in items):
        raise PaymentError("Each milestone needs a name and an amount more than $0.00.")
    total = sum((amount for _, amount in items), ZERO)
    if total != funded.award:
        raise PaymentError(
            f"The milestone amounts add up to {usd(total)}, not the award {usd(funded.award)}: the "
            "agreement's schedule divides the award."
        )
    funded.payment_milestones.all().delete()
    return [
        Milestone.objects.create(funded_project=funded, number=number, name=name[:200], amount=amount, set_by=actor)
        for number, (name, amount) in enumerate(items, start=1)
    ]


@transaction.atomic
def release_remainder(funded: FundedProject, *, actor, reason: str):
    """The project closes for less than its award: what is awarded and not yet paid goes back to its fund
    (``funding.services.release``). Only after a payment, with no request open."""
    reason = _reason(reason, "closed for less")
    workflow.lock(funded.agreement)
    if not selectors.may_review(actor):
        raise PaymentError("Only program staff close a project's payments.")
    project = funded.project
    if PaymentRequest.objects.filter(project=project, status__in=PaymentRequest.OPEN).exists():
        raise PaymentError("A payment request on this project is still open; finish it first.")
    if not PaymentRequest.objects.filter(project=project, status=Status.PAID).exists():
        raise PaymentError(
            "Nothing has been paid on this project; an award never paid is released by terminating the agreement."
        )
    outstanding = selectors.balance_of(project).outstanding
    if outstanding <= 0:
        raise PaymentError("Nothing of the award is left to release.")
    return funding.release(
        project, outstanding, actor=actor, reason=f"Project closed for less than its award: {reason}"
    )
