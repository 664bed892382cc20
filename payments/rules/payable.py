"""How much may be paid on one payment request, why, and what holds it.

One function for every program (the staff payment page, the awardee's preview and ``manage.py payment``):
the total the project may receive is the least of the award, the eligible cost actually paid less other
incentives and the program's own limits (``programs.PAYMENT_RULES``); what was already paid comes off it;
and nothing is payable while a hold stands: a clearance not confirmed (inspection, destruction), a
required document missing, or the invoice deadline passed. Never more than the award, never negative,
money rounded down to the cent (``programs.rules.common.least_of``). Pure Python: no Django imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from agreements.rules.base import long_date
from agreements.rules.inputs import Reader
from agreements.rules.registry import post_award
from programs.rules.base import CENT
from programs.rules.common import least_of
from programs.rules.fields import Field, Kind, parse_value
from programs.rules.terms import Terms

from .base import Needed, PaymentDocument, PaymentRules
from .programs import PAYMENT_RULES

ZERO = Decimal("0.00")

AGREEMENT_FIELDS = (Field("award", "Award in the agreement (the contract maximum)", Kind.MONEY),)
REQUEST_FIELDS = (
    Field("invoice_date", "Invoice (payment request) date", Kind.DATE),
    Field("invoiced_eligible_cost", "Eligible cost invoiced and actually paid", Kind.MONEY),
    Field("other_incentives", "Other incentives received for the project", Kind.MONEY, required=False),
    Field("already_paid", "Already paid on this project", Kind.MONEY, required=False),
)
MILESTONE_AMOUNT = Field("amount", "Milestone amount", Kind.MONEY, min_value=Decimal("0.01"))

LIMIT_LABELS = {
    "award": "award in the agreement",
    "contract_maximum": "contract maximum",
    "cost_less_other_incentives": "eligible cost paid less other incentives",
    "award_cap": "program's cap for this equipment",
    "rebate_per_verified_kw": "$700 per kW of verified capacity",
    "scheduled_through_milestone": "total the payment schedule sets through this milestone",
    "percent_of_invoice": "funding percentage of the invoice",
    "incremental_cost_less_other_incentives": "incremental cost (the funding percentage of the invoice) less other "
    "incentives",
    "share_of_cost_less_other_funding": "share of the project cost grants may cover, less other funding",
    "co_funded_share_of_cost_less_other_funding": "90% of the project cost less the other State funding",
}


@dataclass(frozen=True)
class Hold:
    hold: str
    reason: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {"hold": self.hold, "reason": self.reason, "source": self.source}


@dataclass(frozen=True)
class Milestone:
    """One payment of an agreement's schedule (PA2026-03: "Invoices may be submitted at milestones")."""

    name: str
    amount: Decimal


@dataclass
class Payment:
    """The outcome for one payment request."""

    program: str
    payable: Decimal
    payable_when_cleared: Decimal
    total_allowed: Decimal
    already_paid: Decimal
    binding_limit: str
    limits: dict[str, Decimal]
    holds: list[Hold]
    documents_required: list[PaymentDocument]
    documents_missing: list[PaymentDocument]
    deadline: dict[str, str] | None
    source: str
    milestone: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def cleared(self) -> bool:
        return not self.holds

    @property
    def reason(self) -> str:
        limit = f"the {LIMIT_LABELS[self.binding_limit]} (${self.total_allowed:,})"
        paid = f" less ${self.already_paid:,} already paid" if self.already_paid else ""
        amount = f"${self.payable_when_cleared:,} is payable: {limit} is the lowest limit{paid}."
        if self.holds:
            return f"Held: {'; '.join(hold.reason for hold in self.holds)}. Once cleared, {amount}"
        return amount[0].upper() + amount[1:]

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "payable": str(self.payable),
            "payable_when_cleared": str(self.payable_when_cleared),
            "cleared_for_payment": self.cleared,
            "binding_limit": self.binding_limit,
            "total_allowed": str(self.total_allowed),
            "already_paid": str(self.already_paid),
            "limits": {name: str(value) for name, value in self.limits.items()},
            "reason": self.reason,
            "holds": [hold.as_dict() for hold in self.holds],
            "documents": {
                "required": [doc.label for doc in self.documents_required],
                "missing": [doc.label for doc in self.documents_missing],
            },
            "deadline": self.deadline,
            "milestone": self.milestone,
            "source": self.source,
            "notes": self.notes,
        }


