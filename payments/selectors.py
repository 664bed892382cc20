"""Reads of payment requests, and the one place the payable amount is computed from the database.

- ``requests_visible_to(user)``: staff, finance and board members every request; an awardee the requests of the
  agreements they are the awardee of; anyone else none. Who may do what: ``is_district``, ``may_review`` (staff),
  ``may_release`` (the finance permission), ``acts_for_awardee``.
- ``clearances_for(project)``: THE adapter to the inspections app (see its docstring).
- ``computation(request)``: what the awardee's preview and the staff page both show, built by calling the pure
  ``payments.rules.payable.payable`` once with the request's facts (``payment_facts``): never a second computation.
- ``payable_projects_of(user)``: the awardee's funded projects of executed agreements, with their requests.
- ``queue(...)``, ``released_payments(...)``: staff's list and the accounting export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from agreements import selectors as agreements
from agreements.models import Agreement, FundedProject
from agreements.rules.base import ObligationKind
from agreements.rules.registry import post_award
from applications.models import Project
from funding import selectors as funding
from inspections.selectors import clearances
from payments.rules.base import Needed, PaymentRules
from payments.rules.payable import LIMIT_LABELS, Payment, payable
from payments.rules.payable import Milestone as ScheduledPayment
from payments.rules.programs import PAYMENT_RULES
from programs.rules.fields import Field, InputError, parse_values
from programs.templatetags.money import usd

from .models import Confirmation, CostLine, PaymentDocument, PaymentRequest

ZERO = Decimal("0.00")

STAFF_CLEARANCES = frozenset({"baba_documentation_approved", "funding_sources_reported"})
"""Clearances that are payments' own business, confirmed by staff on the request (``services.confirm``): the BABA
documentation approved "prior to payment" (001_ea26778b00a7e017.txt, PA2026-03 SECTION II "Build America Buy America
(BABA)") and all funding sources reported "prior to invoice payment" (002_93fe1fbed5faf247.txt, OTHER IMPORTANT
PROGRAM INFORMATION). Every other clearance of ``PAYMENT_RULES`` is an inspection's (``clearances_for``)."""

NOT_RECORDED = "inspection not recorded yet"


# --- Who may do what -----------------------------------------------------------------------------------------


def is_district(user) -> bool:
    """Staff, finance and board members: the payments view permission."""
    return user.is_authenticated and user.has_perm("payments.view_paymentrequest")


def may_review(user) -> bool:
    """Staff who approve, return and reject requests and confirm clearances (board members and finance do not)."""
    return is_district(user) and user.has_perm("payments.change_paymentrequest")


def may_release(user) -> bool:
    """The second person: the finance permission releases approved payments."""
    return is_district(user) and user.has_perm("payments.release_paymentrequest")


def requests_visible_to(user) -> QuerySet[PaymentRequest]:
    """Every request for staff, finance and board members; an awardee's own requests (through the agreements they
    may see, so organizations and ownership transfers flow in); nothing for anyone else."""
    requests = PaymentRequest.objects.select_related(
        "agreement__program", "agreement__application", "program", "funded_project", "project"
    )
    if is_district(user):
        return requests
    if not user.is_authenticated:
        return requests.none()
    return requests.filter(agreement__in=agreements.agreements_visible_to(user).values("pk"))


def belongs_to_awardee(user, agreement: Agreement) -> bool:
    """The person is the awardee's: a member of its organization or the owner after a transfer, whatever other
    permissions the account holds (the awardee never reviews or releases its own payment)."""
    if not user.is_authenticated:
        return False
    if agreement.owner_id:
        return agreement.owner_id == user.pk
    from applications.selectors import applications_of

    return applications_of(user).filter(pk=agreement.application_id).exists()


def is_awardee(user, agreement: Agreement) -> bool:
    """A member of the awardee's organization (or the owner after a transfer): prepares requests."""
    return not is_district(user) and agreements.is_awardee(user, agreement)


def acts_for_awardee(user, agreement: Agreement) -> bool:
    """Owners and staff of the awardee submit and withdraw; a consultant prepares (as with applications)."""
    if not is_awardee(user, agreement):
        return False
    if agreement.owner_id:
        return agreement.owner_id == user.pk
    from applications.selectors import membership_for

    membership = membership_for(user, agreement.application)
    return membership is not None and membership.acts_for_applicant


# --- The inspections adapter ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClearanceState:
    passed: bool
    reason: str = ""


