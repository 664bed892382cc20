"""Reads about applications: what an applicant may see and what is missing (funds: ``funding.selectors``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from programs.rules.fields import InputError, parse_values

from .models import Application, Status


def applications_of(user) -> QuerySet[Application]:
    """The only applications an applicant may see: their own."""
    return Application.objects.filter(applicant=user).select_related("program", "round")


def submitted_applications() -> QuerySet[Application]:
    """What the district has received: every application but drafts.

    A draft is the applicant's alone: "Save as you go; nothing is sent until you submit."
    """
    return Application.objects.exclude(status=Status.DRAFT)


def applications_visible_to(user) -> QuerySet[Application]:
    """Staff and board members (admin users with the view permission) see submitted applications; everyone
    else sees only their own. Inspectors see none until inspection assignments exist."""
    if user.is_authenticated and user.is_staff and user.has_perm("applications.view_application"):
        return submitted_applications().select_related("program")
    return applications_of(user)


def stranded_evaluations(older_than: dt.timedelta) -> QuerySet[Application]:
    """Submitted applications whose queued evaluation has not run for ``older_than`` and has not failed.

    A failed evaluation waits for staff ("re-run evaluation"); running it again unchanged would fail again.
    """
    cutoff = timezone.now() - older_than
    return Application.objects.filter(status=Status.SUBMITTED, evaluation_failed_at__isnull=True).filter(
        Q(evaluation_queued_at__lt=cutoff) | Q(evaluation_queued_at__isnull=True, submitted_at__lt=cutoff)
    ).filter(Q(evaluated_at__isnull=True) | Q(evaluated_at__lt=F("evaluation_queued_at")))


def missing_fields(fields, data) -> dict[str, str]:
    try:
        parse_values(fields, data, strict=False)
    except InputError as error:
        return error.errors
    return {}


def missing_attachments(application: Application) -> list[str]:
    present = set(application.attachments.values_list("slot", flat=True))
    return [slot.label for slot in application.rule_set.attachments if slot.required and slot.key not in present]


def submission_problems(application: Application) -> list[str]:
    """Everything that stops a draft from being submitted, in words the applicant can act on."""
    rule_set = application.rule_set
    problems: list[str] = []
    if not application.program.is_open(timezone.now()):
        problems.append(f"{application.program.code} is not accepting applications now")
    problems += [f"Applicant: {message}" for message in missing_fields(rule_set.application_fields,
                                                                       application.details).values()]
    projects = list(application.projects.all())
    if not projects:
        problems.append(f"Add at least one {rule_set.project_noun}")
    for project in projects:
        problems += [f"{rule_set.project_noun.capitalize()} {project.position}: {message}"
                     for message in missing_fields(rule_set.project_fields, project.data).values()]
    problems += [f"Attachment missing: {label}" for label in missing_attachments(application)]
    if not application.certified_at:
        problems.append("Sign the certification")
    return problems
