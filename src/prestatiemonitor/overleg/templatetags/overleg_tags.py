from django import template

from ..constants import MAANDNAMEN

register = template.Library()


@register.filter
def maandnaam(maand) -> str:
    """3 → 'maart'."""
    try:
        return MAANDNAMEN[int(maand)]
    except (KeyError, TypeError, ValueError):
        return ""