def clearances_for(project: Project) -> dict[str, ClearanceState]:
    """Every inspection clearance of the project's program (``PAYMENT_RULES``) by key, passed or not and why.

    THE adapter to the inspections app: ``inspections.selectors.clearances(project)`` (a dict of key ->
    ``Clearance(passed, reason)``); a clearance no inspection has recorded is not passed, "inspection not recorded
    yet". Payments' own clearances (``STAFF_CLEARANCES``) are not asked of inspections. No switch bypasses it: the
    demo's cleared trucks pass recorded inspections (``inspections.demo``, run before ``payments.demo``; issue 26).
    """
    rules = PAYMENT_RULES[project.application.program.code]
    keys = [item.key for item in rules.clearances if item.key not in STAFF_CLEARANCES]
    recorded: Mapping[str, Any] = clearances(project)
    found = {}
    for key in keys:
        item = recorded.get(key)
        found[key] = (
            ClearanceState(bool(item.passed), getattr(item, "reason", "") or "")
            if item is not None
            else ClearanceState(False, NOT_RECORDED)
        )
    return found


@dataclass(frozen=True)
class ClearanceRow:
    """One clearance as the pages show it."""

    key: str
    label: str
    passed: bool
    reason: str
    by_staff: bool
    final_only: bool
    source: str
    confirmation: Confirmation | None = None


def clearance_rows(request: PaymentRequest) -> list[ClearanceRow]:
    rules = PAYMENT_RULES[request.program.code]
    inspected = clearances_for(request.project)
    confirmed = {item.key: item for item in request.confirmations.select_related("confirmed_by")}
    rows = []
    for item in rules.clearances:
        staff = item.key in STAFF_CLEARANCES
        if staff:
            confirmation = confirmed.get(item.key)
            state = ClearanceState(confirmation is not None, confirmation.note if confirmation else "")
        else:
            confirmation, state = None, inspected.get(item.key, ClearanceState(False, NOT_RECORDED))
        rows.append(
            ClearanceRow(
                item.key,
                item.label,
                state.passed,
                state.reason,
                staff,
                item.needed is Needed.FINAL,
                str(item.source),
                confirmation,
            )
        )
    return rows


# --- The facts the pure rules read ---------------------------------------------------------------------------


def rules_of(request_or_project) -> PaymentRules:
    code = (
        request_or_project.program.code
        if isinstance(request_or_project, PaymentRequest)
        else (request_or_project.agreement.program.code)
    )
    return PAYMENT_RULES[code]


def program_fields(rules: PaymentRules, request: PaymentRequest | None = None) -> tuple[Field, ...]:
    """The program's own request fields the awardee answers (the milestone is chosen from the schedule), those of
    one funding path only where the request's project has it (PA2022-01: a Prop 1B project's other funding)."""
    path = request.funded_project.values.get("path") if request is not None else None
    return tuple(spec for spec in rules.request_fields if spec.name != "milestone" and rules.asks(spec.name, path))


def balance_of(project: Project) -> funding.Balance:
    """What the fund ledger holds for the project: awarded (encumbered, net of releases) and paid (disbursed)."""
    return funding.balances_by_project([project]).get(project.pk, funding.Balance())


def schedule_of(funded: FundedProject) -> list[ScheduledPayment]:
    return [ScheduledPayment(item.name, item.amount) for item in funded.payment_milestones.order_by("number")]


def _answers(funded: FundedProject) -> dict[str, Any]:
    """What the application says that the payment clause reads and the agreement does not state: PA2026-01's
    equipment type (the replacement's, as the evaluation capped it) and PA2022-01's public agency answer."""
    project, application = funded.project, funded.agreement.application
    return {
        "equipment_type": project.data.get("replacement_equipment_type"),
        "public_agency": application.details.get("public_agency"),
    }


def agreement_facts(funded: FundedProject, rules: PaymentRules) -> dict[str, Any]:
    """The typed ``agreement`` the payable reads: the agreement's values, and as the award the least of the award the
    agreement states and what the ledger holds for the project (less after a release)."""
    values = agreements.agreement_values(funded)
    answers = _answers(funded)
    missing = {
        spec.name: answers[spec.name]
        for spec in rules.agreement_fields
        if spec.name not in values and answers.get(spec.name) is not None
    }
    values.update(parse_values(rules.agreement_fields, missing, partial=True, strict=False))
    if absent := [spec.label for spec in rules.agreement_fields if spec.name not in values]:
        raise InputError({"agreement": "the agreement does not state: " + "; ".join(absent)})
    values["award"] = min(funded.award, balance_of(funded.project).encumbered)
    return values


