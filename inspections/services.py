"""Writes to inspections: opening, assigning, scheduling, filling in, submitting and reviewing an inspection, and the
awardee's part (delivery, the destruction notice, the dismantler's receipt and Certificate of Destruction).

Every change runs in one transaction that locks the inspection's row (``select_for_update``), re-reads it and checks
its state inside the lock, so two requests at the same moment act one after the other. Refusals raise
:class:`InspectionError` (a ``WorkflowError``) with a message for the person who asked; bad checklist values raise
``InputError`` naming the field. A passing inspection accepted by staff records the agreement's event it confirms
(the post-inspection's "confirms it operational", the verified destruction) through ``agreements.services``, which
marks the matching obligation done. Each step that someone must hear of (assigned, scheduled, submitted,
returned, accepted, the destruction notice) calls ``inspections.notify`` inside the same transaction, after the
change: a refused change tells no one, and the e-mail is queued when the change commits.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from agreements import selectors as agreements
from agreements import services as agreement_services
from agreements.models import Agreement, FundedProject, Obligation, ProjectEvent
from applications.forms import upload_problem
from applications.models import Project
from core import workflow
from core.files import delete_after_commit
from core.uploads import safe_copy
from core.workflow import WorkflowError
from programs.rules.fields import InputError, parse_values, to_jsonable

from . import notify, selectors
from .models import Inspection, InspectionPhoto, ProjectDocument, Step, ToOpen
from .rules.base import before_event, notice_problem, still_to_come, unverified_checks

PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


VERBS = {
    "assign": "assigned",
    "schedule": "scheduled",
    "submit": "submitted",
    "accept": "accepted",
    "send_back": "returned",
}


class InspectionError(WorkflowError):
    """A request about an inspection refused, with a message for the person who asked."""


def _long(day: dt.date) -> str:
    return f"{day:%B %-d, %Y}"


def _in_words(day: dt.date) -> str:
    """A day in words in the reader's language ("December 7, 2026", "7 de diciembre de 2026")."""
    return date_format(day, "DATE_FORMAT")


def _before_the_event_problem(inspection: Inspection, on: dt.date) -> str | None:
    """Why an inspection of ``inspection``'s project on ``on`` would come before what it inspects (the delivery or
    installation recorded on the agreement, ``rules.base.INSPECTED_EVENTS``), or None."""
    found = before_event(inspection.kind, on, agreements.events_of(inspection.project))
    if found is None:
        return None
    key, day = found
    what = _("the delivery of the new equipment") if key == "delivered" else _("the installation")
    return _("%(on)s is before %(what)s it inspects, recorded on %(day)s.") % {
        "on": _in_words(on),
        "what": what,
        "day": _in_words(day),
    }


def lock(inspection: Inspection) -> Inspection:
    """The inspection's row locked for this transaction, as it now stands."""
    return (
        Inspection.objects.select_for_update()
        .select_related("agreement__program", "project__application")
        .get(pk=inspection.pk)
    )


def _move(inspection: Inspection, action: str, actor, reason: str = "") -> Step:
    before = workflow.advance(
        inspection,
        action,
        f"This inspection's status is “{inspection.get_status_display()}”: it cannot be {VERBS[action]} now.",
        InspectionError,
    )
    return Step.objects.create(
        inspection=inspection,
        action=action,
        from_status=before,
        to_status=inspection.status,
        actor=actor,
        reason=reason,
    )


def _require_manager(actor) -> None:
    if not selectors.may_manage(actor):
        raise InspectionError("Only program staff open, assign and review inspections.")


def _require_inspector(inspection: Inspection, actor) -> None:
    if inspection.inspector_id != getattr(actor, "pk", None):
        raise InspectionError("Only the inspector assigned to this inspection may do this.")


def _require_editable(inspection: Inspection) -> None:
    if not inspection.is_editable:
        raise InspectionError(
            f"This inspection is {inspection.get_status_display().lower()}: a submitted report is "
            f"locked, and a correction is a new version."
        )


# --- Staff ---------------------------------------------------------------------------------------------------


