"""Applicant pages. Each view finds the application among those of the signed-in person's organizations (404
otherwise), checks what their role there allows, then calls a service; rule and workflow messages come back as
form or page errors, in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from accounts.selectors import memberships_of, organizations_acted_for
from accounts.services import own_organization, profile_of
from conversations import selectors as conversation_selectors
from funding import selectors as funding_selectors
from programs import labels
from programs.announcements import announcement
from programs.models import Program
from programs.rules import screening
from programs.rules.fields import InputError

from . import display, eligibility, fleet, selectors, services
from .forms import (
    AttachmentAForm,
    AttachmentUploadForm,
    CertificationForm,
    FleetUploadForm,
    ReasonForm,
    ReplacementForm,
    StartForm,
)
from .models import Attachment, BlankForm, DeficientItem, Status


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


def _acting(request, pk):
    """The application, for a member who acts for the applicant (owner or staff): the first and final steps."""
    application = _own(request, pk)
    membership = selectors.membership_for(request.user, application)
    if not membership.acts_for_applicant:
        raise PermissionDenied(
            _("Only the organization's owners and staff can do this; a consultant prepares the application.")
        )
    return application


def _apply_errors(form, error: InputError) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)


def _page(request, template: str, context: dict, status: int = 200):
    application = context.get("application")
    if application is not None:
        membership = selectors.membership_for(request.user, application)
        context.setdefault("acts_for_applicant", membership is not None and membership.acts_for_applicant)
        context.setdefault("noun", labels.noun(application.rule_set))
        context.setdefault("noun_plural", labels.noun_plural(application.rule_set))
    return render(request, template, context, status=status)


def _may_start(user) -> bool:
    """Owners and staff start applications, and so does an applicant with no organization yet (one is made)."""
    if not user.is_authenticated or not has_role(user, Role.APPLICANT):
        return False
    return organizations_acted_for(user).exists() or not memberships_of(user).exists()


def home(request):
    """The announcements with the money each has left: sums of the fund ledger, in two queries."""
    return render(
        request,
        "programs/home.html",
        {"programs": funding_selectors.programs_with_balances(), "may_start": _may_start(request.user)},
    )


def program(request, code):
    """One announcement: who may apply, what is funded, caps, deadlines, documents, contact and its text, with what
    the current issue (a re-issue) changes from the original announcement, and the money it has left."""
    program = get_object_or_404(Program, code=code)
    program.has_funds = bool(funding_selectors.balances_by_fund(program))
    program.balance = funding_selectors.balance_of_program(program)
    rule_set = program.rule_set
    page = announcement(code)
    blank_forms = {form.slot: form for form in program.blank_forms.all()}
    documents = [(labels.slot_label(slot), slot, blank_forms.get(slot.key)) for slot in rule_set.attachments]
    drafts = selectors.drafts_for_program(request.user, program) if request.user.is_authenticated else []
    current_round = program.current_round
    return render(
        request,
        "programs/program.html",
        {
            "program": program,
            "rule_set": rule_set,
            "page": page,
            "text": page.text(code) if page else "",
            "documents": documents,
            "noun": labels.noun(rule_set),
            "drafts": drafts,
            "may_start": _may_start(request.user),
            "current_round": current_round,
            "round_changes": labels.round_changes(current_round),
            "has_check": screening.screening_for(rule_set.code) is not None,
            "checked_answers": bool(eligibility.saved_answers(request.session, program.code)),
        },
    )


def blank_form(request, code, slot):
    """The district's blank business form, public like the announcement that names it."""
    form = get_object_or_404(BlankForm, program__code=code, slot=slot)
    return FileResponse(form.file.open("rb"), as_attachment=True, filename=form.file.name.rsplit("/", 1)[-1])


@applicant_required
def my_applications(request):
    page = Paginator(selectors.applications_of(request.user).order_by("-created_at"), 50).get_page(
        request.GET.get("page")
    )
    rows = [(application, display.award_summary(application)) for application in page]
    return render(
        request,
        "applications/list.html",
        {"rows": rows, "page": page, "email_verified": profile_of(request.user).email_verified},
    )


@applicant_required
@require_POST
def start(request, code):
    """Start an application; if the organization already has a draft for this program, ask first."""
    program = get_object_or_404(Program, code=code)
    organizations = organizations_acted_for(request.user)
    if not organizations.exists():
        if memberships_of(request.user).exists():  # a consultant only
            raise PermissionDenied(_("Only the organization's owners and staff start its applications."))
        own_organization(request.user)  # an account from before organizations: it owns one of its own
    form = StartForm(request.POST, organizations=organizations)
    drafts = selectors.drafts_for_program(request.user, program)
    confirmed = "confirm" in request.POST
    if not confirmed and (drafts.exists() or organizations.count() > 1):
        if organizations.count() == 1:
            form = StartForm(organizations=organizations, initial={"organization": organizations.first()})
        return render(
            request,
            "applications/start.html",
            {"program": program, "form": form, "drafts": drafts, "several": organizations.count() > 1},
        )
    organization = form.cleaned_data["organization"] if form.is_valid() else organizations.first()
    try:
        application = services.start_application(
            applicant=request.user,
            program=program,
            organization=organization,
            answers=eligibility.saved_answers(request.session, program.code),
        )
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("program", code=program.code)
    eligibility.forget_answers(request.session, program.code)
    messages.success(
        request,
        _("Application %(reference)s started. Save as you go; nothing is sent until you submit.")
        % {"reference": application.reference},
    )
    return redirect("applications:details", pk=application.pk)


@applicant_required
def detail(request, pk):
    """The status page: where the application stands, each project's result, the history."""
    return _detail(request, _own(request, pk))


def _deficiency_forms(application, bound: dict) -> list:
    """Each open deficient item with its form: a new file, or the answer to correct (``bound``: the one just sent
    back with its errors, what was typed kept)."""
    rows = []
    for row in selectors.deficiency_rows(application, open_only=True):
        item = row.item
        if item.pk in bound:
            form = bound[item.pk]
        elif item.kind == DeficientItem.Kind.ATTACHMENT:
            form = ReplacementForm(action=reverse("applications:deficiency_file", args=[application.pk, item.pk]))
        else:
            form = _answer_form(application, item)
        rows.append((row, form))
    return rows


def _answer_form(application, item, data=None):
    rule_set = application.rule_set
    specs = tuple(
        spec
        for spec in (rule_set.project_fields if item.project else rule_set.application_fields)
        if spec.name == item.key
    )
    current = item.new_value if item.changed_at else item.old_value
    form = AttachmentAForm(
        data,
        specs=specs,
        prefix=f"item-{item.pk}",
        initial={item.key: current} if current not in (None, "") else {},
        submit_label=_("Save the corrected answer"),
    )
    form.helper.form_action = reverse("applications:deficiency_answer", args=[application.pk, item.pk])
    return form


def _detail(request, application, bound: dict | None = None, status: int = 200):
    projects = list(application.projects.prefetch_related("outcomes"))
    rule_set = application.rule_set
    respond_form = ReasonForm(label=_("Your response"), required=True, submit_label=_("Send response"))
    respond_form.helper.form_action = reverse("applications:respond", args=[application.pk])
    return _page(
        request,
        "applications/detail.html",
        {
            "application": application,
            "results": [
                (
                    project,
                    display.failures(rule_set, project.outcomes.all()),
                    display.notes(project),
                    labels.path_label(rule_set, project.path),
                )
                for project in projects
            ],
            "award_caption": display.award_caption(application),
            "decisions": application.decisions.exclude(action="re_evaluate").select_related("actor"),
            "problems": selectors.submission_problems(application) if application.status == Status.DRAFT else [],
            "respond_form": respond_form,
            "response_period": display.period_in_words(application.deficiency_response),
            "deficiencies": _deficiency_forms(application, bound or {})
            if application.status == Status.INFO_REQUESTED
            else [],
            "step": "status",
            "conversation": conversation_selectors.panel(request.user, "application", application),
        },
        status=status,
    )


def _open_deficiency(application, item_pk: int, kind: str):
    item = application.deficient_items.filter(pk=item_pk, kind=kind, answered_at__isnull=True).first()
    if item is None:
        raise Http404(_("That item is not part of the request you are answering."))
    return item


@applicant_required
@require_POST
def deficiency_file(request, pk, item_pk):
    """Replace a document staff marked deficient (any member of the organization, like every upload)."""
    application = _own(request, pk)
    item = _open_deficiency(application, item_pk, DeficientItem.Kind.ATTACHMENT)
    form = ReplacementForm(request.POST, request.FILES, action=request.path)
    if form.is_valid():
        try:
            services.replace_deficient_file(
                application, item.pk, upload=form.cleaned_data["file"], uploaded_by=request.user
            )
        except services.WorkflowError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("File replaced; the previous one is kept in the history."))
            return redirect(reverse("applications:detail", args=[application.pk]) + "#deficiencies")
    return _detail(request, application, {item.pk: form}, status=400)


