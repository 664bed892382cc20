"""The date filter of the dashboards."""

from __future__ import annotations

import datetime as dt

from django import forms

from .selectors import ALL_TIME, Period

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


class PeriodForm(forms.Form):  # its page and CSV put the label before each message themselves
    """From and to dates (inclusive, Pacific time); either may be left blank."""

    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Movements and applications from this day.",
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Balances as of the end of this day.",
    )

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, f"Give a date between {EARLIEST:%B %-d, %Y} and {LATEST:%B %-d, %Y}.")
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date is before the start date.")
        return data

    @property
    def period(self) -> Period:
        """The chosen period, or all time while the form is unbound or has errors."""
        if not self.is_bound or not self.is_valid():
            return ALL_TIME
        return Period(self.cleaned_data.get("start"), self.cleaned_data.get("end"))


def period_from(query) -> tuple[PeriodForm, Period]:
    form = PeriodForm(query if any(query.get(name) for name in ("start", "end")) else None)
    return form, form.period
