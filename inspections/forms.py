"""Inspection forms: the inspector's (schedule, checklist, photos, report, submit), staff's (assign, open, review)
and the awardee's (delivery, destruction notice, documents). Thin: every rule is checked again in ``services``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.forms import MultipleFileField, _form_field
from core.forms import SiteVoice
from programs.rules.fields import Field, Kind

from .models import Inspection, ProjectDocument


def styled(form: forms.Form) -> forms.Form:
    """Bootstrap's classes on every widget (the forms are laid out by hand for the phone-sized pages)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


class Styled(SiteVoice, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)

    def refuse(self, errors: dict[str, str]) -> None:
        """A service's refusal (``InputError.errors``, by field) put on the form: each message under its own field
        when the form has it, the others above the form."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        marked(self)

    def full_clean(self):
        super().full_clean()
        marked(self)


def marked(form: forms.Form) -> None:
    """Only the fields at fault marked: Bootstrap's ``is-invalid``, ``aria-invalid`` and the message's id, so a
    screen reader reads the words with the field (the template writes them under it as ``<id>-error``)."""
    for name in form.errors:
        if name not in form.fields:
            continue
        attrs = form.fields[name].widget.attrs
        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{form[name].auto_id}-error"


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleForm(Styled):
    on = forms.DateField(label=gettext_lazy("Date"), widget=_date_widget())
    at = forms.TimeField(label=gettext_lazy("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    mode = forms.ChoiceField(label=gettext_lazy("How"), choices=Inspection.Mode.choices, widget=forms.RadioSelect)

    def when(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["on"], self.cleaned_data["at"]))


class ChecklistForm(Styled):
    """The program's checklist for this kind of inspection, every value optional until the report is submitted."""

    def __init__(self, *args, specs: tuple[Field, ...], **kwargs):
        initial = kwargs.pop("initial", None) or {}
        kwargs["initial"] = {
            spec.name: ("true" if initial[spec.name] else "false") if spec.kind is Kind.BOOLEAN else initial[spec.name]
            for spec in specs
            if spec.name in initial
        }
        super().__init__(*args, **kwargs)
        for spec in specs:
            self.fields[spec.name] = _form_field(spec)
        styled(self)

    def raw_values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class ReportForm(Styled):
    report = forms.FileField(label=gettext_lazy("Signed inspection report (PDF)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].widget.attrs["accept"] = "application/pdf,.pdf"
        self.fields["report"].help_text = _("PDF, at most %(size)s.") % {
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }


class ExtraPhotosForm(Styled):
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=200, required=False)
    extra = MultipleFileField(label=gettext_lazy("Other photos"), required=False)


class SubmitForm(Styled):
    result = forms.ChoiceField(
        label=gettext_lazy("Result"), choices=Inspection.Result.choices, widget=forms.RadioSelect
    )
    inspected_on = forms.DateField(
        label=gettext_lazy("Date of the inspection"),
        required=False,
        widget=_date_widget(),
        help_text=gettext_lazy("The day you inspected, if not the day scheduled."),
    )
    findings = forms.CharField(
        label=gettext_lazy("Findings"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(Styled):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(Styled):
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _inspector_name(user) -> str:
    return user.get_full_name() or user.get_username()


class AssignForm(Styled):
    inspector = forms.ModelChoiceField(label=gettext_lazy("Inspector"), queryset=None)

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors
        self.fields["inspector"].label_from_instance = _inspector_name


class AssignSelectedForm(Styled):
    """Staff's list: one inspector for the inspections ticked on the page (one form, its choices read once)."""

    inspector = forms.ModelChoiceField(label=gettext_lazy("Inspector"), queryset=None)
    inspections = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Inspections"), queryset=None, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, inspectors, needing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors
        self.fields["inspector"].label_from_instance = _inspector_name
        self.fields["inspections"].queryset = needing
        self.fields["inspections"].error_messages["required"] = _("Tick at least one inspection to assign.")


class OpenForm(Styled):
    """Staff open an inspection by hand (a pre-inspection, or a re-inspection): the project by its agreement's number
    and position (typed: a district has thousands of funded projects, never listed in a menu), or by ``funded`` (the
    rows of "needing an inspection" post it)."""

    funded = forms.ModelChoiceField(
        label=gettext_lazy("Project"), queryset=None, required=False, widget=forms.HiddenInput
    )
    agreement = forms.CharField(label=gettext_lazy("Agreement number"), max_length=40, required=False)
    position = forms.IntegerField(label=gettext_lazy("Project number"), min_value=1, initial=1, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Inspection"), choices=Inspection.Kind.choices)
    why = forms.CharField(label=gettext_lazy("Why"), max_length=300, required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funded"].queryset = projects

    def clean(self):
        data = super().clean()
        if data.get("funded") or self.errors:
            return data
        number = (data.get("agreement") or "").strip()
        if not number:
            self.add_error("agreement", _("Give the agreement's number."))
            return data
        data["funded"] = (
            self.fields["funded"].queryset.filter(agreement__number=number, position=data.get("position") or 1).first()
        )
        if data["funded"] is None:
            self.add_error(
                "agreement",
                _("No project %(position)s of agreement %(number)s is in force or on its way.")
                % {"position": data.get("position") or 1, "number": number},
            )
        return data


class ReadyForm(Styled):
    on = forms.DateField(label=gettext_lazy("Date"), widget=_date_widget())


class NoticeForm(Styled):
    planned_on = forms.DateField(label=gettext_lazy("Planned destruction date"), widget=_date_widget())


class DocumentForm(Styled):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=ProjectDocument.Kind.choices)
    on = forms.DateField(label=gettext_lazy("Dated"), widget=_date_widget())
    file = forms.FileField(label=gettext_lazy("File"))
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPEG or PNG, at most %(size)s.") % {
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }
