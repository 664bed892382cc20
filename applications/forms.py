"""Browser forms built from each program's Attachment A field definitions."""

from __future__ import annotations

from itertools import groupby

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat

from programs.rules.fields import EARLIEST_DATE, LATEST_DATE, MAX_TEXT_LENGTH, Field, Kind

YES_NO = (("", "---------"), ("true", "Yes"), ("false", "No"))


def _form_field(spec: Field) -> forms.Field:
    label = f"{spec.label} ({spec.unit})" if spec.unit and spec.unit != "USD" else spec.label
    common = {"label": label, "required": False, "help_text": spec.help}
    # The bounds are the field's own (programs/rules/fields.py); services parse every answer through the same
    # rules again, so the browser's limits and the server's can never differ.
    bounds = {"min_value": spec.lower_bound, "max_value": spec.upper_bound}
    if spec.kind is Kind.EMAIL:
        return forms.EmailField(**common, max_length=MAX_TEXT_LENGTH)
    if spec.kind is Kind.INTEGER:
        return forms.IntegerField(**common, **bounds)
    if spec.kind in (Kind.DECIMAL, Kind.PERCENT, Kind.MONEY):
        step = "0.01" if spec.kind is Kind.MONEY else "any"
        return forms.DecimalField(**common, **bounds, max_digits=spec.max_digits, decimal_places=spec.decimal_places,
                                  widget=forms.NumberInput(attrs={"step": step}))
    if spec.kind is Kind.DATE:
        return forms.DateField(**common, validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
                               widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST_DATE.isoformat(),
                                                             "max": LATEST_DATE.isoformat()}))
    if spec.kind is Kind.BOOLEAN:
        return forms.TypedChoiceField(**common, choices=YES_NO, coerce=lambda value: value == "true",
                                      empty_value=None)
    if spec.kind is Kind.CHOICE:
        return forms.ChoiceField(**common, choices=(("", "---------"), *spec.choices))
    return forms.CharField(**common, max_length=MAX_TEXT_LENGTH)


class AttachmentAForm(forms.Form):
    """A draft form for a list of fields: every answer optional until submission, types checked now."""

    def __init__(self, *args, specs: tuple[Field, ...], submit_label: str = "Save draft", **kwargs):
        initial = kwargs.pop("initial", None) or {}
        kwargs["initial"] = {
            spec.name: ("true" if initial[spec.name] else "false") if spec.kind is Kind.BOOLEAN else initial[spec.name]
            for spec in specs if spec.name in initial
        }
        super().__init__(*args, **kwargs)
        self.specs = specs
        for spec in specs:
            self.fields[spec.name] = _form_field(spec)
        self.helper = FormHelper()
        self.helper.layout = Layout(*(
            Fieldset(group or "Details",
                     Div(*(Div(spec.name, css_class="col-md-6") for spec in members), css_class="row"))
            for group, members in groupby(specs, key=lambda spec: spec.group)
        ))
        self.helper.add_input(Submit("save", submit_label))

    def raw_values(self) -> dict:
        """Cleaned answers, blanks dropped, ready for the rules' parser."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


class AttachmentUploadForm(forms.Form):
    slot = forms.ChoiceField(label="Attachment")
    file = forms.FileField(help_text="PDF, JPEG or PNG")

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.key, slot.label) for slot in slots]
        self.fields["file"].help_text = f"PDF, JPEG or PNG, at most {filesizeformat(settings.UPLOAD_MAX_BYTES)}"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(settings.UPLOAD_MAX_BYTES)}."
            )
        extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        signatures = SIGNATURES.get(extension)
        if signatures is None:
            raise forms.ValidationError(f"{upload.name} is not a PDF, JPEG or PNG file.")
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(signatures):
            raise forms.ValidationError(f"{upload.name} does not contain a valid {extension[1:].upper()} file.")
        return upload


class CertificationForm(forms.Form):
    name = forms.CharField(label="Name of authorized signer", max_length=150)
    title = forms.CharField(label="Title", max_length=150)
    agree = forms.BooleanField(
        label="I certify that I am authorized to represent the applicant, that the information in this "
        "application is true and complete, and that I understand the program requirements.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("certify", "Sign and submit", css_class="btn-success"))


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, label="Reason", required=False, submit_label="Confirm", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].required = required
        self.helper = FormHelper()
        self.helper.add_input(Submit("confirm", submit_label))
