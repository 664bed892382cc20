"""Port representatives file for their own port (404 for the other port's filings); board members and
staff read the status pages and the annual progress report. Writes go through ``services``."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role

from . import rules, selectors, services
from .charts import trend_chart
from .forms import (
    AnnualReportForm,
    ControlStrategyFormSet,
    EmissionReductionPlanForm,
    MilestoneReportForm,
    ProgressReportForm,
    ReviewNoteForm,
)
from .models import ERPStatus, MilestoneReportStatus, ProgressReport


def representative_required(view):
    """Signed in as a port representative linked to a port; the port is passed to the view."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_role(request.user, Role.PORT_REPRESENTATIVE):
            raise Http404("Only port representatives file for a port.")
        return view(request, selectors.port_of(request.user), *args, **kwargs)

    return wrapped


def board_or_staff_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.may_read_status(request.user):
            raise Http404("The status pages are for board members and staff.")
        return view(request, *args, **kwargs)

    return wrapped


def status_reader(view):
    """Board members and staff read every port's part (``port`` None); a port's representative reads its own
    port's part only, read-only (issue 22); anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if selectors.may_read_status(request.user):
            return view(request, None, *args, **kwargs)
        if has_role(request.user, Role.PORT_REPRESENTATIVE):
            return view(request, selectors.port_of(request.user), *args, **kwargs)
        raise Http404("The status pages are for board members, staff and the ports' representatives.")

    return wrapped


def staff_required(view):
    @login_required
    @require_POST
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.may_review(request.user):
            raise Http404("Only staff decide the ports' progress reports.")
        return view(request, *args, **kwargs)

    return wrapped


@login_required
def index(request):
    if has_role(request.user, Role.PORT_REPRESENTATIVE):
        return redirect("ports_agreement:port_home")
    return redirect("ports_agreement:status")


# --- Port representatives ----------------------------------------------------------------------------------------


@representative_required
def port_home(request, port):
    return render(
        request,
        "ports_agreement/port_home.html",
        {
            "port": port,
            "reports": selectors.reports_of(port).order_by("calendar_year", "-projected"),  # as on the trend chart
            "plans": selectors.plans_of(port),
            "infrastructure_plans": port.infrastructure_plans.prefetch_related("milestones"),
        },
    )


@representative_required
def report_new(request, port):
    form = AnnualReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.port = None if form.cleaned_data["joint"] else port
        report.submitted_on = timezone.localdate()
        try:
            with transaction.atomic():
                services.submit_annual_report(report, actor=request.user)
        except services.PortsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(report)s submitted. The district informs the Ports by %(date)s.")
                % {"report": report, "date": date_format(report.determination_due.due)},
            )
            return redirect("ports_agreement:report_detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ports_agreement/form.html",
        {"form": form, "heading": _("Submit an emissions report"), "port": port},
        status=status,
    )


@representative_required
def report_detail(request, port, pk):
    report = get_object_or_404(selectors.reports_of(port), pk=pk)
    return render(request, "ports_agreement/report_detail.html", {"report": report, "port": port})


@representative_required
def plan_new(request, port):
    form = EmissionReductionPlanForm(request.POST or None, determinations=selectors.plans_required_of(port))
    formset = ControlStrategyFormSet(request.POST or None, prefix="strategies")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        plan = form.save(commit=False)
        plan.port = plan.determination.report.port
        plan.received_on = timezone.localdate()
        strategies = [
            strategy_form.save(commit=False) for strategy_form in formset.forms if strategy_form.has_changed()
        ]
        try:
            with transaction.atomic():
                services.submit_emission_reduction_plan(plan, strategies, actor=request.user)
        except services.PortsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(plan)s submitted. The district decides by %(date)s.")
                % {"plan": plan, "date": date_format(plan.decision_due.due)},
            )
            return redirect("ports_agreement:plan_detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "ports_agreement/plan_form.html", {"form": form, "formset": formset, "port": port}, status=status
    )


@representative_required
def plan_detail(request, port, pk):
    plan = get_object_or_404(selectors.plans_of(port), pk=pk)
    return render(
        request,
        "ports_agreement/plan_detail.html",
        {
            "plan": plan,
            "port": port,
            "strategies": plan.strategies.all(),
            "decision": getattr(plan, "decision", None),
            "progress_reports": plan.progress_reports.all(),
        },
    )


@representative_required
def progress_new(request, port, pk):
    plan = get_object_or_404(selectors.plans_of(port), pk=pk)
    form = ProgressReportForm(request.POST or None, instance=ProgressReport(plan=plan))
    if plan.status != ERPStatus.APPROVED:
        messages.error(request, _("Progress reports follow an approved plan."))
        return redirect("ports_agreement:plan_detail", pk=plan.pk)
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.reported_on = timezone.localdate()
        services.submit_progress_report(report, actor=request.user)
        messages.success(request, _("Progress report submitted."))
        return redirect("ports_agreement:plan_detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ports_agreement/form.html",
        {
            "form": form,
            "port": port,
            "heading": _("Progress report: %(plan)s") % {"plan": plan},
        },
        status=status,
    )


# --- Board members and staff -------------------------------------------------------------------------------------


def _status_context(on, port=None):
    context = selectors.board_status(on, port)
    context["charts"] = [(trend, trend_chart(trend)) for trend in context["trends"] if trend.points]
    context["deadlines"] = rules.DEADLINES
    return context


@status_reader
def status(request, port):
    return render(request, "ports_agreement/status.html", _status_context(timezone.localdate(), port))


@status_reader
def rule_4001(request, port):
    return render(request, "ports_agreement/rule4001.html", _status_context(timezone.localdate(), port))


def board_report_html(on, port=None) -> str:
    return render_to_string("ports_agreement/board_report_pdf.html", _status_context(on, port))


@status_reader
def board_report_pdf(request, port):
    """The annual progress report to the board (000, "Board Resolution": "Report to Board and public"); a port's
    representative gets its own port's part."""
    from weasyprint import HTML

    on = timezone.localdate()
    pdf = HTML(string=board_report_html(on, port), base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    scope = f"{port.code}-" if port else ""
    response["Content-Disposition"] = f'inline; filename="ports-progress-report-{scope}{on:%Y-%m-%d}.pdf"'
    return response


# --- Milestone progress (issue 22) -------------------------------------------------------------------------------


@representative_required
def milestone(request, port, pk):
    """One milestone of the port's own plan: its date, the progress reported and staff's answers, and the form to
    report progress with evidence. A refused report comes back as typed, the field at fault marked."""
    item = get_object_or_404(selectors.milestones_of(port), pk=pk)
    form = MilestoneReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_milestone_progress(
                item,
                port=port,
                actor=request.user,
                progress=data["progress"],
                completed_on=data["completed_on"],
                evidence=data["evidence"],
            )
        except services.MilestoneReportError as error:
            form.refuse(error.errors)
        except services.PortsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Progress reported. The district will accept it or return it to you."))
            return redirect("ports_agreement:milestone", pk=item.pk)
    reports = list(selectors.reports_on(item))
    return render(
        request,
        "ports_agreement/milestone.html",
        {
            "port": port,
            "milestone": item,
            "reports": reports,
            "pending": any(report.status == MilestoneReportStatus.SUBMITTED for report in reports),
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@board_or_staff_required
def milestone_reports(request):
    """The ports' progress reports awaiting a decision (staff accept or return them; board members read)."""
    return render(
        request,
        "ports_agreement/milestone_reports.html",
        {"reports": selectors.milestone_reports_to_review(), "may_review": selectors.may_review(request.user)},
    )


def _decided(request, pk, decide, done):
    """Staff's decision on a progress report, with the note (the reason, for a return)."""
    report = selectors.milestone_report_visible_to(request.user, pk)
    form = ReviewNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        decide(report, note)
    except services.PortsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("ports_agreement:milestone_reports")


@staff_required
def milestone_report_accept(request, pk):
    return _decided(
        request,
        pk,
        lambda report, note: services.accept_milestone_report(report, actor=request.user, note=note),
        _("Progress report accepted."),
    )


@staff_required
def milestone_report_return(request, pk):
    return _decided(
        request,
        pk,
        lambda report, note: services.return_milestone_report(report, actor=request.user, reason=note),
        _("Progress report returned to the port."),
    )


@login_required
def milestone_evidence(request, pk):
    report = selectors.milestone_report_visible_to(request.user, pk)
    return FileResponse(report.evidence.open("rb"), content_type=report.evidence_type, filename=report.evidence_name)
