"""Formatting of dashboard cells by their column's kind (money as money, counts with thousands separators)."""

from decimal import Decimal

from django import template

from dashboards.tables import COUNT, MONEY, NUMBER, PERCENT, TONS

register = template.Library()


@register.filter
def cell(value, column) -> str:
    """A table cell as people read it; an empty cell is a dash."""
    if value is None or value == "":
        return "–"
    kind = column.kind
    if kind == MONEY:
        return f"${Decimal(value):,.2f}"
    if kind == COUNT:
        return f"{int(value):,}"
    if kind == PERCENT:
        return f"{Decimal(value):,.2f}%"
    if kind == TONS:
        return f"{Decimal(value):,.2f}"
    if kind == NUMBER:
        return f"{Decimal(value):,.0f}"
    return str(value)