def extended_deadline(funded: FundedProject) -> dt.date | None:
    """The invoice deadline as an amendment extended it for this project (``agreements.selectors.extensions_of``)."""
    program = post_award(funded.agreement.program.code)
    keys = {rule.key for rule in program.obligations if rule.kind is ObligationKind.INVOICE}
    extensions = agreements.extensions_of(funded.project)
    dates = [extensions[key][0] for key in keys if key in extensions]
    return max(dates) if dates else None


@dataclass(frozen=True)
class OnFile:
    """A document the district already holds for the project, in a payment document slot: a file of the application
    (``Attachment`` in a slot of the same name) or of an earlier payment request of the same project (issue 21:
    shown, not asked again)."""

    slot: str
    name: str
    where: str
    url: str


def on_file(request: PaymentRequest) -> dict[str, list[OnFile]]:
    """The documents on file for the request's project by payment slot: two queries."""
    from django.urls import reverse

    from applications.models import Attachment

    keys = [doc.key for doc in rules_of(request).documents]
    found: dict[str, list[OnFile]] = {}
    application_id = request.project.application_id
    attachments = (
        Attachment.objects.filter(application_id=application_id, slot__in=keys)
        .filter(Q(project__isnull=True) | Q(project_id=request.project_id))
        .order_by("uploaded_at", "pk")
    )
    for attachment in attachments:
        url = reverse("applications:attachment_download", args=[application_id, attachment.pk])
        where = gettext("the application")
        found.setdefault(attachment.slot, []).append(OnFile(attachment.slot, attachment.original_name, where, url))
    earlier = (
        PaymentDocument.objects.filter(request__project_id=request.project_id, slot__in=keys, refused_at__isnull=True)
        .exclude(request=request)
        .exclude(request__status__in=[PaymentRequest.Status.WITHDRAWN, PaymentRequest.Status.DRAFT])
        .select_related("request")
        .order_by("uploaded_at", "pk")
    )
    for document in earlier:
        url = reverse("payments:download", args=[document.request_id, document.pk])
        where = gettext("payment request %(number)s") % {"number": document.request.number}
        found.setdefault(document.slot, []).append(OnFile(document.slot, document.original_name, where, url))
    return found


def document_keys(request: PaymentRequest, held: Mapping[str, list[OnFile]] | None = None) -> list[str]:
    """The slots holding at least one file staff have not refused, on this request or already on file."""
    own = set(request.documents.filter(refused_at__isnull=True).values_list("slot", flat=True))
    return sorted(own | set(on_file(request) if held is None else held))


def request_facts(request: PaymentRequest, rules: PaymentRules, *, already_paid: Decimal) -> dict[str, Any]:
    """The typed ``request`` the payable reads; ``InputError`` names what the awardee has not given yet."""
    missing = {}
    if request.invoice_date is None:
        missing["invoice_date"] = gettext("give the invoice date")
    if request.invoiced_eligible_cost <= 0:
        missing["invoiced_eligible_cost"] = gettext("list at least one invoiced cost")
    specs = program_fields(rules, request)
    values = parse_values(specs, request.values, partial=True, strict=False)
    absent = [spec for spec in specs if spec.required and spec.name not in values]
    missing.update({spec.name: gettext("answer “%(question)s”") % {"question": gettext(spec.label)} for spec in absent})
    if missing:
        raise InputError(missing)
    facts = {
        "invoice_date": request.invoice_date,
        "invoiced_eligible_cost": request.invoiced_eligible_cost,
        "other_incentives": request.other_incentives,
        "already_paid": already_paid,
        **values,
    }
    if request.milestone:
        facts["milestone"] = request.milestone
    return facts


def payment_facts(request: PaymentRequest, held: Mapping[str, list[OnFile]] | None = None) -> dict[str, Any]:
    """Everything ``payable`` is called with for this request, read from the agreement, the ledger, the inspections,
    the staff confirmations and the uploads."""
    rules = rules_of(request)
    funded = request.funded_project
    clearances = {row.key: row.passed for row in clearance_rows(request)}
    return {
        "rules": rules,
        "terms": agreements.terms_for(request.agreement),
        "agreement": agreement_facts(funded, rules),
        "request": request_facts(request, rules, already_paid=balance_of(request.project).disbursed),
        "clearances": clearances,
        "documents": document_keys(request, held),
        "schedule": schedule_of(funded),
        "extended_deadline": extended_deadline(funded),
    }


