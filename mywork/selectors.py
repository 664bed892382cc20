"""What waits on one person, across every stage: the sections of their My work page (issue 21, "My work").

Each section is one query, whatever the data: the oldest ``LIMIT`` rows, ordered by an indexed date, with the
section's full count alongside (a scalar subquery, see ``_section``), so the page's query count is the same at ten
applications and at a hundred thousand. A row is one click
from where its work is done; "show all" opens the stage's own list.

Who sees which sections follows the roles (``accounts.roles``): applicants and awardees their own organizations'
work, through the stages' own visibility selectors; staff the district's queues; finance the payments to release;
inspectors their assignments; port representatives their port's deliverables. Board members read the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, roles_of
from agreements.models import Agreement, FundedProject, Obligation
from agreements.selectors import agreements_visible_to
from agreements.wording import words
from applications.models import Application, Decision, Status
from applications.selectors import applications_of
from conversations import registry as conversation_registry
from conversations import selectors as conversation_selectors
from conversations.models import Conversation
from funding.models import FundingRound
from inspections.models import Inspection, ToOpen
from payments.models import PaymentRequest
from payments.selectors import requests_visible_to
from ports_agreement.models import Milestone, PortRepresentative
from programs.models import Program
from reporting.models import Remedy, UsageReport
from reporting.selectors import reports_visible_to

LIMIT = 10
"""Rows shown per section; the rest are one click away on the stage's own list."""


@dataclass(frozen=True)
class Row:
    """One piece of work: what it is, where it is done, since when it waits and by when it is due."""

    label: str
    url: str
    detail: str = ""
    since: dt.date | None = None
    due: dt.date | None = None

    def age(self, today: dt.date) -> int | None:
        """Whole days it has waited."""
        return (today - self.since).days if self.since else None

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    count: int
    all_url: str = ""
    totals: list[tuple[str, Decimal, int]] = field(default_factory=list)
    """Finance: (fund, amount, requests) awaiting release."""

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


@dataclass
class Work:
    """One person's My work page."""

    sections: list[Section]
    board: bool = False
    auditor: bool = False
    """A CARB or State auditor (issue 26): nothing waits on them; the page leads to the decided applications."""
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def count(self) -> int:
        return sum(section.count for section in self.sections)


def _day(moment) -> dt.date | None:
    if moment is None:
        return None
    return timezone.localdate(moment) if isinstance(moment, dt.datetime) else moment


def _section(
    key: str, title, queryset: QuerySet, row: Callable[[object], Row], all_url: str = "", limit: int = LIMIT
) -> Section:
    """The first ``limit`` rows of ``queryset`` (already ordered) and how many there are, in one query: the count is
    an uncorrelated scalar subquery, which PostgreSQL runs once (an InitPlan, from the indexes) while the rows come
    from the ordering's index up to the ``LIMIT``. (A ``COUNT(*) OVER ()`` window would read every matching row in
    full before the limit: 1.5 s for the review queue at 100,000 applications.)"""
    counted = queryset.order_by().annotate(n=Func(template="COUNT(*)", output_field=IntegerField())).values("n")
    items = list(queryset.annotate(waiting=Subquery(counted))[:limit])
    count = items[0].waiting if items else 0
    return Section(key, title, [row(item) for item in items], count, all_url)


def work_of(user) -> Work:
    """Every section of the person's My work page, by the roles they hold."""
    roles = roles_of(user)
    sections: list[Section] = []
    if Role.APPLICANT in roles:
        sections += applicant_sections(user)
    if user.has_perm("programs.supervise_program"):
        sections += supervisor_sections()  # their own work first: the second approvals only they give
    if Role.STAFF in roles or user.is_superuser:
        sections += staff_sections(user)
    if Role.FINANCE in roles:
        sections += finance_sections()
    if Role.INSPECTOR in roles:
        sections += inspector_sections(user)
    if Role.PORT_REPRESENTATIVE in roles:
        sections += port_sections(user)
    return Work(sections, board=Role.BOARD_MEMBER in roles, auditor=Role.AUDITOR in roles)


# --- Applicants and awardees -------------------------------------------------------------------------------------

