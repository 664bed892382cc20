"""The inspections panel of the agreement page, and values in words."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from .. import selectors
from ..forms import DocumentForm, NoticeForm, ReadyForm

register = template.Library()


@register.filter
def observed(value) -> str:
    """A checklist value as people read it: yes/no, numbers with thousands separators, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | Decimal):
        return f"{value:,}"
    if hasattr(value, "strftime"):
        return f"{value:%B %-d, %Y}"
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