@dataclass
class DocumentNeed:
    key: str
    label: str
    needed: bool
    when: str
    files: list[PaymentDocument] = field(default_factory=list)
    on_file: list[OnFile] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.needed and not self.on_file and not any(not item.is_refused for item in self.files)


@dataclass(frozen=True)
class ReusableFile:
    """A document the awardee already gave for this project elsewhere, offered for a payment slot (issue 22):
    from the application (``source`` "application") or the agreement's destruction documents ("destruction")."""

    slot: str
    source: str
    pk: int
    original_name: str
    given_on: dt.datetime


def documents_on_file(request: PaymentRequest) -> dict[str, ReusableFile]:
    """For each empty document slot, the latest file with the same name of slot the project already has: the
    application's attachments of the project or of the whole application (fleet compliance), then the dismantler's
    receipt or certificate of destruction uploaded on the agreement page. Two queries."""
    from applications.models import Attachment
    from inspections.models import ProjectDocument

    filled = set(request.documents.filter(refused_at__isnull=True).values_list("slot", flat=True))
    wanted = [doc.key for doc in rules_of(request).documents if doc.key not in filled]
    found: dict[str, ReusableFile] = {}
    for document in ProjectDocument.objects.filter(project_id=request.project_id, kind__in=wanted).order_by(
        "kind", "-uploaded_at"
    ):
        found.setdefault(
            document.kind,
            ReusableFile(document.kind, "destruction", document.pk, document.original_name, document.uploaded_at),
        )
    for attachment in (
        Attachment.objects.filter(application_id=request.project.application_id, slot__in=wanted)
        .filter(Q(project__isnull=True) | Q(project_id=request.project_id))
        .order_by("slot", "-uploaded_at")
    ):
        found.setdefault(
            attachment.slot,
            ReusableFile(
                attachment.slot, "application", attachment.pk, attachment.original_name, attachment.uploaded_at
            ),
        )
    return found


@dataclass
class Computation:
    """The payable amount of a request and everything shown beside it."""

    request: PaymentRequest
    payment: Payment | None
    problems: dict[str, str]
    clearances: list[ClearanceRow]
    checklist: list[DocumentNeed]

    @property
    def complete(self) -> bool:
        return self.payment is not None

    @property
    def limits(self) -> list[tuple[str, Decimal, bool]]:
        """Each limit on the total with its label, the binding one marked."""
        if self.payment is None:
            return []
        return [
            (LIMIT_LABELS.get(name, name), value, name == self.payment.binding_limit)
            for name, value in self.payment.limits.items()
        ]

    @property
    def reason_when_cleared(self) -> str:
        """The payable's reason without its holds (listed on their own), in the reader's language: "$400,000.00 is
        payable: the award in the agreement ($400,000.00) is the lowest limit." (``Payment.reason`` in words; issue
        20)."""
        payment = self.payment
        if payment is None:
            return ""
        values = {
            "amount": usd(payment.payable_when_cleared),
            "limit": gettext(LIMIT_LABELS[payment.binding_limit]),
            "total": usd(payment.total_allowed),
            "paid": usd(payment.already_paid),
        }
        if payment.already_paid:
            return (
                gettext(
                    "%(amount)s is payable: the %(limit)s (%(total)s) is the lowest limit, less %(paid)s already paid."
                )
                % values
            )
        return gettext("%(amount)s is payable: the %(limit)s (%(total)s) is the lowest limit.") % values

    @property
    def approved_reason(self) -> str:
        """What was payable when the request was approved, from the computation kept with it, in the reader's
        language (the kept ``reason`` is the English record)."""
        kept = self.request.computation or {}
        if not kept.get("binding_limit") or kept.get("binding_limit") not in LIMIT_LABELS:
            return kept.get("reason", "")
        values = {
            "amount": usd(kept["payable_when_cleared"]),
            "limit": gettext(LIMIT_LABELS[kept["binding_limit"]]),
            "total": usd(kept["total_allowed"]),
            "paid": usd(kept.get("already_paid") or 0),
        }
        if Decimal(kept.get("already_paid") or 0):
            return (
                gettext(
                    "%(amount)s is payable: the %(limit)s (%(total)s) is the lowest limit, less %(paid)s already paid."
                )
                % values
            )
        return gettext("%(amount)s is payable: the %(limit)s (%(total)s) is the lowest limit.") % values

    @property
    def holds(self) -> list[tuple[Any, str]]:
        """Each hold with its reason in the reader's language: the missing documents by name, an invoice dated after
        the last day with both dates in words, a clearance's own words (``payments.rules.payable``)."""
        payment = self.payment
        if payment is None:
            return []
        found = []
        for hold in payment.holds:
            if hold.hold == "documents_missing":
                names = "; ".join(gettext(doc.label) for doc in payment.documents_missing)
                text = gettext("documents missing: %(documents)s") % {"documents": names}
            elif hold.hold == "deadline_passed" and self.deadline is not None:
                rules = PAYMENT_RULES[payment.program]
                text = (
                    gettext("the invoice is dated %(invoice)s, after the last day, %(last)s.")
                    % {"invoice": date_format(self.request.invoice_date, "DATE_FORMAT"), "last": _day(self.deadline)}
                    + " "
                    + gettext(rules.deadline_hold)
                )
            else:
                text = gettext(hold.reason)
                if text == hold.reason:
                    text = gettext(hold.reason[:1].upper() + hold.reason[1:])
            found.append((hold, text[:1].upper() + text[1:]))
        return found

    @property
    def deadline_name(self) -> str:
        return gettext(self.payment.deadline["name"]) if self.payment and self.payment.deadline else ""

    @property
    def deadline(self) -> dt.date | None:
        return dt.date.fromisoformat(self.payment.deadline["date"]) if self.payment and self.payment.deadline else None


