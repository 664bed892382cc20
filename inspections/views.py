"""Inspection pages: the inspector's "My inspections" and inspection page (schedule, checklist against the
application, photos, report, submit), staff's list (needing an inspector, to review, every inspection) with assign,
accept and return, and the awardee's forms on their agreement page (delivery, destruction notice, documents).

Every object is found through ``selectors.inspections_visible_to`` (an inspector only their own assignments; another
inspector's: 404), every change goes through ``inspections.services``, and a change refused by a role gets a 404.
Files are streamed only after that check."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agreements import selectors as agreements
from agreements.models import FundedProject
from core.access import admits
from core.feedback import form_errors, refused
from core.pagination import CappedCountPaginator, page_of
from core.workflow import WorkflowError
from programs.rules.fields import InputError

from . import selectors, services
from .forms import (
    AssignForm,
    AssignSelectedForm,
    ChecklistForm,
    DocumentForm,
    ExtraPhotosForm,
    NoteForm,
    NoticeForm,
    OpenForm,
    ReadyForm,
    ReasonForm,
    ReportForm,
    ScheduleForm,
    SubmitForm,
)
from .models import Inspection, ProjectDocument

district_only = admits(selectors.is_district, "This page is for district staff and board members.")
staff_change = admits(selectors.may_manage, "Only program staff assign and review inspections.", post=True)


def inspector_change(view):
    """A change by the inspector assigned to it, by POST; anyone else gets a 404."""

    @login_required
    @require_POST
    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        inspection = _inspection(request, pk)
        if inspection.inspector_id != request.user.pk:
            raise Http404("Only the assigned inspector changes the inspection.")
        return view(request, inspection, *args, **kwargs)

    return wrapped


def _inspection(request, pk) -> Inspection:
    return get_object_or_404(selectors.inspections_visible_to(request.user), pk=pk)


def _back(inspection: Inspection, anchor: str = ""):
    return redirect(f"{inspection.get_absolute_url()}{'#' + anchor if anchor else ''}")


# --- Lists ---------------------------------------------------------------------------------------------------


@login_required
def index(request):
    if selectors.is_district(request.user):
        return redirect("inspections:staff")
    if selectors.is_inspector(request.user):
        return redirect("inspections:mine")
    raise Http404("Inspections are the inspectors' and the district's.")


@login_required
def mine(request):
    """The inspector's open assignments, a page at a time, by date and area, each with the site, its city and a map
    link, and the awardee's contact from the application; then the reports submitted lately."""
    if not selectors.is_inspector(request.user):
        raise Http404("My inspections is the inspectors' page.")
    page = CappedCountPaginator(selectors.my_assignments(request.user), selectors.ASSIGNMENT_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inspections/mine.html",
        {
            "page": page,
            "rows": selectors.assignment_rows(page.object_list),
            "recent": selectors.recently_submitted(request.user),
            "recent_days": selectors.RECENT_DAYS,
        },
    )


@district_only
def staff(request):
    """Staff's inspections, every list a page ordered by an index: needing an inspector (one assignment form, the
    inspectors read once), needing one opened, reports to review, and every inspection."""
    may_manage = selectors.may_manage(request.user)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    needing = page_of(request, selectors.needing_inspection(), per_page=25, param="needing")
    return render(
        request,
        "inspections/staff.html",
        {
            "needing": needing,
            "assign_form": AssignSelectedForm(
                inspectors=selectors.inspector_choices(), needing=selectors.needing_inspection()
            )
            if may_manage and needing
            else None,
            "to_review": page_of(request, selectors.to_review(), per_page=25, param="review"),
            "every": page_of(request, selectors.every_inspection(kind=kind, status=status), per_page=50),
            "may_manage": may_manage,
            "to_open": selectors.awaiting_opening(limit=TO_OPEN),
            "to_open_limit": TO_OPEN,
            "open_form": OpenForm(projects=selectors.projects_for_new_inspection()) if may_manage else None,
            "kinds": Inspection.Kind.choices,
            "statuses": Inspection.Status.choices,
            "kind": kind,
            "status": status,
        },
    )


TO_OPEN = 25
"""How many projects "needing an inspection, none opened yet" shows; opening them brings up the next."""


# --- One inspection ------------------------------------------------------------------------------------------


@login_required
def detail(request, pk):
    return _page(request, _inspection(request, pk))


