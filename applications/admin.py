"""Staff review in the Django admin: filter, open, see rule results, and decide.

Decisions (mark complete, request information, approve, reject) are buttons on the change page
that lead to a small form and call ``applications.services``; the admin never edits status directly.
"""

import functools
from decimal import Decimal, InvalidOperation

from csp.decorators import csp_replace
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django_fsm import can_proceed

from accounts.models import Organization
from accounts.roles import Role
from conversations import selectors as conversation_selectors
from core.admin import AuditedHistoryAdmin
from core.money import usd as money
from core.pagination import CappedCountPaginator
from programs import labels
from programs.rules.fields import InputError

from . import exports, review, selectors, services
from . import staff as staff_services
from .models import (
    OPEN_FOR_REVIEW,
    Application,
    Attachment,
    BlankForm,
    CriterionScore,
    Decision,
    Project,
    RuleOutcome,
    SavedFilter,
    Status,
)

DECISIONS = {
    # action -> (button label, reason label, reason required)
    "mark_complete": ("Mark complete", "Note (optional)", False),
    "request_information": ("Request missing information", "What is missing", True),
    "approve": ("Approve", "Note (optional)", False),
    "reject": ("Reject", "Reason for rejection", True),
}


def definition_list(pairs):
    """Label/value pairs as a compact two-column list."""
    return format_html(
        '<dl style="display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0">{}</dl>',
        format_html_join("", '<dt style="font-weight:600">{}</dt><dd style="margin:0">{}</dd>', pairs),
    )


def answer_list(fields, answers):
    """Attachment A answers in the program's field order."""
    return definition_list((spec.label, answers.get(spec.name, "—")) for spec in fields)


class ResponseOverdueFilter(admin.SimpleListFilter):
    """Applications whose answer to a request for information is past its due date."""

    title = "response to request"
    parameter_name = "response"

    def lookups(self, request, model_admin):
        return (("overdue", "Overdue"), ("awaiting", "Awaiting, not yet due"))

    def queryset(self, request, queryset):
        today = timezone.localdate()
        awaiting = queryset.filter(status=Status.INFO_REQUESTED)
        if self.value() == "overdue":
            return awaiting.filter(deficiency_response_due__lt=today)
        if self.value() == "awaiting":
            return awaiting.filter(deficiency_response_due__gte=today)
        return queryset


class DecisionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 80}))


class DeficiencyForm(DecisionForm):
    """A request for information as a checklist (issue 21): tick each deficient document or answer and say why;
    the message is then optional."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["reason"].required = False
        self.fields["reason"].label = "Message to the applicant"
        for index, choice in enumerate(choices):
            self.fields[f"item_{index}"] = forms.BooleanField(required=False, label=choice.label)
            self.fields[f"why_{index}"] = forms.CharField(
                required=False, label=f"Why {choice.label} is deficient", widget=forms.TextInput(attrs={"size": 60})
            )

    def rows(self):
        return [(self[f"item_{index}"], self[f"why_{index}"]) for index in range(len(self.choices))]

    def clean(self):
        cleaned = super().clean()
        for index, choice in enumerate(self.choices):
            if cleaned.get(f"item_{index}") and not cleaned.get(f"why_{index}", "").strip():
                self.add_error(f"why_{index}", f"Say why {choice.label} is deficient.")
        if not cleaned.get("reason", "").strip() and not self.deficiencies():
            raise forms.ValidationError("Tick a deficient document or answer, or say what is missing.")
        return cleaned

    def deficiencies(self):
        return [
            services.Deficiency(choice.kind, choice.key, choice.project, self.cleaned_data.get(f"why_{index}", ""))
            for index, choice in enumerate(self.choices)
            if self.cleaned_data.get(f"item_{index}")
        ]


class ProjectInline(admin.StackedInline):
    model = Project
    extra = 0
    can_delete = False
    fields = ("position", "eligible", "award", "path", "rule_results", "figure_list", "answers")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application__program").prefetch_related("outcomes")

    @admin.display(description="Attachment A answers")
    def answers(self, project):
        return answer_list(project.application.rule_set.project_fields, project.data)

    @admin.display(description="Figures")
    def figure_list(self, project):
        return definition_list((name.replace("_", " "), value) for name, value in project.figures.items())

    @admin.display(description="Rule results")
    def rule_results(self, project):
        return format_html(
            "<table><tr><th>Rule</th><th>Result</th><th>Reason</th><th>Source</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td><small>{}</small></td></tr>",
                (
                    (outcome.rule, "pass" if outcome.passed else "FAIL", outcome.reason, outcome.source)
                    for outcome in project.outcomes.all()
                ),
            ),
        )


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("slot", "project", "download", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def get_queryset(self, request):
        # Each row shows its vehicle by name (``Project.__str__``: the application's reference, by its program): read
        # with the rows, not three queries per attachment (issue 25: about 40 more queries per vehicle)
        return super().get_queryset(request).select_related("uploaded_by", "project__application__program")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="File")
    def download(self, attachment):
        url = reverse("applications:attachment_download", args=[attachment.application_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ("at", "actor", "action", "from_status", "to_status", "reason")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False


COUNTIES = ("Los Angeles", "Orange", "Riverside", "San Bernardino")
"""The district's four counties (the filter offers them without scanning every application for distinct values)."""


