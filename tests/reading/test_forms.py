"""Form messages in the site's voice (``core.forms.SiteVoice``): each names its field and says what to enter, money
limits as money, one message for one mistake, in both languages; a form's own message is kept (issue 20)."""

from decimal import Decimal

from django import forms
from django.utils import translation

from core.forms import SiteVoice


class AmountForm(SiteVoice, forms.Form):
    amount = forms.DecimalField(label="Amount", min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    year = forms.IntegerField(label="Model year", min_value=1990, required=False)
    note = forms.CharField(label="Note", max_length=5, required=False, error_messages={"max_length": "Too long!"})


def test_each_message_names_its_field_in_the_sites_voice():
    form = AmountForm({"amount": "-5", "year": "1980", "note": "toolong"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Amount must be at least $0.01."]
    assert form.errors["year"] == ["Model year must be at least 1990."]  # a year is never grouped
    assert form.errors["note"] == ["Too long!"]  # the form's own words are kept
    assert AmountForm({}).errors["amount"] == ["Amount: this is needed."]


def test_one_message_for_one_mistake():
    form = AmountForm({"amount": "12345678901234.567"})  # too many digits and too many decimals at once
    assert not form.is_valid() and len(form.errors["amount"]) == 1


def test_the_messages_in_spanish():
    with translation.override("es"):
        form = AmountForm({"amount": "-5"})
        assert form.errors["amount"] == ["Amount debe ser al menos $0.01."]
        assert AmountForm({}).errors["amount"] == ["Amount: este dato es obligatorio."]
