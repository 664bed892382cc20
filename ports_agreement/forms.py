"""Forms for the ports' representatives. The port is never a field: it is the representative's own."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import SiteVoice

from .models import AnnualReport, ControlStrategy, EmissionReductionPlan, ProgressReport

DATE = forms.DateInput(attrs={"type": "date"})


class CrispyMixin:
    submit_label = gettext_lazy("Submit")

    def setup_helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", str(self.submit_label)))


class AnnualReportForm(CrispyMixin, forms.ModelForm):
    submit_label = gettext_lazy("Submit report")
    joint = forms.BooleanField(
        label=gettext_lazy("Filed jointly by both Ports"),
        required=False,
        help_text=gettext_lazy("Rule 4001 (b): the Ports may comply jointly or separately."),
    )

    class Meta:
        model = AnnualReport
        fields = ["calendar_year", "projected", "nox", "sox", "pm25"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar_year"].help_text = _(
            "The year the emissions cover: 2014 (projected, due November 1, 2014), or 2014-2019 actual, due the "
            "next July 1."
        )
        self.setup_helper()


class EmissionReductionPlanForm(CrispyMixin, forms.ModelForm):
    submit_label = gettext_lazy("Submit plan")

    class Meta:
        model = EmissionReductionPlan
        fields = [
            "determination",
            "shortfall",
            "public_meeting_on",
            "commission_approved_on",
            "uses_extended_schedule",
            "strategies_not_included",
            "progress_reporting",
        ]
        widgets = {"public_meeting_on": DATE, "commission_approved_on": DATE}

    def __init__(self, *args, determinations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["determination"].queryset = determinations
        self.fields["determination"].label = _("Determination requiring the plan")
        self.helper = FormHelper()
        self.helper.form_tag = False


class ControlStrategyForm(SiteVoice, forms.ModelForm):
    class Meta:
        model = ControlStrategy
        fields = [
            "name",
            "actions",
            "expected_reduction",
            "cost",
            "nox_pm_cost_per_ton",
            "sox_cost_per_ton",
            "legal_authority",
            "method",
            "schedule",
            "implemented_within",
        ]
        widgets = {field: forms.Textarea(attrs={"rows": 2}) for field in ("actions", "method", "schedule")}


ControlStrategyFormSet = forms.inlineformset_factory(
    EmissionReductionPlan,
    ControlStrategy,
    form=ControlStrategyForm,
    extra=2,
    min_num=1,
    validate_min=True,
    can_delete=False,
)


class ProgressReportForm(CrispyMixin, forms.ModelForm):
    submit_label = gettext_lazy("Submit progress report")

    class Meta:
        model = ProgressReport
        fields = ["reductions_achieved", "narrative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_helper()


class MilestoneReportForm(SiteVoice, forms.Form):
    """The port's progress on one milestone, with its evidence (issue 22)."""

    progress = forms.CharField(
        label=gettext_lazy("Progress made"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Milestone reached on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Only if the milestone has been reached."),
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence"), help_text=gettext_lazy("PDF, JPEG or PNG: a permit, a contract, a photo.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def refuse(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


class ReviewNoteForm(SiteVoice, forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False, widget=forms.Textarea)
