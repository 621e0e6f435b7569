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
