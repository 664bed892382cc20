"""Agreement pages: the awardee reads, signs and follows their agreements (their calendar, the executed PDF); staff
send, countersign, record events, complete or waive obligations and amend; board members read everything and change
nothing. Every object is found through ``selectors.agreements_visible_to`` (404 otherwise: another awardee's agreement,
an inspector, a port representative), every change goes through ``agreements.services``, and a change refused by a
role gets a 404, as the funding pages do."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from agreements.rules.registry import post_award
from conversations import selectors as conversation_selectors
from core import pdfs
from core.access import admits
from core.feedback import form_errors, refused
from core.pagination import page_of
from core.workflow import WorkflowError
from programs.rules.fields import InputError

from . import documents, selectors, services, tasks
from .forms import (
    AmendmentForm,
    ChangeRequestForm,
    CompleteForm,
    DecisionForm,
    EventForm,
    ObligationFilter,
    ReasonForm,
    SignForm,
)
from .models import Agreement, Amendment, ChangeRequest, Obligation


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)


# Signed in; the view finds its object among those the person may see.
reader = login_required
# Staff and board members (the agreements view permission).
district_only = admits(selectors.is_district, "This page is for district staff and board members.")
# A change by program staff, by POST; board members and everyone else get a 404.
staff_change = admits(selectors.may_change, "Only program staff change agreements.", post=True)


# --- Reading -------------------------------------------------------------------------------------------------


@reader
def agreement_list(request):
    """An awardee's agreements (from the moment one is sent), or every agreement for the district."""
    district = selectors.is_district(request.user)
    if not district and not has_role(request.user, Role.APPLICANT):
        raise Http404("Agreements are the awardees' and the district's.")
    agreements = selectors.agreements_visible_to(request.user).order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    program = request.GET.get("program", "")
    if district and status in Agreement.Status.values:
        agreements = agreements.filter(status=status)
    if district and program:
        agreements = agreements.filter(program__code=program)
    page = page_of(request, agreements, per_page=50)
    return render(
        request,
        "agreements/list.html",
        {
            "agreements": page,
            "page": page,
            "district": district,
            "statuses": Agreement.Status.choices,
            "programs": selectors.programs_with_agreements() if district else (),
            "status": status,
            "program": program,
        },
    )


@reader
def calendar(request):
    """The awardee's calendar: every obligation of their agreements in force, overdue first, then by due date,
    then those waiting for an event."""
    if selectors.is_district(request.user):
        return redirect("agreements:obligations")
    if not has_role(request.user, Role.APPLICANT):
        raise Http404("The calendar is the awardees'.")
    agreements = selectors.agreements_visible_to(request.user).filter(status=Agreement.Status.EXECUTED)
    obligations = (
        Obligation.objects.filter(agreement__in=agreements)
        .exclude(status__in=[Obligation.Status.CANCELLED])
        .select_related("agreement__program", "project")
        .order_by("due", "agreement_id", "position")
    )
    today = timezone.localdate()
    groups = {"overdue": [], "upcoming": [], "waiting": [], "done": []}
    for item in obligations:
        if item.is_open and item.due < today:
            groups["overdue"].append(item)
        elif item.is_open or item.status == Obligation.Status.RUNNING:
            groups["upcoming"].append(item)
        elif item.status in (Obligation.Status.WAITING, Obligation.Status.NOT_DATED):
            groups["waiting"].append(item)
        else:
            groups["done"].append(item)
    return render(request, "agreements/calendar.html", {"groups": groups, "today": today, "agreements": agreements})


@district_only
def obligations(request):
    """Staff's "upcoming and overdue" list across every agreement, filterable by program and kind."""
    programs = selectors.programs_with_agreements()
    form = ObligationFilter(request.GET or None, programs=programs)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    found = selectors.upcoming_and_overdue(
        today=today,
        within_days=filters.get("within") or 30,
        program=filters.get("program", ""),
        kind=filters.get("kind", ""),
        overdue_only=bool(filters.get("overdue")),
    )
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agreements/obligations.html",
        {"form": form, "page": page, "obligations": page, "today": today, "query": query.urlencode()},
    )


@reader
def detail(request, pk):
    return _detail(request, _agreement(request, pk))