DELIVERIES = (Obligation.Kind.MILESTONE, Obligation.Kind.NOTICE, Obligation.Kind.DESTRUCTION)
DOCUMENTS = (Obligation.Kind.DOCUMENTATION, Obligation.Kind.CERTIFICATION)


def _application_row(application: Application, *, due: dt.date | None = None) -> Row:
    return Row(
        label=application.reference,
        url=reverse("applications:detail", args=[application.pk]),
        detail=application.program.title,
        since=_day(application.updated_at if application.status == Status.DRAFT else application.submitted_at),
        due=due,
    )


def _obligation_row(obligation: Obligation) -> Row:
    if obligation.kind == Obligation.Kind.INVOICE and obligation.funded_pk:
        # the awardee's Payments page, at the project's card with its "Request payment" button (the project's own
        # payments page, ``payments:project``, is the district's)
        url = f"{reverse('payments:index')}#project-{obligation.funded_pk}"
    else:
        url = reverse("agreements:detail", args=[obligation.agreement_id])
    number, reference = obligation.agreement.number, obligation.project.application.reference
    return Row(
        label=words(obligation.name),
        url=url,
        # a rebate agreement is numbered as its application: named once
        detail=number if number == reference else f"{number} · {reference}",
        due=obligation.due,
    )


def _obligations(agreements: QuerySet[Agreement], kinds: Iterable[str]) -> QuerySet[Obligation]:
    """The open (due or overdue) obligations of these kinds, soonest due first."""
    return (
        Obligation.objects.filter(agreement__in=agreements.values("pk"), status__in=Obligation.OPEN, kind__in=kinds)
        .select_related("agreement", "project__application__program")
        .annotate(funded_pk=F("project__funded__pk"))
        .order_by("due", "pk")
    )


def _payment_row(request: PaymentRequest, since=None) -> Row:
    return Row(
        label=_("Payment request %(number)s") % {"number": request.number},
        url=reverse("payments:detail", args=[request.pk]),
        detail=f"{request.agreement.number} · {request.program.code}",
        since=_day(since or request.created_at),
    )


def _report_row(report: UsageReport) -> Row:
    return Row(
        label=words(report.name),
        url=reverse("reporting:detail", args=[report.pk]),
        detail=f"{report.agreement.number} · {report.program.code}",
        since=_day(report.submitted_at),
        due=report.due,
    )


def applicant_sections(user) -> list[Section]:
    """Drafts, answers owed, agreements to sign, deliveries and destruction to report, documents and receipts to
    upload, payments to request and usage reports due: the awardee's side of every stage."""
    mine = applications_of(user)
    agreements = agreements_visible_to(user)
    today = timezone.localdate()
    return [
        _section(
            "drafts",
            _("Drafts to finish"),
            mine.filter(status=Status.DRAFT).order_by("updated_at", "pk"),
            _application_row,
            reverse("applications:list"),
        ),
        _section(
            "information",
            _("Information requested"),
            mine.filter(status=Status.INFO_REQUESTED).order_by("deficiency_response_due", "pk"),
            lambda application: _application_row(application, due=application.deficiency_response_due),
            reverse("applications:list"),
        ),
        _section(
            "sign",
            _("Agreements to sign"),
            agreements.filter(status=Agreement.Status.SENT).order_by("sent_at", "pk"),
            lambda agreement: Row(
                label=agreement.number,
                url=reverse("agreements:detail", args=[agreement.pk]),
                detail=agreement.program.title,
                since=_day(agreement.sent_at),
            ),
            reverse("agreements:list"),
        ),
        _section(
            "deliveries",
            _("Deliveries and destruction to report"),
            _obligations(agreements, DELIVERIES),
            _obligation_row,
            reverse("agreements:list"),
        ),
        _section(
            "documents",
            _("Documents and receipts to upload"),
            _obligations(agreements, DOCUMENTS),
            _obligation_row,
            reverse("agreements:list"),
        ),
        _section(
            "payments",
            _("Payments to request"),
            _obligations(agreements, (Obligation.Kind.INVOICE,)),
            _obligation_row,
            reverse("payments:index"),
        ),
        _section(
            "payment_drafts",
            _("Payment requests to finish"),
            requests_visible_to(user).filter(status__in=PaymentRequest.EDITABLE).order_by("created_at", "pk"),
            _payment_row,
            reverse("payments:index"),
        ),
        _section(
            "usage",
            _("Usage reports due"),
            reports_visible_to(user).filter(status__in=UsageReport.OPEN, period_start__lte=today).order_by("due", "pk"),
            _report_row,
            reverse("reporting:index"),
        ),
        _messages_section(
            user,
            conversation_registry.APPLICANT,
            applications=mine.exclude(status=Status.DRAFT).values("pk"),
            agreements=agreements.values("pk"),
        ),
    ]


