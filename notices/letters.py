"""Decision letters staff edit per program (issue 21: "Decision letters (approval, rejection, non-selection,
payment, closeout) from templates that staff can edit per program, each with the reason, the next step and who to
contact; a rejection says how to ask for reconsideration").

A letter is plain text with a fixed list of placeholders in braces (``{reason}``, ``{amount}``, ...). Staff text is
never read as a Django template: ``fill`` swaps each known placeholder for its value and nothing else, so a letter
cannot reach the template language, Python attributes or format specifications (no server-side template injection).
``problems`` refuses a letter naming a placeholder outside the list, with stray braces, or without the placeholders
its kind must carry (the reason, the next step, who to contact; a rejection's way to ask for reconsideration).

The values are taken from what the sending app passes to ``notify`` (``context``) by the names documented in
``docs/notices.md``: this module reads them by attribute and imports no stage (the import contracts).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import citations

from .kinds import Kind


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: object  # lazy text: what it is replaced by, shown to staff beside the editor


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("applicant_name", gettext_lazy("the applicant's or awardee's name")),
    Placeholder("reference", gettext_lazy("the application's or project's reference, e.g. PA2026-02-00012")),
    Placeholder("program", gettext_lazy("the program's code and title")),
    Placeholder("amount", gettext_lazy("the amount decided, as money: the award, the payment or the amount paid")),
    Placeholder("reason", gettext_lazy("the reason staff recorded for the decision")),
    Placeholder("next_step", gettext_lazy("what happens next, in the program's standard words for this decision")),
    Placeholder("contact", gettext_lazy("who to contact: the contacts the program's announcement names")),
    Placeholder("reconsideration", gettext_lazy("how to ask for reconsideration, in the program's standard words")),
    Placeholder("link", gettext_lazy("the link to the application or request in the portal")),
    Placeholder("date", gettext_lazy("the date of the letter, in words")),
)
NAMES = frozenset(placeholder.name for placeholder in PLACEHOLDERS)
PLACEHOLDER = re.compile(r"\{([^{}\s]{0,60})\}")


LETTER_KINDS: tuple[Kind, ...] = (
    Kind.APPLICATION_APPROVED,
    Kind.APPLICATION_REJECTED,
    Kind.ROUND_NOT_SELECTED,
    Kind.PAYMENT_APPROVED,
    Kind.PAYMENT_RELEASED,
    Kind.PAYMENT_REJECTED,
    Kind.PROJECT_CLOSED,
)
"""The decisions that have a letter: approval, rejection, non-selection, the three payment decisions, closeout."""

REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.APPLICATION_APPROVED: ("amount", "next_step", "contact"),
    Kind.APPLICATION_REJECTED: ("reason", "reconsideration", "next_step", "contact"),
    Kind.ROUND_NOT_SELECTED: ("reason", "next_step", "contact"),
    Kind.PAYMENT_APPROVED: ("amount", "next_step", "contact"),
    Kind.PAYMENT_RELEASED: ("amount", "next_step", "contact"),
    Kind.PAYMENT_REJECTED: ("reason", "next_step", "contact"),
    Kind.PROJECT_CLOSED: ("reason", "next_step", "contact"),
}
"""What each letter must carry (issue 21): the reason (an approval and a payment carry the amount decided instead),
the next step and who to contact; a rejection, how to ask for reconsideration."""


def next_step(kind: Kind) -> str:
    """The standard next step of a decision, in the active language."""
    steps = {
        Kind.APPLICATION_APPROVED: _(
            "the district prepares your agreement for signature. Please do not place purchase orders or start work "
            "before the agreement is fully executed by both parties."
        ),
        Kind.APPLICATION_REJECTED: _(
            "nothing is awarded under this application; while the program accepts applications, you may apply "
            "again with the matter corrected."
        ),
        Kind.ROUND_NOT_SELECTED: _(
            "a waitlisted project may still be offered money that returns to the fund; staff will write to you if "
            "it is. Otherwise nothing is awarded to these projects in this round."
        ),
        Kind.PAYMENT_APPROVED: _(
            "the district's finance office releases the payment; we will tell you when it is paid."
        ),
        Kind.PAYMENT_RELEASED: _(
            "keep the project in service and file the usage reports your agreement requires, by their due dates."
        ),
        Kind.PAYMENT_REJECTED: _(
            "correct what the reason names and submit a new payment request, or ask staff to look at it again."
        ),
        Kind.PROJECT_CLOSED: _(
            "nothing more is due under this project; keep its records for the period your agreement requires."
        ),
    }
    return steps[Kind(kind)]


def reconsideration(reference: str) -> str:
    return _(
        "if you believe the decision is mistaken, write to the program's staff at the contacts below, citing "
        "%(reference)s, the reason above and what you ask them to look at again (for example a document they did "
        "not have). Staff answer in writing."
    ) % {"reference": reference}


def standard(kind: Kind) -> tuple[str, str]:
    """The standard letter of ``kind`` as placeholders (subject, body), in the active language: what the editor
    starts from and what "reset to the standard letter" returns to."""
    kind = Kind(kind)
    subjects = {
        Kind.APPLICATION_APPROVED: _("Application {reference} approved"),
        Kind.APPLICATION_REJECTED: _("Decision on application {reference}: not approved"),
        Kind.ROUND_NOT_SELECTED: _("Funding round decision on application {reference}: not selected"),
        Kind.PAYMENT_APPROVED: _("Payment approved: {reference}"),
        Kind.PAYMENT_RELEASED: _("Payment made: {reference}"),
        Kind.PAYMENT_REJECTED: _("Payment not approved: {reference}"),
        Kind.PROJECT_CLOSED: _("Project closed out: {reference}"),
    }
    openings = {
        Kind.APPLICATION_APPROVED: _("Your application {reference} to {program} is approved for an award of {amount}."),
        Kind.APPLICATION_REJECTED: _("We are sorry: your application {reference} to {program} was not approved."),
        Kind.ROUND_NOT_SELECTED: _(
            "The funding round of {program} has been approved, and projects of your application {reference} were "
            "not selected for funding in it."
        ),
        Kind.PAYMENT_APPROVED: _("{reference} is approved for a payment of {amount}."),
        Kind.PAYMENT_RELEASED: _("The district paid {amount} on {reference}."),
        Kind.PAYMENT_REJECTED: _("We are sorry: {reference} was not approved for payment."),
        Kind.PROJECT_CLOSED: _(
            "Staff closed out {reference}: every report is accepted and every obligation met. The program paid "
            "{amount} in all. Thank you for taking part in {program}."
        ),
    }
    parts = [openings[kind]]
    if "reason" in REQUIRED[kind]:
        parts.append(_("Reason: {reason}"))
    if "reconsideration" in REQUIRED[kind]:
        parts.append(_("Asking for reconsideration: {reconsideration}"))
    parts += [_("Next step: {next_step}"), _("Who to contact: {contact}")]
    return subjects[kind], "\n\n".join(parts)


# ---- checking and filling -------------------------------------------------------------------------------------------


def unknown(text: str) -> list[str]:
    """The placeholders ``text`` names that are not on the list, and any brace that opens none, as staff typed them."""
    found = [match.group(0) for match in PLACEHOLDER.finditer(text) if match.group(1) not in NAMES]
    stray = PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        found.append("{" if "{" in stray else "}")
    return list(dict.fromkeys(found))


def missing(kind: Kind, subject: str, body: str) -> list[str]:
    """The placeholders ``kind``'s letter must carry that neither its subject nor its body names."""
    named = {match.group(1) for match in PLACEHOLDER.finditer(f"{subject}\n{body}")}
    return [f"{{{name}}}" for name in REQUIRED[Kind(kind)] if name not in named]


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each placeholder replaced by its value; only the names on the list are ever looked up."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def as_html(text: str) -> str:
    """The filled letter as HTML: everything escaped (staff text and the values alike), paragraphs kept."""
    return linebreaks(escape(text))


