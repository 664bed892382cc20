"""What the applicant, and staff, are told at each step of an application (through ``notices``).

``applications.services`` calls these right after a transition. The decision just recorded names the event in the
idempotency key, so a repeated call never sends the same notice twice.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notices.kinds import Kind
from notices.services import language_of, notify, staff_users
from programs import labels

from .models import Application
from .selectors import deficiency_rows

DECISION_NOTICES = {
    "submit": Kind.SUBMISSION_RECEIVED,
    "request_information": Kind.INFORMATION_REQUESTED,
    "mark_complete": Kind.APPLICATION_COMPLETE,
    "approve": Kind.APPLICATION_APPROVED,
    "reject": Kind.APPLICATION_REJECTED,
    "withdraw": Kind.APPLICATION_WITHDRAWN,
}


def _contacts(application: Application) -> list[str]:
    """Whom to write to about the program: the contacts its announcement names (``programs.announcements``), in the
    active language."""
    from programs.announcements import announcement

    found = announcement(application.program.code)
    return [str(fact.text) for fact in found.contact] if found else []


def _about(application: Application, link: str, decision, **extra) -> dict:
    """What a notice about the application needs, worded in the active language (the recipient's)."""
    rule_set = application.rule_set
    return {
        "regarding": _("Application %(reference)s") % {"reference": application.reference},
        "program": application.program,
        "link": link,
        "related": application,
        "key": f"application-decision:{decision.pk}",
        "context": {
            "application": application,
            "decision": decision,
            "rule_set": rule_set,
            "project_noun": labels.noun(rule_set),
            "project_noun_plural": labels.noun_plural(rule_set),
            "projects": list(application.projects.all()),
            "contacts": _contacts(application),
            **extra,
        },
    }


def _latest_decision(application: Application):
    return application.decisions.order_by("-pk").first()


def applicant_recipients(application: Application) -> list:
    """Who hears about an application for the applicant: the organization's owners and staff, the people who act
    for it (``accounts.models.APPLICANT_ROLES``), and the member who started it whatever their role now. A person
    no longer in the organization is told nothing about its applications."""
    from accounts.models import APPLICANT_ROLES

    members = application.organization.memberships.select_related("user").filter(user__is_active=True)
    return [
        membership.user
        for membership in members.order_by("user_id")
        if membership.role in APPLICANT_ROLES or membership.user_id == application.applicant_id
    ]


def tell_applicant(application: Application) -> list:
    """The applicant's notice of the step just taken: receipt, request for information with its due date, or a
    decision (complete, approved, rejected, withdrawn), to each of :func:`applicant_recipients` in the language
    they read (``accounts.models.Profile.language``). Returns the notices created.

    The receipt follows 001_ea26778b00a7e017.txt, PA2026-02 Section 3 step 2 ("Upon receipt of a submitted
    application, South Coast AQMD staff will review..."); requests for information are e-mailed as PA2022-01 says
    (002_93fe1fbed5faf247.txt, "Missing Information": "South Coast AQMD will email letters to applicants").
    """
    decision = _latest_decision(application)
    link = reverse("applications:detail", args=[application.pk])
    created = []
    for recipient in applicant_recipients(application):
        with translation.override(language_of(recipient)):
            # a request for information lists the documents and answers marked deficient, with why (issue 21)
            items = {"deficiencies": deficiency_rows(application)} if decision.action == "request_information" else {}
            notice = notify(
                recipient, DECISION_NOTICES[decision.action], **_about(application, link, decision, **items)
            )
        if notice is not None:
            created.append(notice)
    return created


def tell_staff_of_response(application: Application):
    """The application's reviewer hears that the applicant answered a request for information, with the answer
    (every staff user while nobody is assigned: ``notices.services.staff_users``)."""
    decision = _latest_decision(application)
    link = reverse("admin:applications_application_change", args=[application.pk])
    due = application.deficiency_response_due
    days_late = (timezone.localdate(decision.at) - due).days if due else 0
    created = []
    for user in staff_users(application.assigned_to):
        with translation.override(language_of(user)):
            notice = notify(user, Kind.INFORMATION_RECEIVED, **_about(application, link, decision, days_late=days_late))
        if notice is not None:
            created.append(notice)
    return created