def _page(request, inspection: Inspection, *, refused_form=None):
    """The inspection's page. After a refused save (``refused_form``: the bound schedule, checklist or submit form)
    the page comes back with that form as typed, the fields at fault marked in words, and nothing saved."""
    rule = selectors.rule_of(inspection)
    is_inspector = inspection.inspector_id == request.user.pk
    editable = is_inspector and inspection.is_editable
    may_manage = selectors.may_manage(request.user)
    bound = {type(refused_form): refused_form} if refused_form is not None else {}
    checklist = bound.get(ChecklistForm) or ChecklistForm(
        specs=tuple(check.field for check in rule.checklist), initial=selectors.observed_values(inspection)
    )
    comparison = selectors.comparison(inspection)
    rows = [(row, checklist[row.key]) for row in comparison]
    photos = list(selectors.photos_of(inspection))
    context = {
        "inspection": inspection,
        "rule": rule,
        "program": selectors.program_of(inspection),
        "rows": rows,
        "mismatches": [row for row in comparison if row.mismatch],
        "photos": photos,
        "missing_photos": selectors.photos_missing(inspection),
        "editable": editable,
        "is_inspector": is_inspector,
        "may_manage": may_manage,
        "versions": selectors.versions_of(inspection),
        "steps": inspection.steps.select_related("actor"),
        "documents": selectors.documents_of(inspection.project),
        "contact": selectors.contact_of(inspection.project),
        "place": selectors.place_of(inspection),
        "refused": refused_form is not None,
    }
    if is_inspector and inspection.status in (Inspection.Status.ASSIGNED, Inspection.Status.SCHEDULED):
        initial = {}
        if inspection.scheduled_for:
            local = timezone.localtime(inspection.scheduled_for)
            initial = {"on": local.date(), "at": local.time().replace(second=0, microsecond=0), "mode": inspection.mode}
        context["schedule_form"] = bound.get(ScheduleForm) or ScheduleForm(initial=initial)
    if editable:
        context.update(
            {
                "checklist": checklist,
                "report_form": ReportForm(),
                "extra_form": ExtraPhotosForm(),
                "submit_form": bound.get(SubmitForm)
                or SubmitForm(initial={"result": inspection.result, "findings": inspection.findings}),
            }
        )
    if may_manage and inspection.status == Inspection.Status.SUBMITTED:
        context.update({"note_form": NoteForm(), "reason_form": ReasonForm()})
    if may_manage and inspection.status in (
        Inspection.Status.NEEDED,
        Inspection.Status.ASSIGNED,
        Inspection.Status.SCHEDULED,
    ):
        context["assign_form"] = AssignForm(
            inspectors=selectors.inspector_choices(),
            prefix=f"a{inspection.pk}",
            initial={"inspector": inspection.inspector_id},
        )
    return render(request, "inspections/detail.html", context, status=400 if refused_form is not None else 200)


def _save(request, inspection: Inspection, form, save, done: str, anchor: str = ""):
    """Run ``save`` on a valid form; a form error or a service's refusal by field brings the page back as typed."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except InputError as error:
            form.refuse(error.errors)
        except WorkflowError as error:
            refused(request, error)
            return _back(inspection, anchor)
        else:
            messages.success(request, done)
            return _back(inspection, anchor)
    inspection.refresh_from_db()
    return _page(request, inspection, refused_form=form)


@inspector_change
def schedule(request, inspection):
    form = ScheduleForm(request.POST)
    return _save(
        request,
        inspection,
        form,
        lambda data: services.schedule(inspection, actor=request.user, when=form.when(), mode=data["mode"]),
        _("Scheduled."),
    )


@inspector_change
def checklist(request, inspection):
    form = ChecklistForm(request.POST, specs=selectors.checklist_fields(inspection))
    return _save(
        request,
        inspection,
        form,
        lambda data: services.save_checklist(inspection, form.raw_values(), actor=request.user),
        _("Checklist saved."),
        "checklist",
    )


@inspector_change
def photos(request, inspection):
    rule = selectors.rule_of(inspection)
    batch = [
        (caption, upload)
        for index, caption in enumerate(rule.photos)
        for upload in request.FILES.getlist(f"photo-{index}")
    ]
    extra = ExtraPhotosForm(request.POST, request.FILES)
    if extra.is_valid():
        uploads = [upload for upload in extra.cleaned_data["extra"] if upload]
        batch += [(extra.cleaned_data["caption"], upload) for upload in uploads]
    try:
        added = services.add_photos(inspection, batch, actor=request.user)
    except (WorkflowError, InputError) as error:
        refused(request, error)
    else:
        messages.success(request, _("%(count)s photos added.") % {"count": len(added)})
    return _back(inspection, "photos")


@inspector_change
def photo_delete(request, inspection, photo_pk):
    photo = get_object_or_404(inspection.photos, pk=photo_pk)
    try:
        services.delete_photo(photo, actor=request.user)
    except WorkflowError as error:
        refused(request, error)
    return _back(inspection, "photos")


@login_required
def photo(request, pk, photo_pk):
    inspection = _inspection(request, pk)
    item = get_object_or_404(inspection.photos, pk=photo_pk)
    return FileResponse(item.file.open("rb"), content_type=item.content_type, filename=item.original_name)


@inspector_change
def report(request, inspection):
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_report(inspection, form.cleaned_data["report"], actor=request.user)
        except (WorkflowError, InputError) as error:
            refused(request, error)
        else:
            messages.success(request, _("Report uploaded."))
    else:
        form_errors(request, form)
    return _back(inspection, "report")


@login_required
def report_file(request, pk):
    inspection = _inspection(request, pk)
    if not inspection.report:
        raise Http404("No report uploaded.")
    return FileResponse(
        inspection.report.open("rb"),
        content_type="application/pdf",
        filename=inspection.report_name or "inspection-report.pdf",
    )


@inspector_change
def submit(request, inspection):
    form = SubmitForm(request.POST)
    return _save(
        request,
        inspection,
        form,
        lambda data: services.submit(
            inspection,
            actor=request.user,
            result=data["result"],
            findings=data["findings"],
            inspected_on=data["inspected_on"],
        ),
        _("Report submitted for review. It is now locked."),
    )


# --- Staff ---------------------------------------------------------------------------------------------------


@staff_change
def assign(request, pk):
    inspection = _inspection(request, pk)
    form = AssignForm(request.POST, inspectors=selectors.inspector_choices(), prefix=f"a{inspection.pk}")
    if form.is_valid():
        try:
            services.assign(inspection, form.cleaned_data["inspector"], actor=request.user)
        except WorkflowError as error:
            refused(request, error)
        else:
            messages.success(request, _("Assigned."))
    else:
        form_errors(request, form)
    return redirect(
        request.POST.get("next") == "staff" and reverse("inspections:staff") or inspection.get_absolute_url()
    )


@staff_change
def assign_selected(request):
    """The staff list's one form: the ticked inspections to one inspector, each through ``services.assign``."""
    form = AssignSelectedForm(
        request.POST, inspectors=selectors.inspector_choices(), needing=selectors.needing_inspection()
    )
    if not form.is_valid():
        form_errors(request, form)
        return redirect("inspections:staff")
    assigned = 0
    for inspection in form.cleaned_data["inspections"]:
        try:
            services.assign(inspection, form.cleaned_data["inspector"], actor=request.user)
        except WorkflowError as error:
            refused(request, error)
        else:
            assigned += 1
    if assigned:
        messages.success(
            request,
            ngettext("%(count)d inspection assigned.", "%(count)d inspections assigned.", assigned)
            % {"count": assigned},
        )
    return redirect("inspections:staff")


