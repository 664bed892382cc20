"""Staff review in the Django admin: filter, open, see rule results, and decide.

Decisions (mark complete, request information, approve, reject) are buttons on the change page
that lead to a small form and call ``applications.services``; the admin never edits status directly.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django_fsm import can_proceed

from core.admin import AuditedHistoryAdmin
from programs.rules.fields import InputError

from . import services
from .models import (
    OPEN_FOR_REVIEW,
    Application,
    Attachment,
    BlankForm,
    CriterionScore,
    Decision,
    Project,
    RuleOutcome,
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
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td><small>{}</small></td></tr>", (
                (outcome.rule, "pass" if outcome.passed else "FAIL", outcome.reason, outcome.source)
                for outcome in project.outcomes.all()
            )),
        )


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("slot", "project", "download", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

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


@admin.register(Application)
class ApplicationAdmin(AuditedHistoryAdmin):
    list_display = ("reference", "program", "round", "organization", "applicant", "status", "county", "submitted_at",
                    "deficiency_response_due", "award_total")
    list_filter = ("program", "status", ResponseOverdueFilter, "county", ("submitted_at", admin.DateFieldListFilter))
    date_hierarchy = "submitted_at"
    search_fields = ("id", "organization__name", "applicant__username", "applicant__email", "details__applicant_name")
    list_select_related = ("program", "round__program", "organization", "applicant")
    inlines = [ProjectInline, AttachmentInline, DecisionInline]
    change_form_template = "admin/applications/application/change_form.html"
    actions = ["rerun_evaluation"]
    fieldsets = (
        (None, {"fields": ("program", "round", "organization", "applicant", "status", "county", "submitted_at",
                           "evaluation", "award_total")}),
        ("Request for information", {"fields": ("information_request", "deficiency_response_due",
                                                "information_response")}),
        ("Certification", {"fields": ("certified_name", "certified_title", "certified_at")}),
        ("Applicant and fleet", {"fields": ("application_answers",)}),
    )

    def get_queryset(self, request):
        """Drafts are the applicant's until submitted: staff and board never see them."""
        return super().get_queryset(request).exclude(status=Status.DRAFT)

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
            return format_html('<strong style="color:#b02a37">Evaluation failed {}:</strong> {}<br><small>Fix the '
                               'answer and choose "Re-run evaluation" in the application list.</small>',
                               localtime(application.evaluation_failed_at).strftime("%b %-d, %Y %-I:%M %p"),
                               application.evaluation_error)
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
        return [
            path("<int:pk>/decide/<str:action>/", self.admin_site.admin_view(self.decide_view),
                 name="applications_application_decide"),
            *super().get_urls(),
        ]

    def available_decisions(self, application):
        return [(action, label) for action, (label, _, _) in DECISIONS.items()
                if can_proceed(getattr(application, action))]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}),
                         "decisions": self.available_decisions(application) if application else [],
                         "can_decide": request.user.has_perm("applications.change_application")}
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, pk, action):
        if action not in DECISIONS or not request.user.has_perm("applications.change_application"):
            raise PermissionDenied
        application = get_object_or_404(self.get_queryset(request).select_related("program"), pk=pk)
        label, reason_label, required = DECISIONS[action]
        form = DecisionForm(request.POST or None)
        form.fields["reason"].label = reason_label
        form.fields["reason"].required = required
        if request.method == "POST" and form.is_valid():
            try:
                getattr(services, action)(application, request.user, form.cleaned_data["reason"])
            except services.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{application.reference}: {label.lower()} recorded.")
                return redirect("admin:applications_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "application": application,
            "form": form, "label": label, "title": f"{label}: {application.reference}",
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
        self.fields["criterion"] = forms.ChoiceField(choices=[
            (criterion.key, f"{criterion.label} (max {criterion.max_points})") for criterion in self.rubric])

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
        scores = {form.cleaned_data["criterion"]: form.cleaned_data["points"] for form in self.forms
                  if form.cleaned_data and not form.cleaned_data.get("DELETE")}
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
    readonly_fields = ("application", "position", "data", "eligible", "award", "path", "figures", "notes",
                       "evaluated_at")

    class RuleOutcomeInline(admin.TabularInline):
        model = RuleOutcome
        extra = 0
        can_delete = False
        readonly_fields = ("position", "rule", "passed", "reason", "source")

        def has_add_permission(self, request, obj=None):
            return False

    inlines = [RuleOutcomeInline, CriterionScoreInline]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(application__status=Status.DRAFT)

    def get_inlines(self, request, obj):
        return [inline for inline in self.inlines
                if inline is not CriterionScoreInline or (obj and obj.application.rule_set.rubric)]

    def has_add_permission(self, request):
        return False

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
