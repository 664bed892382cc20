"""Staff forms of the funding pages: reserves, county shares, budget changes, a new fund, approving a round."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SiteVoice
from core.places import COUNTY_CHOICES

MAX_DOLLARS = Decimal("999999999999.99")  # the ledger's 14 digits


def _helper(form: forms.Form, action: str, label: str) -> FormHelper:
    helper = FormHelper(form)
    helper.form_action = action
    helper.form_class = "small"
    helper.add_input(Submit("save", label, css_class="btn-sm"))
    return helper


def money(label: str, *, minimum: Decimal | None = Decimal("0.00"), help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=minimum,
        max_value=MAX_DOLLARS,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )


class ReasonForm(SiteVoice, forms.Form):
    reason = forms.CharField(label="Why", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReserveForm(ReasonForm):
    """Hold part of a fund for one MSA; $0.00 releases the reserve."""

    def __init__(self, *args, areas: tuple[str, ...], action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "area": forms.ChoiceField(label="MSA", choices=[(area, area) for area in areas]),
            "amount": money("Amount held", help_text="$0.00 releases the reserve."),
            "reason": self.fields["reason"],
        }
        self.helper = _helper(self, action, "Set reserve")


class CountyShareForm(ReasonForm):
    """A county's Class 4 to 8 truck population (PA2026-03 shares)."""

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "county": forms.ChoiceField(choices=COUNTY_CHOICES, initial="Los Angeles"),
            "truck_population": forms.IntegerField(
                label="Class 4 to 8 truck population", min_value=0, max_value=100_000_000
            ),
            "reason": forms.CharField(
                label="Source of the figure", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            ),
        }
        self.helper = _helper(self, action, "Set share")


class BudgetForm(ReasonForm):
    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "amount": money(
                "Change to the budget", minimum=-MAX_DOLLARS, help_text="Positive adds, negative takes away."
            ),
            "reason": self.fields["reason"],
        }
        self.helper = _helper(self, action, "Change budget")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError("Enter a change other than $0.00.")
        return amount


class FundForm(ReasonForm):
    def __init__(self, *args, paths: tuple[str, ...], action: str, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {
            "name": forms.CharField(max_length=200, label="Fund name"),
            "budget": money("Budget", minimum=Decimal("0.01")),
        }
        if paths:
            fields["pays_path"] = forms.ChoiceField(label="Pays the path", choices=[(path, path) for path in paths])
        fields["reason"] = forms.CharField(label="Where the money comes from", max_length=300)
        self.fields = fields
        self.helper = _helper(self, action, "Add fund")


class ApproveApplicationForm(SiteVoice, forms.Form):
    """Approve one application with the figures on the page: they come back with the approval, which is refused if
    the ledger no longer matches them."""

    reason = forms.CharField(
        label=_("Note for the decision (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    shown = forms.JSONField(widget=forms.HiddenInput)


class ApproveRoundForm(ReasonForm):
    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Note for the approvals (e.g. the Board's action)"
        self.helper = _helper(self, action, "Approve the recommended awards")


class LineDecisionForm(forms.Form):
    """Staff's decision on one line of a previewed round (issue 21): exclude, hold, waitlist or select again, with
    the reason recorded and told to the applicant."""

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("exclude", _("Exclude")),
            ("hold", _("Hold")),
            ("waitlist", _("Move to the waitlist")),
            ("", _("Select again")),
        ],
        required=False,
    )
    reason = forms.CharField(label=_("Why"), max_length=2000)


class WaitlistOfferForm(forms.Form):
    """Staff confirm that returned money is offered to the next waitlisted project."""

    reason = forms.CharField(label=_("Note (optional)"), max_length=2000, required=False)
