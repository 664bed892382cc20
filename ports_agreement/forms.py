"""Forms for the ports' representatives. The port is never a field: it is the representative's own."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from core.forms import SiteVoice

from .models import AnnualReport, ControlStrategy, EmissionReductionPlan, ProgressReport

DATE = forms.DateInput(attrs={"type": "date"})


class CrispyMixin:
    submit_label = "Submit"

    def setup_helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class AnnualReportForm(CrispyMixin, forms.ModelForm):
    submit_label = "Submit report"
    joint = forms.BooleanField(
        label="Filed jointly by both Ports",
        required=False,
        help_text="Rule 4001 (b): the Ports may comply jointly or separately.",
    )

    class Meta:
        model = AnnualReport
        fields = ["calendar_year", "projected", "nox", "sox", "pm25"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar_year"].help_text = (
            "The year the emissions cover: 2014 (projected, due November 1, "
            "2014), or 2014-2019 actual, due the next July 1."
        )
        self.setup_helper()


class EmissionReductionPlanForm(CrispyMixin, forms.ModelForm):
    submit_label = "Submit plan"

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
        self.fields["determination"].label = "Determination requiring the plan"
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
    submit_label = "Submit progress report"

    class Meta:
        model = ProgressReport
        fields = ["reductions_achieved", "narrative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_helper()
