"""Template access to ``afspraken.weergave``: register data put into words."""

from django import template

from .. import weergave

register = template.Library()


@register.filter
def wijzigingen_in_woorden(wijzigingen) -> list[weergave.WijzigingWeergave]:
    """BijstellingWijziging rows as WijzigingWeergave (subject, action, field, old/new, diff)."""
    return [weergave.wijziging_weergave(w) for w in wijzigingen or []]
