"""Staff forms for a round: its window (PT), budget and one field per term, with the seed's value as help."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FiniteDecimalField, SiteVoice

from .rules.fields import Kind
from .rules.terms import Term, Terms

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def term_field(term: Term) -> forms.Field:
    """A required form field for one term, labelled with its unit and the seed's value and clause as help."""
    label = f"{term.label} ({term.unit})" if term.unit and term.kind is not Kind.MONEY else term.label
    help_text = f"Seed: {term.describe(term.default)} ({term.source}). {term.help}".strip()
    common = {"label": label, "help_text": help_text}
    if term.kind is Kind.DATE:
        return forms.DateField(**common, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    if term.kind is Kind.INTEGER:
        return forms.IntegerField(**common, min_value=0)
    if term.kind is Kind.MONEY:
        return FiniteDecimalField(**common, min_value=0, decimal_places=2, max_digits=14)
    return FiniteDecimalField(**common, min_value=0, max_value=100 if term.kind is Kind.PERCENT else None)


class RoundForm(SiteVoice, forms.Form):
    """Window, budget and terms of a round (``terms``: the values now in force, shown as initial values).

    ``reissue=True`` adds the re-issue's date and document. ``term_values()`` gives the terms as entered.
    """

    opens_at = forms.DateTimeField(label="Applications accepted from (PT)", widget=DATETIME_INPUT)
    closes_at = forms.DateTimeField(label="Submission deadline (PT)", widget=DATETIME_INPUT)
    budget = forms.DecimalField(
        label="Budget (USD)",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=14,
        help_text="Blank where the announcement names no amount.",
    )

    def __init__(self, *args, terms: Terms, reissue: bool = False, factor_tables: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.term_names = list(terms)
        if factor_tables:  # the Carl Moyer Guidelines edition the round's projects are evaluated by (issue 23)
            from .models import FactorTable
            from .selectors import latest_factor_table

            self.fields["factor_table"] = forms.ModelChoiceField(
                queryset=FactorTable.objects.filter(table=FactorTable.Table.ONROAD).order_by("-imported_at", "-pk"),
                required=False,
                label=_("Carl Moyer Guidelines edition (on-road emission factors)"),
                empty_label=_("The newest imported edition"),
                help_text=_(
                    "The imported table this round's PA2022-01 projects are evaluated by (staff admin, Programs, "
                    "Factor tables)."
                ),
            )
            latest = latest_factor_table()
            self.initial.setdefault("factor_table", latest.pk if latest else None)
        if reissue:
            self.fields["issued_on"] = forms.DateField(
                label="Issued on",
                initial=timezone.localdate,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields["source"] = forms.CharField(
                label="Announcement document",
                required=False,
                max_length=300,
                help_text='The re-issued PA\'s reference, e.g. "PA2026-02 (re-issued), Board agenda item 12".',
            )
        for name in self.term_names:
            self.fields[f"term__{name}"] = term_field(terms.term(name))
            self.initial.setdefault(f"term__{name}", terms[name])
        self.fields["reason"] = forms.CharField(
            label="Why",
            widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
            help_text="Recorded with every change, e.g. the re-issued announcement or Board item it implements.",
        )

    def term_values(self) -> dict:
        return {name: self.cleaned_data[f"term__{name}"] for name in self.term_names}

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """Errors from ``programs.services`` (parameter or term name -> message) on their fields."""
        for name, message in errors.items():
            field = name if name in self.fields else f"term__{name}"
            self.add_error(field if field in self.fields else None, message)
