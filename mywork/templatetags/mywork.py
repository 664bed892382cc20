from django import template

register = template.Library()


@register.filter
def age_on(row, today) -> int | None:
    """Whole days the row's work has waited by ``today``."""
    return row.age(today)


@register.filter
def overdue_on(row, today) -> bool:
    return row.overdue(today)