def _conversation_row(side: str):
    """A conversation with a message ``side`` has not read: where it is read (the application's or agreement's
    page, at the conversation), since the latest message."""

    def row(conversation: Conversation) -> Row:
        subject = conversation.application or conversation.agreement
        kind = conversation.kind
        label = subject.reference if kind == "application" else subject.number
        link = conversation_registry.subject(kind).link(subject, side)
        latest = (
            conversation.last_to_staff_at if side == conversation_registry.STAFF else conversation.last_to_applicant_at
        )
        return Row(label=label, url=f"{link}#conversation", detail=subject.program.title, since=_day(latest))

    return row


def _messages_section(user, side: str, **subjects) -> Section:
    """Issue 22: each conversation with an unread message to the person, one query (``_section``)."""
    return _section(
        "messages",
        _("Messages to read"),
        conversation_selectors.unread(user, side, **subjects),
        _conversation_row(side),
    )


# --- Staff ----------------------------------------------------------------------------------------------------------


def review_due(application: Application) -> dt.date | None:
    """When the program's review time ends for an application (``programs.rules.base.RuleSet.review_time``)."""
    period = application.program.rule_set.review_time
    if period is None or application.submitted_at is None:
        return None
    return period.due(timezone.localdate(application.submitted_at))


def _review_row(application: Application) -> Row:
    return Row(
        label=application.reference,
        url=reverse("admin:applications_application_review", args=[application.pk]),
        detail=f"{application.organization.name} · {application.get_status_display()}",
        since=_day(application.submitted_at),
        due=review_due(application),
    )


def _agreement_row(agreement: Agreement, since) -> Row:
    return Row(
        label=agreement.number,
        url=reverse("agreements:detail", args=[agreement.pk]),
        detail=agreement.awardee_name,
        since=_day(since),
    )


def _inspection_row(inspection: Inspection, since=None) -> Row:
    return Row(
        label=f"{inspection.get_kind_display()} · {inspection.project.application.reference}",
        url=reverse("inspections:detail", args=[inspection.pk]),
        detail=inspection.agreement.number,
        since=_day(since or inspection.created_at),
        due=inspection.due,
    )


TO_REVIEW = (Status.SUBMITTED, Status.COMPLETE)
"""Applications waiting on staff (an information request waits on the applicant)."""


