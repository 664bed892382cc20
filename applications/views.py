"""Applicant pages. Each view finds the application among the signed-in applicant's own (404
otherwise), then calls a service; rule and workflow messages come back as form or page errors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from funding import selectors as funding_selectors
from programs.models import Program
from programs.rules.fields import InputError

from . import selectors, services
from .forms import AttachmentAForm, AttachmentUploadForm, CertificationForm, ReasonForm
from .models import Attachment, Status


def applicant_required(view):
    """Signed in and in the Applicants group; others get a 404 rather than a hint."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not has_role(request.user, Role.APPLICANT):
            raise Http404("Only applicants have applications.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _own(request, pk):
    return get_object_or_404(selectors.applications_of(request.user), pk=pk)


def _apply_errors(form, error: InputError) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


def home(request):
    """The announcements with the money each has left: sums of the fund ledger, in two queries."""
    return render(request, "programs/home.html", {"programs": funding_selectors.programs_with_balances()})


@applicant_required
def my_applications(request):
    page = Paginator(selectors.applications_of(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "applications/list.html", {"applications": page, "page": page})


@applicant_required
@require_POST
def start(request, code):
    program = get_object_or_404(Program, code=code)
    try:
        application = services.start_application(applicant=request.user, program=program)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("home")
    messages.success(request, f"Application {application.reference} started. Save as you go; nothing is sent "
                              "until you submit.")
    return redirect("applications:details", pk=application.pk)


@applicant_required
def detail(request, pk):
    application = _own(request, pk)
    projects = application.projects.prefetch_related("outcomes")
    respond_form = ReasonForm(label="Your response", required=True, submit_label="Send response")
    respond_form.helper.form_action = reverse("applications:respond", args=[application.pk])
    return render(request, "applications/detail.html", {
        "application": application,
        "projects": projects,
        "decisions": application.decisions.exclude(action="re_evaluate").select_related("actor"),
        "problems": selectors.submission_problems(application) if application.status == Status.DRAFT else [],
        "respond_form": respond_form,
        "withdraw_form": ReasonForm(label="Reason for withdrawing (optional)", submit_label="Withdraw"),
    })


def _editable_or_redirect(request, application):
    if application.is_editable:
        return None
    messages.error(request, "Once submitted, applications cannot be altered.")
    return redirect("applications:detail", pk=application.pk)


@applicant_required
def edit_details(request, pk):
    application = _own(request, pk)
    if (blocked := _editable_or_redirect(request, application)) is not None:
        return blocked
    specs = application.rule_set.application_fields
    form = AttachmentAForm(request.POST or None, specs=specs, initial=application.details)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_details(application, form.raw_values())
        except InputError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Applicant and fleet information saved.")
            return redirect("applications:projects", pk=application.pk)
    return render(request, "applications/step_form.html", {
        "application": application, "form": form, "step": "details", "heading": "Applicant and fleet",
    })


@applicant_required
def projects(request, pk):
    application = _own(request, pk)
    return render(request, "applications/projects.html", {
        "application": application, "projects": application.projects.all(), "step": "projects",
    })


@applicant_required
def edit_project(request, pk, project_pk=None):
    application = _own(request, pk)
    if (blocked := _editable_or_redirect(request, application)) is not None:
        return blocked
    project = get_object_or_404(application.projects, pk=project_pk) if project_pk else None
    specs = application.rule_set.project_fields
    form = AttachmentAForm(request.POST or None, specs=specs, initial=project.data if project else None,
                           submit_label=f"Save {application.rule_set.project_noun}")
    if request.method == "POST" and form.is_valid():
        try:
            project = services.save_project(application, form.raw_values(), project)
        except InputError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{application.rule_set.project_noun.capitalize()} {project.position} saved.")
            return redirect("applications:projects", pk=application.pk)
    noun = application.rule_set.project_noun
    return render(request, "applications/step_form.html", {
        "application": application, "form": form, "step": "projects",
        "heading": f"{noun.capitalize()} {project.position}" if project else f"New {noun}",
    })


@applicant_required
@require_POST
def delete_project(request, pk, project_pk):
    application = _own(request, pk)
    project = get_object_or_404(application.projects, pk=project_pk)
    try:
        services.delete_project(project)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("applications:projects", pk=application.pk)


@applicant_required
def attachments(request, pk):
    application = _own(request, pk)
    slots = application.rule_set.attachments
    form = AttachmentUploadForm(request.POST or None, request.FILES or None, slots=slots)
    if request.method == "POST":
        if (blocked := _editable_or_redirect(request, application)) is not None:
            return blocked
        if form.is_valid():
            try:
                services.add_attachment(application, slot=form.cleaned_data["slot"],
                                        upload=form.cleaned_data["file"], uploaded_by=request.user)
            except services.WorkflowError as error:
                form.add_error("slot", str(error))
            else:
                messages.success(request, f"{form.cleaned_data['file'].name} uploaded.")
                return redirect("applications:attachments", pk=application.pk)
    uploaded = {}
    for attachment in application.attachments.all():
        uploaded.setdefault(attachment.slot, []).append(attachment)
    checklist = [(slot, uploaded.get(slot.key, [])) for slot in slots]
    status = 400 if request.method == "POST" else 200
    return render(request, "applications/attachments.html", {
        "application": application, "form": form, "checklist": checklist, "step": "attachments",
    }, status=status)


@applicant_required
@require_POST
def delete_attachment(request, pk, attachment_pk):
    application = _own(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    try:
        services.delete_attachment(attachment)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("applications:attachments", pk=application.pk)


@login_required
def download_attachment(request, pk, attachment_pk):
    """The applicant's own files, or a submitted application's files for staff who may view attachments."""
    visible = (selectors.applications_visible_to(request.user) if request.user.has_perm("applications.view_attachment")
               else selectors.applications_of(request.user))
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application__in=visible.filter(pk=pk))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@applicant_required
def review(request, pk):
    application = _own(request, pk)
    if (blocked := _editable_or_redirect(request, application)) is not None:
        return blocked
    if application.status != Status.DRAFT:
        return redirect("applications:detail", pk=application.pk)
    form = CertificationForm(request.POST or None, initial={
        "name": application.certified_name, "title": application.certified_title})
    problems = [problem for problem in selectors.submission_problems(application)
                if problem != "Sign the certification"]
    if request.method == "POST" and form.is_valid():
        if problems:
            form.add_error(None, "Fix the items listed above before submitting.")
        else:
            try:
                services.certify(application, name=form.cleaned_data["name"], title=form.cleaned_data["title"])
                services.submit(application, request.user)
            except services.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Application {application.reference} submitted. Staff will review it; "
                                          "you can follow its status here.")
                return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/review.html", {
        "application": application, "form": form, "problems": problems, "step": "review",
        "projects": application.projects.all(),
    }, status=400 if request.method == "POST" else 200)


@applicant_required
@require_POST
def withdraw(request, pk):
    application = _own(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.withdraw(application, request.user, form.cleaned_data.get("reason", ""))
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Application {application.reference} withdrawn.")
    return redirect("applications:detail", pk=application.pk)


@applicant_required
@require_POST
def respond(request, pk):
    application = _own(request, pk)
    form = ReasonForm(request.POST, required=True)
    if not form.is_valid():
        messages.error(request, "Describe what you changed or attached in your response.")
        return redirect("applications:detail", pk=application.pk)
    try:
        services.respond_to_request(application, request.user, form.cleaned_data["reason"])
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Response sent; your application is back with staff.")
    return redirect("applications:detail", pk=application.pk)
