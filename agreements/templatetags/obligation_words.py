"""``{{ obligation.name|words }}``: an obligation's name, period or awaited event in the reader's language
(``agreements.wording``)."""

from django import template

from agreements import wording

register = template.Library()


@register.filter
def words(text) -> str:
    return wording.words(text)