def _needed(needed: Needed, *, financed: bool, final: bool) -> bool:
    return needed is Needed.ALWAYS or (needed is Needed.FINANCED and financed) or (needed is Needed.FINAL and final)


def payable(
    rules: PaymentRules,
    terms: Terms,
    agreement: Mapping[str, Any],
    request: Mapping[str, Any],
    *,
    clearances: Mapping[str, bool],
    documents: Sequence[str],
    schedule: Sequence[Milestone] = (),
    extended_deadline: dt.date | None = None,
) -> Payment:
    """What may be paid on one request, with the binding limit and every hold.

    ``agreement`` and ``request`` hold typed values of ``AGREEMENT_FIELDS`` / ``REQUEST_FIELDS`` and the
    program's own fields; ``clearances`` the confirmed facts by key (missing means not confirmed);
    ``documents`` the keys of the uploaded documents; ``schedule`` the agreement's milestone payments
    (PA2026-03), which must add up to the award.
    """
    award = agreement["award"]
    other = request.get("other_incentives", ZERO)
    already_paid = request.get("already_paid", ZERO)
    milestone = None
    final = True
    limits = {rules.award_label: award, "cost_less_other_incentives": request["invoiced_eligible_cost"] - other}
    limits.update(rules.limits(agreement, request))
    if rules.milestones:
        schedule = list(schedule) or [Milestone("Completion of all equipment installation", award)]
        number = request.get("milestone", len(schedule))
        final = number == len(schedule)
        limits["scheduled_through_milestone"] = sum((item.amount for item in schedule[:number]), ZERO)
        milestone = {
            "number": number,
            "of": len(schedule),
            "name": schedule[number - 1].name,
            "amount": str(schedule[number - 1].amount),
            "final": final,
        }
    binding, total_allowed = least_of(limits)
    when_cleared = max(total_allowed - already_paid, ZERO)

    holds = [
        Hold(item.key, item.hold, str(item.source))
        for item in rules.clearances
        if _needed(item.needed, financed=False, final=final) and not clearances.get(item.key, False)
    ]
    financed = request.get("financed", False)
    required = [doc for doc in rules.documents if _needed(doc.needed, financed=financed, final=final)]
    missing = [doc for doc in required if doc.key not in documents]
    if missing:
        holds.append(
            Hold(
                "documents_missing",
                "documents missing: " + "; ".join(doc.label for doc in missing),
                "; ".join(dict.fromkeys(str(doc.source) for doc in missing)),
            )
        )
    deadline = None
    program = post_award(rules.code)
    if program.payment_deadline is not None:
        due = program.payment_deadline.date(terms)
        last_day = max(due, extended_deadline) if extended_deadline else due
        name = program.payment_deadline.term
        deadline = {"name": terms.term(name).label, "date": last_day.isoformat(), "source": terms.source(name)}
        if request["invoice_date"] > last_day:
            holds.append(
                Hold(
                    "deadline_passed",
                    f"the invoice is dated {long_date(request['invoice_date'])}, after the last day, "
                    f"{long_date(last_day)}. {rules.deadline_hold}",
                    terms.source(name),
                )
            )
    notes = list(rules.notes)
    if rules.request_notes is not None:
        notes += rules.request_notes(agreement, request)
    if already_paid > total_allowed:
        notes.append(f"${already_paid:,} already paid is more than the ${total_allowed:,} this project may receive.")
    return Payment(
        program=rules.code,
        payable=ZERO if holds else when_cleared,
        payable_when_cleared=when_cleared,
        total_allowed=total_allowed,
        already_paid=already_paid,
        binding_limit=binding,
        limits={name: value.quantize(CENT, rounding=ROUND_DOWN) for name, value in limits.items()},
        holds=holds,
        documents_required=required,
        documents_missing=missing,
        deadline=deadline,
        source=str(rules.source),
        milestone=milestone,
        notes=notes,
    )


