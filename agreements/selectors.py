"""Reads of agreements, their events and obligations: the interface the later stages (inspections, payments,
reporting) call. Who may see what is decided here once, in :func:`agreements_visible_to`.

- ``agreements_visible_to(user)``: staff and board members every agreement; an awardee the agreements of the
  applications they may see (``applications.selectors.applications_of``, so organizations flow in) from the moment
  one is sent, or those transferred to them; anyone else none.
- ``agreement_of(application)``, ``funded_project_of(project)``, ``is_executed(project)``.
- ``events_of(project) -> dict[str, date]``: the project's current events (corrections applied).
- ``terms_for(agreement)``: the round's terms, application-stage and post-award (``agreements.rules.registry``).
- ``agreement_values(project)``: the typed values the pure rules read (``agreement`` in ``calendar``, ``usage``,
  ``payable``): the program's agreement fields, ``term_extension_months``, ``award``, ``annual_requirement``.
- ``calendar_of(project, as_of=None)``: the pure calendar of the project (term, report periods, obligations).
- ``obligations_of(project)``, ``open_obligations()``, ``upcoming_and_overdue(...)``.
- ``awardees_of(agreement)``: the people told of the agreement and reminded of its obligations.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from agreements.defaults import ANNUAL_REQUIREMENT
from agreements.rules.base import SHARE_REQUIREMENT
from agreements.rules.inputs import TERM_EXTENSION
from agreements.rules.obligations import Calendar, calendar
from agreements.rules.registry import post_award, resolve_terms
from applications.models import Application, Project
from applications.selectors import applications_of, membership_for
from programs.models import Program, Round, RoundChange
from programs.rules.fields import Field, Kind, parse_values
from programs.rules.terms import Terms

from .models import Agreement, Amendment, ChangeRequest, FundedProject, Obligation, ProjectEvent

ANNUAL_REQUIREMENT_FIELD = Field(
    ANNUAL_REQUIREMENT, "Annual usage the agreement requires", Kind.DECIMAL, required=False
)
SHARE_REQUIREMENT_FIELD = Field(
    SHARE_REQUIREMENT,
    "Share of the usage required inside the area",
    Kind.PERCENT,
    required=False,
    help="Leave blank for the announcement's share; the agreement may ask more, never less.",
)


def is_district(user) -> bool:
    """Staff and board members: admin users holding the agreements view permission."""
    return user.is_authenticated and user.is_staff and user.has_perm("agreements.view_agreement")


def may_change(user) -> bool:
    """Staff who send, countersign, record events and amend (board members read only)."""
    return is_district(user) and user.has_perm("agreements.change_agreement")


def programs_with_agreements() -> QuerySet[Program]:
    """The programs that have an agreement, for the list's filter: one index probe per program (a DISTINCT over the
    join read every agreement, issue 25)."""
    return Program.objects.filter(Exists(Agreement.objects.filter(program=OuterRef("pk")))).order_by("code")


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Every agreement for staff and board members; for anyone else, the agreements they are the awardee of.

    An awardee sees an agreement once it is sent (a draft is the district's work in progress), through the
    applications they may see, or through an ownership transfer to them; after a transfer the previous owner no
    longer sees it. Inspectors see none (the inspections app gives them their assignments).
    """
    agreements = Agreement.objects.select_related("program", "application")
    if is_district(user):
        return agreements
    if not user.is_authenticated:
        return agreements.none()
    own = Q(owner__isnull=True, application__in=applications_of(user).values("pk")) | Q(owner=user)
    return agreements.filter(own).exclude(status=Agreement.Status.DRAFTED)


def agreement_of(application: Application) -> Agreement | None:
    return Agreement.objects.filter(application=application).select_related("program").first()


def funded_project_of(project: Project) -> FundedProject | None:
    return FundedProject.objects.filter(project=project).select_related("agreement__program").first()


def is_executed(project: Project) -> bool:
    """True while the project's agreement is executed and in force for it: fully executed by both parties and not
    terminated or closed, the project not terminated ("no obligation to fund a project until an Agreement is fully
    executed by both parties", 001_ea26778b00a7e017.txt, PA2026-02 SECTION 4)."""
    return FundedProject.objects.filter(
        project=project, status=FundedProject.Status.ACTIVE, agreement__status=Agreement.Status.EXECUTED
    ).exists()


def current_events(project: Project) -> QuerySet[ProjectEvent]:
    """The project's events as they stand: every recorded row that no later row corrects."""
    return ProjectEvent.objects.filter(project=project, corrected_by__isnull=True).order_by("on", "pk")


