"""``{{ text|citation }}``: a citation or a sentence holding one, as a person reads it (``core.citations.public``).

``{% cite source %}`` prints the same and, for staff, the file-and-section it was made from inside a
``data-sources`` element that the staff pages' "Sources" switch shows (``static/portal.js``); never used in a
document sent out (agreements, letters, PDFs use the filter alone). A citation names an English public document by its
English name and section: on a page in another language it is marked ``lang="en"`` (screen readers read it in English).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from core import citations

register = template.Library()


def _reads_english() -> bool:
    return (get_language() or "en").startswith("en")


@register.filter
def citation(text) -> str:
    return citations.public(text)


@register.simple_tag(takes_context=True)
def cite(context, source):
    public = citations.public(source)
    shown = format_html('<span lang="en">{}</span>', public) if public and not _reads_english() else public
    request = context.get("request")
    user = getattr(request, "user", None)
    if not source or not (user is not None and user.is_staff) or public == str(source):
        return shown
    return format_html('{}<span class="source-file" data-sources hidden> [{}]</span>', shown, source)
