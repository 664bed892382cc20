"""Browser forms built from each program's Attachment A field definitions."""

from __future__ import annotations

from itertools import groupby

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import uploads, validators
from core.forms import FiniteDecimalField, SiteVoice
from core.money import usd
from programs import labels
from programs.rules.fields import EARLIEST_DATE, LATEST_DATE, MAX_TEXT_LENGTH, Field, Kind


def _label(spec: Field):
    """The field's label in the reader's language, marked when the answer is needed before submitting."""
    text = labels.field_label_with_unit(spec)
    if not spec.required:
        return text
    return format_html(
        '{} <span class="required-marker" aria-hidden="true">*</span><span class="visually-hidden">({})</span>',
        text,
        _("required to submit"),
    )


def _limit(spec: Field, bound) -> str:
    """A bound as the reader reads the answer: "$0.01" for money, "1990" for a model year, "100%" for a percent."""
    if bound is None:
        return ""
    if spec.kind is Kind.MONEY:
        return usd(bound).replace("%", "%%")
    if spec.kind is Kind.PERCENT:
        return f"{bound}%%"
    return f"{bound:,}" if spec.unit else str(bound)


def _messages(spec: Field) -> dict[str, str]:
    """Django's type and range messages, each naming the field ("GVWR (lb) must be at least 0.")."""
    field = labels.field_label_with_unit(spec)
    # Messages with parameters are %-formatted by Django: a "%" in the label ("Operation in the SCAB (%)") is escaped.
    escaped = field.replace("%", "%%")
    return {
        "invalid": (
            _("{field}: enter a whole number.").format(field=field)
            if spec.kind is Kind.INTEGER
            else _("{field}: enter a date.").format(field=field)
            if spec.kind is Kind.DATE
            else _("{field}: enter an e-mail address like name@example.com.").format(field=escaped)
            if spec.kind is Kind.EMAIL  # the e-mail validator's message is formatted with the value
            else _("{field}: enter a number.").format(field=escaped)  # always formatted: see FiniteDecimalField
        ),
        "min_value": _("{field} must be at least {limit}.").format(field=escaped, limit=_limit(spec, spec.lower_bound)),
        "max_value": _("{field} must be at most {limit}.").format(field=escaped, limit=_limit(spec, spec.upper_bound)),
        "max_decimal_places": _("{field}: use at most %(max)s decimal places.").format(field=escaped),
        "max_digits": _("{field}: use at most %(max)s digits.").format(field=escaped),
        "invalid_choice": _("{field}: choose one of the listed answers.").format(field=escaped),
        "max_length": _("{field}: use at most %(limit_value)d characters.").format(field=escaped),
    }