@transaction.atomic
def open_inspection(project: Project, kind: str, *, actor, why: str = "", due: dt.date | None = None) -> Inspection:
    """An inspection the project needs (a delivery, a destruction notice, a dismantler's receipt, or staff's own
    decision, e.g. a pre-inspection); one open inspection of a kind at a time."""
    funded = agreements.funded_project_of(project)
    in_force = agreements.is_executed(project)
    pre = (
        kind == "pre"
        and funded is not None
        and funded.status == funded.Status.ACTIVE
        and funded.agreement.status in selectors.PRE_INSPECTION_STATES
    )
    if funded is None or not (in_force or pre):
        raise InspectionError(
            "Inspections are opened on projects of an executed agreement in force (a "
            "pre-inspection, once the agreement is drafted)."
        )
    workflow.lock(funded.agreement)  # one opening at a time per agreement
    program = selectors.program_of(project)
    if program is None or program.rule(kind) is None:
        raise InspectionError(f"{funded.agreement.program.code} has no {kind} inspection.")
    existing = selectors.open_inspection_of(project, kind)
    if existing is not None:
        raise InspectionError(
            f"This project already has an open {existing.get_kind_display().lower()} "
            f"({existing.get_status_display().lower()})."
        )
    version = (
        Inspection.objects.filter(project=project, kind=kind)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    ) + 1
    inspection = Inspection.objects.create(
        agreement=funded.agreement, project=project, kind=kind, version=version, why=why[:300], due=due
    )
    Step.objects.create(
        inspection=inspection, action="open", from_status="", to_status=inspection.status, actor=actor, reason=why
    )
    sync_to_open([funded.agreement_id])
    return inspection


@transaction.atomic
def assign(inspection: Inspection, inspector, *, actor, reason: str = "") -> Inspection:
    """Staff give the inspection to an inspector (again, to another one, before the report is submitted)."""
    _require_manager(actor)
    inspection = lock(inspection)
    if not (inspector.is_active and has_role(inspector, Role.INSPECTOR)):
        raise InspectionError(f"{inspector.get_username()} is not an inspector.")
    previous = inspection.inspector
    inspection.inspector = inspector
    note = reason or (
        f"Assigned to {inspector.get_username()}"
        if previous is None
        else f"Reassigned from {previous.get_username()} to {inspector.get_username()}"
    )
    if inspection.status == Inspection.Status.SCHEDULED and previous != inspector:
        inspection.scheduled_for, inspection.mode = None, ""
    _move(inspection, "assign", actor, note)
    notify.assigned(inspection)
    return inspection


@transaction.atomic
def accept(inspection: Inspection, *, actor, note: str = "", today: dt.date | None = None) -> Inspection:
    """Staff accept the submitted report. A passing one then records what it confirms on the agreement: the event
    (``on_accept_event``: the new equipment operational, the old one destroyed), which marks the matching obligation
    done, and for PA2026-01 the Certificate of Destruction obligation when the certificate is uploaded."""
    _require_manager(actor)
    inspection = lock(inspection)
    if inspection.inspector_id == actor.pk:
        raise InspectionError("The inspector who wrote the report does not review it.")
    inspection.reviewed_by, inspection.reviewed_at, inspection.review_reason = actor, timezone.now(), note.strip()
    _move(inspection, "accept", actor, note.strip())
    if inspection.result == Inspection.Result.PASSED:
        _record_consequences(inspection, actor=actor, today=today)
        sync_to_open([inspection.agreement_id])  # SOON: the destruction inspection is now needed
    notify.accepted(inspection)
    return inspection


def _record_consequences(inspection: Inspection, *, actor, today: dt.date | None) -> None:
    rule = selectors.rule_of(inspection)
    project = inspection.project
    observed = selectors.observed_values(inspection)
    today = today or timezone.localdate()
    on = observed.get("destroyed_on") or timezone.localdate(inspection.submitted_at)
    on = min(on, today)
    if rule.on_accept_event:
        recorded = agreements.events_of(project).get(rule.on_accept_event)
        if recorded != on:
            agreement_services.record_event(
                project,
                rule.on_accept_event,
                on,
                actor=actor,
                record=inspection,
                today=today,
                note=f"Verified by the {inspection.get_kind_display().lower()} accepted on {_long(today)}",
            )
    if "certificate_of_destruction" in rule.documents:
        _complete_certificate(project, actor=actor, today=today)


