"""The message form: the text, one optional file (checked by ``core.uploads``) and, for staff, "note to staff
only"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.MAX_LENGTH,
        error_messages={"required": _("Message: write your message.")},
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("A PDF, JPEG or PNG file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    staff_only = forms.BooleanField(
        label=_("Note to staff only (the applicant never sees it)"),
        required=False,
    )

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["staff_only"]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and (problem := services.file_problem(upload)):
            raise forms.ValidationError(problem)
        return upload