class CheckedTextField(forms.CharField):
    """Text in a format a program asks for (``Field.check``: a VIN, a phone number), checked by ``core.validators``
    with a message naming the field; the VIN is kept in capitals."""

    CHECKS = {"vin": validators.check_vin, "phone": validators.check_phone}

    def __init__(self, *args, check: str, plain: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.check, self.plain = self.CHECKS[check], plain
        if check == "vin":
            self.widget.attrs.update({"autocapitalize": "characters", "spellcheck": "false", "maxlength": "17"})
        else:
            self.widget.input_type = "tel"
            self.widget.attrs["autocomplete"] = "tel"

    def clean(self, value):
        value = super().clean(value)
        return self.check(value, self.plain) if value else value


def _form_field(spec: Field) -> forms.Field:
    """The form field of ``spec``, with ``plain_label``: its label as words, for messages (core.feedback)."""
    field = _typed_field(spec)
    field.plain_label = labels.field_label_with_unit(spec)
    field.quantity = bool(spec.unit)  # a number without a unit (a model year) is shown ungrouped
    return field


def _typed_field(spec: Field) -> forms.Field:
    common = {
        "label": _label(spec),
        "required": False,
        "help_text": _(spec.help) if spec.help else "",
        "error_messages": _messages(spec),
    }
    # The bounds are the field's own (programs/rules/fields.py); services parse every answer through the same
    # rules again, so the browser's limits and the server's can never differ.
    bounds = {"min_value": spec.lower_bound, "max_value": spec.upper_bound}
    if spec.kind is Kind.EMAIL:
        return forms.EmailField(
            **common, max_length=MAX_TEXT_LENGTH, widget=forms.EmailInput(attrs={"autocomplete": "email"})
        )
    if spec.kind is Kind.INTEGER:
        return forms.IntegerField(**common, **bounds)
    if spec.kind in (Kind.DECIMAL, Kind.PERCENT, Kind.MONEY):
        attrs = {"step": "0.01", "inputmode": "decimal"} if spec.kind is Kind.MONEY else {"step": "any"}
        return FiniteDecimalField(
            **common,
            **bounds,
            max_digits=spec.max_digits,
            decimal_places=spec.decimal_places,
            widget=forms.NumberInput(attrs=attrs),
        )
    if spec.kind is Kind.DATE:
        return forms.DateField(
            **common,
            validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
            widget=forms.DateInput(
                attrs={"type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()},
                format="%Y-%m-%d",
            ),
        )
    if spec.kind is Kind.BOOLEAN:
        return forms.TypedChoiceField(
            **common,
            choices=(("", _("Choose")), ("true", _("Yes")), ("false", _("No"))),
            coerce=lambda value: value == "true",
            empty_value=None,
        )
    if spec.kind is Kind.CHOICE:
        return forms.ChoiceField(**common, choices=(("", _("Choose")), *labels.choices(spec)))
    if spec.check:
        return CheckedTextField(
            **common, max_length=MAX_TEXT_LENGTH, check=spec.check, plain=labels.field_label_with_unit(spec)
        )
    return forms.CharField(**common, max_length=MAX_TEXT_LENGTH)


class AttachmentAForm(SiteVoice, forms.Form):
    """A draft form for a list of fields: every answer optional until submission, types checked now."""

    def __init__(self, *args, specs: tuple[Field, ...], submit_label: str | None = None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        kwargs["initial"] = {
            spec.name: ("true" if initial[spec.name] else "false") if spec.kind is Kind.BOOLEAN else initial[spec.name]
            for spec in specs
            if spec.name in initial
        }
        super().__init__(*args, **kwargs)
        self.specs = specs
        for spec in specs:
            self.fields[spec.name] = _form_field(spec)
            self.fields[spec.name].widget.attrs["data-label"] = labels.field_label_with_unit(spec)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}  # the server's messages, with the error summary, not the browser's
        self.helper.layout = Layout(
            *(
                Fieldset(
                    labels.group_label(group),
                    Div(*(Div(spec.name, css_class="col-md-6") for spec in members), css_class="row"),
                )
                for group, members in groupby(specs, key=lambda spec: spec.group)
            )
        )
        self.helper.add_input(Submit("save", submit_label or _("Save draft")))

    def raw_values(self) -> dict:
        """Cleaned answers, blanks dropped, ready for the rules' parser."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one upload (Django's documented pattern for ``<input type=file multiple>``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class AttachmentUploadForm(SiteVoice, forms.Form):
    """Files for one slot of the checklist: the whole application's, or one project's (``vin_photo@12``)."""

    slot = forms.ChoiceField(label=gettext_lazy("Which document"))
    files = MultipleFileField(
        label=gettext_lazy("Files"), error_messages={"required": gettext_lazy("Choose at least one file to upload.")}
    )

    def __init__(self, *args, needs, noun: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = {need.key: need for need in needs}
        application_wide = [(need.key, self._option(need)) for need in needs if need.project is None]
        grouped: list = [(_("Whole application"), application_wide)] if application_wide else []
        for project, members in groupby((need for need in needs if need.project), key=lambda need: need.project):
            title = f"{noun.capitalize()} {project.position}" + (f" · {project.summary}" if project.summary else "")
            grouped.append((title, [(need.key, self._option(need)) for need in members]))
        self.fields["slot"].choices = grouped
        self.fields["files"].help_text = _(
            "PDF, JPEG or PNG, at most %(size)s each. You can choose several files at once."
        ) % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        self.helper = FormHelper()
        self.helper.form_tag = False

    @staticmethod
    def _option(need) -> str:
        label = labels.slot_label(need.slot)
        if need.files:
            return _("%(slot)s (uploaded: %(count)s)") % {"slot": label, "count": len(need.files)}
        if not need.slot.required:
            return _("%(slot)s (optional)") % {"slot": label}
        return label

    def clean_slot(self):
        return self.needs[self.cleaned_data["slot"]]

    def clean_files(self):
        return checked_uploads(self.cleaned_data["files"])


class ReplacementForm(SiteVoice, forms.Form):
    """A new file for a document staff marked deficient; the old one stays in the application's history."""

    file = forms.FileField(
        label=gettext_lazy("New file"),
        error_messages={"required": gettext_lazy("Choose the file that replaces this document.")},
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.form_action = action
        self.helper.add_input(Submit("replace", _("Replace the file")))

    def clean_file(self):
        return checked_uploads([self.cleaned_data["file"]])[0]


upload_problem = uploads.problem


def checked_uploads(files: list) -> list:
    """The files as they will be stored (``core.uploads``: checked, images re-encoded), or every file's problem."""
    if errors := [message for upload in files if (message := uploads.problem(upload))]:
        raise forms.ValidationError(errors)
    return [uploads.safe_copy(upload) for upload in files]


"""What is wrong with an uploaded file (size, type, content signature), or None; the payments app checks with it."""


class CertificationForm(SiteVoice, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of authorized signer"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    agree = forms.BooleanField(
        label=gettext_lazy(
            "I certify that I am authorized to represent the applicant, that the information in this "
            "application is true and complete, and that I understand the program requirements."
        ),
        error_messages={"required": gettext_lazy("Tick the certification to sign it.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the name of the person signing.")
        self.fields["title"].error_messages["required"] = _("Enter the signer's title.")
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("certify", _("Sign and submit"), css_class="btn-success"))


class ReasonForm(SiteVoice, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, label=None, required=False, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label or _("Reason")
        self.fields["reason"].required = required
        self.fields["reason"].error_messages["required"] = _("%(field)s: write a few words.") % {
            "field": self.fields["reason"].label
        }
        self.helper = FormHelper()
        self.helper.add_input(Submit("confirm", submit_label or _("Confirm")))


class StartForm(SiteVoice, forms.Form):
    """Start an application for one of the organizations the person acts for."""

    organization = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Apply for"), empty_label=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


def fleet_xlsx_type() -> str:
    from .fleet import XLSX_CONTENT_TYPE

    return XLSX_CONTENT_TYPE


class FleetUploadForm(SiteVoice, forms.Form):
    """A fleet's spreadsheet (CSV or Excel .xlsx, the program's template) of vehicles or equipment."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or Excel .xlsx)"),
        error_messages={"required": gettext_lazy("Choose the spreadsheet to upload.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = f".csv,text/csv,.xlsx,{fleet_xlsx_type()}"
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("upload", _("Upload the list")))