def _complete_certificate(project: Project, *, actor, today: dt.date) -> None:
    """PA2026-01 Table 1 step 4B: "a Certificate of Destruction ... within 60 days of destruction": done when the
    certificate is uploaded and a passing destruction inspection is accepted."""
    certificate = (
        selectors.documents_of(project)
        .filter(kind=ProjectDocument.Kind.CERTIFICATE_OF_DESTRUCTION)
        .order_by("on")
        .first()
    )
    accepted = Inspection.objects.filter(
        project=project, kind="destruction", status=Inspection.Status.ACCEPTED, result=Inspection.Result.PASSED
    ).exists()
    obligation = Obligation.objects.filter(project=project, key="certificate_of_destruction").first()
    if certificate and accepted and obligation and not obligation.done_on and not obligation.waived_at:
        agreement_services.complete_obligation(
            project,
            "certificate_of_destruction",
            on=min(certificate.on, today),
            actor=actor,
            record=certificate,
            today=today,
        )


@transaction.atomic
def return_report(inspection: Inspection, *, actor, reason: str) -> Inspection:
    """Staff send the report back with the reason. The submitted version stays as it was (locked); the correction is
    a new version, with the same inspector, schedule, observed values and photos, to fill in and submit again."""
    _require_manager(actor)
    if not reason.strip():
        raise InspectionError("Say why the report is returned.")
    inspection = lock(inspection)
    inspection.reviewed_by, inspection.reviewed_at, inspection.review_reason = actor, timezone.now(), reason.strip()
    _move(inspection, "send_back", actor, reason.strip())
    correction = Inspection.objects.create(
        agreement=inspection.agreement,
        project=inspection.project,
        kind=inspection.kind,
        version=inspection.version + 1,
        supersedes=inspection,
        why=f"Correction of version {inspection.version}",
        due=inspection.due,
        inspector=inspection.inspector,
        scheduled_for=inspection.scheduled_for,
        mode=inspection.mode,
        observed=dict(inspection.observed),
        result=inspection.result,
        findings=inspection.findings,
        status=Inspection.Status.SCHEDULED if inspection.scheduled_for else Inspection.Status.ASSIGNED,
    )
    for photo in inspection.photos.all():
        InspectionPhoto.objects.create(
            inspection=correction,
            caption=photo.caption,
            file=photo.file.name,
            original_name=photo.original_name,
            content_type=photo.content_type,
            size=photo.size,
            uploaded_by=photo.uploaded_by,
        )
    Step.objects.create(
        inspection=correction,
        action="correct",
        from_status="",
        to_status=correction.status,
        actor=actor,
        reason=reason.strip(),
    )
    notify.returned(inspection, correction)
    return correction


# --- The inspector -------------------------------------------------------------------------------------------


@transaction.atomic
def schedule(inspection: Inspection, *, actor, when: dt.datetime, mode: str) -> Inspection:
    """The date and time agreed with the awardee, and whether on site or virtually ("Inspections may be performed
    either on-site or via video or photograph(s) at the Inspector's discretion", 001_ea26778b00a7e017.txt, PA2026-01
    Table 1 step 4A)."""
    inspection = lock(inspection)
    _require_inspector(inspection, actor)
    if mode not in Inspection.Mode.values:
        raise InputError({"mode": "Choose on site or virtual."})
    if problem := _before_the_event_problem(inspection, timezone.localtime(when).date()):
        raise InputError({"on": problem})
    inspection.scheduled_for, inspection.mode = when, mode
    _move(inspection, "schedule", actor, f"{Inspection.Mode(mode).label}, {timezone.localtime(when):%B %-d, %Y %H:%M}")
    notify.scheduled(inspection)
    return inspection


