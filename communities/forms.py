from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SiteVoice

from .models import DesignationList, Determination

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(SiteVoice, forms.Form):
    kind = forms.ChoiceField(label=_("List"), choices=DesignationList.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    vintage = forms.CharField(label=_("Vintage"), max_length=100, help_text=_("e.g. CalEnviroScreen 4.0, May 2022"))
    source = forms.CharField(label=_("Source"), max_length=300, help_text=_("Where the file was downloaded from"))
    file = forms.FileField(label=_("File (CSV with a tract or geoid column)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class DecideForm(SiteVoice, forms.Form):
    method = forms.ChoiceField(
        label=_("Decided by"),
        choices=[(m.value, m.label) for m in (Determination.Method.RECORDS, Determination.Method.OVERRIDE)],
    )
    designation = forms.ChoiceField(label=_("Designation"), choices=Determination.Result.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