def events_of(project: Project) -> dict[str, dt.date]:
    """Event key -> date, as the pure rules read them (``events`` in ``calendar``)."""
    return {event.key: event.on for event in current_events(project)}


def event_history(project: Project) -> QuerySet[ProjectEvent]:
    """Every recorded row, corrections included, oldest first."""
    return ProjectEvent.objects.filter(project=project).select_related("recorded_by", "corrects").order_by("pk")


def terms_for(agreement: Agreement) -> Terms:
    """The terms of the application's round, application-stage and post-award, each the seed's unless the round
    changed it (``agreements.rules.registry.resolve_terms``)."""
    code = agreement.program.code
    known = set(resolve_terms(code))
    round_ = agreement.application.round
    overrides = {name: value for name, value in (round_.terms if round_ else {}).items() if name in known}
    return resolve_terms(code, overrides)


def agreement_fields(code: str) -> tuple[Field, ...]:
    """The fields a funded project's ``values`` may hold: the program's agreement fields, the annual usage and, where
    the program has an area share, the share the agreement asks (at least the announcement's: issue 23)."""
    program = post_award(code)
    share = (SHARE_REQUIREMENT_FIELD,) if program.usage.shares else ()
    return (*program.agreement_fields, ANNUAL_REQUIREMENT_FIELD, *share)


def agreement_values(project: Project | FundedProject) -> dict[str, Any]:
    """The typed values the pure rules read as ``agreement`` for one funded project."""
    funded = (
        project
        if isinstance(project, FundedProject)
        else FundedProject.objects.select_related("agreement__program").get(project=project)
    )
    code = funded.agreement.program.code
    values = parse_values(agreement_fields(code), funded.values, partial=True, strict=False)
    values[TERM_EXTENSION.name] = funded.term_extension_months
    values["award"] = funded.award
    return values


def extensions_of(project: Project) -> dict[str, tuple[dt.date, Any]]:
    """Obligation key -> (new due date, amendment) of the latest milestone extension of each obligation."""
    from .models import Amendment

    found: dict[str, tuple[dt.date, Any]] = {}
    for amendment in Amendment.objects.filter(project=project, kind=Amendment.Kind.EXTEND_MILESTONE).order_by("number"):
        found[amendment.obligation_key] = (amendment.new_due, amendment)
    return found


def calendar_of(project: Project, *, as_of: dt.date | None = None) -> Calendar:
    """The project's pure calendar on ``as_of`` (today): the term, the report periods and every obligation, with
    what is done, waived and extended as recorded. The same calendar the stored obligations come from."""
    funded = FundedProject.objects.select_related("agreement__program", "agreement__application__round").get(
        project=project
    )
    agreement = funded.agreement
    stored = {obligation.key: obligation for obligation in Obligation.objects.filter(project=project)}
    program = post_award(agreement.program.code)
    fulfilled_by_event = {rule.key for rule in program.obligations if rule.done_by}
    done = {key: item.done_on for key, item in stored.items() if item.done_on and key not in fulfilled_by_event}
    waived = [key for key, item in stored.items() if item.waived_at]
    extensions = {key: due for key, (due, _) in extensions_of(project).items()}
    return build_calendar(
        agreement, funded, as_of=as_of or timezone.localdate(), done=done, waived=waived, extensions=extensions
    )


def build_calendar(
    agreement: Agreement, funded: FundedProject, *, as_of: dt.date, done=None, waived=(), extensions=None
) -> Calendar:
    """The pure calendar with only the completions, waivers and extensions that still apply to today's obligations
    (an event may have moved a due date past an older extension, or removed a placeholder)."""
    program = post_award(agreement.program.code)
    terms = terms_for(agreement)
    values = agreement_values(funded)
    events = events_of(funded.project)
    base = {item.key: item for item in calendar(program, terms, values, events, as_of=as_of).obligations}
    done = {key: day for key, day in (done or {}).items() if key in base}
    waived = [key for key in waived if key in base]
    extensions = {
        key: day
        for key, day in (extensions or {}).items()
        if key in base and base[key].due is not None and day > base[key].due
    }
    return calendar(program, terms, values, events, as_of=as_of, done=done, waived=waived, extensions=extensions)


def obligations_of(project: Project) -> QuerySet[Obligation]:
    """The project's stored obligations in calendar order (dated first, by due date; then waiting and undated)."""
    return Obligation.objects.filter(project=project).select_related("extended_by").order_by("position")