def destruction_day_problem(destroyed_on: dt.date | None, today: dt.date) -> str | None:
    """A destruction date still to come: the inspector records a destruction that happened."""
    if still_to_come(destroyed_on, today):
        return _("%(day)s is still to come: give the day the destruction was done.") % {"day": _in_words(destroyed_on)}
    return None


@transaction.atomic
def save_checklist(inspection: Inspection, raw: dict, *, actor, today: dt.date | None = None) -> Inspection:
    """The observed values, typed by the program's checklist (blanks allowed until submission); a date of
    destruction (``destroyed_on``) may not be in the future."""
    inspection = lock(inspection)
    _require_inspector(inspection, actor)
    _require_editable(inspection)
    fields = selectors.checklist_fields(inspection)
    values = parse_values(
        fields, {name: value for name, value in raw.items() if value not in (None, "")}, partial=True, strict=True
    )
    if problem := destruction_day_problem(values.get("destroyed_on"), today or timezone.localdate()):
        raise InputError({"destroyed_on": problem})
    inspection.observed = to_jsonable(fields, values)
    inspection.save(update_fields=["observed"])
    return inspection


def _upload_problem(upload, allowed: dict[str, str]) -> str | None:
    problem = upload_problem(upload)
    if problem:
        return problem
    extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in allowed:
        kinds = " or ".join(sorted({value.split("/")[1].upper() for value in allowed.values()}))
        return f"{upload.name} is not a {kinds} file."
    return None


@transaction.atomic
def add_photos(inspection: Inspection, photos: list[tuple[str, object]], *, actor) -> list[InspectionPhoto]:
    """Photos (JPEG or PNG, checked by content), each with its caption."""
    inspection = lock(inspection)
    _require_inspector(inspection, actor)
    _require_editable(inspection)
    if not photos:
        raise InputError({"photos": "Choose at least one photo."})
    problems = {}
    for caption, upload in photos:
        if not caption.strip():
            problems["caption"] = f"Give {upload.name} a caption."
        elif problem := _upload_problem(upload, PHOTO_TYPES):
            problems["photos"] = problem
    if problems:
        raise InputError(problems)
    created = []
    for caption, upload in photos:
        extension = "." + upload.name.rsplit(".", 1)[-1].lower()
        stored = safe_copy(upload)  # re-encoded: the pixels only (core.uploads)
        created.append(
            InspectionPhoto.objects.create(
                inspection=inspection,
                caption=caption.strip()[:200],
                file=stored,
                original_name=upload.name[:255],
                content_type=PHOTO_TYPES[extension],
                size=stored.size,
                uploaded_by=actor,
            )
        )
    return created


@transaction.atomic
def delete_photo(photo: InspectionPhoto, *, actor) -> None:
    inspection = lock(photo.inspection)
    _require_inspector(inspection, actor)
    _require_editable(inspection)
    photo.delete()
    delete_after_commit(photo.file)


@transaction.atomic
def attach_report(inspection: Inspection, upload, *, actor) -> Inspection:
    """The signed Inspection Report (PDF, checked by content)."""
    inspection = lock(inspection)
    _require_inspector(inspection, actor)
    _require_editable(inspection)
    if problem := _upload_problem(upload, {".pdf": "application/pdf"}):
        raise InputError({"report": problem})
    inspection.report, inspection.report_name = upload, upload.name[:255]
    inspection.save(update_fields=["report", "report_name"])
    return inspection


def _scheduled_day(inspection: Inspection) -> dt.date | None:
    return timezone.localtime(inspection.scheduled_for).date() if inspection.scheduled_for else None