def staff_sections(user) -> list[Section]:
    """The district's queues, oldest first: first come, first served (PA2026-02 Section 3: "priority determined by
    the application submittal date")."""
    applications = Application.objects.filter(status__in=TO_REVIEW).select_related("program", "organization")
    queue = reverse("admin:applications_application_changelist")
    today = timezone.localdate()
    return [
        _section(
            "review",
            _("Applications to review"),
            applications.order_by("submitted_at", "pk"),
            _review_row,
            f"{queue}?status__in=submitted,complete&o=6",
        ),
        _section(
            "assigned",
            _("Assigned to me"),
            applications.filter(assigned_to=user).order_by("submitted_at", "pk"),
            _review_row,
            f"{queue}?status__in=submitted,complete&reviewer=me&o=6",
        ),
        _section(
            "send",
            _("Agreements to send"),
            Agreement.objects.filter(status=Agreement.Status.DRAFTED).order_by("created_at", "pk"),
            lambda agreement: _agreement_row(agreement, agreement.created_at),
            reverse("agreements:list"),
        ),
        _section(
            "countersign",
            _("Agreements to countersign"),
            Agreement.objects.filter(status=Agreement.Status.SIGNED).order_by("signed_at", "pk"),
            lambda agreement: _agreement_row(agreement, agreement.signed_at),
            reverse("agreements:list"),
        ),
        _section(
            "assign_inspections",
            _("Inspections to assign"),
            Inspection.objects.filter(status=Inspection.Status.NEEDED)
            .select_related("agreement", "project__application__program")
            .order_by("created_at", "pk"),
            _inspection_row,
            reverse("inspections:staff"),
        ),
        _section(
            "open_inspections",
            _("Inspections to open"),
            ToOpen.objects.select_related("agreement", "project__application").order_by("number", "position", "kind"),
            lambda kept: Row(
                label=f"{kept.get_kind_display()} · {kept.project.application.reference}",
                url=reverse("inspections:staff") + "#to-open",
                detail=f"{kept.number} #{kept.position}",
                since=_day(kept.event_on or kept.since),
            ),
            reverse("inspections:staff") + "#to-open",
        ),
        _section(
            "review_inspections",
            _("Inspection reports to review"),
            Inspection.objects.filter(status=Inspection.Status.SUBMITTED)
            .select_related("agreement", "project__application__program")
            .order_by("submitted_at", "pk"),
            lambda inspection: _inspection_row(inspection, inspection.submitted_at),
            reverse("inspections:staff"),
        ),
        _section(
            "check_payments",
            _("Payment requests to check"),
            PaymentRequest.objects.filter(status=PaymentRequest.Status.SUBMITTED)
            .select_related("agreement", "program")
            .order_by("submitted_at", "pk"),
            lambda request: _payment_row(request, request.submitted_at),
            reverse("payments:queue"),
        ),
        _section(
            "review_usage",
            _("Usage reports to review"),
            UsageReport.objects.filter(status=UsageReport.Status.SUBMITTED)
            .select_related("agreement", "program")
            .order_by("submitted_at", "pk"),
            _report_row,
            reverse("reporting:queue"),
        ),
        _section(
            "shortfalls",
            _("Shortfalls to decide"),
            UsageReport.objects.filter(status=UsageReport.Status.ACCEPTED)
            .filter(Q(shortfall__gt=0) | Q(share_short=True))
            .exclude(Exists(Remedy.objects.filter(report=OuterRef("pk"))))
            .select_related("agreement", "program")
            .order_by("reviewed_at", "pk"),
            lambda report: Row(
                label=report.name,
                url=reverse("reporting:project", args=[report.funded_project_id]),
                detail=f"{report.agreement.number} · {report.program.code}",
                since=_day(report.reviewed_at),
            ),
            reverse("reporting:queue") + "?status=accepted",
        ),
        _section(
            "close",
            _("Projects ready to close"),
            Obligation.objects.filter(
                kind=Obligation.Kind.TERM,
                due__lt=today,
                agreement__status=Agreement.Status.EXECUTED,
                project__funded__status=FundedProject.Status.ACTIVE,
            )
            .select_related("agreement", "project__application__program")
            .annotate(funded_pk=F("project__funded__pk"))
            .order_by("due", "pk"),
            lambda term: Row(
                label=term.project.application.reference,
                url=reverse("reporting:project", args=[term.funded_pk]),
                detail=term.agreement.number,
                due=term.due,
            ),
            reverse("reporting:index"),
        ),
        _section(
            "rounds",
            _("Funding rounds to rank"),
            Program.objects.filter(
                Exists(Application.objects.filter(program=OuterRef("pk"), status=Status.COMPLETE)),
                closes_at__lt=timezone.now(),
            )
            .exclude(
                Exists(
                    FundingRound.objects.filter(
                        program=OuterRef("pk"), status__in=[*FundingRound.PENDING, FundingRound.Status.PREVIEW]
                    )
                )
            )
            .order_by("closes_at", "pk"),
            lambda program: Row(
                label=program.code,
                url=reverse("funding:program", args=[program.code]),
                detail=program.title,
                since=_day(program.closes_at),
            ),
            reverse("funding:index"),
        ),
        _section(
            "previews",
            _("Funding round previews to approve"),
            FundingRound.objects.filter(status=FundingRound.Status.PREVIEW)
            .select_related("program")
            .order_by("created_at", "pk"),
            lambda funding_round: Row(
                label=str(funding_round.program.code),
                url=reverse("funding:round", args=[funding_round.pk]),
                detail=funding_round.program.title,
                since=_day(funding_round.created_at),
            ),
            reverse("funding:index"),
        ),
        _messages_section(user, conversation_registry.STAFF),
    ]


