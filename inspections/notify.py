"""What the inspector, the awardee and staff are told about an inspection (through ``notices``; docs/notices.md).

``inspections.services`` calls these inside the transaction that made the change, after the change: the notice is
stored only if the change commits, and ``notices.services.notify`` queues its e-mail with ``transaction.on_commit``
(as ``payments.notices`` and ``reporting.notify`` do). A refused change raises before any of these runs, so nothing
is sent. Each key names the step just recorded, so a repeated call sends nothing twice; every notice is written in
its recipient's language and names the inspection in people's words.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.selectors import awardees_of
from notices.kinds import Kind
from notices.services import language_of, notify, staff_users

from . import selectors
from .models import Inspection


def regarding(inspection: Inspection) -> str:
    """ "Post-inspection of project 1 of agreement SCAQMD-PA2026-02-0001" in the active language."""
    return _("%(kind)s of project %(position)s of agreement %(agreement)s") % {
        "kind": inspection.get_kind_display(),
        "position": _position(inspection),
        "agreement": inspection.agreement.number,
    }


def _position(inspection: Inspection) -> str:
    funded = inspection.agreement.funded_projects.filter(project=inspection.project).first()
    return str(funded.position) if funded is not None else str(inspection.project)


def _step(inspection: Inspection):
    return inspection.steps.order_by("-pk").first()


def _tell(people, kind: Kind, inspection: Inspection, key: str, *, link: str | None = None, **context) -> list:
    created = []
    for person in people:
        with translation.override(language_of(person)):
            values = {"inspection": inspection, "kind_label": inspection.get_kind_display(), **context}
            if inspection.scheduled_for:
                local = timezone.localtime(inspection.scheduled_for)
                values["when_words"] = f"{date_format(local, 'DATE_FORMAT')}, {date_format(local, 'TIME_FORMAT')}"
                values["mode_label"] = inspection.get_mode_display()
            if inspection.result:
                values["result_label"] = inspection.get_result_display()
            notice = notify(
                person,
                kind,
                regarding=regarding(inspection),
                program=inspection.agreement.program,
                link=link or inspection.get_absolute_url(),
                related=inspection,
                key=key,
                context=values,
            )
        if notice is not None:
            created.append(notice)
    return created


def assigned(inspection: Inspection) -> list:
    """The inspector it was (re)assigned to: what to inspect, where, and by when."""
    return _tell(
        [inspection.inspector],
        Kind.INSPECTION_ASSIGNED,
        inspection,
        f"inspection-step:{_step(inspection).pk}",
        site=selectors.site_of(inspection.project, inspection.kind),
        due_words=date_format(inspection.due, "DATE_FORMAT") if inspection.due else "",
    )


def scheduled(inspection: Inspection) -> list:
    """The awardee: the date and time and whether on site or virtual."""
    return _tell(
        awardees_of(inspection.agreement),
        Kind.INSPECTION_SCHEDULED,
        inspection,
        f"inspection-step:{_step(inspection).pk}",
    )


def submitted(inspection: Inspection) -> list:
    """The agreement's officer (who sent it; every staff user if they no longer are): a report to review."""
    return _tell(
        staff_users(inspection.agreement.sent_by),
        Kind.INSPECTION_REPORT_SUBMITTED,
        inspection,
        f"inspection-step:{_step(inspection).pk}",
    )


def returned(inspection: Inspection, correction: Inspection) -> list:
    """The inspector: the report came back, with the reason; the link opens the correction to fill in."""
    return _tell(
        [correction.inspector] if correction.inspector else [],
        Kind.INSPECTION_REPORT_RETURNED,
        inspection,
        f"inspection-step:{_step(inspection).pk}",
        link=correction.get_absolute_url(),
        reason=inspection.review_reason,
    )


def accepted(inspection: Inspection) -> list:
    """The awardee: the result, and whether the project is now cleared for payment (every inspection clearance of
    ``inspections.selectors.cleared_for_payment`` passed, said only when this inspection clears one)."""
    clears = bool(selectors.rule_of(inspection).clears) and inspection.result == Inspection.Result.PASSED
    cleared = clears and selectors.cleared_for_payment(inspection.project)[0]
    return _tell(
        awardees_of(inspection.agreement),
        Kind.INSPECTION_ACCEPTED,
        inspection,
        f"inspection-step:{_step(inspection).pk}",
        passed=inspection.result == Inspection.Result.PASSED,
        cleared_for_payment=cleared,
    )


def destruction_notice(inspection: Inspection, planned_on: dt.date, given_on: dt.date) -> list:
    """The agreement's officer: the awardee named the destruction date (PA2026-01 Section 2.3), once per notice."""
    return _tell(
        staff_users(inspection.agreement.sent_by),
        Kind.DESTRUCTION_NOTICE_RECEIVED,
        inspection,
        f"destruction-notice:{inspection.project_id}:{planned_on:%Y%m%d}:{given_on:%Y%m%d}",
        planned_words=date_format(planned_on, "DATE_FORMAT"),
        given_words=date_format(given_on, "DATE_FORMAT"),
    )
