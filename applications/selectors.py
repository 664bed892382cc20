"""Reads about applications: what an applicant may see and what is missing (funds: ``funding.selectors``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.roles import Role, has_role
from programs import labels
from programs.models import Program
from programs.rules.base import AttachmentSlot
from programs.rules.fields import InputError, parse_value, parse_values

from .models import Application, Attachment, DeficientItem, Project, Status

DECIDED = (Status.APPROVED, Status.REJECTED)
"""What an auditor reads: applications the district has decided (``Role.AUDITOR``)."""


def applications_of(user) -> QuerySet[Application]:
    """The applications a person may see: those of every organization they are a member of (owner, staff or
    consultant). Nobody else's."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organization__memberships__user=user).select_related(
        "program", "round", "organization"
    )


def membership_for(user, application: Application):
    """The person's membership in the application's organization (``None`` for a stranger)."""
    from accounts.selectors import membership_in

    return membership_in(user, application.organization)


def drafts_for_program(user, program: Program) -> QuerySet[Application]:
    """The person's organizations' drafts for one program (to warn before starting another)."""
    return applications_of(user).filter(program=program, status=Status.DRAFT)


def organization_profile(organization: Organization, fields, person=None) -> dict:
    """What the organization last told the district about itself, for a new application's same questions.

    The answers of its most recently changed application that has any (one query, by the organization's index),
    for the application-level fields the new program shares by name; without one, its name and the person's
    name and e-mail. Issue 22: "the organization's profile fills each new application".
    """
    names = {spec.name for spec in fields}
    latest = (
        Application.objects.filter(organization=organization)
        .exclude(details={})
        .order_by("-updated_at")
        .values_list("details", flat=True)
        .first()
    )
    if latest:
        return {name: value for name, value in latest.items() if name in names}
    known = {"applicant_name": organization.name}
    if person is not None:
        known.update(contact_name=person.get_full_name(), contact_email=person.email)
    return {name: value for name, value in known.items() if name in names and value}


def submitted_applications(queryset: QuerySet[Application] | None = None, *, user=None) -> QuerySet[Application]:
    """What the district has received: every application but drafts (of ``queryset``, or of all); for an auditor
    (``user``), only the decided ones.

    A draft is the applicant's alone: "Save as you go; nothing is sent until you submit." The one place that
    decides it: the API, the admin's lists, change and history pages and the staff exports all read it.
    """
    queryset = (Application.objects.all() if queryset is None else queryset).exclude(status=Status.DRAFT)
    if user is not None and not user.is_superuser and has_role(user, Role.AUDITOR):
        queryset = queryset.filter(status__in=DECIDED)
    return queryset


def submitted_projects(queryset: QuerySet[Project] | None = None, *, user=None) -> QuerySet[Project]:
    """The projects of the applications ``submitted_applications`` gives, of ``queryset`` or of all."""
    queryset = Project.objects.all() if queryset is None else queryset
    return queryset.filter(application__in=submitted_applications(user=user).values("pk"))


def applications_visible_to(user) -> QuerySet[Application]:
    """Staff and board members (admin users with the view permission) see submitted applications; everyone
    else sees only their organizations' own. Inspectors see none until inspection assignments exist."""
    if user.is_authenticated and user.is_staff and user.has_perm("applications.view_application"):
        return submitted_applications(user=user).select_related("program")
    return applications_of(user)


def stranded_evaluations(older_than: dt.timedelta) -> QuerySet[Application]:
    """Submitted applications whose queued evaluation has not run for ``older_than`` and has not failed.

    A failed evaluation waits for staff ("re-run evaluation"); running it again unchanged would fail again.
    """
    cutoff = timezone.now() - older_than
    return (
        Application.objects.filter(status=Status.SUBMITTED, evaluation_failed_at__isnull=True)
        .filter(Q(evaluation_queued_at__lt=cutoff) | Q(evaluation_queued_at__isnull=True, submitted_at__lt=cutoff))
        .filter(Q(evaluated_at__isnull=True) | Q(evaluated_at__lt=F("evaluation_queued_at")))
    )