def payment_rules(code: str) -> PaymentRules:
    post_award(code)  # an unknown code is named the same way by every command
    return PAYMENT_RULES[code]


def _clearances(reader: Reader, rules: PaymentRules) -> dict[str, bool]:
    known = {item.key for item in rules.clearances}
    found = {}
    for key, value in reader.section("clearances").items():
        if key not in known:
            reader.errors[f"clearances.{key}"] = f"is not a clearance of this program (use {', '.join(sorted(known))})"
        elif not isinstance(value, bool):
            reader.errors[f"clearances.{key}"] = "answer true or false"
        else:
            found[key] = value
    return found


def _documents(reader: Reader, rules: PaymentRules) -> list[str]:
    known = [doc.key for doc in rules.documents]
    given = reader.document.get("documents", [])
    if not isinstance(given, list) or not all(isinstance(key, str) for key in given):
        reader.errors["documents"] = "must be a list of document keys"
        return []
    for key in given:
        if key not in known:
            reader.errors[f"documents.{key}"] = f"is not a document of this program (use {', '.join(known)})"
    return given


def _schedule(reader: Reader, rules: PaymentRules, award: Decimal | None) -> list[Milestone]:
    given = reader.document.get("payment_schedule")
    if given is None:
        return []
    if not rules.milestones:
        reader.errors["payment_schedule"] = "this program pays no milestone schedule"
        return []
    if not isinstance(given, list) or not given:
        reader.errors["payment_schedule"] = 'must be a list of {"milestone": name, "amount": dollars}'
        return []
    schedule = []
    for index, item in enumerate(given):
        name = item.get("milestone") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or not name.strip():
            reader.errors[f"payment_schedule[{index}].milestone"] = "name the milestone"
            continue
        try:
            schedule.append(Milestone(name.strip(), parse_value(MILESTONE_AMOUNT, item.get("amount"))))
        except ValueError as error:
            reader.errors[f"payment_schedule[{index}].amount"] = f"{MILESTONE_AMOUNT.label}: {error}"
    total = sum((item.amount for item in schedule), ZERO)
    if award is not None and len(schedule) == len(given) and total != award:
        reader.errors["payment_schedule"] = (
            f"the milestone amounts add up to ${total:,}, not the award ${award:,}: "
            "the agreement's schedule divides the award"
        )
    return schedule


def payment_input(code: str, document: Mapping[str, Any]) -> Payment:
    """One request given as ``{"agreement", "request", "clearances", "documents", "payment_schedule",
    "extended_deadline", "round"}`` (docs/payment.md); every bad field named in one ``InputError``."""
    rules = payment_rules(code)
    reader = Reader(
        document,
        keys=("agreement", "request", "clearances", "documents", "payment_schedule", "extended_deadline", "round"),
    )
    agreement = reader.values("agreement", AGREEMENT_FIELDS + rules.agreement_fields)
    request = reader.values("request", REQUEST_FIELDS + rules.request_fields)
    for name, path in rules.path_only:
        if name in request and agreement.get("path") not in (None, path):
            reader.errors[f"request.{name}"] = f"is asked of a {path} project only (agreement.path)"
    clearances = _clearances(reader, rules)
    documents = _documents(reader, rules)
    schedule = _schedule(reader, rules, agreement.get("award"))
    number = request.get("milestone")
    if number is not None and number > max(len(schedule), 1):
        reader.errors["request.milestone"] = f"the payment schedule has {max(len(schedule), 1)} milestone(s)"
    extended = reader.date("extended_deadline")
    terms = reader.terms(code)
    reader.check()
    assert terms is not None  # else reader.check() raised
    return payable(
        rules,
        terms,
        agreement,
        request,
        clearances=clearances,
        documents=documents,
        schedule=schedule,
        extended_deadline=extended,
    )
