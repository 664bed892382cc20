"""A project's audit trail: every recorded decision and change, from its application to its last payment, in time
order, for an auditor (a CARB or State auditor, ``Role.AUDITOR``), staff and the board (issue 26).

Read from the records the workflow already keeps, never edited: the application's decisions, the change history of
the application and the project (django-simple-history), the agreement's steps and the project's events, the fund
ledger's entries for the project, and the steps of its inspections and payment requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import FundedProject, ProjectEvent
from agreements.models import Step as AgreementStep
from applications import selectors as applications
from applications.models import Project
from funding.models import LedgerEntry
from inspections.models import Step as InspectionStep
from payments.models import Step as PaymentStep

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    record: str
    action: str
    change: str
    by: str
    reason: str


def visible_project(user, pk: int) -> Project | None:
    """The project, if ``user`` reads it in the admin (staff and the board: submitted; an auditor: decided)."""
    if not (user.is_authenticated and user.is_staff and user.has_perm("applications.view_project")):
        return None
    return applications.submitted_projects(user=user).select_related("application__program").filter(pk=pk).first()


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _moves(steps, record) -> list[Entry]:
    return [
        Entry(
            step.at,
            record(step),
            step.action,
            f"{step.from_status} → {step.to_status}",
            _person(step.actor),
            step.reason,
        )
        for step in steps
    ]


def _history(obj, label: str) -> list[Entry]:
    """Each version of ``obj`` with the fields it changed (the first version: created)."""
    entries = []
    versions = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for version in versions:
        changed = ""
        if previous is not None:
            delta = version.diff_against(previous)
            changed = ", ".join(sorted(change.field for change in delta.changes))
        entries.append(
            Entry(
                version.history_date,
                label,
                HISTORY_TYPES.get(version.history_type, version.history_type),
                changed,
                _person(version.history_user),
                version.history_change_reason or "",
            )
        )
        previous = version
    return entries


def trail(project: Project) -> list[Entry]:
    """Every entry of the project's audit trail, oldest first."""
    application = project.application
    entries = _moves(application.decisions.select_related("actor"), lambda step: application.reference)
    entries += _history(application, application.reference)
    entries += _history(project, str(project))
    funded = FundedProject.objects.filter(project=project).select_related("agreement").first()
    if funded is not None:
        agreement = funded.agreement
        entries += _moves(
            AgreementStep.objects.filter(agreement=agreement).select_related("actor"), lambda s: agreement.number
        )
        for event in ProjectEvent.objects.filter(project=project).select_related("recorded_by"):
            entries.append(
                Entry(
                    event.recorded_at,
                    agreement.number,
                    f"event: {event.key}",
                    event.on.isoformat(),
                    _person(event.recorded_by),
                    event.note,
                )
            )
    for entry in LedgerEntry.objects.filter(project=project).select_related("fund", "actor"):
        entries.append(
            Entry(
                entry.at,
                entry.fund.name,
                f"ledger: {entry.kind}",
                f"{entry.amount:.2f}",
                _person(entry.actor),
                entry.reason,
            )
        )
    entries += _moves(
        InspectionStep.objects.filter(inspection__project=project).select_related("actor", "inspection"),
        lambda step: _("Inspection %(id)s (%(kind)s)")
        % {"id": step.inspection_id, "kind": step.inspection.get_kind_display()},
    )
    entries += _moves(
        PaymentStep.objects.filter(request__project=project).select_related("actor", "request"),
        lambda step: step.request.number,
    )
    return sorted(entries, key=lambda entry: entry.at)


def rows(project: Project):
    """The CSV's lines: a header, then one line per entry (``core.spreadsheets`` neutralizes formulas)."""
    yield (_("When (Pacific time)"), _("Record"), _("Action"), _("Change"), _("By"), _("Reason or note"))
    for entry in trail(project):
        yield (
            timezone.localtime(entry.at).isoformat(timespec="seconds"),
            entry.record,
            entry.action,
            entry.change,
            entry.by,
            entry.reason,
        )
