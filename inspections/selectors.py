"""Reads of inspections: who may see what (decided here once), the checklist with the application's declared values
beside the observed ones, and THE interface to payments.

- ``inspections_visible_to(user)``: staff and board members every inspection; an inspector only their own
  assignments; anyone else none (an awardee reads the results on their agreement's page, ``project_panel``).
- ``comparison(inspection)``: every checklist line, declared vs observed, mismatches flagged.
- ``clearances(project) -> dict[key, Clearance]``: for every payment clearance an inspection clears
  (``payments.rules.programs``, asked by ``payments.selectors.clearances_for``), whether it has passed and why.
- ``cleared_for_payment(project) -> (bool, reason)``: every inspection clearance of the project passed, or what is
  still missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from agreements import selectors as agreements
from agreements.models import Agreement
from applications.models import Project
from programs.rules.fields import Field, InputError, parse_values

from .models import Inspection, InspectionPhoto, ProjectDocument
from .rules.base import Comparison, InspectionRule, ProgramInspections, compare, destruction_deadline, missing_photos
from .rules.programs import PROGRAM_INSPECTIONS
from .rules.route import city_of, map_link


@dataclass(frozen=True)
class Clearance:
    """One payment clearance as the inspections stand: passed or not, and why, in words."""

    passed: bool
    reason: str


# --- Who may do what -----------------------------------------------------------------------------------------


def is_district(user) -> bool:
    """Staff and board members: admin users holding the inspections view permission."""
    return user.is_authenticated and user.is_staff and user.has_perm("inspections.view_inspection")


def may_manage(user) -> bool:
    """Staff who open, assign and review inspections (board members read only)."""
    return is_district(user) and user.has_perm("inspections.change_inspection")


def is_inspector(user) -> bool:
    return user.is_authenticated and has_role(user, Role.INSPECTOR)


def inspections_visible_to(user) -> QuerySet[Inspection]:
    inspections = Inspection.objects.select_related("agreement__program", "project__application", "inspector")
    if is_district(user):
        return inspections
    if is_inspector(user):
        return inspections.filter(inspector=user)
    return inspections.none()


def may_inspect(user, inspection: Inspection) -> bool:
    """The assigned inspector, while the inspection is theirs to fill in."""
    return user.is_authenticated and inspection.inspector_id == user.pk and inspection.is_editable


def is_awardee(user, agreement: Agreement) -> bool:
    return agreements.is_awardee(user, agreement)


def may_read_document(user, document: ProjectDocument) -> bool:
    """Staff, board members, the awardee, and an inspector assigned to an inspection of that project."""
    if is_district(user) or is_awardee(user, document.agreement):
        return True
    return is_inspector(user) and Inspection.objects.filter(project_id=document.project_id, inspector=user).exists()


# --- The program's rules for a project ----------------------------------------------------------------------


def program_of(project_or_inspection) -> ProgramInspections | None:
    project = getattr(project_or_inspection, "project", project_or_inspection)
    return PROGRAM_INSPECTIONS.get(project.application.program.code)


def rule_of(inspection: Inspection) -> InspectionRule:
    return program_of(inspection).rule(inspection.kind)


def checklist_fields(inspection: Inspection) -> tuple[Field, ...]:
    return tuple(check.field for check in rule_of(inspection).checklist)


def observed_values(inspection: Inspection) -> dict[str, Any]:
    """The stored observed values, typed (partial: what the inspector has filled in so far)."""
    try:
        return parse_values(checklist_fields(inspection), inspection.observed, partial=True, strict=False)
    except InputError:
        return {}


def comparison(inspection: Inspection) -> list[Comparison]:
    return compare(rule_of(inspection).checklist, inspection.project.data or {}, observed_values(inspection))


SITE_FIELDS = ("site_address", "replacement_yard_address", "existing_yard_address")
"""Where the inspector goes, from the application: the charging site (PA2026-03), the new vehicle's yard (PA2026-02),
the equipment's primary yard (PA2026-01, PA2026-02)."""


def site_of(project: Project, kind: str = "") -> str:
    """The address of the site; for a destruction, the old equipment's yard before the new one's."""
    data = project.data or {}
    keys = sorted(SITE_FIELDS, key=lambda key: key != "existing_yard_address") if kind == "destruction" else SITE_FIELDS
    return next((str(data[key]) for key in keys if data.get(key)), "")