# Words of the payment rules shown through ``gettext`` that ``payments/rule_labels.py`` does not list: the invoice
# date's label (``programs.labels`` translates the request form's labels) and each program's deadline hold.
RULE_WORDS = (
    gettext_noop("Invoice (payment request) date"),
    gettext_noop("Payment only if South Coast AQMD extends the deadline."),
    gettext_noop("Payment only if South Coast AQMD extends the deadline at its sole discretion (Section 6.1)."),
    gettext_noop(
        "Projects not invoiced by this date may forfeit their funding (OTHER IMPORTANT PROGRAM INFORMATION); payment "
        "only if South Coast AQMD decides not to."
    ),
)


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


WHEN = {
    Needed.ALWAYS: "",
    Needed.FINANCED: gettext_lazy("financed equipment"),
    Needed.FINAL: gettext_lazy("final payment"),
}


def computation(request: PaymentRequest) -> Computation:
    """The one call both pages make: ``payable(...)`` on the request's facts, or what is still missing to call it."""
    rules = rules_of(request)
    held = on_file(request)
    try:
        facts = payment_facts(request, held)
    except InputError as error:
        payment, problems = None, dict(error.errors)
    else:
        payment, problems = (
            payable(facts.pop("rules"), facts.pop("terms"), facts.pop("agreement"), facts.pop("request"), **facts),
            {},
        )
    required = (
        {doc.key for doc in payment.documents_required}
        if payment
        else {doc.key for doc in rules.documents if doc.needed is Needed.ALWAYS}
    )
    files: dict[str, list[PaymentDocument]] = {}
    for document in request.documents.select_related("refused_by").order_by("uploaded_at", "pk"):
        files.setdefault(document.slot, []).append(document)
    checklist = [
        DocumentNeed(
            doc.key, doc.label, doc.key in required, WHEN[doc.needed], files.get(doc.key, []), held.get(doc.key, [])
        )
        for doc in rules.documents
    ]
    return Computation(request, payment, problems, clearance_rows(request), checklist)


# --- Lists ---------------------------------------------------------------------------------------------------


def lines_of(request: PaymentRequest, kind: str) -> QuerySet[CostLine]:
    return request.lines.filter(kind=kind).select_related("disallowed_by").order_by("pk")


@dataclass
class PayableProject:
    """An awardee's funded project with what the ledger holds and its requests."""

    funded: FundedProject
    balance: funding.Balance
    requests: list[PaymentRequest]
    has_rules: bool

    @property
    def open_request(self) -> PaymentRequest | None:
        return next((request for request in self.requests if request.is_open), None)

    @property
    def may_start(self) -> bool:
        return self.has_rules and self.open_request is None and self.balance.outstanding > 0


