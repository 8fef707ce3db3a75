"""Template filters of the peilmoment pages."""

from django import template

from ..constants import AfspraakStand, VoortgangStatus

register = template.Library()


@register.filter
def status_label(status) -> str:
    """'aandacht_nodig' → 'aandacht nodig' (a voortgang status or a rolled-up stand)."""
    for keuzes in (VoortgangStatus, AfspraakStand):
        if status in keuzes.values:
            return str(keuzes(status).label)
    return str(status)
