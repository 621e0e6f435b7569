from decimal import Decimal

from django import template

from maastricht_inclusie.money import euro as format_euro

register = template.Library()


@register.filter
def euro(amount):
    """{{ amount|euro }} → '€ 12.500,00' in the active language."""
    return format_euro(amount)


@register.filter
def has_role(user, role):
    return user.is_authenticated and user.has_role(role)


@register.filter
def total(items, attribute):
    """{{ application.budget_lines.all|total:"amount" }} → the sum of that attribute (prefetched rows: no query)."""
    return sum((getattr(item, attribute) or 0 for item in items), Decimal("0"))
