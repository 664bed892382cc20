"""Payment request forms: the awardee's (translated) and staff's and finance's. Files are checked as the
applications' attachments are (size limit, content signature: ``applications.forms.checked_uploads``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.forms import MultipleFileField, checked_uploads
from core.forms import SiteVoice

from .models import CostLine, PaymentRequest


class LineForm(SiteVoice, forms.Form):
    """One invoiced cost, or one other source of funding received."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CostLine.Kind.choices, widget=forms.HiddenInput)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200)
    reference = forms.CharField(label=gettext_lazy("Invoice number or source"), max_length=100, required=False)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount ($)"),
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args, kind: str, **kwargs):
        kwargs.setdefault("initial", {})["kind"] = kind
        super().__init__(*args, prefix=kind, **kwargs)
        if kind == CostLine.Kind.OTHER_FUNDING:
            self.fields["description"].label = _("Funding source")
            self.fields["reference"].label = _("Grant or agreement number")


class DocumentUploadForm(SiteVoice, forms.Form):
    slot = forms.ChoiceField(label=gettext_lazy("Which document"))
    files = MultipleFileField(
        label=gettext_lazy("Files"), error_messages={"required": gettext_lazy("Choose at least one file to upload.")}
    )

    def __init__(self, *args, checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (
                need.key,
                _(need.label) if need.needed else _("%(document)s (if it applies)") % {"document": _(need.label)},
            )
            for need in checklist
        ]
        self.fields["files"].help_text = _(
            "PDF, JPEG or PNG, at most %(size)s each. You can choose several files at once."
        ) % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)}

    def clean_files(self):
        return checked_uploads(self.cleaned_data["files"])


class SubmitForm(SiteVoice, forms.Form):
    certify = forms.BooleanField(
        label=gettext_lazy(
            "I certify that the invoiced costs listed were paid, that the documents are true copies, "
            "and that the other funding listed is all the funding received for this project."
        ),
        error_messages={"required": gettext_lazy("Tick the certification to submit.")},
    )


class ReasonForm(SiteVoice, forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NoteForm(SiteVoice, forms.Form):
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class ReleaseForm(SiteVoice, forms.Form):
    """Finance records the payment as made."""

    paid_on = forms.DateField(label="Paid on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    method = forms.ChoiceField(label="Method", choices=[("", "Choose"), *PaymentRequest.Method.choices])
    reference = forms.CharField(
        label="Reference", max_length=100, help_text="Check number, ACH trace or wire reference."
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("paid_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ScheduleForm(SiteVoice, forms.Form):
    """Up to six milestone payments of the agreement's schedule (PA2026-03 Table 2 step 5)."""

    ROWS = 6

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, self.ROWS + 1):
            self.fields[f"name_{number}"] = forms.CharField(label=f"Milestone {number}", max_length=200, required=False)
            self.fields[f"amount_{number}"] = forms.DecimalField(
                label=f"Amount {number} ($)", required=False, min_value=Decimal("0.01"), max_digits=14, decimal_places=2
            )

    def milestones(self):
        return [
            (self.cleaned_data[f"name_{number}"], self.cleaned_data[f"amount_{number}"])
            for number in range(1, self.ROWS + 1)
            if self.cleaned_data[f"name_{number}"] or self.cleaned_data[f"amount_{number}"]
        ]