# --- Supervisors -------------------------------------------------------------------------------------------------


FIRST_APPROVAL = "first_approval"  # ``applications.services.FIRST_APPROVAL`` (the services import the funding stage)


def supervisor_sections() -> list[Section]:
    """Awards and payments above their program's amount (``Program.second_approval_above``) that another person
    approved first and that wait for a supervisor's second approval (issue 21, Controls), oldest first."""
    later = Decision.objects.filter(application=OuterRef("application"), pk__gt=OuterRef("pk"))
    awards = (
        Decision.objects.filter(action=FIRST_APPROVAL, application__status=Status.COMPLETE)
        .exclude(Exists(later))
        .select_related("application__program", "actor")
    )
    payments = PaymentRequest.objects.filter(
        status=PaymentRequest.Status.APPROVED,
        second_approved_at__isnull=True,
        program__second_approval_above__isnull=False,
        approved_amount__gt=F("program__second_approval_above"),
    )
    return [
        _section(
            "second_awards",
            _("Awards to approve second"),
            awards.order_by("at", "pk"),
            lambda decision: Row(
                label=decision.application.reference,
                url=reverse("funding:approve_application", args=[decision.application_id]),
                detail=_("%(program)s · first approval by %(name)s")
                % {
                    "program": decision.application.program.code,
                    "name": decision.actor.get_full_name() or decision.actor.get_username(),
                },
                since=_day(decision.at),
            ),
            reverse("admin:applications_application_changelist") + "?status__exact=complete",
        ),
        _section(
            "second_payments",
            _("Payments to approve second"),
            payments.select_related("agreement", "program").order_by("approved_at", "pk"),
            lambda request: _payment_row(request, request.approved_at),
            reverse("payments:queue") + "?status=approved",
        ),
    ]


# --- Finance, inspectors, port representatives ---------------------------------------------------------------------


def finance_sections() -> list[Section]:
    """Approved payments waiting for the second person, oldest approval first, with their totals by the funds the
    agreement pays them from (``FundedProject.fund_names``; the ledger charges the first fund first on release)."""
    approved = PaymentRequest.objects.filter(status=PaymentRequest.Status.APPROVED)
    section = _section(
        "release",
        _("Payments to release"),
        approved.select_related("agreement", "program").order_by("approved_at", "pk"),
        lambda request: _payment_row(request, request.approved_at),
        reverse("payments:queue") + "?status=approved",
    )
    section.totals = [
        (row["funded_project__fund_names"] or "", row["amount"] or Decimal("0.00"), row["requests"])
        for row in approved.values("funded_project__fund_names")
        .annotate(amount=Sum("approved_amount"), requests=Count("pk"))
        .order_by("funded_project__fund_names")[:LIMIT]
    ]
    return [section]


def inspector_sections(user) -> list[Section]:
    """The inspector's assignments: to schedule or correct, then scheduled, soonest first."""
    return [
        _section(
            "inspections",
            _("My inspections"),
            Inspection.objects.filter(
                inspector=user,
                status__in=[Inspection.Status.ASSIGNED, Inspection.Status.SCHEDULED, Inspection.Status.RETURNED],
            )
            .select_related("agreement", "project__application__program")
            .order_by(F("scheduled_for").asc(nulls_first=True), "due", "pk"),
            _inspection_row,
            reverse("inspections:mine"),
        )
    ]


def port_sections(user) -> list[Section]:
    """The port's infrastructure-plan milestones not yet completed, soonest due first (the Cooperative Agreement's
    plans and milestones)."""
    ports = PortRepresentative.objects.filter(user_id=user.pk).values("port_id")
    return [
        _section(
            "milestones",
            _("Milestones to complete"),
            Milestone.objects.filter(plan__port__in=ports, completed_on__isnull=True)
            .select_related("plan__port")
            .order_by("due_on", "pk"),
            lambda milestone: Row(
                label=milestone.description,
                url=reverse("ports_agreement:port_home"),
                detail=str(milestone.plan),
                due=milestone.due_on,
            ),
            reverse("ports_agreement:port_home"),
        )
    ]
