from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def usd(value) -> str:
    """``Decimal("2520000")`` -> ``$2,520,000.00``; blank stays blank."""
    if value in (None, ""):
        return ""
    return f"${Decimal(value):,.2f}"
