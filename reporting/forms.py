"""Usage report forms: the awardee's (translated; figures built from the program's report form,
``reporting.rules.programs``) and staff's. Files are checked as the applications' attachments are (size limit, content
signature: ``applications.forms.checked_uploads``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.forms import AttachmentAForm, MultipleFileField, checked_uploads
from core.forms import SiteVoice

from .models import Remedy


def figures_form(report, form_rules, data=None) -> AttachmentAForm:
    return AttachmentAForm(data, specs=form_rules.fields, initial=report.values, submit_label=_("Save draft"))


class DocumentUploadForm(SiteVoice, forms.Form):
    slot = forms.ChoiceField(label=gettext_lazy("Which document"))
    files = MultipleFileField(
        label=gettext_lazy("Files"), error_messages={"required": gettext_lazy("Choose at least one file to upload.")}
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.key, _(slot.label)) for slot in slots]
        self.fields["files"].help_text = _("PDF, JPEG or PNG, at most %(size)s each.") % {
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }

    def clean_files(self):
        return checked_uploads(self.cleaned_data["files"])


class SubmitForm(SiteVoice, forms.Form):
    certify = forms.BooleanField(
        label=gettext_lazy(
            "I certify that the figures reported are true and supported by our records (data logger, "
            "meter or hour-meter readings)."
        ),
        error_messages={"required": gettext_lazy("Tick the certification to submit.")},
    )

    def __init__(self, *args, closes_year: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if closes_year:
            self.fields["labor_law"] = forms.BooleanField(
                label=_(
                    "Yearly labor-law certification: I certify that the awardee complies with the labor laws "
                    "the agreement names (prevailing wage and the federal statutes), as required with the annual "
                    "report."
                ),
                error_messages={"required": _("This report closes a project year: give the labor-law certification.")},
            )
            self.fields["certifier_name"] = forms.CharField(
                label=_("Name and title of the person certifying"),
                max_length=150,
                error_messages={"required": _("Type the name and title of the person certifying.")},
            )


class ReasonForm(SiteVoice, forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class NoteForm(SiteVoice, forms.Form):
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class CloseForm(SiteVoice, forms.Form):
    note = forms.CharField(
        label="Closeout note (what was checked)", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RemedyForm(SiteVoice, forms.Form):
    kind = forms.ChoiceField(label="Remedy", choices=[("", "Choose"), *Remedy.Kind.choices])
    months = forms.IntegerField(
        label="Months added to the term (extension)", min_value=1, max_value=120, required=False
    )
    amount_owed = forms.DecimalField(
        label="Amount owed ($, partial payback)",
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    new_owner_name = forms.CharField(label="New owner's name (transfer)", max_length=200, required=False)
    new_owner = forms.ModelChoiceField(
        label="New owner's account (transfer)",
        required=False,
        queryset=get_user_model().objects.filter(is_active=True, is_staff=False).order_by("username"),
        to_field_name="username",
        widget=forms.TextInput(attrs={"placeholder": "username"}),
    )
    reason = forms.CharField(label="Reason and approval", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Remedy.Kind.EXTENSION and not data.get("months"):
            self.add_error("months", "Give the months the term is extended by.")
        if kind == Remedy.Kind.PAYBACK and not data.get("amount_owed"):
            self.add_error("amount_owed", "Give the amount owed.")
        if kind == Remedy.Kind.TRANSFER:
            if not data.get("new_owner_name"):
                self.add_error("new_owner_name", "Give the new owner's name.")
            if not data.get("new_owner"):
                self.add_error("new_owner", "Give the new owner's account (username).")
        return data