def missing_fields(fields, data) -> dict[str, str]:
    """Field name -> a message naming the field, for every required answer missing or no longer valid."""
    problems: dict[str, str] = {}
    for spec in fields:
        value = data.get(spec.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required:
                problems[spec.name] = _("%(field)s is required.") % {"field": labels.field_label(spec)}
            continue
        try:
            parse_value(spec, value)
        except ValueError:
            problems[spec.name] = _("%(field)s: enter this answer again.") % {"field": labels.field_label(spec)}
    return problems


def contradictions(application: Application, project: Project) -> dict[str, str]:
    """The program's cross-checks of a complete project's answers (dates out of order, parts above the whole)."""
    rule_set = application.rule_set
    if rule_set.cross_checks is None or missing_fields(rule_set.project_fields, project.data):
        return {}
    try:
        values = parse_values(rule_set.project_fields, project.data, strict=False)
    except InputError:
        return {}
    return rule_set.cross_checks(values)


@dataclass(frozen=True)
class SlotNeed:
    """One attachment slot for the whole application (``project`` is ``None``) or for one project."""

    slot: AttachmentSlot
    project: Project | None
    files: tuple[Attachment, ...]

    @property
    def key(self) -> str:
        """The upload form's value for this slot: ``vin_photo`` or ``vin_photo@12`` (project 12)."""
        return f"{self.slot.key}@{self.project.pk}" if self.project else self.slot.key

    @property
    def missing(self) -> bool:
        return self.slot.required and not self.files


def attachment_checklist(application: Application) -> list[SlotNeed]:
    """Every slot the application asks for: application-wide slots first, then each project's own slots."""
    rule_set = application.rule_set
    files: dict[tuple[str, int | None], list[Attachment]] = {}
    for attachment in application.attachments.filter(superseded_by__isnull=True):
        files.setdefault((attachment.slot, attachment.project_id), []).append(attachment)
    needs = [
        SlotNeed(slot, None, tuple(files.get((slot.key, None), ())))
        for slot in rule_set.attachments
        if not slot.per_project
    ]
    for project in application.projects.all():
        needs += [
            SlotNeed(slot, project, tuple(files.get((slot.key, project.pk), ())))
            for slot in rule_set.attachments
            if slot.per_project
        ]
    return needs


def documents_on_file(application: Application) -> dict[str, Attachment]:
    """For each whole-application slot still empty, the organization's latest file in the same slot of another of
    its applications (a W-9, a direct deposit form, fleet compliance documents): one query, newest per slot.

    Issue 22, "type once": offered for reuse instead of a new upload. Per-project slots (a VIN photo, a title) belong
    to one vehicle and are not offered for another."""
    filled = set(application.attachments.values_list("slot", flat=True))
    wanted = [slot.key for slot in application.rule_set.attachments if not slot.per_project and slot.key not in filled]
    if not wanted:
        return {}
    found = (
        Attachment.objects.filter(
            application__organization_id=application.organization_id, project__isnull=True, slot__in=wanted
        )
        .exclude(application=application)
        .select_related("application")
        .order_by("slot", "-uploaded_at")
        .distinct("slot")
    )
    return {attachment.slot: attachment for attachment in found}


def missing_attachments(application: Application) -> list[str]:
    noun = labels.noun(application.rule_set)
    return [
        _("%(noun)s %(position)s: %(slot)s")
        % {"noun": noun.capitalize(), "position": need.project.position, "slot": labels.slot_label(need.slot)}
        if need.project
        else labels.slot_label(need.slot)
        for need in attachment_checklist(application)
        if need.missing
    ]


def submission_problems(application: Application, *, before_signing: bool = False) -> list[str]:
    """Everything that stops a draft from being submitted, in words the applicant can act on (``before_signing``:
    all but the signature, for the page where it is signed)."""
    rule_set = application.rule_set
    noun = labels.noun(rule_set)
    problems: list[str] = []
    if not application.program.is_open(timezone.now()):
        problems.append(_("%(code)s is not accepting applications now.") % {"code": application.program.code})
    problems += [
        _("Applicant and fleet: %(problem)s") % {"problem": message}
        for message in missing_fields(rule_set.application_fields, application.details).values()
    ]
    projects = list(application.projects.all())
    if not projects:
        problems.append(_("Add at least 1 %(noun)s.") % {"noun": noun})
    for project in projects:
        prefix = _("%(noun)s %(position)s") % {"noun": noun.capitalize(), "position": project.position}
        answers = {**missing_fields(rule_set.project_fields, project.data), **contradictions(application, project)}
        problems += [f"{prefix}: {message}" for message in answers.values()]
    problems += [_("Attachment missing: %(slot)s") % {"slot": label} for label in missing_attachments(application)]
    if not application.certified_at and not before_signing:
        problems.append(_("Sign the certification."))
    return problems


FEW = 2000
REFERENCE = re.compile(r"(?:[A-Z]{2}\d{4}-\d{2}-)?0*(\d{1,12})")


def search_applications(queryset: QuerySet[Application], term: str) -> QuerySet[Application]:
    """Staff search: an application number ("PA2026-02-00042" or "42"), any part of the organization's name, of a
    VIN or engine serial number, of the applicant's name, or an e-mail (the contact's or the applicant's account).

    Each part is answered by an index (trigram indexes on PostgreSQL: migrations accounts 0002 and applications
    0008). A rare term's ids are read from the indexes (UNION ALL, at most ``FEW``) so the list does not test every
    application against every part; a common term keeps the parts as an OR (EXPLAIN in docs/benchmarks.md).
    """
    term = " ".join(term.split())
    if not term:
        return queryset
    upper = term.upper()
    organizations = Organization.objects.filter(name__icontains=term).values("pk")
    projects = Project.objects.filter(identifiers__contains=upper).values("application_id")
    parts = [
        Application.objects.filter(organization__in=organizations).order_by().values("pk"),
        Application.objects.filter(search_text__contains=upper).order_by().values("pk"),
        projects.order_by(),
    ]
    matches = Q(organization__in=organizations) | Q(search_text__contains=upper) | Q(pk__in=projects)
    if "@" in term:
        users = get_user_model().objects.filter(email__iexact=term).values("pk")
        parts.append(Application.objects.filter(applicant__in=users).order_by().values("pk"))
        matches |= Q(applicant__in=users)
    number = REFERENCE.fullmatch(upper)
    if number:
        parts.append(Application.objects.filter(pk=int(number.group(1))).order_by().values("pk"))
        matches |= Q(pk=int(number.group(1)))
    # A rare term (a VIN, an e-mail, a number): its few ids from the indexes. A common one ("Freight"): the parts
    # tested along the list's own order, which finds a page of matches after a few rows.
    few = list(parts[0].union(*parts[1:], all=True)[: FEW + 1].values_list("pk", flat=True))
    return queryset.filter(pk__in=few) if len(few) <= FEW else queryset.filter(matches)


def duplicate_identifiers(applications) -> dict[int, list[tuple[str, Project]]]:
    """Projects of these applications whose VIN or engine serial number also appears in another application (any
    program): application id -> [(identifier, the other project)], for the organization page's warning."""
    projects = Project.objects.filter(application__in=applications).annotate(
        vin=KT("data__existing_vin"), engine=KT("data__existing_engine_serial_number")
    )
    mine = {}
    for project in projects:
        for value in (project.vin, project.engine):
            if value:
                mine.setdefault(value, set()).add(project.application_id)
    if not mine:
        return {}
    others = (
        submitted_projects()
        .annotate(vin=KT("data__existing_vin"), engine=KT("data__existing_engine_serial_number"))
        .filter(Q(vin__in=list(mine)) | Q(engine__in=list(mine)))
        .select_related("application__program", "application__organization")
    )
    found: dict[int, list[tuple[str, Project]]] = {}
    for other in others:
        for value in (other.vin, other.engine):
            for application_id in mine.get(value, ()):
                if application_id != other.application_id:
                    found.setdefault(application_id, []).append((value, other))
    return found


@dataclass(frozen=True)
class DeficiencyChoice:
    """A document slot or an answer staff may mark deficient: ``code`` names it in a form."""

    code: str
    kind: str
    key: str
    project: Project | None
    label: str


def deficiency_choices(application: Application) -> list[DeficiencyChoice]:
    """The application's attachment slots and answers, in the checklist's order (issue 21): whole-application
    documents and answers first, then each project's."""
    rule_set = application.rule_set
    noun = labels.noun(rule_set)
    choices = [
        DeficiencyChoice(
            f"attachment:{slot.key}:", DeficientItem.Kind.ATTACHMENT, slot.key, None, labels.slot_label(slot)
        )
        for slot in rule_set.attachments
        if not slot.per_project
    ]
    choices += [
        DeficiencyChoice(f"answer:{spec.name}:", DeficientItem.Kind.ANSWER, spec.name, None, labels.field_label(spec))
        for spec in rule_set.application_fields
    ]
    for project in application.projects.order_by("position"):
        prefix = f"{noun.capitalize()} {project.position}: "
        choices += [
            DeficiencyChoice(
                f"attachment:{slot.key}:{project.pk}",
                DeficientItem.Kind.ATTACHMENT,
                slot.key,
                project,
                prefix + labels.slot_label(slot),
            )
            for slot in rule_set.attachments
            if slot.per_project
        ]
        choices += [
            DeficiencyChoice(
                f"answer:{spec.name}:{project.pk}",
                DeficientItem.Kind.ANSWER,
                spec.name,
                project,
                prefix + labels.field_label(spec),
            )
            for spec in rule_set.project_fields
        ]
    return choices


@dataclass
class DeficiencyRow:
    """A deficient item as people read it: what, why, and the value or file before and after the response."""

    item: DeficientItem
    label: str
    old: str
    new: str | None


def deficiency_rows(application: Application, *, open_only: bool = False) -> list[DeficiencyRow]:
    """The items of the application's latest request for information, with their old and new values in words."""
    latest = application.deficient_items.order_by("-request_id").values_list("request_id", flat=True).first()
    if latest is None:
        return []
    items = application.deficient_items.filter(request_id=latest).select_related(
        "project", "old_attachment", "new_attachment"
    )
    if open_only:
        items = items.filter(answered_at__isnull=True)
    rule_set = application.rule_set
    specs = {("a", spec.name): spec for spec in rule_set.application_fields}
    specs |= {("p", spec.name): spec for spec in rule_set.project_fields}
    slots = {slot.key: slot for slot in rule_set.attachments}
    noun = labels.noun(rule_set)
    rows = []
    for item in items:
        prefix = f"{noun.capitalize()} {item.project.position}: " if item.project else ""
        if item.kind == DeficientItem.Kind.ANSWER:
            spec = specs.get(("p" if item.project else "a", item.key))
            label = labels.field_label(spec) if spec else item.key
            old = labels.answer_in_words(spec, item.old_value) if spec else str(item.old_value or "")
            new = (
                (labels.answer_in_words(spec, item.new_value) if spec else str(item.new_value))
                if item.changed_at
                else None
            )
        else:
            slot = slots.get(item.key)
            label = labels.slot_label(slot) if slot else item.key
            old = item.old_attachment.original_name if item.old_attachment else _("no file")
            new = item.new_attachment.original_name if item.new_attachment else None
        rows.append(DeficiencyRow(item, prefix + label, old or _("no answer"), new))
    return rows