def submission_problems(
    inspection: Inspection,
    *,
    result: str,
    findings: str,
    today: dt.date | None = None,
    inspected_on: dt.date | None = None,
) -> dict[str, str]:
    """What stops the report from being submitted, by field. ``inspected_on``, the day the inspection was done,
    may differ from the day scheduled (the awardee was ready earlier): the report is submitted that day without
    re-scheduling; it is never in the future nor before the delivery or installation inspected."""
    problems: dict[str, str] = {}
    today = today or timezone.localdate()
    on = inspected_on or _scheduled_day(inspection)
    if inspected_on is None and on is not None and on > today:
        problems["inspected_on"] = _(
            "The inspection is scheduled for %(day)s: give the day it was done, or submit it after."
        ) % {"day": _in_words(on)}
    elif still_to_come(on, today):
        problems["inspected_on"] = _("%(day)s is still to come: give the day the inspection was done.") % {
            "day": _in_words(on)
        }
    elif on is not None and (problem := _before_the_event_problem(inspection, on)):
        problems["inspected_on"] = problem
    destroyed_on = selectors.observed_values(inspection).get("destroyed_on")
    if problem := destruction_day_problem(destroyed_on, today):
        problems["destroyed_on"] = problem
    if result not in Inspection.Result.values:
        problems["result"] = "Record whether the inspection passed or failed."
    try:
        parse_values(selectors.checklist_fields(inspection), inspection.observed, partial=False, strict=False)
    except InputError as error:
        problems["checklist"] = "Fill in the checklist: " + "; ".join(error.errors.values())
    if missing := selectors.photos_missing(inspection):
        problems["photos"] = "Photos still needed: " + ", ".join(missing) + "."
    if not inspection.report:
        problems["report"] = "Upload the signed inspection report (PDF)."
    if result == Inspection.Result.PASSED:
        unverified = unverified_checks(selectors.rule_of(inspection).checklist, selectors.observed_values(inspection))
        if unverified:
            problems["result"] = "It cannot pass while these are not verified: " + "; ".join(unverified) + "."
    if result == Inspection.Result.FAILED and not findings.strip():
        problems["findings"] = "Say what failed."
    return problems


@transaction.atomic
def submit(
    inspection: Inspection,
    *,
    actor,
    result: str,
    findings: str = "",
    today: dt.date | None = None,
    inspected_on: dt.date | None = None,
) -> Inspection:
    """The inspector submits the report for staff review; from now on it is locked. ``inspected_on`` (default: the
    day scheduled) is the day the inspection was done."""
    inspection = lock(inspection)
    _require_inspector(inspection, actor)
    if inspection.status != Inspection.Status.SCHEDULED:
        raise InspectionError(
            f"This inspection is {inspection.get_status_display().lower()}: only a scheduled "
            f"inspection's report is submitted."
        )
    if problems := submission_problems(
        inspection, result=result, findings=findings, today=today, inspected_on=inspected_on
    ):
        raise InputError(problems)
    inspection.result, inspection.findings, inspection.submitted_at = result, findings.strip(), timezone.now()
    inspection.inspected_on = inspected_on or _scheduled_day(inspection)
    reason = f"{Inspection.Result(result).label}, inspected on {_long(inspection.inspected_on)}"
    _move(inspection, "submit", actor, reason)
    notify.submitted(inspection)
    return inspection


# --- The awardee ---------------------------------------------------------------------------------------------


def _require_awardee(project: Project, actor):
    funded = agreements.funded_project_of(project)
    if funded is None or not selectors.is_awardee(actor, funded.agreement):
        raise InspectionError("Only the awardee reports on its project.")
    return funded


def _rule_triggered_by(project: Project, event: str):
    program = selectors.program_of(project)
    return next((rule for rule in program.inspections if rule.awardee_trigger == event), None) if program else None


@transaction.atomic
def report_ready(project: Project, kind: str, on: dt.date, *, actor, today: dt.date | None = None) -> Inspection:
    """The awardee tells the district the new equipment is delivered (or installed, or ready) so the inspection can
    be scheduled ("After the new/replacement equipment is delivered, the Awardee must inform South Coast AQMD staff
    so an inspection can be scheduled", 001_ea26778b00a7e017.txt, PA2026-01 Table 1). Where the program has an event
    for it, the event is recorded on the agreement (which completes the "notify delivery" obligation)."""
    _require_awardee(project, actor)
    program = selectors.program_of(project)
    rule = program.rule(kind) if program else None
    if rule is None or kind not in ("post", "installation"):
        raise InspectionError("Report the new equipment's delivery or installation here.")
    if rule.awardee_trigger and agreements.events_of(project).get(rule.awardee_trigger) != on:
        agreement_services.record_event(
            project,
            rule.awardee_trigger,
            on,
            actor=actor,
            today=today,
            note="Reported by the awardee for the inspection",
        )
    label = {"delivered": "Delivery", "installed": "Installation"}.get(rule.awardee_trigger or "", "Ready")
    return open_inspection(project, kind, actor=actor, why=f"{label} reported on {_long(on)}")


