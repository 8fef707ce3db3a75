"""Display of the report's figures; the notation itself is afspraken/weergave.py's."""

from decimal import Decimal

from django import template

from prestatiemonitor.afspraken.weergave import getal

register = template.Library()


@register.filter
def procent(fractie, decimalen: int = 1) -> str:
    """A share given as a fraction (0.2698) as a Dutch percentage ('27,0 %'); '' for None."""
    if fractie is None:
        return ""
    return f"{getal(Decimal(fractie) * 100, decimalen)}\u00a0%"


@register.filter
def met_eenheid(waarde, eenheid: str = "") -> str:
    """A norm's value with its unit: '34,9 %', '25 woningen'; '' for None."""
    if waarde is None:
        return ""
    tekst = getal(waarde)
    return f"{tekst}\u00a0{eenheid}" if eenheid else tekst