class CountyFilter(admin.SimpleListFilter):
    title = "county"
    parameter_name = "county"

    def lookups(self, request, model_admin):
        return [(county, county) for county in COUNTIES]

    def queryset(self, request, queryset):
        return queryset.filter(county=self.value()) if self.value() else queryset


class ReviewerFilter(admin.SimpleListFilter):
    """ "Assigned to me", unassigned, or everyone's."""

    title = "reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        return (("me", "Assigned to me"), ("none", "Unassigned"))

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


@admin.register(Application)
class ApplicationAdmin(AuditedHistoryAdmin):
    list_display = (
        "reference_link",
        "organization_name",
        "program_code",
        "status_label",
        "county",
        "submitted",
        "response_due",
        "award",
        "reviewer",
    )
    list_display_links = None
    list_filter = (
        "status",
        "program",
        ReviewerFilter,
        ResponseOverdueFilter,
        CountyFilter,
        ("submitted_at", admin.DateFieldListFilter),
    )
    search_fields = ("id",)  # the search box; get_search_results answers it (selectors.search_applications)
    search_help_text = "Application number, organization, VIN or engine serial, applicant name or e-mail"
    list_select_related = ("program", "organization", "assigned_to")
    list_per_page = 50
    show_full_result_count = False  # "50 results (show all)" without counting every application again
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice would scan every application
    paginator = CappedCountPaginator
    ordering = ("-submitted_at",)
    inlines = [ProjectInline, AttachmentInline, DecisionInline]
    change_form_template = "admin/applications/application/change_form.html"
    change_list_template = "admin/applications/application/change_list.html"
    actions = ["assign_to_me", "mark_complete", "export_csv", "export_xlsx", "rerun_evaluation"]
    history_of_deleted_records = False  # only drafts are ever deleted
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "program",
                    "round",
                    "organization",
                    "applicant",
                    "status",
                    "county",
                    "submitted_at",
                    "evaluation",
                    "award_total",
                    "assigned_to",
                )
            },
        ),
        (
            "Request for information",
            {"fields": ("information_request", "response_due", "information_response")},  # due hidden once answered
        ),
        ("Certification", {"fields": ("certified_name", "certified_title", "certified_at")}),
        ("Applicant and fleet", {"fields": ("application_answers",)}),
    )

    LIST_DEFERRED = (
        "details",
        "information_request",
        "information_response",
        "evaluation_error",
        "search_text",
        "certified_name",
        "certified_title",
    )

    def get_changelist_instance(self, request):
        request._application_list = True  # get_queryset leaves the long text and answers out of the list
        return super().get_changelist_instance(request)

    @staticmethod
    @functools.cache
    def _url_pattern(name: str) -> str:
        """A staff URL with "{}" for the id: one ``reverse`` per list instead of two per row."""
        return reverse(f"admin:applications_application_{name}", args=[987654321]).replace("987654321", "{}")

    def get_search_results(self, request, queryset, search_term):
        return selectors.search_applications(queryset, search_term), False

    @admin.display(description="Application", ordering="pk")
    def reference_link(self, application):
        url = self._url_pattern("review").format(application.pk)
        return format_html('<a href="{}">{}</a>', url, application.reference)

    @admin.display(description="Organization", ordering="organization__name")
    def organization_name(self, application):
        url = self._url_pattern("organization").format(application.organization_id)
        return format_html('<a href="{}">{}</a>', url, Truncator(application.organization.name).chars(34))

    @admin.display(description="Program", ordering="program__code")
    def program_code(self, application):
        return application.program.code

    @admin.display(description="Status", ordering="status")
    def status_label(self, application):
        return application.get_status_display()

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, application):
        return localtime(application.submitted_at).strftime("%b %-d, %Y") if application.submitted_at else "—"

    @admin.display(description="Response due", ordering="deficiency_response_due")
    def response_due(self, application):
        due = application.deficiency_response_due
        return due.strftime("%b %-d, %Y") if due and application.status == Status.INFO_REQUESTED else "—"

    @admin.display(description="Award", ordering="award_total")
    def award(self, application):
        return money(application.award_total) if application.award_total is not None else "—"

    @admin.display(description="Reviewer", ordering="assigned_to__username")
    def reviewer(self, application):
        user = application.assigned_to
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = staff_services.assign(queryset.values_list("pk", flat=True), request.user, request.user)
        messages.success(request, f"{count} application(s) assigned to you.")

    @admin.action(description="Mark complete (recorded as decisions)", permissions=["change"])
    def mark_complete(self, request, queryset):
        done, refused = staff_services.mark_complete_many(queryset.values_list("pk", flat=True), request.user)
        if done:
            messages.success(request, f"{len(done)} application(s) marked complete.")
        for reference, reason in refused:
            messages.warning(request, f"{reference}: {reason}")

    @admin.action(description="Export the selected to CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return exports.csv_response(queryset)

    @admin.action(description="Export the selected to Excel", permissions=["view"])
    def export_xlsx(self, request, queryset):
        return exports.xlsx_response(queryset)

    def get_queryset(self, request):
        """Drafts are the applicant's until submitted: staff and board never see them (the list, the change, review
        and history pages, and the exports all start here)."""
        queryset = selectors.submitted_applications(super().get_queryset(request), user=request.user)
        return queryset.defer(*self.LIST_DEFERRED) if getattr(request, "_application_list", False) else queryset

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Rules evaluated")
    def evaluation(self, application):
        """When the rules ran, or why they could not (then "Re-run evaluation" from the list's actions)."""
        if application.evaluation_failed_at:
            return format_html(
                '<strong style="color:#b02a37">Evaluation failed {}:</strong> {}<br><small>Fix the '
                'answer and choose "Re-run evaluation" in the application list.</small>',
                localtime(application.evaluation_failed_at).strftime("%b %-d, %Y %-I:%M %p"),
                application.evaluation_error,
            )
        if application.evaluated_at:
            return localtime(application.evaluated_at).strftime("%b %-d, %Y %-I:%M %p")
        if application.evaluation_queued_at:
            return "Queued, not yet run"
        return "—"

    @admin.action(description="Re-run evaluation (recorded as a decision)", permissions=["change"])
    def rerun_evaluation(self, request, queryset):
        for application in queryset.select_related("program"):
            try:
                services.re_evaluate(application, request.user, "Re-run from the admin")
            except (services.WorkflowError, InputError) as error:
                messages.error(request, f"{application.reference}: {error}")
            else:
                messages.success(request, f"{application.reference}: evaluated again.")

    @admin.display(description="Answers")
    def application_answers(self, application):
        return answer_list(application.rule_set.application_fields, application.details)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/decide/<str:action>/", view(self.decide_view), name="applications_application_decide"),
            path("<int:pk>/review/", view(self.review_view), name="applications_application_review"),
            path("<int:pk>/rubric/<int:project_pk>/", view(self.rubric_view), name="applications_application_rubric"),
            path("<int:pk>/note/", view(self.note_view), name="applications_application_note"),
            path(
                "<int:pk>/factors/<int:project_pk>/",
                view(self.factors_view),
                name="applications_application_factors",
            ),
            path("<int:pk>/assign/", view(self.assign_view), name="applications_application_assign"),
            path(
                "<int:pk>/attachments/<int:attachment_pk>/preview/",
                view(self.preview_view),
                name="applications_application_preview",
            ),
            path(
                "organization/<int:organization_pk>/",
                view(self.organization_view),
                name="applications_application_organization",
            ),
            path("export/<str:kind>/", view(self.export_view), name="applications_application_export"),
            path("filters/save/", view(self.save_filter_view), name="applications_application_save_filter"),
            path(
                "filters/<int:filter_pk>/delete/",
                view(self.delete_filter_view),
                name="applications_application_delete_filter",
            ),
            *super().get_urls(),
        ]

    def _may_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def _may_change(self, request):
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied

    def review_view(self, request, pk):
        """One page a reviewer reads top to bottom (templates/admin/applications/application/review.html)."""
        self._may_view(request)
        try:
            application = review.application_for_review(self.get_queryset(request), pk)
        except Application.DoesNotExist:
            raise Http404("No such application.") from None
        decisions, refusal = review.decisions_allowed(application)
        reviewers = (
            get_user_model().objects.filter(groups__name=Role.STAFF.value, is_active=True).order_by("username")
            if self.has_change_permission(request)
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "application": application,
            "title": f"{application.reference}: {application.organization.name}",
            "cards": review.project_cards(application),
            "checklist": review.checklist(application),
            "deficiencies": selectors.deficiency_rows(application),
            "history": review.history(application),
            "decisions": decisions,
            "refusal": refusal,
            "can_decide": self.has_change_permission(request),
            "reviewers": reviewers,
            "rule_set": application.rule_set,
            "answers": [
                (labels.field_label(spec), labels.answer_in_words(spec, application.details.get(spec.name)))
                for spec in application.rule_set.application_fields
                if application.details.get(spec.name) not in (None, "")
            ],
            "under_review": application.status in OPEN_FOR_REVIEW,
            "conversation": conversation_selectors.panel(request.user, "application", application),
        }
        return TemplateResponse(request, "admin/applications/application/review.html", context)

    def rubric_view(self, request, pk, project_pk):
        """Save a project's rubric (one row per criterion) and run the rules again, recorded as a decision."""
        self._may_change(request)
        project = get_object_or_404(
            Project.objects.select_related("application__program"),
            pk=project_pk,
            application__in=self.get_queryset(request).filter(pk=pk),
        )
        scores, notes, errors = {}, {}, []
        for criterion in project.application.rule_set.rubric:
            raw = request.POST.get(f"points-{criterion.key}", "").strip()
            notes[criterion.key] = request.POST.get(f"note-{criterion.key}", "")
            if raw == "":
                continue
            try:
                scores[criterion.key] = int(raw)
            except ValueError:
                errors.append(f"{criterion.label}: enter a whole number of points.")
        if not errors:
            try:
                staff_services.score_rubric(project, scores, notes, request.user)
            except InputError as error:
                errors.extend(error.errors.values())
            except services.WorkflowError as error:
                errors.append(str(error))
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, f"{project}: rubric saved and the rules run again.")
        return redirect(reverse("admin:applications_application_review", args=[pk]) + f"#project-{project.pk}")

    def factors_view(self, request, pk, project_pk):
        """Staff override (or withdraw) a PA2022-01 project's emission factors with a reason; the rules run again
        with them (issue 23). Recorded as a new row: who, when, why."""
        self._may_change(request)
        project = get_object_or_404(
            Project.objects.select_related("application__program"),
            pk=project_pk,
            application__in=self.get_queryset(request).filter(pk=pk, program__code="PA2022-01"),
        )
        back = reverse("admin:applications_application_review", args=[pk]) + f"#factors-{project.pk}"
        grams, errors = {}, []
        for who, noun in (("baseline", _("Existing engine")), ("replacement", _("Replacement engine"))):
            for pollutant in ("nox", "rog", "pm10"):
                raw = request.POST.get(f"{who}_{pollutant}", "").strip()
                if raw == "":
                    continue
                try:
                    value = Decimal(raw)
                    if not value.is_finite():
                        raise InvalidOperation
                except InvalidOperation:
                    errors.append(
                        _("{engine} {pollutant}: enter grams per mile, e.g. 2.5.").format(
                            engine=noun, pollutant=pollutant.upper()
                        )
                    )
                    continue
                grams.setdefault(who, {})[pollutant] = value
        withdraw = bool(request.POST.get("withdraw"))
        if not withdraw and "baseline" not in grams and not errors:
            errors.append(_("Give the existing engine's NOx, ROG and PM10 factors, or withdraw the override."))
        if not errors:
            try:
                services.override_emission_factors(
                    project,
                    request.user,
                    reason=request.POST.get("reason", ""),
                    baseline=None if withdraw else grams.get("baseline"),
                    replacement=None if withdraw else grams.get("replacement"),
                )
            except services.WorkflowError as error:
                errors.append(str(error))
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, _("Emission factors recorded; the rules run again with them."))
        return redirect(back)

    def note_view(self, request, pk):
        self._may_change(request)
        application = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            staff_services.add_note(application, request.user, request.POST.get("text", ""))
        except InputError as error:
            messages.error(request, error.errors["text"])
        return redirect(reverse("admin:applications_application_review", args=[pk]) + "#notes")

    def assign_view(self, request, pk):
        self._may_change(request)
        get_object_or_404(self.get_queryset(request), pk=pk)
        chosen = request.POST.get("reviewer", "")
        reviewer = None
        if chosen:
            reviewer = (
                get_user_model()
                .objects.filter(pk=chosen if chosen.isdigit() else None, groups__name=Role.STAFF.value)
                .first()
            )
            if reviewer is None:
                messages.error(request, "Reviewer: choose a staff member.")
                return redirect("admin:applications_application_review", pk)
        if staff_services.assign([pk], reviewer, request.user):
            messages.success(request, "Reviewer saved.")
        else:
            messages.error(request, "A decided application keeps its reviewer.")
        return redirect("admin:applications_application_review", pk)

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_replace({"frame-ancestors": ["'self'"]}))
    def preview_view(self, request, pk, attachment_pk):
        """A PDF or image shown inline on the review page (same origin only); other files download."""
        if not request.user.has_perm("applications.view_attachment"):
            raise PermissionDenied
        attachment = get_object_or_404(
            Attachment, pk=attachment_pk, application__in=self.get_queryset(request).filter(pk=pk)
        )
        inline = attachment.content_type in review.PREVIEWABLE
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=not inline,
            filename=attachment.original_name,
            content_type=attachment.content_type if inline else "application/octet-stream",
        )

    def organization_view(self, request, organization_pk):
        """The organization's applications (every program), with VINs or engine serials seen in other applications."""
        self._may_view(request)
        organization = get_object_or_404(Organization, pk=organization_pk)
        applications = list(
            self.get_queryset(request)
            .filter(organization=organization)
            .select_related("program", "assigned_to")
            .order_by("-submitted_at")
        )
        duplicates = selectors.duplicate_identifiers(applications)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "organization": organization,
            "title": organization.name,
            "rows": [(application, duplicates.get(application.pk, [])) for application in applications],
            "members": organization.memberships.select_related("user").order_by("user__username"),
        }
        return TemplateResponse(request, "admin/applications/application/organization.html", context)

    def changelist_view(self, request, extra_context=None):
        saved = SavedFilter.objects.filter(user=request.user) if self.has_view_permission(request) else []
        return super().changelist_view(
            request, {"title": "Applications", **(extra_context or {}), "saved_filters": saved}
        )

    def save_filter_view(self, request):
        """Staff keep named views of the list for themselves (their own rows only; the board reads, so its POSTs are
        refused by core.middleware.ReadOnlyAdminMiddleware)."""
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        query = request.POST.get("query", "")
        try:
            saved = staff_services.save_filter(request.user, request.POST.get("name", ""), query)
        except InputError as error:
            for message in error.errors.values():
                messages.error(request, message)
            return redirect(reverse("admin:applications_application_changelist") + "?" + query.lstrip("?"))
        messages.success(request, f"Filter \u201c{saved.name}\u201d saved.")
        return redirect(reverse("admin:applications_application_changelist") + "?" + saved.query)

    def delete_filter_view(self, request, filter_pk):
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        get_object_or_404(SavedFilter, pk=filter_pk, user=request.user).delete()
        return redirect("admin:applications_application_changelist")

    def export_view(self, request, kind):
        """The changelist as filtered and searched now, as CSV (streamed) or Excel."""
        self._may_view(request)
        if kind not in ("csv", "xlsx"):
            raise Http404("CSV or Excel only.")
        get = request.GET.copy()
        request.GET = get
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
        return exports.csv_response(queryset) if kind == "csv" else exports.xlsx_response(queryset)

    def available_decisions(self, application):
        return [
            (action, label) for action, (label, _, _) in DECISIONS.items() if can_proceed(getattr(application, action))
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "decisions": self.available_decisions(application) if application else [],
            "can_decide": request.user.has_perm("applications.change_application"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, pk, action):
        if action not in DECISIONS or not request.user.has_perm("applications.change_application"):
            raise PermissionDenied
        application = get_object_or_404(self.get_queryset(request).select_related("program"), pk=pk)
        if action == "approve":  # approved with the facts: amount, funds, balances, binding limit, place (issue 21)
            return redirect("funding:approve_application", application.pk)
        label, reason_label, required = DECISIONS[action]
        if action == "request_information":
            form = DeficiencyForm(request.POST or None, choices=selectors.deficiency_choices(application))
        else:
            form = DecisionForm(request.POST or None)
            form.fields["reason"].label = reason_label
            form.fields["reason"].required = required
        if request.method == "POST" and form.is_valid():
            extra = {"items": form.deficiencies()} if action == "request_information" else {}
            try:
                getattr(services, action)(application, request.user, form.cleaned_data["reason"], **extra)
            except services.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{application.reference}: {label.lower()} recorded.")
                return redirect("admin:applications_application_review", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "application": application,
            "form": form,
            "label": label,
            "title": f"{label}: {application.reference}",
            "due_period": application.deficiency_response if action == "request_information" else None,
        }
        return TemplateResponse(request, "admin/applications/application/decide.html", context)


class CriterionScoreForm(forms.ModelForm):
    """One rubric criterion of the program, scored from 0 to its maximum, with a note."""

    rubric: tuple = ()

    class Meta:
        model = CriterionScore
        fields = ("criterion", "points", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"] = forms.ChoiceField(
            choices=[(criterion.key, f"{criterion.label} (max {criterion.max_points})") for criterion in self.rubric]
        )

    def clean(self):
        cleaned = super().clean()
        maximum = {criterion.key: criterion.max_points for criterion in self.rubric}.get(cleaned.get("criterion"))
        if maximum is not None and cleaned.get("points") is not None and cleaned["points"] > maximum:
            self.add_error("points", f"At most {maximum} points for this criterion.")
        return cleaned


class CriterionScoreFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if self.has_changed() and self.instance.application.status not in OPEN_FOR_REVIEW:
            raise forms.ValidationError("A decided application keeps the scores it was decided on.")
        scores = {
            form.cleaned_data["criterion"]: form.cleaned_data["points"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        try:
            services.check_scores(self.instance, scores)
        except InputError as error:
            raise forms.ValidationError(list(error.errors.values())) from None


class CriterionScoreInline(admin.TabularInline):
    """Staff score a program's rubric per criterion (e.g. PA2026-03's 100 points); shown only where one exists."""

    model = CriterionScore
    form = CriterionScoreForm
    formset = CriterionScoreFormSet
    extra = 0
    fields = ("criterion", "points", "note", "scored_by", "scored_at")
    readonly_fields = ("scored_by", "scored_at")

    def _under_review(self, obj) -> bool:
        return obj is not None and obj.application.status in OPEN_FOR_REVIEW

    def has_add_permission(self, request, obj=None):
        return self._under_review(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._under_review(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._under_review(obj) and super().has_delete_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("RubricScoreForm", (CriterionScoreForm,), {"rubric": obj.application.rule_set.rubric})
        formset.max_num = len(obj.application.rule_set.rubric)
        return formset


@admin.register(Project)
class ProjectAdmin(AuditedHistoryAdmin):
    list_display = ("__str__", "eligible", "award", "path", "evaluated_at")
    list_filter = ("application__program", "eligible")
    list_select_related = ("application__program",)  # __str__ is the application's reference: one query a page
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    history_of_deleted_records = False  # only its applicant deletes a project (a draft, or answering a request)
    fields = (
        "application",
        "position",
        "data",
        "eligible",
        "award",
        "path",
        "county",
        "msa",
        "dac",
        "score",
        "cost_effectiveness_per_ton",
        "weighted_tons_per_year",
        "nox_tons_per_year",
        "figures",
        "notes",
        "evaluated_at",
        "audit_trail",
    )
    readonly_fields = fields
    """All read-only: the answers are the applicant's and the rest is what the rules computed
    (``services.evaluate_application``), which funding rounds rank on. A correction is a recorded re-evaluation
    ("Re-run evaluation" in the application list, or the rubric below), never an edit (issue 26)."""

    class RuleOutcomeInline(admin.TabularInline):
        model = RuleOutcome
        extra = 0
        can_delete = False
        readonly_fields = ("position", "rule", "passed", "reason", "source")

        def has_add_permission(self, request, obj=None):
            return False

    inlines = [RuleOutcomeInline, CriterionScoreInline]

    def get_queryset(self, request):
        return selectors.submitted_projects(super().get_queryset(request), user=request.user)

    def get_inlines(self, request, obj):
        return [
            inline
            for inline in self.inlines
            if inline is not CriterionScoreInline or (obj and obj.application.rule_set.rubric)
        ]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Audit trail")
    def audit_trail(self, project):
        """Every decision and change from application to payment, as CSV (reporting.audit)."""
        url = reverse("reporting:audit_trail", args=[project.pk]) if project.pk else ""
        return format_html('<a href="{}">Download the audit trail (CSV)</a>', url) if url else "—"

    def save_model(self, request, obj, form, change):
        """The project itself has nothing to save here; only its rubric (``save_formset``)."""

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, CriterionScore):
                instance.scored_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()

    def save_related(self, request, form, formsets, change):
        """New scores change the evaluation: run the rules again, recorded as a decision (under review only)."""
        super().save_related(request, form, formsets, change)
        application = form.instance.application
        if any(formset.has_changed() for formset in formsets) and application.status in OPEN_FOR_REVIEW:
            try:
                services.re_evaluate(application, request.user, "Rubric scores changed")
            except (services.WorkflowError, InputError) as error:
                messages.error(request, f"{application.reference}: {error}")


@admin.register(BlankForm)
class BlankFormAdmin(admin.ModelAdmin):
    """Blank copies of the district's business forms, offered to applicants next to the slot they fill."""

    list_display = ("program", "slot", "uploaded_at")
    list_filter = ("program",)
