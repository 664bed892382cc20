"""Dates in words and times in Pacific time, as notices show them (formats translatable for other languages)."""

import zoneinfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import ngettext, pgettext

from core.deadlines import DayCount, Period

register = template.Library()

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
"""The documents' "PT" (e.g. "5:00 p.m. PT" deadlines), whatever the server's time zone."""


@register.filter
def in_words(value) -> str:
    """``date(2026, 3, 13)`` -> "Friday, March 13, 2026"."""
    if not value:
        return ""
    return date_format(value, pgettext("a date in words", "l, F j, Y"))


@register.filter
def pacific(value) -> str:
    """An aware datetime as "Friday, March 13, 2026 at 2:05 PM PDT"."""
    if not value:
        return ""
    moment = timezone.localtime(value, PACIFIC)
    return date_format(moment, pgettext("a moment in Pacific time", r"l, F j, Y \a\t g:i A T"))


@register.filter
def period_words(period: Period) -> str:
    """``Period(7, BUSINESS_DAYS, ...)`` -> "7 business days" (calendar days, business days or months)."""
    if period.unit is DayCount.BUSINESS_DAYS:
        text = ngettext("%(count)d business day", "%(count)d business days", period.amount)
    elif period.unit is DayCount.MONTHS:
        text = ngettext("%(count)d month", "%(count)d months", period.amount)
    else:
        text = ngettext("%(count)d calendar day", "%(count)d calendar days", period.amount)
    return text % {"count": period.amount}