def _detail(request, agreement: Agreement, *, change_form: ChangeRequestForm | None = None, status: int = 200):
    """The agreement's page; ``change_form`` is the awardee's request form as they typed it, after a mistake."""
    may_change = selectors.may_change(request.user)
    is_awardee = selectors.is_awardee(request.user, agreement)
    funded = list(agreement.funded_projects.select_related("project__application__program"))
    executed = agreement.status == Agreement.Status.EXECUTED
    context = {
        "agreement": agreement,
        "funded_projects": funded,
        "may_change": may_change,
        "is_awardee": is_awardee,
        "obligations": agreement.obligations.select_related("project", "extended_by").order_by(
            "project_id", "position"
        ),
        "events": agreement.events.select_related("project", "recorded_by", "corrects").order_by("pk"),
        "amendments": agreement.amendments.select_related("project", "made_by"),
        "steps": agreement.steps.select_related("actor"),
        "today": timezone.localdate(),
        "change_requests": selectors.change_requests_of(agreement),
        "conversation": conversation_selectors.panel(request.user, "agreement", agreement),
    }
    if agreement.status == Agreement.Status.SENT and selectors.may_sign(request.user, agreement):
        context["sign_form"] = SignForm()
    if executed and selectors.may_sign(request.user, agreement):
        context["change_form"] = change_form or ChangeRequestForm(agreement=agreement)
    if may_change:
        context.update(
            {
                "countersign_refusal": services.countersign_refusal(agreement, request.user)
                if agreement.status == Agreement.Status.SIGNED
                else "",
                "signing_as": services.signing_name_and_title(request.user),
                "reason_form": ReasonForm(),
                "problems": services.values_problems(agreement) if agreement.status == Agreement.Status.DRAFTED else [],
                "event_form": EventForm(code=agreement.program.code) if executed else None,
                "amendment_form": AmendmentForm(agreement=agreement)
                if agreement.status
                in (Agreement.Status.EXECUTED, Agreement.Status.DRAFTED, Agreement.Status.SENT, Agreement.Status.SIGNED)
                else None,
                "values": [(line, documents.values_in_words(line)) for line in funded],
                "by_event": {rule.key for rule in post_award(agreement.program.code).obligations if rule.done_by},
            }
        )
    return render(request, "agreements/detail.html", context, status=status)


def _file(field, filename: str) -> FileResponse:
    return FileResponse(field.open("rb"), content_type="application/pdf", filename=filename)


@reader
def document(request, pk):
    """The agreement's PDF: the executed one once executed (stored, never rendered again), the one sent while it
    awaits signatures, and for the district a draft rendered now."""
    agreement = _agreement(request, pk)
    if agreement.executed_document:
        return _file(agreement.executed_document, f"{agreement.number}-executed.pdf")
    if agreement.sent_document:
        return _file(agreement.sent_document, f"{agreement.number}.pdf")
    if not selectors.is_district(request.user):
        raise Http404("The draft is the district's until it is sent.")
    return _rendered(request, agreement, "en", f"{agreement.number}-draft.pdf")


def _rendered(request, agreement: Agreement, language: str, filename: str):
    """A PDF of the agreement as it stands, rendered by a task and kept under the data's fingerprint
    (``agreements.tasks.render_document``, ``core.pdfs``): never in the web worker."""
    fingerprint = selectors.document_fingerprint(agreement)
    return pdfs.respond(
        request,
        kind=f"{tasks.DRAFT}-{language}",
        fingerprint=fingerprint,
        queue=pdfs.queue_task(tasks.render_document, agreement.pk, language, fingerprint, what=f"{agreement}'s PDF"),
        filename=filename,
        title=str(agreement),
    )


@reader
def translation_document(request, pk):
    """The agreement's Spanish courtesy translation, rendered by a task from the same data as the binding English PDF
    (the draft only for the district, as the English one)."""
    agreement = _agreement(request, pk)
    if not (agreement.sent_document or selectors.is_district(request.user)):
        raise Http404("The draft is the district's until it is sent.")
    return _rendered(request, agreement, "es", f"{agreement.number}-traduccion-de-cortesia.pdf")


@reader
def amendment_document(request, pk, number):
    agreement = _agreement(request, pk)
    amendment = get_object_or_404(Amendment, agreement=agreement, number=number)
    return _file(amendment.document, f"{agreement.number}-amendment-{number}.pdf")


# --- The awardee ---------------------------------------------------------------------------------------------