@dataclass(frozen=True)
class Contact:
    """The awardee's contact for the inspector, as the application gives it (Attachment A "APPLICANT
    INFORMATION": contact name, title, phone, e-mail; ``programs.rules.applicant``), the account's name and e-mail
    where the application left one blank."""

    name: str
    title: str
    phone: str
    email: str


def contact_of(project: Project) -> Contact:
    application = project.application
    details = application.details or {}
    account = application.applicant
    return Contact(
        name=str(details.get("contact_name") or "").strip() or account.get_full_name() or account.get_username(),
        title=str(details.get("contact_title") or "").strip(),
        phone=str(details.get("phone") or "").strip(),
        email=str(details.get("contact_email") or "").strip() or account.email,
    )


@dataclass(frozen=True)
class Site:
    address: str
    city: str
    map_link: str


def place_of(inspection: Inspection) -> Site:
    """The site's address, its city and a map search link (``rules.route``)."""
    address = site_of(inspection.project, inspection.kind)
    return Site(address, city_of(address), map_link(address))


def photo_captions(inspection: Inspection) -> list[str]:
    return list(inspection.photos.values_list("caption", flat=True))


def photos_missing(inspection: Inspection) -> list[str]:
    return missing_photos(rule_of(inspection).photos, photo_captions(inspection))


def versions_of(inspection: Inspection) -> QuerySet[Inspection]:
    return Inspection.objects.filter(project=inspection.project, kind=inspection.kind).order_by("version")


def inspections_of(project: Project) -> QuerySet[Inspection]:
    return Inspection.objects.filter(project=project).select_related("inspector").order_by("kind", "version")


def open_inspection_of(project: Project, kind: str) -> Inspection | None:
    return Inspection.objects.filter(project=project, kind=kind, status__in=Inspection.OPEN).first()


def documents_of(project: Project) -> QuerySet[ProjectDocument]:
    return ProjectDocument.objects.filter(project=project).order_by("uploaded_at", "pk")


def photos_of(inspection: Inspection) -> QuerySet[InspectionPhoto]:
    return inspection.photos.order_by("uploaded_at", "pk")


# --- Lists ---------------------------------------------------------------------------------------------------


def needing_inspection() -> QuerySet[Inspection]:
    """Inspections no inspector has yet (opened from a delivery, a destruction notice, a dismantler's receipt or by
    staff), oldest first; each row's program read with it (the card's summary of the project names its answers)."""
    return (
        Inspection.objects.filter(status=Inspection.Status.NEEDED)
        .select_related("agreement__program", "project__application__program")
        .order_by("due", "created_at", "pk")
    )


def to_review() -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(status=Inspection.Status.SUBMITTED)
        .select_related("agreement__program", "project__application__program", "inspector")
        .order_by("submitted_at", "pk")
    )


def every_inspection(*, kind: str = "", status: str = "") -> QuerySet[Inspection]:
    """Every inspection, newest first (the index ``inspection_newest``), narrowed by kind or status."""
    every = Inspection.objects.select_related("agreement", "project", "inspector").order_by("-created_at", "-pk")
    if kind in Inspection.Kind.values:
        every = every.filter(kind=kind)
    if status in Inspection.Status.values:
        every = every.filter(status=status)
    return every


ASSIGNMENT_PAGE = 25
"""Open assignments on one page of "My inspections" (a day's route and the next ones)."""


def my_assignments(user) -> QuerySet[Inspection]:
    """An inspector's open assignments (to schedule, scheduled, a returned report's correction), by date, then
    area, then city: the day scheduled, else the day due, earliest first, those with neither last; the area is the
    county the project is sited in (``Application.county``). Every row carries what the list shows (site, city,
    contact) without another query; filtered on the (inspector, status) index."""
    day = Coalesce(TruncDate("scheduled_for", tzinfo=timezone.get_current_timezone()), "due")
    return (
        Inspection.objects.filter(inspector=user, status__in=Inspection.EDITABLE)
        .select_related("agreement", "project__application__applicant", "project__application__program")
        .annotate(day=day)
        .order_by(F("day").asc(nulls_last=True), "project__application__county", "pk")
    )


