"""Reads about applications: what an applicant may see and what is missing (funds: ``funding.selectors``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from programs.rules.fields import InputError, parse_values

from .models import Application


def applications_of(user) -> QuerySet[Application]:
    """The only applications an applicant may see: their own."""
    return Application.objects.filter(applicant=user).select_related("program")


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