@reader
@require_POST
def sign(request, pk):
    agreement = _agreement(request, pk)
    if not selectors.may_sign(request.user, agreement):
        raise Http404("Only a person authorized for the awardee signs.")
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.sign(
                agreement,
                actor=request.user,
                name=form.cleaned_data["name"],
                title=form.cleaned_data["title"],
                consent=form.cleaned_data["consent"],
                ip=get_client_ip_address(request),
            )
        except WorkflowError as error:
            refused(request, error)
        else:
            messages.success(
                request,
                _("You signed the agreement. The district will countersign it; you will be told when it is executed."),
            )
    else:
        form_errors(request, form)
    return redirect(agreement)


@reader
@require_POST
def request_change(request, pk):
    """The awardee asks for an extension, a transfer or a withdrawal (issue 22); a mistake shows the page again
    with everything typed."""
    agreement = _agreement(request, pk)
    if not selectors.may_sign(request.user, agreement):
        raise Http404("Only a person authorized for the awardee asks for a change.")
    form = ChangeRequestForm(request.POST, agreement=agreement)
    if form.is_valid():
        data = form.cleaned_data
        project = agreement.funded_projects.filter(project_id=data["project"]).select_related("project").first()
        try:
            services.request_change(
                agreement,
                actor=request.user,
                kind=data["kind"],
                reason=data["reason"],
                project=project.project if project else None,
                months=data["months"],
                new_owner_name=data["new_owner_name"],
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request was sent. The District will decide and tell you."))
            return redirect(f"{agreement.get_absolute_url()}#change-requests")
    return _detail(request, agreement, change_form=form, status=400)


# --- Staff ---------------------------------------------------------------------------------------------------


@admits(selectors.may_change, "Only program staff decide the awardee's requests.")
def decide(request, pk, change_pk):
    """Staff approve (through the amendment services) or decline an awardee's request. The page shows what the
    decision changes: the project's term and dated obligations, the owner, the award."""
    agreement = _agreement(request, pk)
    change = get_object_or_404(
        ChangeRequest.objects.select_related("project", "requested_by", "decided_by", "amendment"),
        agreement=agreement,
        pk=change_pk,
    )
    form = DecisionForm(request.POST or None, change=change)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.APPROVE:
                owner = (
                    get_user_model().objects.filter(username=data["new_owner"]).first()
                    if data.get("new_owner")
                    else None
                )
                services.approve_change(change, actor=request.user, reason=data["reason"], new_owner=owner)
            else:
                services.decline_change(change, actor=request.user, reason=data["reason"])
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Decided; the awardee is told."))
            return redirect(f"{agreement.get_absolute_url()}#change-requests")
    context = {
        "agreement": agreement,
        "change": change,
        "form": form if change.status == ChangeRequest.Status.SUBMITTED else None,
        "lines": agreement.funded_projects.select_related("project").filter(
            **({"project": change.project} if change.project_id else {})
        ),
        "obligations": agreement.obligations.filter(**({"project": change.project} if change.project_id else {}))
        .exclude(status__in=Obligation.FINISHED)
        .select_related("project")
        .order_by("project_id", "position")[:100],
    }
    return render(
        request, "agreements/decide.html", context, status=400 if request.method == "POST" and form.errors else 200
    )


def _staff_action(request, pk, action, done: str, *, form_class=None, **extra):
    """Run one journey service with the form's values; refusals come back as messages on the agreement's page."""
    agreement = _agreement(request, pk)
    values = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect(agreement)
        values = form.cleaned_data
    try:
        action(agreement, actor=request.user, **values, **extra)
    except (WorkflowError, InputError) as error:
        refused(request, error)
    else:
        messages.success(request, done)
    return redirect(agreement)


@staff_change
def send(request, pk):
    return _staff_action(request, pk, services.send, _("Sent to the awardee to sign."))


@staff_change
def recall(request, pk):
    return _staff_action(request, pk, services.recall, _("Recalled to the draft."), form_class=ReasonForm)


@staff_change
def return_signature(request, pk):
    return _staff_action(
        request,
        pk,
        services.return_signature,
        _("The signature was returned; the awardee is asked to sign again."),
        form_class=ReasonForm,
    )


@staff_change
def countersign(request, pk):
    return _staff_action(
        request,
        pk,
        services.countersign,
        _("Countersigned: the agreement is executed."),
        ip=get_client_ip_address(request),
    )


def _project(agreement: Agreement, project_pk):
    funded = get_object_or_404(agreement.funded_projects.select_related("project"), project_id=project_pk)
    return funded


def _district_page(request, pk):
    """Staff's write pages are found like the others, then refused to anyone who may not change them."""
    if not selectors.may_change(request.user):
        raise Http404("Only program staff change agreements.")
    return _agreement(request, pk)


@login_required
def edit_values(request, pk, project_pk):
    """What the draft states for one project (milestone dates, project type and life, path, annual usage)."""
    from applications.forms import AttachmentAForm

    agreement = _district_page(request, pk)
    funded = _project(agreement, project_pk)
    specs = selectors.agreement_fields(agreement.program.code)
    if agreement.status != Agreement.Status.DRAFTED:
        messages.error(request, _("Only a draft can be changed; recall it first if it was sent."))
        return redirect(agreement)
    form = AttachmentAForm(request.POST or None, specs=specs, initial=funded.values, submit_label=_("Save"))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_values(agreement, funded.project, form.raw_values(), actor=request.user)
        except (WorkflowError, InputError) as error:
            for name, message in getattr(error, "errors", {None: str(error)}).items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect(agreement)
    return render(request, "agreements/values.html", {"agreement": agreement, "funded": funded, "form": form})


@staff_change
def record_event(request, pk, project_pk):
    agreement = _agreement(request, pk)
    funded = _project(agreement, project_pk)
    form = EventForm(request.POST, code=agreement.program.code)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_event(funded.project, data["event"], data["on"], actor=request.user, note=data["note"])
        except WorkflowError as error:
            refused(request, error)
        else:
            messages.success(request, _("Recorded; the due dates follow."))
    else:
        form_errors(request, form)
    return redirect(f"{agreement.get_absolute_url()}#calendar")


def _obligation(agreement, obligation_pk) -> Obligation:
    return get_object_or_404(Obligation.objects.select_related("project"), agreement=agreement, pk=obligation_pk)


@staff_change
def complete(request, pk, obligation_pk):
    agreement = _agreement(request, pk)
    obligation = _obligation(agreement, obligation_pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.complete_obligation(
                obligation.project, obligation.key, on=form.cleaned_data["on"], actor=request.user
            )
        except WorkflowError as error:
            refused(request, error)
        else:
            messages.success(request, _("Marked done."))
    else:
        form_errors(request, form)
    return redirect(obligation)


@staff_change
def waive(request, pk, obligation_pk):
    agreement = _agreement(request, pk)
    obligation = _obligation(agreement, obligation_pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.waive_obligation(
                obligation.project, obligation.key, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as error:
            refused(request, error)
        else:
            messages.success(request, _("Waived."))
    else:
        form_errors(request, form)
    return redirect(obligation)


@staff_change
def amend(request, pk):
    """One amendment of any kind; the service checks it and makes its PDF."""
    agreement = _agreement(request, pk)
    form = AmendmentForm(request.POST, agreement=agreement)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(f"{agreement.get_absolute_url()}#amend")
    data = form.cleaned_data
    kind, reason = data["kind"], data["reason"]
    project = (
        agreement.funded_projects.filter(project_id=data["project"]).select_related("project").first()
        if data.get("project")
        else None
    )
    project = project.project if project else None
    try:
        if kind == Amendment.Kind.EXTEND_TERM:
            amendment = services.extend_term(agreement, project, data["months"], actor=request.user, reason=reason)
        elif kind == Amendment.Kind.EXTEND_MILESTONE:
            project_pk, key = data["obligation"].split(":", 1)
            obligation = get_object_or_404(Obligation, agreement=agreement, project_id=project_pk, key=key)
            amendment = services.extend_milestone(
                agreement, obligation.project, key, data["new_due"], actor=request.user, reason=reason
            )
        elif kind == Amendment.Kind.REDUCE_AWARD:
            amendment = services.reduce_award(agreement, project, data["amount"], actor=request.user, reason=reason)
        elif kind == Amendment.Kind.TRANSFER:
            owner = get_user_model().objects.filter(username=data["new_owner"]).first()
            amendment = services.transfer(
                agreement, new_owner_name=data["new_owner_name"], new_owner=owner, actor=request.user, reason=reason
            )
        else:
            amendment = services.terminate(agreement, project=project, actor=request.user, reason=reason)
    except WorkflowError as error:
        refused(request, error)
    else:
        messages.success(request, _("Amendment %(number)s made.") % {"number": amendment.number})
    return redirect(agreement)