def assignment_rows(inspections, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Each assignment with where to go (``place_of``), whom to call (``contact_of``) and whether it is due, in
    the order given, cities in the same day and area together."""
    today = today or timezone.localdate()
    rows = [
        {
            "inspection": inspection,
            "place": place_of(inspection),
            "contact": contact_of(inspection.project),
            "area": inspection.project.application.county,
            "due": inspection.day is not None and inspection.day <= today,
        }
        for inspection in inspections
    ]
    return sorted(rows, key=lambda row: (row["inspection"].day or dt.date.max, row["area"], row["place"].city))


RECENT_DAYS = 30


def recently_submitted(user, *, limit: int = 10) -> QuerySet[Inspection]:
    """The inspector's reports submitted in the last 30 days, newest first (under review or decided)."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    return (
        Inspection.objects.filter(
            inspector=user,
            status__in=(Inspection.Status.SUBMITTED, Inspection.Status.ACCEPTED, Inspection.Status.RETURNED),
            submitted_at__gte=since,
        )
        .select_related("agreement", "project")
        .order_by("-submitted_at", "-pk")[:limit]
    )


def inspector_choices():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=Role.INSPECTOR.value, is_active=True).order_by("username")


PRE_INSPECTION_STATES = (
    Agreement.Status.DRAFTED,
    Agreement.Status.SENT,
    Agreement.Status.SIGNED,
    Agreement.Status.EXECUTED,
)
"""A pre-inspection looks at the equipment to be replaced before the work starts, so it may be opened as soon as the
agreement is drafted (003_b264a6114e3b8c3f.txt PROGRAM CRITERIA; 002_93fe1fbed5faf247.txt OTHER IMPORTANT PROGRAM
INFORMATION: "Pre- and post-inspection of all vehicles/engines/equipment approved for funding")."""


def projects_for_new_inspection() -> QuerySet:
    """Funded projects of agreements in force or on their way (a pre-inspection), for staff opening one by hand."""
    from agreements.models import FundedProject

    return (
        FundedProject.objects.filter(
            status=FundedProject.Status.ACTIVE,
            agreement__status__in=PRE_INSPECTION_STATES,
            agreement__program__code__in=list(PROGRAM_INSPECTIONS),
        )
        .select_related("agreement__program", "project__application")
        .order_by("agreement__number", "position")
    )


@dataclass(frozen=True)
class ToOpen:
    """A project the agreement's events (or its program's pre-inspection) say needs an inspection none has opened."""

    funded: Any
    kind: str
    name: str
    why: str


def _without(kind_or_kinds) -> Exists:
    kinds = [kind_or_kinds] if isinstance(kind_or_kinds, str) else list(kind_or_kinds)
    return ~Exists(Inspection.objects.filter(project=OuterRef("project"), kind__in=kinds))


def awaiting_opening(limit: int = 25) -> list[ToOpen]:
    """From the agreements: a delivery, installation, destruction notice or dismantler's receipt recorded (by staff on
    the agreement page, or before the awardee used the inspections panel) with no inspection of its kind, SOON's
    accepted post-inspection with no destruction inspection, and the pre-inspections the program asks for (SOON,
    PA2022-01) not yet opened; at most ``limit``, by agreement number.

    The first two are the maintained rows of ``models.ToOpen`` (one query on their index, ``to_open_order``, kept by
    ``services.sync_to_open``): no delivery event is read (issue 25). The pre-inspections are one anti-join per
    program on ``inspection_project_kind``."""
    from agreements.rules.registry import post_award

    from .models import ToOpen as Maintained

    rows: list[tuple[str, int, ToOpen]] = []
    for code, program in PROGRAM_INSPECTIONS.items():
        if program.rule("pre") is None:
            continue
        funded = projects_for_new_inspection().filter(agreement__program__code=code)
        for line in funded.filter(_without(["pre", "post"]))[:limit]:
            rows.append(
                (
                    line.agreement.number,
                    line.position,
                    ToOpen(line, "pre", program.rule("pre").name, "Before the work starts"),
                )
            )
    for kept in Maintained.objects.select_related("funded", "agreement__program").order_by(
        "number", "position", "kind"
    )[:limit]:
        code = kept.agreement.program.code
        rule = PROGRAM_INSPECTIONS[code].rule(kept.kind)
        if kept.event:
            label = post_award(code).event(kept.event).label
            why = f"{label[0].upper()}{label[1:]} recorded on {kept.event_on:%B %-d, %Y}"
        else:
            why = "The post-inspection is accepted: the old engine or vehicle is to be destroyed"
        kept.funded.agreement = kept.agreement
        rows.append((kept.number, kept.position, ToOpen(kept.funded, kept.kind, rule.name, why)))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [row for _, _, row in rows[:limit]]


