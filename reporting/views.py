"""Usage reporting pages: the awardee's reports due and report form; staff's queue, review, remedies and closeout;
board members read. Every report is found through ``selectors.reports_visible_to`` (404 otherwise); every change goes
through ``reporting.services``, whose refusals come back as messages or form errors naming the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.selectors import calendar_of
from core.access import admits
from core.pagination import page_of
from programs.models import Program
from programs.rules.fields import InputError

from . import selectors, services
from .forms import CloseForm, DocumentUploadForm, NoteForm, ReasonForm, RemedyForm, SubmitForm, figures_form
from .models import Remedy, ReportDocument, UsageReport

signed_in = login_required
district = admits(selectors.is_district, "The reports queue is the district's.")
staff_only = admits(selectors.may_review, "Only program staff decide usage reports.", post=True)
awardee_only = admits(
    lambda user: not selectors.is_district(user), "Only the awardee changes its usage report.", post=True
)


def _report(request, pk) -> UsageReport:
    return get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)


def _funded(request, pk):
    return get_object_or_404(selectors.funded_visible_to(request.user), pk=pk)


# --- Lists -----------------------------------------------------------------------------------------------------


@signed_in
def index(request):
    """The awardee's reports due (the schedules brought up to date first); staff go to the queue."""
    if selectors.is_district(request.user):
        return redirect("reporting:queue")
    funded = list(selectors.funded_visible_to(request.user).filter(project__events__key="commissioned").distinct())
    for item in funded:
        services.sync_schedule(item)
    today = timezone.localdate()
    reports = list(selectors.due_for(request.user, today=today))
    done = selectors.reports_visible_to(request.user).filter(status=UsageReport.Status.ACCEPTED).order_by("-due")[:20]
    return render(request, "reporting/index.html", {"reports": reports, "done": done, "today": today})


@district
def queue(request):
    status = request.GET.get("status", "submitted")
    status = status if status in selectors.QUEUE_STATUSES else "submitted"
    program = request.GET.get("program", "")
    reports = page_of(request, selectors.queue(status=status, program=program), per_page=50)
    return render(
        request,
        "reporting/queue.html",
        {
            "reports": reports,
            "status": status,
            "program": program,
            "statuses": selectors.QUEUE_STATUSES,
            "programs": Program.objects.filter(code__in=selectors.REPORT_FORMS).order_by("code"),
            "today": timezone.localdate(),
        },
    )


# --- One report --------------------------------------------------------------------------------------------------


@signed_in
def detail(request, pk):
    report = _report(request, pk)
    if selectors.is_district(request.user):
        return _review_page(request, report)
    return _awardee_page(request, report)


