"""Template filters of the dashboard."""

from django import template

from ..constants import VoortgangStatus

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """'vertraagd' → 'vertraagd', 'niet_gemeld' → 'niet gemeld': the status as people read it."""
    try:
        return str(VoortgangStatus(status).label)
    except ValueError:
        return str(status)