def to_open_wanted(models, agreement_ids=None) -> list[dict[str, Any]]:
    """What ``models.ToOpen`` should hold for the agreements (every agreement when None), computed in one query per
    program and inspection kind: an executed agreement's active project with the event that triggers the kind
    (the newest, uncorrected row) and no inspection of that kind; SOON's destruction after a passing accepted
    post-inspection. ``models`` names the model classes (``FundedProject``, ``Inspection``, ``ProjectEvent``,
    ``Agreement``) so the data migration reuses it with its historical models."""
    FundedProject, Inspection_, ProjectEvent, Agreement_ = (
        models["FundedProject"],
        models["Inspection"],
        models["ProjectEvent"],
        models["Agreement"],
    )
    codes = list(PROGRAM_INSPECTIONS)
    if agreement_ids is not None:
        codes = sorted(
            set(Agreement_.objects.filter(pk__in=agreement_ids).values_list("program__code", flat=True)) & set(codes)
        )
    wanted = []
    for code in codes:
        lines = FundedProject.objects.filter(
            status="active", agreement__status="executed", agreement__program__code=code
        )
        if agreement_ids is not None:
            lines = lines.filter(agreement_id__in=agreement_ids)
        for rule in PROGRAM_INSPECTIONS[code].inspections:
            kind = rule.kind.value
            without = ~Exists(Inspection_.objects.filter(project=OuterRef("project"), kind=kind))
            if rule.awardee_trigger:
                events = ProjectEvent.objects.filter(
                    project=OuterRef("project"), key=rule.awardee_trigger, corrected_by__isnull=True
                )
                found = lines.filter(without, Exists(events)).annotate(
                    event_on=Subquery(events.order_by("-recorded_at", "-pk").values("on")[:1])
                )
                event = rule.awardee_trigger
            elif kind == "destruction":
                passed = Inspection_.objects.filter(
                    project=OuterRef("project"), kind="post", status="accepted", result="passed"
                )
                found = lines.filter(without, Exists(passed)).annotate(event_on=Value(None, DateField()))
                event = ""
            else:
                continue
            for funded_id, agreement_id, project_id, on, number, position in found.values_list(
                "pk", "agreement_id", "project_id", "event_on", "agreement__number", "position"
            ):
                wanted.append(
                    {
                        "funded_id": funded_id,
                        "agreement_id": agreement_id,
                        "project_id": project_id,
                        "kind": kind,
                        "event": event,
                        "event_on": on,
                        "number": number,
                        "position": position,
                    }
                )
    return wanted


# --- The awardee's view --------------------------------------------------------------------------------------


def destruction_dates(project: Project) -> dict[str, dt.date | int | None]:
    """The destruction window as the documents set it, from the recorded events: the last day, and the notice."""
    program = program_of(project)
    if program is None or program.destruction is None:
        return {}
    destruction = program.destruction
    start = agreements.events_of(project).get(destruction.counted_from)
    return {
        "window_days": destruction.window_days,
        "notice_days": destruction.notice_days,
        "counted_from": destruction.counted_from,
        "last_day": destruction_deadline(destruction, start) if start else None,
    }


# --- THE interface to payments ------------------------------------------------------------------------------


def _latest(project: Project, kind: str) -> Inspection | None:
    return (
        Inspection.objects.filter(project=project, kind=kind)
        .select_related("reviewed_by")
        .order_by("-version", "-created_at", "-pk")
        .first()
    )


def _latest_accepted(project: Project, kind: str) -> Inspection | None:
    return (
        Inspection.objects.filter(project=project, kind=kind, status=Inspection.Status.ACCEPTED)
        .select_related("reviewed_by")
        .order_by("-reviewed_at", "-pk")
        .first()
    )


def _day(moment) -> str:
    """The day in words in the reader's language ("December 7, 2026", "7 de diciembre de 2026")."""
    return date_format(timezone.localtime(moment).date(), "DATE_FORMAT") if moment else ""