def payable_projects_of(user) -> list[PayableProject]:
    """The awardee's funded projects of executed agreements in force, newest agreement first, with their requests."""
    visible = agreements.agreements_visible_to(user).filter(status=Agreement.Status.EXECUTED)
    funded = list(
        FundedProject.objects.filter(agreement__in=visible.values("pk"), status=FundedProject.Status.ACTIVE)
        .select_related("agreement__program", "project")
        .prefetch_related(Prefetch("payment_requests", queryset=PaymentRequest.objects.order_by("number")))
        .order_by("-agreement__executed_on", "agreement_id", "position")
    )
    balances = funding.balances_by_project([item.project for item in funded])
    return [
        PayableProject(
            item,
            balances.get(item.project_id, funding.Balance()),
            list(item.payment_requests.all()),
            item.agreement.program.code in PAYMENT_RULES,
        )
        for item in funded
    ]


def queue(*, status: str = "", program: str = "") -> QuerySet[PaymentRequest]:
    """Staff's payment queue: requests not drafts, those waiting for a decision first (oldest submission first)."""
    requests = PaymentRequest.objects.exclude(status=PaymentRequest.Status.DRAFT).select_related(
        "agreement", "program", "funded_project", "project", "approved_by"
    )
    if status:
        requests = requests.filter(status=status)
    else:
        requests = requests.filter(
            status__in=[PaymentRequest.Status.SUBMITTED, PaymentRequest.Status.APPROVED, PaymentRequest.Status.RETURNED]
        )
    if program:
        requests = requests.filter(program__code=program)
    return requests.order_by("submitted_at", "pk")


def released_payments(
    *, start: dt.date | None = None, end: dt.date | None = None, program: str = ""
) -> QuerySet[PaymentRequest]:
    """Paid requests for the accounting export, by payment date."""
    requests = (
        PaymentRequest.objects.filter(status=PaymentRequest.Status.PAID)
        .select_related("agreement", "program", "project", "approved_by", "released_by")
        .prefetch_related("disbursements__fund")
    )
    if start:
        requests = requests.filter(paid_on__gte=start)
    if end:
        requests = requests.filter(paid_on__lte=end)
    if program:
        requests = requests.filter(program__code=program)
    return requests.order_by("paid_on", "pk")


def finance_users():
    """Everyone who may release payments (the finance permission), active; superusers only if they hold it."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.with_perm(
            "payments.release_paymentrequest",
            include_superusers=False,
            backend="accounts.backends.EmailOrUsernameBackend",
        )
        .filter(is_active=True)
        .order_by("pk")
    )


def payable_projects(*, program: str = ""):
    """Staff's list of funded projects of executed agreements, newest first, to page through (``payable_rows`` gives
    a page its balances and requests)."""
    funded = (
        FundedProject.objects.filter(
            agreement__status=Agreement.Status.EXECUTED, agreement__program__code__in=PAYMENT_RULES
        )
        # each row's summary reads the project's application and program (two queries a row without: issue 25)
        .select_related("agreement__program", "project__application__program")
        .prefetch_related(Prefetch("payment_requests", queryset=PaymentRequest.objects.order_by("number")))
        .order_by("-agreement__executed_on", "-agreement_id", "position")
    )
    if program:
        funded = funded.filter(agreement__program__code=program)
    return funded


def payable_rows(funded) -> list[PayableProject]:
    """The rows of a page of ``payable_projects`` with what the ledger holds for each and its requests: three queries
    whatever the number of projects."""
    funded = list(funded)
    balances = funding.balances_by_project([item.project for item in funded])
    return [
        PayableProject(item, balances.get(item.project_id, funding.Balance()), list(item.payment_requests.all()), True)
        for item in funded
    ]


def payment_projects(*, program: str = "", limit: int = 500) -> list[PayableProject]:
    """The first ``limit`` rows of ``payable_projects``."""
    return payable_rows(payable_projects(program=program)[:limit])


def facts_in_words(request: PaymentRequest) -> list[tuple[str, str]]:
    """The program's own request facts as people read them (label, answer)."""
    from programs import labels

    specs = program_fields(rules_of(request), request)
    values = parse_values(specs, request.values, partial=True, strict=False)
    return [
        (labels.field_label_with_unit(spec), labels.answer_in_words(spec, values[spec.name]))
        for spec in specs
        if spec.name in values
    ]
