"""Template helpers for the applicant pages: the error summary at the top of a form, localized rule reasons."""

from django import template
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.html import strip_tags

from applications import display

register = template.Library()


@register.inclusion_tag("applications/_error_summary.html")
def error_summary(form):
    """Each field's errors as links to the field, so a long form's problems are found from the top."""
    items = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        label = form.fields[name].widget.attrs.get("data-label") or strip_tags(str(bound.label)).strip()
        for message in errors:
            text = message if label.lower() in message.lower() else f"{label}: {message}"
            items.append((bound.auto_id, text))
    return {"items": items}


@register.filter
def reason(outcome) -> str:
    """A stored rule result's reason in the reader's language."""
    return display.reason(outcome)


@register.filter
def on_file_for(on_file: dict, need):
    """The document on file for a whole-application slot still empty (``selectors.documents_on_file``), or None."""
    if need.files or need.project is not None:
        return None
    return on_file.get(need.slot.key)


@register.filter
def get_slot(on_file: dict, key: str):
    """The document on file for a slot key (``payments.selectors.documents_on_file``), or None."""
    return on_file.get(key)