def _clearance(project: Project, rule: InspectionRule, key: str) -> Clearance:
    """Whether the rule's inspection clears the payment, and why, in the reader's language (the awardee's agreement
    page and the payment request show it; issue 20)."""
    translated = _(rule.name)
    name = translated[0].lower() + translated[1:]
    accepted = _latest_accepted(project, rule.kind)
    latest = _latest(project, rule.kind)
    if accepted is None or (
        latest is not None
        and latest.pk != accepted.pk
        and latest.is_open
        and accepted.result != Inspection.Result.PASSED
    ):
        if latest is None:
            return Clearance(False, _("the %(name)s has not been opened yet") % {"name": name})
        if latest.status == Inspection.Status.SCHEDULED and latest.scheduled_for:
            return Clearance(
                False, _("the %(name)s is scheduled for %(day)s") % {"name": name, "day": _day(latest.scheduled_for)}
            )
        return Clearance(
            False, _("the %(name)s: %(status)s") % {"name": name, "status": latest.get_status_display().lower()}
        )
    if accepted.result != Inspection.Result.PASSED:
        findings = f": {accepted.findings}" if accepted.findings else ""
        return Clearance(
            False,
            _("the %(name)s failed on review of %(day)s") % {"name": name, "day": _day(accepted.reviewed_at)}
            + findings,
        )
    for kind in rule.documents:
        if not ProjectDocument.objects.filter(project=project, kind=kind).exists():
            label = ProjectDocument.Kind(kind).label
            return Clearance(
                False,
                _("the %(name)s passed, but the %(document)s has not been uploaded")
                % {"name": name, "document": label},
            )
    if key == "capacity_verified":
        capacity = observed_values(accepted).get("total_power_output_kw")
        if capacity is None:
            return Clearance(False, _("the installation inspection recorded no total power output"))
        return Clearance(
            True,
            _("%(capacity)s kW verified by the inspection accepted on %(day)s")
            % {"capacity": f"{capacity:,}", "day": _day(accepted.reviewed_at)},
        )
    reviewer = (
        accepted.reviewed_by.get_full_name() or accepted.reviewed_by.get_username() if accepted.reviewed_by else ""
    )
    return Clearance(
        True,
        _("the %(name)s passed; report accepted by %(reviewer)s on %(day)s")
        % {"name": name, "reviewer": reviewer, "day": _day(accepted.reviewed_at)},
    )


def clearances(project: Project) -> dict[str, Clearance]:
    """Every payment clearance the project's inspections clear, by key (``payments.rules.programs``): PA2026-01
    ``post_inspection_approved`` and ``certificate_of_destruction_received``; PA2026-02
    ``new_vehicle_inspection_passed`` and ``destruction_verified``; PA2026-03 ``installation_inspected`` and
    ``capacity_verified``; PA2025-04 ``installed_and_operating`` and ``destruction_verified``; PA2022-01
    ``in_operation`` and ``destruction_verified``.

    A clearance passes when the latest accepted inspection of its kind passed and the documents the program asks
    with it are uploaded (PA2026-01's Certificate of Destruction, Table 1 step 5; PA2026-02's dismantler receipt,
    Section 4.2 "before the rebate can be processed").
    """
    program = program_of(project)
    if program is None:
        return {}
    return {key: _clearance(project, rule, key) for rule in program.inspections for key in rule.clears}


def cleared_for_payment(project: Project) -> tuple[bool, str]:
    """Whether every inspection clearance of the project has passed, with the reason in words."""
    found = clearances(project)
    if not found:
        return False, "this program has no inspections in the portal"
    waiting = [state.reason for state in found.values() if not state.passed]
    if waiting:
        return False, "; ".join(waiting)
    return True, "every inspection the payment needs has passed"


def _started(project: Project, kind: str) -> bool:
    """An inspection of this kind is open or accepted: nothing for the awardee to report."""
    return Inspection.objects.filter(
        Q(status__in=Inspection.OPEN) | Q(status=Inspection.Status.ACCEPTED), project=project, kind=kind
    ).exists()


def project_panel(agreement: Agreement) -> list[dict[str, Any]]:
    """For the agreement page: each funded project's inspections, documents, destruction dates and clearance."""
    panels = []
    if agreement.program.code not in PROGRAM_INSPECTIONS:
        return panels
    for funded in agreement.funded_projects.select_related("project__application__program"):
        project = funded.project
        program = program_of(project)
        cleared, reason = cleared_for_payment(project)
        panels.append(
            {
                "funded": funded,
                "project": project,
                "program": program,
                "inspections": list(inspections_of(project)),
                "documents": list(documents_of(project)),
                "destruction": destruction_dates(project),
                "cleared": cleared,
                "reason": reason,
                "events": agreements.events_of(project),
                "ready": [
                    rule
                    for rule in program.inspections
                    if rule.kind in ("post", "installation") and not _started(project, rule.kind)
                ],
                "notice": bool(
                    program.destruction and program.destruction.notice_term and not _started(project, "destruction")
                ),
                "takes_documents": program.rule("destruction") is not None,
            }
        )
    return panels
