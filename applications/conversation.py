"""The application's side of its conversation (issue 22): who reads and writes it, who is told, and where it is
read. Registered with ``conversations.registry`` in ``ApplicationsConfig.ready``.

- the applicant's side: every member of the application's organization (owner, staff, consultant: they all see the
  organization's applications, ``selectors.applications_of``), once it is submitted (a draft is the applicant's
  alone, and staff never see it);
- staff: people in the Staff role who may change applications, on every submitted application;
- board members and auditors read it (the applications they may see, ``selectors.submitted_applications``);
- nobody else: inspectors, port representatives, finance, another organization's people get a 404.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from conversations import registry

from . import notices, selectors
from .models import Application, Status


def district_side(user, *, change_permission: str, readable: bool) -> str | None:
    """Staff (who write), board members and auditors (who read), given the stage's permission and whether the
    object is among those the person's role reads."""
    if not readable:
        return None
    if (user.is_superuser or has_role(user, Role.STAFF)) and user.has_perm(change_permission):
        return registry.STAFF
    if has_role(user, Role.BOARD_MEMBER) or has_role(user, Role.AUDITOR):
        return registry.READER
    return None


class ApplicationConversation:
    responsible = "assigned_to"

    def find(self, user, pk: int):
        return Application.objects.select_related("program", "organization").filter(pk=pk).first()

    def side(self, user, application) -> str | None:
        if not user.is_authenticated or application is None:
            return None
        if user.is_staff and user.has_perm("applications.view_application"):
            readable = selectors.submitted_applications(user=user).filter(pk=application.pk).exists()
            return district_side(user, change_permission="applications.change_application", readable=readable)
        if application.status == Status.DRAFT:
            return None
        return registry.APPLICANT if selectors.applications_of(user).filter(pk=application.pk).exists() else None

    def recipients(self, application, side: str) -> list:
        if side == registry.APPLICANT:
            return notices.applicant_recipients(application)
        from notices.services import staff_users

        return list(staff_users(application.assigned_to))

    def link(self, application, side: str) -> str:
        if side == registry.APPLICANT:
            return reverse("applications:detail", args=[application.pk])
        return reverse("admin:applications_application_review", args=[application.pk])

    def regarding(self, application) -> str:
        return _("Application %(reference)s") % {"reference": application.reference}

    def program(self, application):
        return application.program

    def visible(self, user):
        return selectors.applications_of(user).exclude(status=Status.DRAFT).values("pk")
