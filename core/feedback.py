"""A refused change, told to the person as page messages (the agreements and inspections pages)."""

from django.contrib import messages
from django.utils.html import strip_tags

from core.errors import InputError


def refused(request, error: Exception) -> None:
    """A service's refusal: each field's message of an ``InputError``, else the error's own words."""
    if isinstance(error, InputError):
        for message in error.errors.values():
            messages.error(request, message)
    else:
        messages.error(request, str(error))


def form_errors(request, form) -> None:
    """Each form error with its field's label in front, unless the message already begins with it."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        # The label as words: a required field's label carries its marker's markup (applications.forms._label).
        label = (getattr(field, "plain_label", None) or strip_tags(str(field.label or ""))) if field else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label and not str(error).startswith(str(label)) else error)
