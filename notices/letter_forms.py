"""The form staff edit a program's decision letter with (``notices.letter_views``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .kinds import Kind


class LetterForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject of the e-mail"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    body = forms.CharField(
        label=_("Letter"),
        max_length=20000,
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 18}),
        help_text=_("Plain text. A blank line starts a new paragraph. Placeholders in braces are filled in when sent."),
    )

    def __init__(self, *args, kind: Kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["subject"].error_messages["required"] = _("Write the subject of the e-mail.")
        self.fields["body"].error_messages["required"] = _("Write the letter.")

    def clean(self):
        cleaned = super().clean()
        if "subject" in cleaned and "body" in cleaned:
            for field, message in services.letter_problems(self.kind, cleaned["subject"], cleaned["body"]).items():
                self.add_error(field, message)
        return cleaned