@transaction.atomic
def give_destruction_notice(
    project: Project, planned_on: dt.date, *, actor, today: dt.date | None = None
) -> Inspection:
    """The awardee names the destruction date ahead. PA2026-01: "South Coast AQMD must be notified within 14 days
    prior to equipment destruction so that an inspection can be performed" (Section 2.3), read as at least 14 days
    before; the date must also fall in the window (60 days after delivery)."""
    funded = _require_awardee(project, actor)
    program = selectors.program_of(project)
    rule = program.rule("destruction") if program else None
    if rule is None or program.destruction is None or program.destruction.notice_term is None:
        raise InspectionError("This program asks for no destruction notice.")
    today = today or timezone.localdate()
    if notice_problem(program.destruction, given_on=today, planned_on=planned_on):
        days = program.destruction.notice_days
        raise InputError(
            {
                "planned_on": _(
                    "The district must be notified at least %(days)s days before the destruction: the earliest date "
                    "for a notice given on %(given)s is %(earliest)s."
                )
                % {
                    "days": days,
                    "given": _in_words(today),
                    "earliest": _in_words(today + dt.timedelta(days=days)),
                }
            }
        )
    last_day = selectors.destruction_dates(project).get("last_day")
    if last_day and planned_on > last_day:
        raise InputError(
            {
                "planned_on": _("The destruction must happen by %(day)s (%(days)s days after delivery).")
                % {"day": _in_words(last_day), "days": program.destruction.window_days}
            }
        )
    agreement_services.record_event(
        project,
        "destruction_planned",
        planned_on,
        actor=actor,
        today=today,
        note=f"Destruction notice given on {_long(today)}",
    )
    obligation = Obligation.objects.filter(project=project, key="destruction_notice").first()
    if obligation and not obligation.done_on:
        agreement_services.complete_obligation(project, "destruction_notice", on=today, actor=actor, today=today)
    inspection = selectors.open_inspection_of(project, "destruction") or open_inspection(
        project,
        "destruction",
        actor=actor,
        due=planned_on,
        why=f"Destruction notice: destruction planned on {_long(planned_on)} ({funded.agreement.number})",
    )
    notify.destruction_notice(inspection, planned_on, today)
    return inspection


DOCUMENT_TYPES = {".pdf": "application/pdf", **PHOTO_TYPES}


@transaction.atomic
def add_document(
    project: Project, kind: str, on: dt.date, upload, *, actor, caption: str = "", today: dt.date | None = None
) -> ProjectDocument:
    """The dismantler's receipt, the Certificate of Destruction or a photo of the destruction, from the awardee.

    PA2026-02 Section 4.2: the receipt records the ``dismantler_receipt`` event (the 90 days to scrap run from it)
    and opens the destruction inspection. PA2026-01 Table 1 step 4B: the Certificate of Destruction completes its
    obligation once the destruction inspection is accepted."""
    funded = _require_awardee(project, actor)
    today = today or timezone.localdate()
    if kind not in ProjectDocument.Kind.values:
        raise InputError({"kind": "Choose which document this is."})
    if on > today:
        raise InputError({"on": f"{_long(on)} is still to come."})
    allowed = PHOTO_TYPES if kind == ProjectDocument.Kind.DESTRUCTION_PHOTO else DOCUMENT_TYPES
    if problem := _upload_problem(upload, allowed):
        raise InputError({"file": problem})
    extension = "." + upload.name.rsplit(".", 1)[-1].lower()
    stored = safe_copy(upload)  # an image re-encoded: the pixels only (core.uploads)
    document = ProjectDocument.objects.create(
        agreement=funded.agreement,
        project=project,
        kind=kind,
        on=on,
        caption=caption.strip()[:200],
        file=stored,
        original_name=upload.name[:255],
        content_type=allowed[extension],
        size=stored.size,
        uploaded_by=actor,
    )
    if kind == ProjectDocument.Kind.DISMANTLER_RECEIPT and (rule := _rule_triggered_by(project, "dismantler_receipt")):
        if agreements.events_of(project).get("dismantler_receipt") != on:
            agreement_services.record_event(
                project,
                "dismantler_receipt",
                on,
                actor=actor,
                today=today,
                record=document,
                note="Dismantler's receipt uploaded by the awardee",
            )
        if (
            selectors.open_inspection_of(project, rule.kind) is None
            and not Inspection.objects.filter(
                project=project, kind=rule.kind, status=Inspection.Status.ACCEPTED
            ).exists()
        ):
            last_day = selectors.destruction_dates(project).get("last_day")
            open_inspection(project, rule.kind, actor=actor, due=last_day, why=f"Dismantler's receipt of {_long(on)}")
    if kind == ProjectDocument.Kind.CERTIFICATE_OF_DESTRUCTION:
        _complete_certificate(project, actor=actor, today=today)
    return document


def inspectors():
    return get_user_model().objects.filter(groups__name=Role.INSPECTOR.value, is_active=True)


# --- What needs an inspection none has opened (issue 25) ----------------------------------------------------

MODELS = {
    "FundedProject": FundedProject,
    "Inspection": Inspection,
    "ProjectEvent": ProjectEvent,
    "Agreement": Agreement,
}


def sync_to_open(agreement_ids=None, *, models=None) -> int:
    """Bring ``ToOpen`` up to date for the agreements (every one when None), set-based: one DELETE of the rows no
    longer wanted (an inspection of the kind opened, the project terminated or closed, the agreement no longer in
    force, the triggering event corrected away), one query per program and kind for the rows wanted
    (``selectors.to_open_wanted``) and one INSERT ... ON CONFLICT that adds the new ones and re-dates the corrected
    ones (a row keeps the moment it was first needed). With agreements given, their rows are locked first (callers
    already hold them: ``record_event``, ``terminate``, ``close``, ``open_inspection``), so two changes of one
    agreement sync one after the other. Returns how many rows are wanted."""
    models = models or MODELS
    to_open, inspection, event = models.get("ToOpen", ToOpen), models["Inspection"], models["ProjectEvent"]
    with transaction.atomic():
        rows = to_open.objects.all()
        if agreement_ids is not None:
            agreement_ids = sorted(set(agreement_ids))
            list(
                models["Agreement"].objects.select_for_update().filter(pk__in=agreement_ids).order_by("pk").values("pk")
            )
            rows = rows.filter(agreement_id__in=agreement_ids)
        opened = inspection.objects.filter(project=OuterRef("project"), kind=OuterRef("kind"))
        happened = event.objects.filter(project=OuterRef("project"), key=OuterRef("event"), corrected_by__isnull=True)
        rows.filter(
            Exists(opened)
            | ~Q(funded__status="active")
            | ~Q(agreement__status="executed")
            | (~Q(event="") & ~Exists(happened))
        ).delete()
        wanted = selectors.to_open_wanted(models, agreement_ids)
        to_open.objects.bulk_create(
            [to_open(**row) for row in wanted],
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["project", "kind"],
            update_fields=["event", "event_on", "number", "position"],
        )
    return len(wanted)


def _agreements_changed(sender, agreement, **kwargs) -> None:
    """``agreements.signals.projects_changed``: an event recorded or corrected, a project terminated or closed."""
    sync_to_open([agreement.pk])


def connect() -> None:
    from agreements.signals import projects_changed

    projects_changed.connect(_agreements_changed, dispatch_uid="inspections.sync_to_open")