def open_obligations() -> QuerySet[Obligation]:
    """Obligations with a due date, not done or waived, of agreements in force: what the reminders walk."""
    return Obligation.objects.filter(
        status__in=Obligation.OPEN, due__isnull=False, agreement__status=Agreement.Status.EXECUTED
    ).select_related("agreement__program", "agreement__application", "agreement__owner", "project")


def upcoming_and_overdue(
    *,
    today: dt.date | None = None,
    within_days: int = 30,
    program: str = "",
    kind: str = "",
    overdue_only: bool = False,
) -> QuerySet[Obligation]:
    """Staff's list across all agreements: open obligations overdue or due within ``within_days``, earliest first;
    filtered by program code and obligation kind when given. Overdue is decided by the date, whatever the stored
    status says, so the list is right even before the day's task has run."""
    today = today or timezone.localdate()
    found = open_obligations().filter(due__lte=today + dt.timedelta(days=within_days))
    if overdue_only:
        found = found.filter(due__lt=today)
    if program:
        found = found.filter(agreement__program__code=program)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("due", "agreement_id", "position")


def awardees_of(agreement: Agreement) -> list:
    """The people the agreement's notices and reminders go to: the new owner after a transfer, else the
    application's applicant.

    Until the organizations branch lands the awardee is the applicant; with organizations, the members of the
    application's organization (``applications_of`` already gives them the agreement).
    """
    if agreement.owner_id:
        return [agreement.owner]
    application = agreement.application
    organization = getattr(application, "organization", None)
    if organization is not None and hasattr(organization, "memberships"):
        members = [
            membership.user
            for membership in organization.memberships.select_related("user")
            if membership.user.is_active
        ]
        if members:
            return members
    return [application.applicant]


def may_sign(user, agreement: Agreement) -> bool:
    """May this person sign for the awardee: the transferee, or an owner or staff member of the applicant's
    organization, never a consultant ("Applicants are required to perform the first and final steps ... the
    application may be filled in by a third-party consultant", 001_ea26778b00a7e017.txt, PA2026-02 SECTION 2
    "Methods of Delivery"; "not signed by an individual authorized to represent the firm" is a ground for rejection,
    PA2026-01 Section 5.1)."""
    if not is_awardee(user, agreement):
        return False
    if agreement.owner_id:
        return True
    membership = membership_for(user, agreement.application)
    return membership is not None and membership.acts_for_applicant


def is_awardee(user, agreement: Agreement) -> bool:
    """May this person sign for the awardee (not staff, not a board member)."""
    if not user.is_authenticated or is_district(user):
        return False
    if agreement.owner_id:
        return agreement.owner_id == user.pk
    return applications_of(user).filter(pk=agreement.application_id).exists()


def document_fingerprint(agreement: Agreement) -> str:
    """What the agreement's PDF is rendered from, in one query: the newest history row of the agreement, its funded
    projects, obligations and amendments, its application and projects, its newest event, the rounds' terms, and
    today's date (the PDF's "as of"). A PDF kept under it (``core.pdfs``) is the one that would be rendered now."""

    def newest(model, **filters):
        history = model.history.model if hasattr(model, "history") else model
        column = "history_id" if history is not model else "pk"
        return Subquery(history.objects.filter(**filters).order_by(f"-{column}").values(column)[:1])

    row = (
        Agreement.objects.filter(pk=agreement.pk)
        .annotate(
            agreement_row=newest(Agreement, id=OuterRef("pk")),
            funded_row=newest(FundedProject, agreement_id=OuterRef("pk")),
            obligation_row=newest(Obligation, agreement_id=OuterRef("pk")),
            amendment_row=newest(Amendment, agreement_id=OuterRef("pk")),
            application_row=newest(Application, id=OuterRef("application_id")),
            project_row=newest(Project, application_id=OuterRef("application_id")),
            event_row=newest(ProjectEvent, agreement_id=OuterRef("pk")),
            round_row=newest(Round),
            round_change_row=newest(RoundChange),
        )
        .values_list(
            "agreement_row",
            "funded_row",
            "obligation_row",
            "amendment_row",
            "application_row",
            "project_row",
            "event_row",
            "round_row",
            "round_change_row",
        )
        .get()
    )
    return f"{agreement.pk}:{timezone.localdate().isoformat()}:{':'.join(str(value) for value in row)}"


def change_requests_of(agreement: Agreement, *, limit: int = 50) -> list:
    """The awardee's requests for a change (issue 22), waiting ones first, then newest first; bounded."""
    waiting = Case(
        When(status=ChangeRequest.Status.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        agreement.change_requests.select_related("project", "requested_by", "decided_by", "amendment").order_by(
            waiting, "-requested_at", "-pk"
        )[:limit]
    )
