"""What the awardee and staff are told about an agreement (through ``notices``; see docs/notices.md).

``agreements.services`` calls these right after the change, inside its transaction, so the e-mail goes only if the
change commits. Each notice names the agreement by its program's noun and number, never an internal code, and links
to its page; keys make a repeated call send nothing twice.
"""

from __future__ import annotations

from django.utils.functional import lazy

from notices.kinds import Kind
from notices.services import notify, notify_staff

from . import selectors
from .models import Agreement


def _about(agreement: Agreement, key: str, **context) -> dict:
    return {
        "regarding": lazy(str, str)(agreement),  # named in the recipient's language when the notice is written
        "program": agreement.program,
        "link": agreement.get_absolute_url(),
        "related": agreement,
        "key": key,
        "context": {"agreement": agreement, **context},
    }


def _step(agreement: Agreement) -> int:
    """The step just recorded: it names the event in the key (a second sending is a new notice, a repeat is not)."""
    return agreement.steps.order_by("-pk").values_list("pk", flat=True).first()


def ready_to_sign(agreement: Agreement) -> None:
    """The awardee: the agreement is ready to read and sign (sent, or sent back after a returned signature)."""
    for person in selectors.awardees_of(agreement):
        notify(person, Kind.AGREEMENT_READY, **_about(agreement, f"agreement-ready:{agreement.pk}:{_step(agreement)}"))


def signed(agreement: Agreement) -> None:
    """The officer who sent it (every staff user if they no longer are): the awardee signed, it awaits the
    district's countersignature."""
    signed_by = f"{agreement.signer_name}, {agreement.signer_title}"
    notify_staff(
        Kind.AGREEMENT_SIGNED,
        responsible=agreement.sent_by,
        **_about(
            agreement,
            f"agreement-signed:{agreement.pk}:{_step(agreement)}",
            signed_by=signed_by,
            signed_at=agreement.signed_at,
        ),
    )


def executed(agreement: Agreement) -> None:
    """The awardee: the agreement is executed; their obligations are on its page."""
    for person in selectors.awardees_of(agreement):
        notify(
            person,
            Kind.AGREEMENT_EXECUTED,
            **_about(agreement, f"agreement-executed:{agreement.pk}", executed_at=agreement.countersigned_at),
        )


def change_requested(change) -> None:
    """The officer who sent the agreement (every staff user if they no longer are): an awardee asked for a change;
    the link opens the decision page."""
    notify_staff(
        Kind.CHANGE_REQUESTED,
        responsible=change.agreement.sent_by,
        **{
            **_about(change.agreement, f"change-requested:{change.pk}", change=change),
            "link": change.get_absolute_url(),
        },
    )


def change_decided(change) -> None:
    """The awardee: the District approved or declined its request for a change, and why (issue 22)."""
    agreement = change.agreement
    for person in selectors.awardees_of(agreement):
        notify(
            person,
            Kind.CHANGE_REQUEST_DECIDED,
            **_about(
                agreement,
                f"change-request-decided:{change.pk}",
                change=change,
                approved=change.status == change.Status.APPROVED,
            ),
        )