@applicant_required
@require_POST
def deficiency_answer(request, pk, item_pk):
    """Correct an answer staff marked deficient; what was typed is kept when it is refused."""
    application = _own(request, pk)
    item = _open_deficiency(application, item_pk, DeficientItem.Kind.ANSWER)
    form = _answer_form(application, item, request.POST)
    if form.is_valid():
        try:
            services.correct_deficient_answer(application, item.pk, form.raw_values().get(item.key, ""))
        except InputError as error:
            _apply_errors(form, error)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Answer corrected."))
            return redirect(reverse("applications:detail", args=[application.pk]) + "#deficiencies")
    return _detail(request, application, {item.pk: form}, status=400)


@applicant_required
def answers(request, pk):
    """Every answer and attachment as submitted (or as drafted so far), read-only and printable."""
    application = _own(request, pk)
    return _page(request, "applications/answers.html", {**_answers_context(application), "step": "answers"})


def _answers_context(application) -> dict:
    rule_set = application.rule_set

    def answered(specs, data):
        rows = [
            (labels.field_label(spec), labels.answer_in_words(spec, data.get(spec.name)), spec.group) for spec in specs
        ]
        groups: dict[str, list] = {}
        for label, value, group in rows:
            groups.setdefault(labels.group_label(group), []).append((label, value))
        return list(groups.items())

    checklist = selectors.attachment_checklist(application)
    return {
        "application": application,
        "details": answered(rule_set.application_fields, application.details),
        "projects": [
            (
                project,
                answered(rule_set.project_fields, project.data),
                [need for need in checklist if need.project == project],
            )
            for project in application.projects.all()
        ],
        "application_files": [need for need in checklist if need.project is None],
        "noun": labels.noun(rule_set),
    }


@applicant_required
def receipt(request, pk):
    """The submission receipt as a PDF (WeasyPrint): what was submitted, when, and by whom."""
    from weasyprint import HTML

    application = _own(request, pk)
    if application.submitted_at is None:
        raise Http404(_("A receipt exists once the application is submitted."))
    html = render_to_string(
        "applications/receipt_pdf.html",
        {**_answers_context(application), "printed_at": timezone.now()},
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.reference}-receipt.pdf"'
    return response


def _editable_or_redirect(request, application):
    if application.is_editable:
        return None
    messages.error(request, _("Once submitted, applications cannot be altered."))
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
            messages.success(request, _("Applicant and fleet information saved."))
            return redirect("applications:projects", pk=application.pk)
    return _page(
        request,
        "applications/step_form.html",
        {
            "application": application,
            "form": form,
            "step": "details",
            "heading": _("Applicant and fleet"),
        },
        status=400 if request.method == "POST" else 200,
    )


@applicant_required
def projects(request, pk):
    application = _own(request, pk)
    return _page(
        request,
        "applications/projects.html",
        {
            "application": application,
            "projects": application.projects.all(),
            "step": "projects",
        },
    )


@applicant_required
def edit_project(request, pk, project_pk=None):
    application = _own(request, pk)
    if (blocked := _editable_or_redirect(request, application)) is not None:
        return blocked
    project = get_object_or_404(application.projects, pk=project_pk) if project_pk else None
    specs = application.rule_set.project_fields
    noun = labels.noun(application.rule_set)
    form = AttachmentAForm(
        request.POST or None,
        specs=specs,
        initial=project.data if project else None,
        submit_label=_("Save %(noun)s") % {"noun": noun},
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.save_project(application, form.raw_values(), project)
        except InputError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("%(noun)s %(position)s saved.") % {"noun": noun.capitalize(), "position": project.position}
            )
            return redirect("applications:projects", pk=application.pk)
    heading = (
        _("%(noun)s %(position)s") % {"noun": noun.capitalize(), "position": project.position}
        if project
        else _("New %(noun)s") % {"noun": noun}
    )
    return _page(
        request,
        "applications/step_form.html",
        {
            "application": application,
            "form": form,
            "step": "projects",
            "heading": heading,
        },
        status=400 if request.method == "POST" else 200,
    )