def _awardee_page(request, report, *, figures=None, upload_form=None, submit_form=None, status=200):
    rules = selectors.report_form(report.program.code)
    return render(
        request,
        "reporting/detail.html",
        {
            "report": report,
            "rules": rules,
            "editable": report.is_editable,
            "figures_form": figures or (figures_form(report, rules) if report.is_editable else None),
            "rows": _rows(report, rules),
            "upload_form": upload_form or (DocumentUploadForm(slots=rules.documents) if rules.documents else None),
            "submit_form": submit_form or SubmitForm(closes_year=report.closes_year),
            "documents": report.documents.all(),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _rows(report, rules):
    """The report's figures as label, value and unit (people's words, never field names)."""
    from programs.labels import field_label

    rows = []
    for spec in rules.fields:
        value = report.values.get(spec.name)
        if value not in (None, ""):
            rows.append(
                (
                    field_label(spec),
                    value,
                    _(spec.unit) if spec.unit and spec.unit != "USD" else ("$" if spec.unit == "USD" else ""),
                )
            )
    return rows


@awardee_only
def save(request, pk):
    report = _report(request, pk)
    rules = selectors.report_form(report.program.code)
    form = figures_form(report, rules, request.POST)
    if form.is_valid():
        try:
            services.save_report(report, form.raw_values(), actor=request.user)
        except InputError as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except services.ReportingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Draft saved."))
            return redirect("reporting:detail", pk=pk)
    report.refresh_from_db()
    return _awardee_page(request, report, figures=form, status=400)


@awardee_only
def upload(request, pk):
    report = _report(request, pk)
    rules = selectors.report_form(report.program.code)
    form = DocumentUploadForm(request.POST, request.FILES, slots=rules.documents)
    if form.is_valid():
        try:
            for item in form.cleaned_data["files"]:
                services.add_document(report, slot=form.cleaned_data["slot"], upload=item, actor=request.user)
        except services.ReportingError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(request, _("Uploaded."))
            return redirect(report.get_absolute_url() + "#documents")
    return _awardee_page(request, report, upload_form=form, status=400)


@signed_in
def download(request, pk, document_pk):
    report = _report(request, pk)
    document = get_object_or_404(ReportDocument, pk=document_pk, report=report)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


@awardee_only
def submit(request, pk):
    report = _report(request, pk)
    form = SubmitForm(request.POST, closes_year=report.closes_year)
    if form.is_valid():
        try:
            services.submit(
                report,
                actor=request.user,
                certified=form.cleaned_data.get("labor_law", False),
                certifier_name=form.cleaned_data.get("certifier_name", ""),
            )
        except InputError as error:
            for message in error.errors.values():
                form.add_error(None, message)
        except services.ReportingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Report submitted. Staff will review it."))
            return redirect("reporting:detail", pk=pk)
    report.refresh_from_db()
    return _awardee_page(request, report, submit_form=form, status=400)


# --- Staff -------------------------------------------------------------------------------------------------------


def _review_page(request, report, *, remedy_form=None, status=200):
    funded = report.funded_project
    assessment = selectors.assessment_of(funded)
    rules = selectors.report_form(report.program.code)
    return render(
        request,
        "reporting/review.html",
        {
            "report": report,
            "rules": rules,
            "rows": _rows(report, rules),
            "documents": report.documents.all(),
            "contracted": selectors.contracted_beside(report),
            "assessment": assessment,
            "remedy_options": assessment.remedies if assessment else [],
            "may_review": selectors.may_review(request.user),
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
            "remedy_form": remedy_form or RemedyForm(),
            "remedies": funded.remedies.select_related("amendment"),
            "today": timezone.localdate(),
            "history": report.history.select_related("history_user")[:20],
        },
        status=status,
    )


def _done(request, url, call, success: str):
    try:
        call()
    except (services.ReportingError, InputError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(url)


@staff_only
def accept(request, pk):
    report = _report(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _done(
        request,
        report.get_absolute_url(),
        lambda: services.accept(report, actor=request.user, note=note),
        "Report accepted.",
    )


@staff_only
def return_report(request, pk):
    report = _report(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Reason: say what the awardee should correct.")
        return redirect(report.get_absolute_url())
    return _done(
        request,
        report.get_absolute_url(),
        lambda: services.return_report(report, actor=request.user, reason=form.cleaned_data["reason"]),
        "Report returned to the awardee.",
    )


@staff_only
def inspection(request, pk):
    report = _report(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Reason: say what the inspection should check.")
        return redirect(report.get_absolute_url())
    return _done(
        request,
        report.get_absolute_url(),
        lambda: services.request_inspection(report, actor=request.user, reason=form.cleaned_data["reason"]),
        "Inspection requested.",
    )


@staff_only
def remedy(request, funded_pk):
    funded = _funded(request, funded_pk)
    report = None
    if request.POST.get("report"):
        report = get_object_or_404(UsageReport, pk=request.POST["report"], funded_project=funded)
    form = RemedyForm(request.POST)
    back = report.get_absolute_url() if report else reverse("reporting:project", args=[funded.pk])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_remedy(
                funded,
                data["kind"],
                actor=request.user,
                reason=data["reason"],
                report=report,
                months=data.get("months"),
                amount_owed=data.get("amount_owed"),
                new_owner_name=data.get("new_owner_name", ""),
                new_owner=data.get("new_owner"),
            )
        except InputError as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except services.ReportingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Remedy recorded.")
            return redirect(back)
    if report is not None:
        return _review_page(request, report, remedy_form=form, status=400)
    return _project_page(request, funded, remedy_form=form, status=400)


@staff_only
def settle(request, remedy_pk):
    item = get_object_or_404(Remedy.objects.select_related("funded_project__agreement"), pk=remedy_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Reason: say how the remedy was settled.")
        return redirect("reporting:project", funded_pk=item.funded_project_id)
    return _done(
        request,
        reverse("reporting:project", args=[item.funded_project_id]),
        lambda: services.settle_remedy(item, actor=request.user, note=form.cleaned_data["reason"]),
        "Remedy settled.",
    )


@district
def project(request, funded_pk):
    return _project_page(request, _funded(request, funded_pk))


def _project_page(request, funded, *, remedy_form=None, close_form=None, status=200):
    today = timezone.localdate()
    calendar = None
    try:
        calendar = calendar_of(funded.project, as_of=today)
    except Exception:  # noqa: BLE001 - a project without an agreement's values shows no calendar, never a 500
        calendar = None
    return render(
        request,
        "reporting/project.html",
        {
            "funded": funded,
            "reports": funded.usage_reports.order_by("number"),
            "assessment": selectors.assessment_of(funded),
            "remedies": funded.remedies.select_related("amendment"),
            "problems": selectors.closeout_problems(funded, today=today),
            "may_review": selectors.may_review(request.user),
            "remedy_form": remedy_form or RemedyForm(),
            "close_form": close_form or CloseForm(),
            "reason_form": ReasonForm(),
            "closeouts": funded.agreement.closeouts.all(),
            "term": calendar.term if calendar else None,
            "obligations": funded.project.obligations.filter(kind__in=["report", "certification", "term"]).order_by(
                "position"
            ),
        },
        status=status,
    )


@staff_only
def close(request, funded_pk):
    funded = _funded(request, funded_pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_project(funded, actor=request.user, note=form.cleaned_data["note"])
        except services.ReportingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Project closed out.")
            return redirect("reporting:project", funded_pk=funded.pk)
    return _project_page(request, funded, close_form=form, status=400)
