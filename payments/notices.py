"""What the awardee, staff and finance are told about a payment request (through ``notices``; docs/notices.md).

``payments.services`` calls these right after the change, inside its transaction, so the e-mail goes only if the
change commits. The step just recorded names the event in each key, so a repeated call sends nothing twice; every
notice is written in its recipient's language and names the request in people's words, never an internal code.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from agreements.selectors import awardees_of
from notices.kinds import Kind
from notices.services import language_of, notify, staff_users

from .models import PaymentRequest


def _step(request: PaymentRequest):
    return request.steps.select_related("actor").order_by("-pk").first()


def _tell(people, kind: Kind, request: PaymentRequest, **context) -> list:
    step = _step(request)
    created = []
    for person in people:
        with translation.override(language_of(person)):
            regarding = _("Payment request %(number)s for %(project)s") % {
                "number": request.number,
                "project": request.reference,
            }
            notice = notify(
                person,
                kind,
                regarding=regarding,
                program=request.program,
                link=request.get_absolute_url(),
                related=request,
                key=f"payment-step:{step.pk}",
                context={"request": request, "step": step, **context},
            )
        if notice is not None:
            created.append(notice)
    return created


def submitted(request: PaymentRequest) -> list:
    """The agreement's officer (who sent it; every staff user if they no longer are): a request to review."""
    return _tell(staff_users(request.agreement.sent_by), Kind.PAYMENT_SUBMITTED, request)


def returned(request: PaymentRequest) -> list:
    """The awardee: what to correct before submitting again."""
    return _tell(awardees_of(request.agreement), Kind.PAYMENT_RETURNED, request)


def rejected(request: PaymentRequest) -> list:
    return _tell(awardees_of(request.agreement), Kind.PAYMENT_REJECTED, request)


def approved(request: PaymentRequest) -> list:
    """The awardee (approved, the amount, awaiting release) and everyone with the finance permission (to release)."""
    from .selectors import finance_users

    return _tell(awardees_of(request.agreement), Kind.PAYMENT_APPROVED, request) + _tell(
        finance_users(), Kind.PAYMENT_TO_RELEASE, request
    )


def sent_back(request: PaymentRequest) -> list:
    """The staff member who approved it: finance sent an approved payment back, with why."""
    return _tell(staff_users(request.approved_by), Kind.PAYMENT_SENT_BACK, request)


def released(request: PaymentRequest) -> list:
    """The awardee: paid, how much, when, how and the reference to look for."""
    return _tell(awardees_of(request.agreement), Kind.PAYMENT_RELEASED, request)
