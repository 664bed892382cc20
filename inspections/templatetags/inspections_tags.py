"""The inspections panel of the agreement page, and values in words."""

from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import selectors
from ..forms import DocumentForm, NoticeForm, ReadyForm

register = template.Library()


@register.filter
def observed(value, field=None) -> str:
    """A checklist value as people read it: yes/no, quantities with thousands separators, a model year as it is
    ("2026": ``field``, the checklist's form field, says whether its number is a quantity), a dash for nothing."""
    if field is not None and not getattr(getattr(field, "field", field), "quantity", True) and value not in (None, ""):
        return str(value)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | Decimal):
        return f"{value:,}"
    if hasattr(value, "strftime"):
        return date_format(value, "DATE_FORMAT")
    text = str(value)
    try:
        return f"{Decimal(text):,}" if text.replace(".", "", 1).isdigit() and len(text) < 12 else text
    except ArithmeticError:
        return text


@register.inclusion_tag("inspections/_project_panel.html", takes_context=True)
def inspections_panel(context, agreement):
    request = context["request"]
    user = request.user
    is_awardee = selectors.is_awardee(user, agreement)
    return {
        "request": request,
        "agreement": agreement,
        "panels": selectors.project_panel(agreement),
        "is_awardee": is_awardee and agreement.status == "executed",
        "district": selectors.is_district(user),
        "ready_form": ReadyForm(),
        "notice_form": NoticeForm(),
        "document_form": DocumentForm(),
        "csrf_token": context.get("csrf_token"),
    }