@staff_change
def accept(request, pk):
    inspection = _inspection(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.accept(inspection, actor=request.user, note=note)
    except (WorkflowError, InputError) as error:
        refused(request, error)
    else:
        messages.success(request, _("Report accepted."))
    return _back(inspection)


@staff_change
def return_report(request, pk):
    inspection = _inspection(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _back(inspection)
    try:
        correction = services.return_report(inspection, actor=request.user, reason=form.cleaned_data["reason"])
    except WorkflowError as error:
        refused(request, error)
        return _back(inspection)
    messages.success(
        request, _("Returned to the inspector; the correction is version %(number)s.") % {"number": correction.version}
    )
    return _back(inspection)


@staff_change
def open_inspection(request):
    form = OpenForm(request.POST, projects=selectors.projects_for_new_inspection())
    if form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.open_inspection(
                data["funded"].project, data["kind"], actor=request.user, why=data["why"] or _("Opened by staff")
            )
        except WorkflowError as error:
            refused(request, error)
        else:
            messages.success(request, _("Inspection opened."))
            return redirect(inspection)
    else:
        form_errors(request, form)
    return redirect("inspections:staff")


# --- The awardee ---------------------------------------------------------------------------------------------


def _awardee_project(request, project_pk) -> FundedProject:
    funded = get_object_or_404(
        FundedProject.objects.select_related("agreement__program", "project__application"),
        project_id=project_pk,
        agreement__in=agreements.agreements_visible_to(request.user).values("pk"),
    )
    if not selectors.is_awardee(request.user, funded.agreement):
        raise Http404("Only the awardee reports on its project.")
    return funded


def _to_agreement(funded):
    return redirect(f"{funded.agreement.get_absolute_url()}#inspections")


@login_required
@require_POST
def ready(request, project_pk, kind):
    funded = _awardee_project(request, project_pk)
    form = ReadyForm(request.POST)
    if form.is_valid():
        try:
            services.report_ready(funded.project, kind, form.cleaned_data["on"], actor=request.user)
        except (WorkflowError, InputError) as error:
            refused(request, error)
        else:
            messages.success(request, _("Thank you: the district will assign an inspector."))
    else:
        form_errors(request, form)
    return _to_agreement(funded)


@login_required
@require_POST
def notice(request, project_pk):
    funded = _awardee_project(request, project_pk)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            services.give_destruction_notice(funded.project, form.cleaned_data["planned_on"], actor=request.user)
        except (WorkflowError, InputError) as error:
            refused(request, error)
        else:
            messages.success(request, _("Destruction notice given."))
    else:
        form_errors(request, form)
    return _to_agreement(funded)


@login_required
@require_POST
def document_upload(request, project_pk):
    funded = _awardee_project(request, project_pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_document(
                funded.project, data["kind"], data["on"], data["file"], actor=request.user, caption=data["caption"]
            )
        except (WorkflowError, InputError) as error:
            refused(request, error)
        else:
            messages.success(request, _("Document uploaded."))
    else:
        form_errors(request, form)
    return _to_agreement(funded)


@login_required
def document(request, document_pk):
    item = get_object_or_404(ProjectDocument.objects.select_related("agreement"), pk=document_pk)
    if not selectors.may_read_document(request.user, item):
        raise Http404("Not yours to read.")
    return FileResponse(item.file.open("rb"), content_type=item.content_type, filename=item.original_name)
