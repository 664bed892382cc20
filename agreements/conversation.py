"""The agreement's side of its conversation (issue 22): the awardee's people (``selectors.agreements_visible_to``:
from the moment it is sent, the new owner after a transfer) and staff who change agreements write; board members and
auditors read; nobody else sees it (404). Registered with ``conversations.registry`` in ``AgreementsConfig.ready``.
"""

from __future__ import annotations

from applications.conversation import district_side
from conversations import registry

from . import selectors
from .models import Agreement


class AgreementConversation:
    responsible = "sent_by"

    def find(self, user, pk: int):
        return Agreement.objects.select_related("program", "application").filter(pk=pk).first()

    def side(self, user, agreement) -> str | None:
        if not user.is_authenticated or agreement is None:
            return None
        if selectors.is_district(user):
            return district_side(user, change_permission="agreements.change_agreement", readable=True)
        visible = selectors.agreements_visible_to(user).filter(pk=agreement.pk).exists()
        return registry.APPLICANT if visible else None

    def recipients(self, agreement, side: str) -> list:
        if side == registry.APPLICANT:
            return list(selectors.awardees_of(agreement))
        from notices.services import staff_users

        return list(staff_users(agreement.sent_by))

    def link(self, agreement, side: str) -> str:
        return agreement.get_absolute_url()

    def regarding(self, agreement) -> str:
        return str(agreement)

    def program(self, agreement):
        return agreement.program

    def visible(self, user):
        return selectors.agreements_visible_to(user).values("pk")