@applicant_required
def upload_fleet(request, pk):
    """A spreadsheet of vehicles or equipment: valid rows become projects, the others are listed by row and column."""
    application = _own(request, pk)
    if (blocked := _editable_or_redirect(request, application)) is not None:
        return blocked
    form = FleetUploadForm(request.POST or None, request.FILES or None)
    context = {"application": application, "form": form, "step": "projects"}
    if request.method == "POST" and form.is_valid():
        sheet = fleet.read(application.rule_set, form.cleaned_data["file"])
        try:
            created = services.add_projects(application, [data for _, data in sheet.rows])
        except (services.WorkflowError, InputError) as error:
            messages.error(request, str(error))
            return redirect("applications:projects", pk=application.pk)
        noun_plural = labels.noun_plural(application.rule_set)
        if created:
            messages.success(
                request,
                _("%(count)s %(noun)s added from the spreadsheet.") % {"count": len(created), "noun": noun_plural},
            )
        if not sheet.errors:
            return redirect("applications:projects", pk=application.pk)
        context.update(sheet=sheet, created=len(created), failed_rows=sorted({error.row for error in sheet.errors}))
    return _page(request, "applications/fleet_upload.html", context, status=400 if request.method == "POST" else 200)


def fleet_template(request, code):
    """The program's spreadsheet template (CSV), public like the announcement."""
    program = get_object_or_404(Program, code=code)
    response = HttpResponse(fleet.template(program.rule_set), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{program.code}-fleet-template.csv"'
    return response


def fleet_template_xlsx(request, code):
    """The program's spreadsheet template as an Excel workbook, public like the CSV one."""
    program = get_object_or_404(Program, code=code)
    response = HttpResponse(fleet.xlsx_template(program.rule_set), content_type=fleet.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{program.code}-fleet-template.xlsx"'
    return response


@applicant_required
@require_POST
def delete_project(request, pk, project_pk):
    application = _own(request, pk)
    project = get_object_or_404(application.projects, pk=project_pk)
    try:
        services.delete_project(project)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(noun)s %(position)s removed.")
            % {"noun": labels.noun(application.rule_set).capitalize(), "position": project.position},
        )
    return redirect("applications:projects", pk=application.pk)


@applicant_required
def attachments(request, pk):
    """The checklist and the upload form side by side; the next missing document is preselected."""
    application = _own(request, pk)
    needs = selectors.attachment_checklist(application)
    noun = labels.noun(application.rule_set)
    missing = [need for need in needs if need.missing]
    chosen = request.GET.get("slot") or (missing[0].key if missing else None)
    form = AttachmentUploadForm(
        request.POST or None, request.FILES or None, needs=needs, noun=noun, initial={"slot": chosen}
    )
    if request.method == "POST":
        if (blocked := _editable_or_redirect(request, application)) is not None:
            return blocked
        if form.is_valid():
            need = form.cleaned_data["slot"]
            uploads = form.cleaned_data["files"]
            try:
                with transaction.atomic():
                    for upload in uploads:
                        services.add_attachment(
                            application,
                            slot=need.slot.key,
                            upload=upload,
                            uploaded_by=request.user,
                            project=need.project,
                        )
            except services.WorkflowError as error:
                form.add_error("slot", str(error))
            else:
                messages.success(
                    request, _("Uploaded: %(names)s.") % {"names": ", ".join(upload.name for upload in uploads)}
                )
                return redirect(reverse("applications:attachments", args=[application.pk]) + "#upload")
    blank_forms = {form.slot for form in application.program.blank_forms.all()}
    return _page(
        request,
        "applications/attachments.html",
        {
            "application": application,
            "form": form,
            "needs": needs,
            "step": "attachments",
            "next_key": form["slot"].value(),
            "missing_count": len(missing),
            "blank_forms": blank_forms,
            "on_file": selectors.documents_on_file(application) if application.is_editable else {},
        },
        status=400 if request.method == "POST" else 200,
    )


@applicant_required
@require_POST
def reuse_attachment(request, pk, attachment_pk):
    """Attach a document already on file for the organization (another of its applications) to this one."""
    application = _own(request, pk)
    source = get_object_or_404(
        Attachment.objects.select_related("application"),
        pk=attachment_pk,
        application__in=selectors.applications_of(request.user).filter(organization_id=application.organization_id),
    )
    try:
        services.reuse_attachment(application, source, uploaded_by=request.user)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s, on file from %(reference)s, is attached.")
            % {"name": source.original_name, "reference": source.application.reference},
        )
    return redirect(reverse("applications:attachments", args=[application.pk]) + "#upload")