# ---- the values -----------------------------------------------------------------------------------------------------


def usd(value) -> str:
    """Money as people read it, ``$1,234.00`` (as ``programs.templatetags.money.usd``; notices import no stage)."""
    if value in (None, ""):
        return ""
    return f"${Decimal(value):,.2f}"


def in_words(day: dt.date) -> str:
    """``date(2026, 3, 13)`` -> "Friday, March 13, 2026" (``notices.templatetags.notice_format.in_words``)."""
    from .templatetags.notice_format import in_words as words

    return words(day)


def _program(program) -> str:
    return f"{program.code} {_(program.title)}" if program is not None else ""


def contacts(program, context: dict) -> str:
    """Whom to write to: the contacts the program's announcement names, else the program's staff."""
    contacts = context.get("contacts")
    if contacts is None and program is not None:
        contacts = getattr(program, "contacts", None)
    return "; ".join(str(contact) for contact in contacts or ()) or _("the program's staff, through the portal")


def values(kind: Kind, *, recipient_name: str, regarding: str, program, link: str, context: dict) -> dict[str, str]:
    """Each placeholder's value for a notice of ``kind``, in the active language, from the ``context`` the sending
    app passed (``docs/notices.md``, "Kinds")."""
    kind = Kind(kind)
    application = context.get("application")
    request = context.get("request")
    closeout = context.get("closeout")
    decision = context.get("decision")
    step = context.get("step")
    reference, applicant, amount, reason, day = regarding, recipient_name, "", "", timezone.localdate()
    if application is not None:
        reference = application.reference
        applicant = getattr(getattr(application, "organization", None), "name", "") or recipient_name
        amount = usd(getattr(application, "award_total", None))
    if decision is not None:
        reason = citations.public(getattr(decision, "reason", "") or "")
    if kind is Kind.ROUND_NOT_SELECTED:
        noun = str(context.get("project_noun", "")) or _("project")
        reason = "; ".join(
            f"{noun.capitalize()} {item['position']}: {item['outcome']}. {citations.public(item['reason'] or '')}"
            for item in context.get("not_selected", ())
        )
    if request is not None:
        agreement = getattr(request, "agreement", None)
        applicant = getattr(agreement, "awardee_name", "") or recipient_name
        if kind is Kind.PAYMENT_RELEASED:
            amount = usd(request.paid_amount)
            day = request.paid_on or day
        else:
            amount = usd(getattr(request, "approved_amount", None))
        if step is not None and kind is Kind.PAYMENT_REJECTED:
            reason = citations.public(step.reason or "")
    if closeout is not None:
        applicant = getattr(closeout.agreement, "awardee_name", "") or recipient_name
        amount = usd(closeout.paid)
        reason = closeout.note
    return {
        "applicant_name": applicant,
        "reference": str(reference),
        "program": _program(program),
        "amount": amount,
        "reason": reason or pgettext("no reason recorded", "none given"),
        "next_step": next_step(kind),
        "contact": contacts(program, context),
        "reconsideration": reconsideration(str(reference)),
        "link": link,
        "date": in_words(day),
    }


def sample_values(kind: Kind, *, program, application, link: str) -> dict[str, str]:
    """The values a preview shows: ``application`` (a sample of the program's, or None) with an illustrative
    reason and amount where the decision is still to be made."""
    context: dict = {"application": application} if application is not None else {}
    filled = values(kind, recipient_name=_("Maria Lopez"), regarding="", program=program, link=link, context=context)
    if not filled["amount"] or filled["amount"] == usd(0):
        filled["amount"] = usd(Decimal("1234"))
    if not filled["reference"]:
        filled["reference"] = f"{program.code}-00001"
    filled["reason"] = _("(here, the reason staff record with the decision)")
    return filled
