"""Display of the report's figures; the notation itself is afspraken/weergave.py's."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import formats, translation

from prestatiemonitor.afspraken.weergave import getal

register = template.Library()


@register.filter
def procent(fractie, decimalen: int = 1) -> str:
    """A share given as a fraction (0.2698) as a Dutch percentage ('27,0 %'); '' for None."""
    if fractie is None:
        return ""
    # Rounded (half-even, as the beschikbaarheid page rounds), not cut off, and always with
    # the same number of decimals: '35,0 %' beside '21,3 %'.
    waarde = (Decimal(fractie) * 100).quantize(Decimal(1).scaleb(-decimalen))
    with translation.override(settings.LANGUAGE_CODE):
        tekst = formats.number_format(waarde, decimal_pos=decimalen, use_l10n=True)
    return f"{tekst}\u00a0%"


@register.filter
def met_eenheid(waarde, eenheid: str = "") -> str:
    """A norm's value with its unit: '34,9 %', '25 woningen'; '' for None."""
    if waarde is None:
        return ""
    tekst = getal(waarde)
    return f"{tekst}\u00a0{eenheid}" if eenheid else tekst