@applicant_required
@require_POST
def delete_attachment(request, pk, attachment_pk):
    application = _own(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    try:
        services.delete_attachment(attachment)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s removed.") % {"name": attachment.original_name})
    return redirect("applications:attachments", pk=application.pk)


@login_required
def download_attachment(request, pk, attachment_pk):
    """The organization's own files, or a submitted application's files for staff who may view attachments."""
    visible = (
        selectors.applications_visible_to(request.user)
        if request.user.has_perm("applications.view_attachment")
        else selectors.applications_of(request.user)
    )
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application__in=visible.filter(pk=pk))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@applicant_required
def review(request, pk):
    """Check before you submit: the program's rules run on the draft, then the applicant signs and submits."""
    application = _own(request, pk)
    if (blocked := _editable_or_redirect(request, application)) is not None:
        return blocked
    if application.status != Status.DRAFT:
        return redirect("applications:detail", pk=application.pk)
    membership = selectors.membership_for(request.user, application)
    email_verified = profile_of(request.user).email_verified
    form = CertificationForm(
        request.POST or None,
        initial={
            "name": application.certified_name or request.user.get_full_name(),
            "title": application.certified_title,
        },
    )
    problems = selectors.submission_problems(application, before_signing=True)
    if request.method == "POST":
        if not membership.acts_for_applicant:
            raise PermissionDenied(_("Only the organization's owners and staff can sign and submit."))
        if not email_verified:
            form.add_error(None, _("Confirm your e-mail address before you submit."))
        elif form.is_valid():
            if problems:
                form.add_error(None, _("Fix the items listed above before submitting."))
            else:
                try:
                    services.certify(application, name=form.cleaned_data["name"], title=form.cleaned_data["title"])
                    services.submit(application, request.user)
                except services.WorkflowError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("Application %(reference)s submitted. Staff will review it; you can follow its status here.")
                        % {"reference": application.reference},
                    )
                    return redirect("applications:detail", pk=application.pk)
    rule_set = application.rule_set
    checks = services.check_before_submit(application)
    evaluated = [check.evaluation for check in checks if check.evaluation is not None]
    return _page(
        request,
        "applications/review.html",
        {
            "application": application,
            "form": form,
            "problems": problems,
            "step": "review",
            "checks": [
                (
                    check,
                    display.failures(rule_set, check.evaluation.results),
                    labels.path_label(rule_set, check.evaluation.path),
                )
                if check.evaluation
                else (check, [], "")
                for check in checks
            ],
            "application_missing": selectors.missing_fields(rule_set.application_fields, application.details),
            "estimated_total": sum((evaluation.award for evaluation in evaluated), Decimal("0.00")),
            "all_checked": bool(checks) and len(evaluated) == len(checks),
            "likely_eligible": [evaluation for evaluation in evaluated if evaluation.eligible],
            "email_verified": email_verified,
        },
        status=400 if request.method == "POST" else 200,
    )


@applicant_required
def withdraw(request, pk):
    """Ask for confirmation (GET), then withdraw (POST)."""
    application = _acting(request, pk)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label=_("Reason for withdrawing (optional)"),
        submit_label=_("Yes, withdraw this application"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(application, request.user, form.cleaned_data.get("reason", ""))
        except services.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Application %(reference)s withdrawn.") % {"reference": application.reference})
        return redirect("applications:detail", pk=application.pk)
    return _page(
        request,
        "applications/confirm.html",
        {
            "application": application,
            "form": form,
            "heading": _("Withdraw %(reference)s?") % {"reference": application.reference},
            "warning": _("A withdrawn application cannot be submitted again; you would have to start a new one."),
        },
    )


@applicant_required
def delete_draft(request, pk):
    """Ask for confirmation (GET), then delete the draft and its files (POST)."""
    application = _acting(request, pk)
    if application.status != Status.DRAFT:
        messages.error(request, _("Only drafts can be deleted; a submitted application can be withdrawn."))
        return redirect("applications:detail", pk=application.pk)
    form = ReasonForm(request.POST or None, submit_label=_("Yes, delete this draft"))
    form.fields.pop("reason")
    if request.method == "POST":
        reference = application.reference
        try:
            services.delete_draft(application)
        except services.WorkflowError as error:
            messages.error(request, str(error))
            return redirect("applications:detail", pk=pk)
        messages.success(request, _("Draft %(reference)s deleted.") % {"reference": reference})
        return redirect("applications:list")
    return _page(
        request,
        "applications/confirm.html",
        {
            "application": application,
            "form": form,
            "heading": _("Delete draft %(reference)s?") % {"reference": application.reference},
            "warning": _("Its answers and uploaded files are deleted for good."),
        },
    )


@applicant_required
@require_POST
def respond(request, pk):
    application = _acting(request, pk)
    form = ReasonForm(request.POST, required=True)
    if not form.is_valid():
        messages.error(request, _("Describe what you changed or attached in your response."))
        return redirect("applications:detail", pk=application.pk)
    try:
        services.respond_to_request(application, request.user, form.cleaned_data["reason"])
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Response sent; your application is back with staff."))
    return redirect("applications:detail", pk=application.pk)
